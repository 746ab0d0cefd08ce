#!/usr/bin/env bash
# Snapshot time of RUN with the overlay snapshotter against the walking one (kaniko's full mode),
# in the same run: a base of 100k small files (COPY), then RUNS RUNs that each touch one file. The
# times are the engine's own "snapshot" log lines (-v detailed); medians and their ratio are printed.
#   bench/snapshots.sh [RUNS] [FILES]     (default 5 runs, 100000 files; as root, needs the host's static busybox)
set -euo pipefail
runs=${1:-5}
files=${2:-100000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-snapbench.XXXXXX)}
trap 'rm -rf "$work"' EXIT

# As the tool package installs it on this machine: ReadyToRun for this architecture.
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
dotnet publish "$repo/src/Kaniko.Tool" -c Release -r "$rid" -o "$work/bin" --nologo -v q >/dev/null
tool="$work/bin/dotnet-kaniko.dll"

mkdir -p "$work/context/files"
cp /bin/busybox "$work/context/busybox"
per=1000
for d in $(seq 0 $(( (files + per - 1) / per - 1 ))); do
  mkdir "$work/context/files/d$d"
  (cd "$work/context/files/d$d" && for f in $(seq 0 $(( per - 1 ))); do echo "$d-$f" > "f$f"; done)
done
{
  echo "FROM scratch"
  echo "COPY busybox /bin/busybox"
  echo "COPY files /data"
  for i in $(seq "$runs"); do echo "RUN [\"/bin/busybox\", \"touch\", \"/data/d$i/f$i\"]"; done
} > "$work/context/Dockerfile"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
build() { # NAME ARGS...: builds once, keeps the snapshot milliseconds of each RUN in $work/NAME.ms
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  dotnet "$tool" build --context "$work/context" --no-push --oci-layout-path "$work/out-$name" -v detailed "$@" 2>"$work/$name.log" >/dev/null
  end=$(date +%s.%N)
  grep -oE '(Overlay|Walking) snapshot[^:]*: [0-9]+ entries,? (in )?[0-9.]+ ms' "$work/$name.log" | grep -oE '[0-9.]+ ms' | cut -d' ' -f1 > "$work/$name.ms"
  echo "$name: build $(echo "$end - $start" | bc -l | cut -c1-6) s, snapshots (ms): $(tr '\n' ' ' < "$work/$name.ms")"
}

echo "base: $(find "$work/context/files" -type f | wc -l) files; $runs RUNs touching one file each"
build overlay --snapshotter overlay
build walk-full --snapshotter walk --snapshot-mode full
build walk-redo --snapshotter walk --snapshot-mode redo
o=$(median < "$work/overlay.ms"); w=$(median < "$work/walk-full.ms"); r=$(median < "$work/walk-redo.ms")
echo "median snapshot: overlay $o ms, walk full $w ms, walk redo $r ms"
echo "walk full / overlay: $(echo "$w / $o" | bc -l | cut -c1-7)x; walk redo / overlay: $(echo "$r / $o" | bc -l | cut -c1-7)x"
