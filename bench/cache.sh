#!/usr/bin/env bash
# Layer cache, two cases, both builds with --cache --cache-dir; wall time of the whole tool process,
# medians of RUNS and their ratios printed.
#  rebuild: a cold build against a fully cached rebuild of a 6-step Dockerfile (busybox doing apt-like
#           work: 20k files written, checksummed, archived, verified). Each cold build gets an empty
#           cache folder; each rebuild the folder a cold build filled.
#  edit:    FROM the test runtime image, COPY publish/ /app/, COPY edit.txt /app/: a cold build on an
#           empty cache folder, then edit.txt changed and built again, twice (the first COPY a hit, the
#           second a miss), side by side with buildah bud --layers doing the same (its cold build --no-cache).
#   bench/cache.sh [RUNS] [FILES] [CASE]   (default 5 runs, 20000 files, both cases; CASE rebuild or edit
#   for one; as root, needs the host's static busybox, and buildah and skopeo for edit)
#   BASELINE=/path/to/dotnet-kaniko.dll also times that build of kaniko (an older commit's) in the edit case.
#   LAYOUT=/path/to/oci-layout with a 'runtime' tag instead of the test base-image cache.
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
build() { # CONTEXT CACHE_DIR TIMES LOG [TOOL [VERBOSITY]]: one build of ours
  rm -rf "$work/out"
  timed "$3" "$4" dotnet "${5:-$tool}" build --context "$1" --no-push --oci-layout-path "$work/out" --reproducible \
    --cache --cache-dir "$2" -v "${6:-detailed}"
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
  contenders="ours buildah"; [ -z "${BASELINE:-}" ] || contenders="ours baseline buildah"
  for c in $contenders; do : > "$work/$c-cold.s"; : > "$work/$c-edit1.s"; : > "$work/$c-edit2.s"; done
  # Our builds log at the default verbosity here, as buildah's do.
  step() { # CONTENDER PHASE RUN
    case $1 in
      ours)     build "$work/edit" "$work/ecache-$3" "$work/ours-$2.s" "$work/ours-$2-$3.log" "$tool" normal ;;
      baseline) build "$work/edit" "$work/lcache-$3" "$work/baseline-$2.s" "$work/baseline-$2-$3.log" "$BASELINE" normal ;;
      buildah)  timed "$work/buildah-$2.s" "$work/buildah-$2-$3.log" bud $([ "$2" = cold ] && echo --no-cache) -t "bench-$2:$3" ;;
    esac
  }

  # Per run: a cold build (empty cache folder; buildah --no-cache), then edit.txt changed twice, each
  # change built by every contender in turn. The first edit lists the cached COPY layer (once per layer).
  for i in $(seq "$runs"); do
    rm -rf "$work/ecache-$i" "$work/lcache-$i"
    for phase in cold edit1 edit2; do
      echo "$phase $i $RANDOM" | tee "$work/edit/edit.txt" > "$work/bedit/edit.txt"
      for c in $contenders; do step "$c" "$phase" "$i"; done
    done
    for c in ours ${BASELINE:+baseline}; do
      grep -q 'CACHED' "$work/$c-edit1-$i.log" && grep -q 'cache miss' "$work/$c-edit1-$i.log" \
        || { echo "$c: the edit did not hit then miss:" >&2; cat "$work/$c-edit1-$i.log" >&2; exit 1; }
    done
    grep -q 'Using cache' "$work/buildah-edit1-$i.log" || { echo "buildah's edit used no cache:" >&2; cat "$work/buildah-edit1-$i.log" >&2; exit 1; }
    echo "edit run $i:$(for c in $contenders; do printf ' %s cold %.2f, edit %.2f, again %.2f;' "$c" "$(tail -1 "$work/$c-cold.s")" "$(tail -1 "$work/$c-edit1.s")" "$(tail -1 "$work/$c-edit2.s")"; done)"
    rm -rf "$work/ecache-$i" "$work/lcache-$i"
  done
  m() { median < "$work/$1.s"; }
  for c in $contenders; do
    printf 'edit median: %-8s cold %.2f s, cached edit %.2f s, next edit %.2f s\n' "$c" "$(m "$c-cold")" "$(m "$c-edit1")" "$(m "$c-edit2")"
  done
  for c in ours ${BASELINE:+baseline}; do
    echo "edit ratios ($c): cached edit / cold $(ratio "$(m "$c-edit1")" "$(m "$c-cold")")x," \
      "cached edit / buildah's cached edit $(ratio "$(m "$c-edit1")" "$(m buildah-edit1)")x, next edit / buildah's $(ratio "$(m "$c-edit2")" "$(m buildah-edit2)")x"
  done
}

case $case in
  all) rebuild_case; edit_case ;;
  rebuild) rebuild_case ;;
  edit) edit_case ;;
  *) echo "CASE is rebuild, edit or all" >&2; exit 2 ;;
esac
