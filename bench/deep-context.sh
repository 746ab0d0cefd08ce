#!/usr/bin/env bash
# Time of `COPY . /app/` from a context that is one chain of folders d/d/.../d/f, per depth, as
# `build --no-push --oci-layout-path` (FROM scratch) wall time. Deeper than 2048 the paths pass
# PATH_MAX (4096), so the chain is made with relative mkdir/cd steps.
#   bench/deep-context.sh [DEPTH...]     (default 250 500 1000 2000 4000; TIMEOUT=600 s per build)
set -euo pipefail
depths=("${@:-250 500 1000 2000 4000}")
read -r -a depths <<< "${depths[*]}"
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-deepbench.XXXXXX)}
trap 'rm -rf "$work"' EXIT
tool=${KANIKO_TOOL:-$repo/src/Kaniko.Tool/bin/Release/net10.0/dotnet-kaniko.dll}

chain() { # DIR DEPTH: DIR/d/d/.../d/f, DEPTH folders deep
  mkdir -p "$1"
  (cd "$1" && for _ in $(seq "$2"); do mkdir d && cd d; done && echo deep > f)
}

for depth in "${depths[@]}"; do
  context="$work/context-$depth"
  chain "$context" "$depth"
  printf 'FROM scratch\nCOPY . /app/\n' > "$context/Dockerfile"
  start=$(date +%s.%N)
  if timeout "${TIMEOUT:-600}" dotnet "$tool" build --context "$context" --no-push --oci-layout-path "$work/out-$depth" >/dev/null 2>"$work/log-$depth"; then
    end=$(date +%s.%N)
    echo "depth $depth: $(echo "$end - $start" | bc -l | cut -c1-6) s"
  else
    echo "depth $depth: failed or timed out ($(tail -1 "$work/log-$depth" | cut -c1-200))"
  fi
  # rm -rf walks path by path; a chain beyond PATH_MAX needs it too, and it copes.
  rm -rf "$context" "$work/out-$depth"
done
