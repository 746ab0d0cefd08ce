#!/usr/bin/env bash
# Time of `COPY . /app/` from a context that is one chain of folders d/d/.../d/f, per depth, as
# `build --no-push --oci-layout-path` (FROM scratch) wall and CPU time, beside GNU `tar -c | tar -x`
# and `cp -a` of the same tree in the same run (both refuse paths past PATH_MAX, about depth 2040).
#   bench/deep-context.sh [DEPTH...]     (default 500 1000 2000 4000; RUNS=3, the median is shown;
#                                         TIMEOUT=600 s per build; KANIKO_BASELINE=an older
#                                         dotnet-kaniko.dll to time beside it)
set -euo pipefail
depths=("${@:-500 1000 2000 4000}")
read -r -a depths <<< "${depths[*]}"
runs=${RUNS:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-deepbench.XXXXXX)}
trap 'rm -rf "$work"' EXIT
tool=${KANIKO_TOOL:-$repo/src/Kaniko.Tool/bin/Release/net10.0/dotnet-kaniko.dll}
baseline=${KANIKO_BASELINE:-}

# One process, each step relative to the last: a shell loop's `cd d` hands bash the whole path
# again (quadratic), and a mkdir per level costs a fork.
chain() { # DIR DEPTH
  mkdir -p "$1"
  perl -e 'chdir $ARGV[0] or die "$!"; for (1 .. $ARGV[1]) { mkdir "d" or die "$!"; chdir "d" or die "$!" }
           open my $f, ">", "f" or die "$!"; print $f "deep\n"; close $f' "$1" "$2"
}

# Prints "WALL CPU" (seconds, CPU = user + system) of a command, or "fail fail".
timed() {
  if /usr/bin/time -o "$work/time" -f '%e %U %S' timeout "${TIMEOUT:-600}" "$@" >/dev/null 2>"$work/log"; then
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time"
  else
    echo "fail fail"
  fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (v[1] == "fail") print "fail"; else print v[int((NR + 1) / 2)] }'; }

printf '| depth | kaniko s | kaniko CPU s | ms per level | baseline s | tar -c \\| tar -x s | cp -a s |\n|---|---|---|---|---|---|---|\n'
for depth in "${depths[@]}"; do
  context="$work/context-$depth"
  chain "$context" "$depth"
  printf 'FROM scratch\nCOPY . /app/\n' > "$context/Dockerfile"
  : > "$work/kaniko"; : > "$work/baseline"; : > "$work/tar"; : > "$work/cp"
  for _ in $(seq "$runs"); do
    timed dotnet "$tool" build --context "$context" --no-push --oci-layout-path "$work/out" >> "$work/kaniko"
    rm -rf "$work/out"
    if [ -n "$baseline" ]; then
      timed dotnet "$baseline" build --context "$context" --no-push --oci-layout-path "$work/out" >> "$work/baseline"
      rm -rf "$work/out"
    else
      echo "- -" >> "$work/baseline"
    fi
    mkdir "$work/copy"
    timed sh -c 'tar -C "$1" -cf - . | tar -C "$2" -xf -' sh "$context" "$work/copy" >> "$work/tar"
    rm -rf "$work/copy"
    timed cp -a "$context" "$work/copy" >> "$work/cp"
    rm -rf "$work/copy"
  done
  wall=$(cut -d' ' -f1 "$work/kaniko" | median)
  cpu=$(cut -d' ' -f2 "$work/kaniko" | median)
  per=$( [ "$wall" = fail ] && echo fail || echo "$wall * 1000 / $depth" | bc -l | xargs printf '%.2f')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$depth" "$wall" "$cpu" "$per" "$(cut -d' ' -f1 "$work/baseline" | median)" \
    "$(cut -d' ' -f1 "$work/tar" | median)" "$(cut -d' ' -f1 "$work/cp" | median)"
  rm -rf "$context"
done
