#!/usr/bin/env bash
# Consumer test (issue #15): what a user outside the repository gets from the packages.
#   1. packs every package into a temporary folder feed (build/pack.sh, a unique -ci version so no stale copy of an
#      earlier run is taken from the NuGet cache);
#   2. a fresh console project in a temporary folder references only `MlNetSr` from that feed (its dependencies come
#      from the usual NuGet source), runs samples/QuickStart/Program.cs (copied now, so README's code is what runs),
#      and its restored closure (project.assets.json) must hold no TorchSharp, libtorch or CUDA package;
#      it must also restore and build for win-x64 and osx-arm64, with ONNX Runtime's native library in the output;
#   3. the same code against `MlNetSr.Gpu`: the output's libonnxruntime is the CUDA build's (byte for byte), its CUDA
#      provider is there, no CPU copy is left, and it still upscales (CPU fallback on a machine without a GPU);
#   4. `MlNetSr.Training` alone, RID-less: libtorch loads (the Debian loader fix came with the package) and computes;
#   5. the `mlnetsr` tool installed from the feed into a temporary tool path: `mlnetsr upscale` works, holds no
#      libtorch, and `mlnetsr train` says what to install.
# Prints one "consumer: ..." line per check and exits non-zero at the first failure. Needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
data="$repo/../shared/data/benchmarks"
[ -d "$data" ] || { echo "consumer: shared data not found at $data" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mlnetsr-consumer.XXXXXX")
version_prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
suffix="ci.$(date -u +%Y%m%d%H%M%S).$$"
version="$version_prefix-$suffix"
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
cleanup() {
  rm -rf "$work"
  # The unique test version must not pile up in the NuGet cache.
  for id in mlnetsr mlnetsr.gpu mlnetsr.trainer mlnetsr.training mlnetsr.tool; do rm -rf "${packages:?}/$id/$version"; done
}
trap cleanup EXIT
fail() { echo "consumer: FAILED: $*" >&2; exit 1; }
step() { echo "consumer: $*"; }

feed="$work/feed"
bash build/pack.sh "$feed" "-p:VersionSuffix=$suffix" > "$work/pack.log" 2>&1 || { cat "$work/pack.log"; fail "dotnet pack"; }
step "packed $(cd "$feed" && ls *.nupkg | tr '\n' ' ')"

# The feed is added to the user's NuGet sources, not put in their place.
cat > "$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="mlnetsr-feed" value="$feed" />
  </packageSources>
</configuration>
XML

# new_console NAME PACKAGE: a console project like `dotnet new console`, referencing one package of the feed.
new_console() {
  mkdir -p "$work/$1"
  cat > "$work/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$2" Version="$version" />
  </ItemGroup>
</Project>
XML
}

# png_size FILE: "WIDTHxHEIGHT" from the PNG header.
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }

# forbidden_packages ASSETS REGEX: the restored libraries whose id matches.
forbidden_packages() { python3 -c 'import json,re,sys; libs=json.load(open(sys.argv[1]))["libraries"]; print(" ".join(k for k in libs if re.search(sys.argv[2], k.split("/")[0], re.I)))' "$1" "$2"; }

build() { dotnet build "$@" -c Release -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "dotnet build $*"; }; }

# 2. MlNetSr alone: README's QuickStart code, run from the repository root as README says.
new_console QuickStartConsumer MlNetSr
cp samples/QuickStart/Program.cs "$work/QuickStartConsumer/Program.cs"
build "$work/QuickStartConsumer"
bad=$(forbidden_packages "$work/QuickStartConsumer/obj/project.assets.json" 'torch|cuda|onnxruntime\.gpu')
[ -z "$bad" ] || fail "MlNetSr's closure holds $bad"
closure=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["libraries"]))' "$work/QuickStartConsumer/obj/project.assets.json")
step "MlNetSr closure: $closure packages, no TorchSharp/libtorch/CUDA"
out="$work/monarch_x3.png"
dotnet "$work/QuickStartConsumer/bin/Release/net10.0/QuickStartConsumer.dll" "$out" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "QuickStart in the consumer"; }
[ "$(png_size "$out")" = "2304x1536" ] || fail "QuickStart wrote $(png_size "$out"), expected 2304x1536"
step "QuickStart from the MlNetSr package: $(tail -n 1 "$work/run.log")"

for rid in win-x64 osx-arm64; do
  build "$work/QuickStartConsumer" -r "$rid"
  case $rid in win-*) native=onnxruntime.dll ;; osx-*) native=libonnxruntime.dylib ;; esac
  [ -f "$work/QuickStartConsumer/bin/Release/net10.0/$rid/$native" ] || fail "$rid build has no $native"
  step "restore + build for $rid: ok ($native in the output)"
done

# 3. MlNetSr.Gpu: the CUDA-capable ONNX Runtime is the one in the output, and the CPU fallback still runs.
new_console GpuConsumer MlNetSr.Gpu
cp samples/QuickStart/Program.cs "$work/GpuConsumer/Program.cs"
build "$work/GpuConsumer"
native="$work/GpuConsumer/bin/Release/net10.0/runtimes/linux-x64/native"
gpu_version=$(sed -n 's:.*"Microsoft.ML.OnnxRuntime.Gpu" Version="\([^"]*\)".*:\1:p' Directory.Packages.props)
cuda_build="$packages/microsoft.ml.onnxruntime.gpu.linux/$gpu_version/runtimes/linux-x64/native"
cmp -s "$native/libonnxruntime.so" "$cuda_build/libonnxruntime.so" || fail "GPU consumer's libonnxruntime.so is not the CUDA build's"
[ -f "$native/libonnxruntime_providers_cuda.so" ] || fail "GPU consumer has no libonnxruntime_providers_cuda.so"
if grep -q '"Microsoft.ML.OnnxRuntime/' "$work/GpuConsumer/bin/Release/net10.0/GpuConsumer.deps.json" \
  && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=next(iter(d["targets"].values())); e=t.get(next(k for k in t if k.startswith("Microsoft.ML.OnnxRuntime/")),{}); sys.exit(0 if e.get("runtimeTargets") or e.get("native") else 1)' "$work/GpuConsumer/bin/Release/net10.0/GpuConsumer.deps.json"; then
  fail "GPU consumer's deps.json still lists the CPU package's native files"
fi
out="$work/monarch_x3_gpu.png"
dotnet "$work/GpuConsumer/bin/Release/net10.0/GpuConsumer.dll" "$out" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "QuickStart with MlNetSr.Gpu"; }
[ "$(png_size "$out")" = "2304x1536" ] || fail "GPU consumer wrote $(png_size "$out")"
step "MlNetSr.Gpu: CUDA build of libonnxruntime.so + providers_cuda in the output, no CPU copy; QuickStart ran: $(tail -n 1 "$work/run.log")"

# 4. MlNetSr.Training: libtorch loads in a plain, RID-less consumer build (the loader fix travels in buildTransitive/).
new_console TrainingConsumer MlNetSr.Training
cat > "$work/TrainingConsumer/Program.cs" <<'CS'
using static TorchSharp.torch;

using var input = arange(25, dtype: ScalarType.Float32).reshape(1, 1, 5, 5);
using var output = nn.functional.conv2d(input, ones(1, 1, 3, 3), padding: [1]);
float centre = output[0, 0, 2, 2].item<float>();
Console.WriteLine($"libtorch conv2d centre = {centre}");
return centre == 108f ? 0 : 1;
CS
build "$work/TrainingConsumer"
dotnet "$work/TrainingConsumer/bin/Release/net10.0/TrainingConsumer.dll" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "libtorch in the MlNetSr.Training consumer"; }
step "MlNetSr.Training: $(tail -n 1 "$work/run.log")"

# 5. The tool.
tools="$work/tools"
dotnet tool install MlNetSr.Tool --version "$version" --tool-path "$tools" --add-source "$feed" > "$work/tool.log" 2>&1 \
  || { cat "$work/tool.log"; fail "dotnet tool install"; }
torch_files=$(find "$tools" -iname '*torch*' | head -3)
[ -z "$torch_files" ] || fail "the tool holds $torch_files"
out="$work/butterfly_x2.png"
"$tools/mlnetsr" upscale "$data/Set5/butterfly.png" -o "$out" --scale 2 > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "mlnetsr upscale"; }
[ "$(png_size "$out")" = "512x512" ] || fail "mlnetsr upscale wrote $(png_size "$out")"
step "tool: $(tail -n 1 "$work/run.log")"
set +e
"$tools/mlnetsr" train --data "$data/Set5" --out "$work/run" > "$work/run.log" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "MlNetSr.Training" "$work/run.log" || { cat "$work/run.log"; fail "mlnetsr train (exit $code) does not say what to install"; }
step "tool: mlnetsr train without libtorch exits 2 and names MlNetSr.Training and samples/MlNetSr.Cli.Training"
echo "consumer: all checks passed"
