#!/usr/bin/env bash
# Packs every NuGet package of the repository into one folder (default: artifacts/packages).
#   bash build/pack.sh [OUTPUT_FOLDER] [extra dotnet pack arguments, e.g. -p:VersionSuffix=ci.1]
# The version comes from Directory.Build.props (VersionPrefix); the repository commit (and URL, when the clone has
# an `origin` remote) are written into each package; ContinuousIntegrationBuild makes the builds deterministic
# (no machine paths in the PDBs).
#   MlNetSr           src/Transforms   (ML.NET + ONNX Runtime CPU; no TorchSharp)
#   MlNetSr.Gpu       src/Gpu          (opt-in CUDA: ONNX Runtime GPU instead of CPU)
#   MlNetSr.Trainer   src/Trainer      (TorchSharp + libtorch CPU linux-x64, Debian loader fix in buildTransitive/)
#   MlNetSr.Training  src/Estimators   (ML.NET trainers Edsr/Mdsr; depends on the two above)
#   MlNetSr.Tool      samples/MlNetSr.Cli (the `mlnetsr` .NET tool: upscale, evaluate)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-artifacts/packages}
shift || true
mkdir -p "$out"
out=$(cd "$out" && pwd)

args=(-c Release -o "$out" -nologo -v quiet -p:ContinuousIntegrationBuild=true)
if commit=$(git rev-parse HEAD 2>/dev/null); then args+=("-p:RepositoryCommit=$commit"); fi
if url=$(git remote get-url origin 2>/dev/null); then args+=("-p:RepositoryUrl=$url"); fi

for project in src/Transforms/MlNetSr.Transforms.csproj src/Gpu/MlNetSr.Gpu.csproj src/Trainer/MlNetSr.Trainer.csproj \
  src/Estimators/MlNetSr.Estimators.csproj samples/MlNetSr.Cli/MlNetSr.Cli.csproj; do
  dotnet pack "$project" "${args[@]}" "$@"
done
ls -l "$out"/*.nupkg
