#!/usr/bin/env bash
# Whole-build wall time of a 5-RUN Dockerfile: dotnet kaniko build against
# buildah bud --isolation chroot (Debian's buildah, overlay storage under a temp --root), on the same
# machine and the same base (an OCI layout), alternating, medians of RUNS runs each.
#   bench/run-vs-buildah.sh [RUNS] [LAYOUT] [TAG]
#   (default 5 runs; LAYOUT defaults to the test base-image cache, ~/.cache/kaniko-tests/base-images/*; TAG busybox)
#   BASELINE=/path/to/dotnet-kaniko.dll also times that build of kaniko (an older commit's), alternating with the others.
set -euo pipefail
runs=${1:-5}
layout=${2:-$(ls -d ~/.cache/kaniko-tests/base-images/*/ | head -1)}
layout=${layout%/}
tag=${3:-busybox}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-buildah.XXXXXX)}
trap 'buildah --root "$work/broot" --runroot "$work/brun" rm -a >/dev/null 2>&1 || true; umount -R "$work/broot/overlay" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v buildah >/dev/null || { echo "needs buildah (apt-get install buildah)" >&2; exit 1; }

# As the tool package installs it on this machine: ReadyToRun for this architecture.
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
dotnet publish "$repo/src/Kaniko.Tool" -c Release -r "$rid" -o "$work/bin" --nologo -v q >/dev/null
mkdir -p "$work/context"
cat > "$work/context/Dockerfile" <<DOCKERFILE
FROM oci:$layout:$tag
RUN echo one > /one.txt
RUN mkdir -p /data && for i in \$(seq 1 300); do echo \$i > /data/f\$i; done
RUN rm /data/f1 && chmod 600 /data/f2 && echo more >> /one.txt
RUN cp /bin/busybox /data/tool && chmod 4755 /data/tool
RUN ls -la /data > /listing.txt
DOCKERFILE

# buildah reads the base from its own storage, pulled once before the timed runs (kaniko reads the layout each time).
skopeo copy -q "oci:$layout:$tag" "containers-storage:[overlay@$work/broot+$work/brun]localhost/bench-base:latest"
mkdir -p "$work/bcontext"
sed "1s|.*|FROM localhost/bench-base:latest|" "$work/context/Dockerfile" > "$work/bcontext/Dockerfile"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # NAME COMMAND...
  local name=$1; shift
  local start; start=$(date +%s.%N)
  "$@" >"$work/$name.log" 2>&1 || { echo "$name failed:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  echo "$(date +%s.%N) - $start" | bc -l >>"$work/$name.times"
}
for i in $(seq "$runs"); do
  rm -rf "$work/out"
  timed kaniko dotnet "$work/bin/dotnet-kaniko.dll" build --context "$work/context" --no-push --oci-layout-path "$work/out"
  if [ -n "${BASELINE:-}" ]; then
    rm -rf "$work/out"
    timed baseline dotnet "$BASELINE" build --context "$work/context" --no-push --oci-layout-path "$work/out"
  fi
  timed buildah buildah --root "$work/broot" --runroot "$work/brun" --storage-driver overlay bud --isolation chroot --layers=false -q -t "bench:$i" "$work/bcontext"
done
k=$(median < "$work/kaniko.times"); b=$(median < "$work/buildah.times")
echo "kaniko runs (s): $(tr '\n' ' ' < "$work/kaniko.times")"
echo "buildah runs (s): $(tr '\n' ' ' < "$work/buildah.times")"
if [ -n "${BASELINE:-}" ]; then
  base=$(median < "$work/baseline.times")
  echo "baseline runs (s): $(tr '\n' ' ' < "$work/baseline.times")"
  echo "median: baseline $(printf %.2f "$base") s, baseline / buildah $(echo "$base / $b" | bc -l | cut -c1-5)x"
fi
echo "median: kaniko $(printf %.2f "$k") s, buildah $(printf %.2f "$b") s, kaniko / buildah $(echo "$k / $b" | bc -l | cut -c1-5)x"
