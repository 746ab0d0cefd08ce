#!/usr/bin/env bash
# The containerize step of dotnet publish, ours against the .NET SDK's own, side by side in one run:
# the same app (testassets/LayeredApp: 5 NuGet packages, a ProjectReference, content), the same base
# (the test runtime image, pushed into a local docker-registry with skopeo), the same registry.
# After one identical `dotnet publish`, each contender runs alone as an MSBuild target on the
# published folder: `-t:PublishContainer` (the SDK) and `-t:KanikoBuildImage` (Kaniko.Tasks, freshly
# packed into a local feed, KanikoIncremental=false so nothing is skipped).
#   cold:        a repository the image was never pushed to (the base's blobs are in the registry)
#   code change: one line of Program.cs changed, published again (not timed), pushed to the same repository
# Prints medians of RUNS runs (wall time of the msbuild command, and the target's own time from
# MSBuild's performance summary) and the blob bytes each push added to the registry.
#   bench/publish-vs-sdk.sh [RUNS] [LAYOUT]
#   (default 5; LAYOUT defaults to the test base-image cache; needs docker-registry, skopeo, bc, python3)
set -euo pipefail
runs=${1:-5}
layout=${2:-$(ls -d ~/.cache/kaniko-tests/base-images/*/ | head -1)}
layout=${layout%/}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$(mktemp -d /var/tmp/kaniko-bench-publish.XXXXXX)}
cleanup() { [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

# The package as users get it, under a version no NuGet cache has seen.
version=0.1.0-bench.$(date +%Y%m%d%H%M%S)
dotnet pack "$repo/src/Kaniko.Tasks" -c Release -o "$work/feed" -p:PackageVersion="$version" --nologo -v q >/dev/null
cp -r "$repo/testassets/LayeredApp" "$work/app"
cp "$repo/testassets/Directory.Build.props" "$repo/testassets/Directory.Packages.props" "$work/"
project=$work/app/App/App.csproj
export NUGET_PACKAGES=$work/nuget
common=(-nologo -p:Configuration=Release "-p:RestoreSources=$work/feed;https://api.nuget.org/v3/index.json" -p:KanikoVersion="$version")

. "$(dirname "$0")/registry-lib.sh"
start_registry
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:runtime" "docker://$host/dotnet/runtime:10.0"
export DOTNET_CONTAINER_INSECURE_REGISTRIES=$host
base=(-p:ContainerRegistry="$host" -p:ContainerBaseImage="$host/dotnet/runtime:10.0")

dotnet publish "$project" "${common[@]}" -v q >/dev/null

# What a push stored: the sizes of the blobs' data files (layers, configs, manifests), not the registry's link files.
registry_bytes() { find "$work/storage" -name data -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
timed() { # NAME TARGET REPOSITORY [MSBUILD ARGS...]: wall time, the target's own time, bytes added to the registry
  local name=$1 target=$2 repository=$3; shift 3
  local before; before=$(registry_bytes)
  local start; start=$(now)
  dotnet msbuild "$project" "${common[@]}" "${base[@]}" -t:"$target" -p:ContainerRepository="$repository" \
    -clp:PerformanceSummary "$@" >"$work/$name.log" 2>&1 || { echo "$name failed:" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
  echo "$(now) - $start" | bc -l >>"$work/$name.wall"
  awk -v t="$target" '$0 ~ "Target Performance Summary" {s=1} s && $3 == t {print $1 / 1000}' "$work/$name.log" | tail -1 >>"$work/$name.target"
  echo $(( $(registry_bytes) - before )) >>"$work/$name.bytes"
}
sdk() { timed "$1" PublishContainer "$2" -p:EnableSdkContainerSupport=true; }
kaniko() { timed "$1" KanikoBuildImage "$2" -p:KanikoIncremental=false; }

program=$work/app/App/Program.cs
for i in $(seq "$runs"); do
  sdk sdk-cold "bench/sdk-$i"
  kaniko kaniko-cold "bench/kaniko-$i"
  echo "// change $i" >>"$program"
  dotnet publish "$project" "${common[@]}" -v q >/dev/null
  sdk sdk-change "bench/sdk-$i"
  kaniko kaniko-change "bench/kaniko-$i"
done

# The app layer to compare the code-change bytes with: the top layer of our last image (compressed).
app_layer=$(skopeo inspect --tls-verify=false --raw "docker://$host/bench/kaniko-$runs:latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["size"])')
sdk_layer=$(skopeo inspect --tls-verify=false --raw "docker://$host/bench/sdk-$runs:latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["size"])')
for name in sdk-cold kaniko-cold sdk-change kaniko-change; do
  printf '%-14s wall %6.2f s  target %6.2f s  bytes added %9d   (runs: %s)\n' "$name" \
    "$(median <"$work/$name.wall")" "$(median <"$work/$name.target")" "$(median <"$work/$name.bytes")" "$(tr '\n' ' ' <"$work/$name.wall")"
done
ratio() { echo "$(median <"$work/$1.$3") / $(median <"$work/$2.$3")" | bc -l | cut -c1-5; }
echo "kaniko / sdk, cold: wall $(ratio kaniko-cold sdk-cold wall)x, target $(ratio kaniko-cold sdk-cold target)x"
echo "kaniko / sdk, code change: wall $(ratio kaniko-change sdk-change wall)x, target $(ratio kaniko-change sdk-change target)x"
echo "code change bytes added: kaniko $(median <"$work/kaniko-change.bytes") (its app layer $app_layer), sdk $(median <"$work/sdk-change.bytes") (its app layer $sdk_layer)"
echo "kaniko bytes / app layer: $(echo "$(median <"$work/kaniko-change.bytes") / $app_layer" | bc -l | cut -c1-5)x"
