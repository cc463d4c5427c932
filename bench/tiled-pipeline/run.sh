#!/usr/bin/env bash
# Tiled inference in the pipeline vs the CLI vs whole-image inference, measured in one run (issue #14):
#   1920x1080 -> 3840x2160 (x2): whole image (--tile 1920), `mlnetsr upscale` and the pipeline (samples/PipelineUpscale:
#   LoadImages -> SuperResolve(scale: 2), nothing but `using Microsoft.ML;`) at the default 1 GiB budget, ROUNDS times
#   interleaved (A B C A B C ...);
#   2000x1500 -> 4000x3000 (x2): the CLI and the pipeline at the default budget, in the same rounds (issue #14's
#   acceptance: pipeline peak RSS at most 1.5 GiB and at most 1.15x the CLI's time);
#   4000x3000 -> 16000x12000 (x4): the CLI and the pipeline at the default budget, once each.
# Each run is its own process, timed from start to the written PNG by /usr/bin/time (wall seconds, peak RSS);
# the outputs are compared pixel by pixel. Writes bench/results/tiled-pipeline.md.
# Usage: bash bench/tiled-pipeline/run.sh [ROUNDS=2] [SKIP_X4=0]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build samples/MlNetSr.Cli -c Release -v q -nologo >/dev/null
dotnet build samples/PipelineUpscale -c Release -v q -nologo >/dev/null
dotnet build bench/MlNetSr.Bench -c Release -v q -nologo >/dev/null
bin() { find "$1/bin/Release" -name "$2.dll" | head -1; }
cli=$(bin samples/MlNetSr.Cli mlnetsr); pipeline=$(bin samples/PipelineUpscale PipelineUpscale); bench=$(bin bench/MlNetSr.Bench MlNetSr.Bench)
dotnet "$bench" frame --width 1920 --height 1080 --out "$work/frame1080.png"
dotnet "$bench" frame --width 2000 --height 1500 --out "$work/frame3mp.png"
dotnet "$bench" frame --width 4000 --height 3000 --out "$work/frame12mp.png"

rows=()
declare -A seconds_of # key -> seconds of every round, space-separated
measure() { # key, name, output png, command...
  local key=$1 name=$2 out=$3; shift 3
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds kb < "$work/time"
  seconds_of[$key]+="$seconds "
  rows+=("| $name | $seconds | $(awk "BEGIN{printf \"%.2f\", $kb/1048576}") |")
  echo "$name: $seconds s, $kb kB" >&2
}
for round in $(seq 1 "$rounds"); do
  measure whole "1920x1080 x2, whole image (CLI --tile 1920), round $round" "$work/whole.png" dotnet "$cli" upscale "$work/frame1080.png" -o "$work/whole.png" --scale 2 --tile 1920 --device cpu
  measure cli "1920x1080 x2, CLI, default budget, round $round" "$work/cli.png" dotnet "$cli" upscale "$work/frame1080.png" -o "$work/cli.png" --scale 2 --device cpu
  measure pipeline "1920x1080 x2, pipeline, default budget, round $round" "$work/pipeline.png" dotnet "$pipeline" "$work/frame1080.png" "$work/pipeline.png" --scale 2
  measure cli3mp "2000x1500 x2, CLI, default budget, round $round" "$work/cli3mp.png" dotnet "$cli" upscale "$work/frame3mp.png" -o "$work/cli3mp.png" --scale 2 --device cpu
  measure pipeline3mp "2000x1500 x2, pipeline, default budget, round $round" "$work/pipeline3mp.png" dotnet "$pipeline" "$work/frame3mp.png" "$work/pipeline3mp.png" --scale 2
done
same1=$(dotnet "$bench" same-pixels "$work/whole.png" "$work/cli.png"); same2=$(dotnet "$bench" same-pixels "$work/cli.png" "$work/pipeline.png")
same3=$(dotnet "$bench" same-pixels "$work/cli3mp.png" "$work/pipeline3mp.png")
median() { tr ' ' '\n' <<<"${seconds_of[$1]}" | grep . | sort -g | awk '{v[NR]=$1} END{printf "%.2f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk "BEGIN{printf \"%.3f\", $(median "$1")/$(median "$2")}"; }
if [ "${SKIP_X4:-0}" != 1 ]; then
  measure cli4 "4000x3000 x4, CLI, default budget" "$work/cli4.png" dotnet "$cli" upscale "$work/frame12mp.png" -o "$work/cli4.png" --scale 4 --device cpu
  measure pipeline4 "4000x3000 x4, pipeline, default budget" "$work/pipeline4.png" dotnet "$pipeline" "$work/frame12mp.png" "$work/pipeline4.png" --scale 4
  same4=$(dotnet "$bench" same-pixels "$work/cli4.png" "$work/pipeline4.png")
fi
{
  echo "# Tiled inference: pipeline, CLI and whole image"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M') UTC at commit $(git rev-parse --short HEAD), $(. /etc/os-release; echo "$PRETTY_NAME"), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), CPU, default embedded models."
  echo "Command: \`bash bench/tiled-pipeline/run.sh\` (ROUNDS=$rounds). Each row is one process from start to the written PNG (\`/usr/bin/time\`: wall seconds, peak RSS)."
  echo
  echo "| run | seconds | peak RSS (GiB) |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians over the rounds: 1920x1080 x2 tiling overhead (CLI / whole image) $(ratio cli whole)x, pipeline / whole image $(ratio pipeline whole)x;"
  echo "2000x1500 x2 pipeline / CLI $(ratio pipeline3mp cli3mp)x."
  echo
  echo "Pixels: whole image vs CLI: $same1; CLI vs pipeline (1920x1080 x2): $same2; CLI vs pipeline (2000x1500 x2): $same3${same4:+; CLI vs pipeline (x4): $same4}."
} > bench/results/tiled-pipeline.md
cat bench/results/tiled-pipeline.md
