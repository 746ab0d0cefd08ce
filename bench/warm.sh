#!/usr/bin/env bash
# What the base image cache saves: a build FROM the aspnet test image pulled from a local
# docker-registry every time, against the same build with a warmed --cache-dir (one HEAD request for
# the tag) and with --offline (no request); plus the first and the second `warm` of the image.
#   bench/warm.sh [RUNS]      (default 5; needs docker-registry, skopeo, bc)
set -euo pipefail
runs=${1:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-bench-warm.XXXXXX)}
cleanup() { [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/src/Kaniko.Tool" -c Release -o "$work/tool" --nologo -v q >/dev/null
kaniko() { dotnet "$work/tool/dotnet-kaniko.dll" "$@"; }
layout=$(dotnet run --project "$repo/tests/Kaniko.TestInfrastructure" -c Release -- base-images)

. "$(dirname "$0")/registry-lib.sh"
start_registry
skopeo copy --quiet --format oci --dest-tls-verify=false "oci:$layout:aspnet" "docker://$host/dotnet/aspnet:10.0"
image_mb=$(skopeo inspect --raw --tls-verify=false "docker://$host/dotnet/aspnet:10.0" | python3 -c 'import json,sys; print(round(sum(l["size"] for l in json.load(sys.stdin)["layers"]) / 1048576))')

mkdir -p "$work/context"
echo hello >"$work/context/greeting.txt"
printf 'FROM %s/dotnet/aspnet:10.0\nCOPY greeting.txt /greeting.txt\n' "$host" >"$work/context/Dockerfile"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # NAME COMMAND...
  local name=$1; shift
  sync; local start; start=$(now)
  "$@" >/dev/null 2>&1
  echo "$(now) - $start" | bc -l >>"$work/$name.times"
}
build() { rm -rf "$work/out"; kaniko build -c "$work/context" --no-push --oci-layout-path "$work/out" "$@"; }

for run in $(seq "$runs"); do
  rm -rf "$work/cache"
  timed warm_first  kaniko warm --image "$host/dotnet/aspnet:10.0" --cache-dir "$work/cache"
  timed warm_second kaniko warm --image "$host/dotnet/aspnet:10.0" --cache-dir "$work/cache"
  # The three builds in a rotating order, so none always runs first after the warms.
  for step in $(printf 'pull\ncached\noffline\n' | tail -n +$((run % 3 + 1)); printf 'pull\ncached\noffline\n' | head -n $((run % 3))); do
    case $step in
      pull)    timed build_pull    build ;;
      cached)  timed build_cached  build --cache-dir "$work/cache" ;;
      offline) timed build_offline build --cache-dir "$work/cache" --offline ;;
    esac
  done
  echo "run $run of $runs done" >&2
done

m() { median <"$work/$1.times"; }
printf '\nbase image: aspnet test image, %s MB compressed, from a loopback registry; %s runs; medians\n\n' "$image_mb" "$runs"
printf '%-44s %8s\n' step seconds
row() { printf '%-44s %8.2f\n' "$1" "$2"; }
row "warm, empty cache"                 "$(m warm_first)"
row "warm again (no request)"           "$(m warm_second)"
row "build, base pulled"                "$(m build_pull)"
row "build --cache-dir (HEAD for the tag)" "$(m build_cached)"
row "build --cache-dir --offline"       "$(m build_offline)"
