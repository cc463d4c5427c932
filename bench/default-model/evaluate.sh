#!/usr/bin/env bash
# The model card's table: the embedded default models scored by `mlnetsr evaluate` with the paper's protocol
# (Y channel, shave = scale) on Set5, Set14 and B100, without and with the x8 self-ensemble.
# Writes bench/results/default-model/{plain,self-ensemble}-x{2,3,4}.{txt,json} (per-image rows included).
# Pick parts with SCALES="3 4" and MODES="plain" (defaults: all). Run from anywhere; ../shared must sit beside
# the repository. Tiles of 512 LR pixels: one tile per benchmark image (tiling gives the same pixels anyway).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data/benchmarks
out=bench/results/default-model
mkdir -p "$out"
dotnet build samples/MlNetSr.Cli -c Release -v quiet -nologo > /dev/null
cli=samples/MlNetSr.Cli/bin/Release/net10.0/mlnetsr   # the light CLI: portable, no TorchSharp
for scale in ${SCALES:-2 3 4}; do
  for mode in ${MODES:-plain self-ensemble}; do
    extra=()
    [ "$mode" = self-ensemble ] && extra=(--self-ensemble)
    "$cli" evaluate --method model --scale "$scale" --tile 512 --device cpu --per-image "${extra[@]}" \
      --data "$data/Set5" --data "$data/Set14" --data "$data/B100" \
      --json "$out/$mode-x$scale.json" > "$out/$mode-x$scale.txt"
    grep -A2 -E '^(Set5|Set14|B100) ' "$out/$mode-x$scale.txt" | grep -E '^(Set|B100|x)'
  done
done
