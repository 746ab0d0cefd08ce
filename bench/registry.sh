#!/usr/bin/env bash
# Push and pull throughput of a ~500 MB, 5-layer image against a local docker-registry, ours against
# skopeo copy, in the same run, with medians of repeated runs. Each push goes to a registry with
# empty storage (so neither tool can skip or mount a blob); each pull into an empty folder.
#   bench/registry.sh [RUNS]      (default 3; needs docker-registry, skopeo, umoci, bc)
set -euo pipefail
runs=${1:-3}
layers=${LAYERS:-5}
layer_mb=${LAYER_MB:-100}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-bench-registry.XXXXXX)}
cleanup() { [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/bench/Kaniko.Benchmarks" -c Release -o "$work/bin" --nologo -v q >/dev/null
kaniko() { "$work/bin/Kaniko.Benchmarks" "$@"; }

# The image: LAYERS layers of LAYER_MB each, files of base64'd random bytes (gzip gets them to ~76%).
umoci init --layout "$work/layout" >/dev/null
umoci new --image "$work/layout:img" >/dev/null
for l in $(seq "$layers"); do
  mkdir -p "$work/tree$l/data"
  for f in $(seq 10); do head -c $((layer_mb * 1024 * 1024 * 3 / 40)) /dev/urandom | base64 -w 0 >"$work/tree$l/data/file$f"; done
  tar -cf "$work/layer$l.tar" -C "$work/tree$l" .
  umoci raw add-layer --image "$work/layout:img" "$work/layer$l.tar" >/dev/null
  rm -rf "$work/tree$l" "$work/layer$l.tar"
done
image_mb=$(du -sm --apparent-size "$work/layout/blobs" | cut -f1)

. "$(dirname "$0")/registry-lib.sh"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # NAME COMMAND...
  local name=$1; shift
  sync; local start; start=$(now)
  "$@" >/dev/null
  echo "$(now) - $start" | bc -l >>"$work/$name.times"
}
skopeo_copy() { skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false "$@"; }
cat "$work"/layout/blobs/sha256/* >/dev/null  # warm the page cache for both

for run in $(seq "$runs"); do
  start_registry
  timed kaniko_push kaniko push-layout "$work/layout" img "$host/bench/kaniko:$run"
  start_registry
  timed skopeo_push skopeo_copy "oci:$work/layout:img" "docker://$host/bench/skopeo:$run"
  # Both pull the image skopeo pushed: the same bytes from the same registry.
  rm -rf "$work/pull-k" "$work/pull-s"; sync
  timed kaniko_pull kaniko pull-image "$host/bench/skopeo:$run" "$work/pull-k"
  timed skopeo_pull skopeo_copy "docker://$host/bench/skopeo:$run" "oci:$work/pull-s:img"
  echo "run $run of $runs done" >&2
done

m() { median <"$work/$1.times"; }
printf '\nimage: %s layers, %s MB compressed; %s runs; medians\n\n' "$layers" "$image_mb" "$runs"
printf '%-28s %8s %9s\n' contender seconds "MB/s"
row() { printf '%-28s %8.2f %9.0f\n' "$1" "$2" "$(echo "$image_mb / $2" | bc -l)"; }
row "kaniko push"          "$(m kaniko_push)"
row "skopeo copy (push)"   "$(m skopeo_push)"
row "kaniko pull"          "$(m kaniko_pull)"
row "skopeo copy (pull)"   "$(m skopeo_pull)"
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
printf '\nspeed ratios (skopeo time / kaniko time; above 1: kaniko faster)\n'
printf '  push: %sx\n  pull: %sx\n' "$(ratio "$(m skopeo_push)" "$(m kaniko_push)")" "$(ratio "$(m skopeo_pull)" "$(m kaniko_pull)")"
