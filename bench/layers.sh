#!/usr/bin/env bash
# Layer write and extraction throughput against GNU tar + gzip and pigz, in the same run, with
# medians of repeated runs; and peak RSS while writing a 1 GB layer.
#   bench/layers.sh [RUNS]        (default 5; needs pigz: apt-get install pigz)
set -euo pipefail
runs=${1:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-bench.XXXXXX)}
trap 'rm -rf "$work"' EXIT
runtime=$(dirname "$(readlink -f "$(command -v dotnet)")")/shared
[ -d "$runtime" ] || runtime=/usr/share/dotnet/shared

dotnet publish "$repo/bench/Kaniko.Benchmarks" -c Release -o "$work/bin" --nologo -v q >/dev/null
kaniko() { "$work/bin/Kaniko.Benchmarks" "$@"; }

make_tree() { # DIR COPIES: real files, the .NET runtime folder copied COPIES times
  mkdir -p "$1"
  for i in $(seq "$2"); do cp -a "$runtime" "$1/copy$i"; done
}

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # NAME COMMAND...: appends the wall-clock seconds of one run to $work/NAME.times
  local name=$1; shift
  sync; local start; start=$(now)
  "$@" >/dev/null
  echo "$(now) - $start" | bc -l >>"$work/$name.times"
}

make_tree "$work/tree" 3
tree_mb=$(du -sm --apparent-size "$work/tree" | cut -f1)
find "$work/tree" -type f -exec cat {} + >/dev/null  # warm the page cache for every contender

for run in $(seq "$runs"); do
  timed gnu_gzip6   bash -c "tar -cf - -C '$work/tree' . | gzip -6 >'$work/gnu.tar.gz'"
  timed pigz6       bash -c "tar -cf - -C '$work/tree' . | pigz -6 -p 2 >'$work/pigz.tar.gz'"
  timed kaniko_gz1  kaniko write-layer "$work/tree" "$work/k1.tar.gz" gzip 1
  timed kaniko_gz6  kaniko write-layer "$work/tree" "$work/k6.tar.gz" gzip 6
  timed kaniko_zstd kaniko write-layer "$work/tree" "$work/kz.tar.zst" zstd 3
  rm -rf "$work/x-gnu" "$work/x-kaniko"; mkdir -p "$work/x-gnu"; sync
  timed gnu_extract    tar -xzf "$work/k6.tar.gz" -C "$work/x-gnu"
  timed kaniko_extract kaniko extract-layer "$work/k6.tar.gz" "$work/x-kaniko"
  echo "run $run of $runs done" >&2
done

size() { stat -c %s "$1"; }
m() { median <"$work/$1.times"; }
printf '\ntree: %s MB of .NET runtime files (%s files); %s runs; medians\n\n' "$tree_mb" "$(find "$work/tree" -type f | wc -l)" "$runs"
printf '%-34s %8s %9s %9s\n' contender seconds "MB/s" "size %"
row() { printf '%-34s %8.2f %9.0f %9.1f\n' "$1" "$2" "$(echo "$tree_mb / $2" | bc -l)" "$(echo "100 * $3 / ($tree_mb * 1048576)" | bc -l)"; }
row "tar -c | gzip -6"            "$(m gnu_gzip6)"   "$(size "$work/gnu.tar.gz")"
row "tar -c | pigz -6 -p 2"       "$(m pigz6)"       "$(size "$work/pigz.tar.gz")"
row "kaniko gzip level 1 (default)" "$(m kaniko_gz1)" "$(size "$work/k1.tar.gz")"
row "kaniko gzip level 6"         "$(m kaniko_gz6)"  "$(size "$work/k6.tar.gz")"
row "kaniko zstd level 3"         "$(m kaniko_zstd)" "$(size "$work/kz.tar.zst")"
printf '\n%-34s %8.2f\n%-34s %8.2f\n' "tar -xzf (gzip -6 layer)" "$(m gnu_extract)" "kaniko extract (same layer)" "$(m kaniko_extract)"

ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
printf '\nratios (speed: peer time / kaniko time; size: kaniko / peer)\n'
printf '  write gzip 6 vs tar|gzip -6:   speed %sx, size %s\n' "$(ratio "$(m gnu_gzip6)" "$(m kaniko_gz6)")" "$(ratio "$(size "$work/k6.tar.gz")" "$(size "$work/gnu.tar.gz")")"
printf '  write gzip 1 vs tar|gzip -6:   speed %sx, size %s\n' "$(ratio "$(m gnu_gzip6)" "$(m kaniko_gz1)")" "$(ratio "$(size "$work/k1.tar.gz")" "$(size "$work/gnu.tar.gz")")"
printf '  write gzip 6 vs tar|pigz -6:   speed %sx, size %s\n' "$(ratio "$(m pigz6)" "$(m kaniko_gz6)")" "$(ratio "$(size "$work/k6.tar.gz")" "$(size "$work/pigz.tar.gz")")"
printf '  write gzip 1 vs tar|pigz -6:   speed %sx\n' "$(ratio "$(m pigz6)" "$(m kaniko_gz1)")"
printf '  extract vs tar -xzf:           speed %sx\n' "$(ratio "$(m gnu_extract)" "$(m kaniko_extract)")"

rm -rf "$work/x-gnu" "$work/x-kaniko" "$work"/*.tar.gz "$work"/*.zst
make_tree "$work/big" 10
printf '\n1 GB layer (%s MB tree): ' "$(du -sm --apparent-size "$work/big" | cut -f1)"
kaniko write-layer "$work/big" "$work/big.tar.gz" gzip
