#!/usr/bin/env bash
# Scores the embedded default, then each model file, on the images of one folder (Y PSNR / SSIM, paper protocol,
# shave = scale), one line each. Used by held-out.sh and unseen-at-scale.sh; writes nothing into the repository.
#
#   bash bench/default-model/score-folder.sh FOLDER SCALE [model.onnx ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
folder=${1:?folder of images}; scale=${2:?scale}; shift 2
cli=samples/MlNetSr.Cli/bin/Release/net10.0/mlnetsr
[ -x "$cli" ] || dotnet build samples/MlNetSr.Cli -c Release -v quiet -nologo > /dev/null
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
# Progress lines go to a log that is shown only when the evaluation fails.
score() {
  local label=$1; shift
  if ! "$cli" evaluate --method model --scale "$scale" --device cpu --data "$folder" "$@" > "$log/out" 2> "$log/err"; then
    cat "$log/err" >&2; exit 1
  fi
  printf '%-40s %s\n' "$label" "$(grep -E '^x[0-9]' "$log/out")"
}
score "embedded default"
for model in "$@"; do score "$model" --model "$model"; done
