#!/usr/bin/env bash
# Load: `mlnetsr upscale` over a folder of 500 generated images of mixed sizes (1x1 to 12 MP; RGB, gray, RGBA; PNG and
# JPEG; a few corrupt ones and a decompression bomb), and over its first 100 and 250 files, each run one process timed
# by /usr/bin/time (wall seconds, peak RSS). Records images/s, megapixels/s, peak RSS, the exit code, and every
# failure with its reason in bench/results/reliability-load.md. Peak RSS should not grow with the folder's length.
# MODEL (default: the 2-block, 16-feature x2 test model, so the run measures the folder machinery in minutes, not the
# network; set MODEL=default for the embedded EDSR-baseline x2).
# Usage: bash bench/reliability/load.sh [COUNTS="100 250 500"]
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=${COUNTS:-100 250 500}
model=${MODEL:-tests/MlNetSr.Tests/Fixtures/onnx/edsr_b2f16_x2.onnx}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build samples/MlNetSr.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/MlNetSr.Bench -c Release -v q -nologo >/dev/null
bin() { find "$1/bin/Release" -name "$2.dll" | head -1; }
cli=$(bin samples/MlNetSr.Cli mlnetsr); bench=$(bin bench/MlNetSr.Bench MlNetSr.Bench)
max=$(tr ' ' '\n' <<<"$counts" | sort -n | tail -1)
dotnet "$bench" load-folder --count "$max" --out "$work/all"
model_args=(); [ "$model" = default ] || model_args=(--model "$model")
rows=(); failures=""
for n in $counts; do
  mkdir -p "$work/in$n"
  ls "$work/all" | sort | head -n "$n" | while read -r f; do ln -s "$work/all/$f" "$work/in$n/$f"; done
  set +e
  /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$cli" upscale "$work/in$n" -o "$work/out$n" --scale 2 "${model_args[@]}" >"$work/out$n.log" 2>"$work/err$n.log"
  code=$?
  set -e
  read -r seconds kb < <(tail -1 "$work/time")
  written=$(find "$work/out$n" -name '*.png' | wc -l)
  failed=$(grep -c '^mlnetsr: error:' "$work/err$n.log" || true)
  lr_mp=$(grep -o '^\[[0-9]*/[0-9]*\] .* ([0-9]*x[0-9]*)$' "$work/out$n.log" | sed 's/.*(\([0-9]*\)x\([0-9]*\))$/\1 \2/' | awk '{s+=$1*$2/4} END{printf "%.1f", s/1e6}')
  rows+=("| $n | $written | $failed | $code | $seconds | $(awk "BEGIN{printf \"%.2f\", $n/$seconds}") | $(awk "BEGIN{printf \"%.2f\", $lr_mp/$seconds}") | $lr_mp | $(awk "BEGIN{printf \"%.2f\", $kb/1048576}") |")
  echo "$n images: $written written, $failed failed, exit $code, $seconds s, $kb kB" >&2
  [ "$n" = "$max" ] && failures=$(grep '^mlnetsr: error:' "$work/err$n.log" | sed "s|$work/in$n/||; s|^mlnetsr: error: |- |")
  [ "$n" = "$max" ] && tmp_left=$(find "$work/out$n" -name '*.tmp' | wc -l)
done
{
  echo "# Load: mlnetsr upscale over a folder of mixed images"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC at commit $(git rev-parse --short HEAD), $(. /etc/os-release; echo "$PRETTY_NAME"), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), CPU, x2, model: $model."
  echo "Command: \`bash bench/reliability/load.sh\` (COUNTS=\"$counts\"). Input: \`MlNetSr.Bench load-folder\` (bench/MlNetSr.Bench/LoadFolder.cs): the first N of the same $max files."
  echo "Each row is one process (\`/usr/bin/time\`: wall seconds from start to the last PNG, peak RSS); LR megapixels counts the written images' inputs."
  echo
  echo "| images | written | failed | exit code | seconds | images/s | LR megapixels/s | LR megapixels | peak RSS (GiB) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Temporary files left in the $max-image output: $tmp_left. Failures of the $max-image run (stderr, one line each):"
  echo
  echo "$failures"
} > bench/results/reliability-load.md
cat bench/results/reliability-load.md
