#!/usr/bin/env bash
# Layer cache, two cases, both builds with --cache --cache-dir; wall time of the whole tool process,
# medians of RUNS and their ratios printed.
#  rebuild: a cold build against a fully cached rebuild of a 6-step Dockerfile (busybox doing apt-like
#           work: 20k files written, checksummed, archived, verified). Each cold build gets an empty
#           cache folder; each rebuild the folder a cold build filled.
#  edit:    FROM the test runtime image, COPY publish/ /app/, COPY edit.txt /app/: a cold build on an
#           empty cache folder, then edit.txt changed and built again (the first COPY a hit, the second
#           a miss), side by side with buildah bud --layers doing the same (its cold build --no-cache).
#   bench/cache.sh [RUNS] [FILES] [CASE]   (default 5 runs, 20000 files, both cases; CASE rebuild or edit
#   for one; as root, needs the host's static busybox, and buildah and skopeo for edit)
#   BASELINE=/path/to/dotnet-kaniko.dll also times that build of kaniko (an older commit's) in the edit case.
set -euo pipefail
runs=${1:-5}
files=${2:-20000}
case=${3:-all}
layout=${LAYOUT:-$(ls -d ~/.cache/kaniko-tests/base-images/*/ | head -1)}
layout=${layout%/}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-cachebench.XXXXXX)}
trap 'buildah --root "$work/broot" --runroot "$work/brun" rm -a >/dev/null 2>&1 || true; umount -R "$work/broot/overlay" 2>/dev/null || true; rm -rf "$work"' EXIT

# As the tool package installs it on this machine: ReadyToRun for this architecture.
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
dotnet publish "$repo/src/Kaniko.Tool" -c Release -r "$rid" -o "$work/bin" --nologo -v q >/dev/null
tool="$work/bin/dotnet-kaniko.dll"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { echo "$1 / $2" | bc -l | cut -c1-5; }
timed() { # TIMES LOG COMMAND...: runs it, appends its wall seconds to TIMES
  local times=$1 log=$2 start; shift 2
  start=$(date +%s.%N)
  "$@" >"$log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$log" >&2; exit 1; }
  echo "$(date +%s.%N) - $start" | bc -l >>"$times"
}
build() { # CONTEXT CACHE_DIR TIMES LOG [TOOL]: one build of ours
  rm -rf "$work/out"
  timed "$3" "$4" dotnet "${5:-$tool}" build --context "$1" --no-push --oci-layout-path "$work/out" --reproducible \
    --cache --cache-dir "$2" -v detailed
}

rebuild_case() {
  mkdir -p "$work/context"
  cp /bin/busybox "$work/context/busybox"
  cat > "$work/context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /data && cd /data && i=0 && while [ \$i -lt $files ]; do echo "package file \$i" > "f\$i"; i=\$((i+1)); done
RUN cd /data && find . -type f | sort | xargs sha256sum > /checksums
RUN tar -czf /data.tgz /data
RUN cd /data && sha256sum -c /checksums > /verified && wc -l < /verified > /count
DOCKERFILE
  : > "$work/cold.s"; : > "$work/cached.s"
  for i in $(seq "$runs"); do
    rm -rf "$work/cache-$i"
    build "$work/context" "$work/cache-$i" "$work/cold.s" "$work/cold-$i.log"
    build "$work/context" "$work/cache-$i" "$work/cached.s" "$work/cached-$i.log"
    executed=$(grep -c 'cache miss\|an earlier step of the stage missed' "$work/cached-$i.log" || true)
    cached=$(grep -c 'CACHED' "$work/cached-$i.log" || true)
    echo "rebuild run $i: cold $(tail -1 "$work/cold.s" | cut -c1-6) s, rebuild $(tail -1 "$work/cached.s" | cut -c1-6) s ($cached steps cached, $executed executed)"
    rm -rf "$work/cache-$i"
  done
  c=$(median < "$work/cold.s"); r=$(median < "$work/cached.s")
  echo "rebuild median: cold $(echo "$c" | cut -c1-6) s, fully cached rebuild $(echo "$r" | cut -c1-6) s, rebuild/cold $(ratio "$r" "$c")x"
}

edit_case() {
  command -v buildah >/dev/null || { echo "the edit case needs buildah (apt-get install buildah)" >&2; exit 1; }
  # publish/ is a real framework-dependent publish: the tool's own.
  mkdir -p "$work/edit"
  cp -r "$work/bin" "$work/edit/publish"
  printf 'FROM oci:%s:runtime\nCOPY publish/ /app/\nCOPY edit.txt /app/\n' "$layout" > "$work/edit/Dockerfile"
  # buildah reads the base from its own storage, pulled once before the timed runs (we read the layout each time).
  skopeo copy -q "oci:$layout:runtime" "containers-storage:[overlay@$work/broot+$work/brun]localhost/bench-runtime:latest"
  mkdir -p "$work/bedit"
  cp -r "$work/edit/publish" "$work/bedit/publish"
  sed "1s|.*|FROM localhost/bench-runtime:latest|" "$work/edit/Dockerfile" > "$work/bedit/Dockerfile"
  bud() { buildah --root "$work/broot" --runroot "$work/brun" --storage-driver overlay bud --isolation chroot --layers "$@" "$work/bedit"; }

  : > "$work/ecold.s"; : > "$work/eedit.s"; : > "$work/bcold.s"; : > "$work/bedit.s"; : > "$work/lcold.s"; : > "$work/ledit.s"
  for i in $(seq "$runs"); do
    rm -rf "$work/ecache-$i" "$work/lcache-$i"
    echo "cold $i $RANDOM" | tee "$work/edit/edit.txt" > "$work/bedit/edit.txt"
    build "$work/edit" "$work/ecache-$i" "$work/ecold.s" "$work/ecold-$i.log"
    [ -z "${BASELINE:-}" ] || build "$work/edit" "$work/lcache-$i" "$work/lcold.s" "$work/lcold-$i.log" "$BASELINE"
    timed "$work/bcold.s" "$work/bcold-$i.log" bud --no-cache -t "bench-cold:$i"
    echo "edit $i $RANDOM" | tee "$work/edit/edit.txt" > "$work/bedit/edit.txt"
    build "$work/edit" "$work/ecache-$i" "$work/eedit.s" "$work/eedit-$i.log"
    [ -z "${BASELINE:-}" ] || build "$work/edit" "$work/lcache-$i" "$work/ledit.s" "$work/ledit-$i.log" "$BASELINE"
    timed "$work/bedit.s" "$work/bedit-$i.log" bud -t "bench-edit:$i"
    grep -q 'CACHED' "$work/eedit-$i.log" && grep -q 'cache miss' "$work/eedit-$i.log" \
      || { echo "our edit build did not hit then miss:" >&2; cat "$work/eedit-$i.log" >&2; exit 1; }
    grep -q 'Using cache' "$work/bedit-$i.log" || { echo "buildah's edit build used no cache:" >&2; cat "$work/bedit-$i.log" >&2; exit 1; }
    echo "edit run $i: ours cold $(tail -1 "$work/ecold.s" | cut -c1-5) s, cached edit $(tail -1 "$work/eedit.s" | cut -c1-5) s;" \
      "buildah cold $(tail -1 "$work/bcold.s" | cut -c1-5) s, cached edit $(tail -1 "$work/bedit.s" | cut -c1-5) s"
    rm -rf "$work/ecache-$i" "$work/lcache-$i"
  done
  oc=$(median < "$work/ecold.s"); oe=$(median < "$work/eedit.s"); bc=$(median < "$work/bcold.s"); be=$(median < "$work/bedit.s")
  echo "edit median: ours cold $(printf %.2f "$oc") s, cached edit $(printf %.2f "$oe") s; buildah cold $(printf %.2f "$bc") s, cached edit $(printf %.2f "$be") s"
  echo "edit ratios: our cached edit / our cold $(ratio "$oe" "$oc")x, our cached edit / buildah's cached edit $(ratio "$oe" "$be")x"
  if [ -n "${BASELINE:-}" ]; then
    lc=$(median < "$work/lcold.s"); le=$(median < "$work/ledit.s")
    echo "baseline runs: cold $(tr '\n' ' ' < "$work/lcold.s"), cached edit $(tr '\n' ' ' < "$work/ledit.s")"
    echo "baseline median: cold $(printf %.2f "$lc") s, cached edit $(printf %.2f "$le") s; cached edit / its cold $(ratio "$le" "$lc")x, / buildah's cached edit $(ratio "$le" "$be")x"
  fi
}

case $case in
  all) rebuild_case; edit_case ;;
  rebuild) rebuild_case ;;
  edit) edit_case ;;
  *) echo "CASE is rebuild, edit or all" >&2; exit 2 ;;
esac
