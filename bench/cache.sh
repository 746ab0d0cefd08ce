#!/usr/bin/env bash
# Layer cache: a cold build against a fully cached rebuild of a 6-step Dockerfile (busybox doing
# apt-like work: 20k files written, checksummed, archived, verified), both with --cache --cache-dir.
# Each cold build gets an empty cache folder; each rebuild the folder a cold build filled.
# Wall time of the whole tool process; medians of RUNS and their ratio are printed.
#   bench/cache.sh [RUNS] [FILES]     (default 5 runs, 20000 files; as root, needs the host's static busybox)
set -euo pipefail
runs=${1:-5}
files=${2:-20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-cachebench.XXXXXX)}
trap 'rm -rf "$work"' EXIT

dotnet publish "$repo/src/Kaniko.Tool" -c Release -o "$work/bin" --nologo -v q >/dev/null
tool="$work/bin/dotnet-kaniko.dll"

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

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
build() { # CACHE_DIR LOG: one build, prints its wall seconds
  local start end
  start=$(date +%s.%N)
  dotnet "$tool" build --context "$work/context" --no-push --oci-layout-path "$work/out" --reproducible \
    --cache --cache-dir "$1" -v detailed >"$2" 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

: > "$work/cold.s"; : > "$work/cached.s"
for i in $(seq "$runs"); do
  rm -rf "$work/cache-$i" "$work/out"
  build "$work/cache-$i" "$work/cold-$i.log" >> "$work/cold.s"
  rm -rf "$work/out"
  build "$work/cache-$i" "$work/cached-$i.log" >> "$work/cached.s"
  executed=$(grep -c 'cache miss\|an earlier step of the stage missed' "$work/cached-$i.log" || true)
  cached=$(grep -c 'CACHED' "$work/cached-$i.log" || true)
  echo "run $i: cold $(tail -1 "$work/cold.s" | cut -c1-6) s, rebuild $(tail -1 "$work/cached.s" | cut -c1-6) s ($cached steps cached, $executed executed)"
done
c=$(median < "$work/cold.s"); r=$(median < "$work/cached.s")
echo "median: cold $(echo "$c" | cut -c1-6) s, fully cached rebuild $(echo "$r" | cut -c1-6) s, rebuild/cold $(echo "$r / $c" | bc -l | cut -c1-6)x"
