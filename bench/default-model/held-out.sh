#!/usr/bin/env bash
# Scores models on the held-out training images of bench/runs/holdout-bsd200.txt, the images that choose checkpoints
# and schedules (issue #18): the same numbers a run's validation.csv holds, for any ONNX file (an exported
# checkpoint, an average of several). Never a benchmark set.
#
#   SCALE=4 bash bench/default-model/held-out.sh [model.onnx ...]   # the embedded default, then each file
set -euo pipefail
# Model paths are taken relative to where the script is called from.
models=()
for model in "$@"; do models+=("$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"); done
cd "$(dirname "$0")/../.."
scale=${SCALE:?set SCALE to 2, 3 or 4}
train=${TRAIN:-../shared/data/train}
list=${HOLD_OUT:-bench/runs/holdout-bsd200.txt}
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
count=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  [ -f "$train/$line" ] || { echo "held-out.sh: $train/$line (from $list) not found" >&2; exit 1; }
  ln -s "$(cd "$train" && pwd)/$line" "$folder/$(basename "$line")"
  count=$((count + 1))
done < "$list"
echo "$count held-out images from $list (x$scale)"
bash bench/default-model/score-folder.sh "$folder" "$scale" "${models[@]}"
