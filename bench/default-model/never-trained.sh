#!/usr/bin/env bash
# Scores models on photographs that no MlNetSr run has trained on at any scale: the lossless natural photographs
# that scikit-image ships with its package (python3-skimage on Debian 12: `apt-get install python3-skimage`). The
# held-out and never-sampled training images are biased between networks grown from different x2 bodies, and the
# held-out ones also favour checkpoints nearer their hold-out (issue #18, bench/runs/between-lineages/README.md);
# these are not. Never a benchmark set, never a training set, never copied into the repository: the images are read
# from the installed package.
#
#   SCALE=3 bash bench/default-model/never-trained.sh [model.onnx ...]   # the embedded default, then each file
set -euo pipefail
# Model paths are taken relative to where the script is called from.
models=()
for model in "$@"; do models+=("$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"); done
cd "$(dirname "$0")/../.."
scale=${SCALE:?set SCALE to 2, 3 or 4}
python=/usr/bin/python3   # Debian's interpreter, where python3-skimage installs
data=$("$python" -c 'import skimage.data, os; print(os.path.dirname(skimage.data.__file__))' 2>/dev/null) || {
  echo "never-trained.sh: scikit-image is not installed for $python (apt-get install python3-skimage)" >&2; exit 1; }
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
# Fixed list: PNG photographs only (the JPEGs carry compression artefacts; drawings, charts, text, synthetic and
# motion-blurred images are left out; motorcycle_right is the other half of a stereo pair).
images="astronaut chelsea coffee motorcycle_left ihc camera coins moon brick grass gravel"
for name in $images; do
  [ -f "$data/$name.png" ] || { echo "never-trained.sh: $data/$name.png not found" >&2; exit 1; }
  ln -s "$data/$name.png" "$folder/$name.png"
done
echo "$(echo $images | wc -w) scikit-image photographs from $data (x$scale)"
bash bench/default-model/score-folder.sh "$folder" "$scale" "${models[@]}"
