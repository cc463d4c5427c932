#!/usr/bin/env bash
# int8 quality floor (issue #16): the embedded int8 models scored by `mlnetsr evaluate --precision int8` with the
# paper's protocol (Y, shave = scale) on Set5, Set14 and B100, against the float32 scores recorded by
# bench/default-model/evaluate.sh (bench/results/default-model/plain-x{s}.json, same protocol, same tiles).
# Writes bench/results/int8-quality/int8-x{s}.{txt,json} and the table bench/results/int8-quality.md.
# SCALES="2" measures a part. Run from anywhere; ../shared must sit beside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data/benchmarks
out=bench/results/int8-quality
mkdir -p "$out"
dotnet build samples/MlNetSr.Cli -c Release -v quiet -nologo > /dev/null
cli=samples/MlNetSr.Cli/bin/Release/net10.0/mlnetsr
for scale in ${SCALES:-2 3 4}; do
  "$cli" evaluate --method model --scale "$scale" --tile 512 --device cpu --precision int8 --per-image \
    --data "$data/Set5" --data "$data/Set14" --data "$data/B100" \
    --json "$out/int8-x$scale.json" > "$out/int8-x$scale.txt"
done
python3 bench/int8/quality_table.py "$(git rev-parse --short HEAD)" > bench/results/int8-quality.md
cat bench/results/int8-quality.md
