#!/usr/bin/env bash
# Scores models on the training images a run at this scale never sampled: those whose LR side (HR side / scale,
# after the mod-crop) is below the trainer's 48-pixel patch (SrTrainer skips them and counts them in its log).
# The held-out BSD200 images flatter a model trained before they were held out; these images do not, so they
# compare a shipped model with a newer checkpoint of the same run (issue #18). Never a benchmark set.
#
#   SCALE=4 bash bench/default-model/unseen-at-scale.sh [model.onnx ...]   # the embedded default, then each file
#
# Needs python3 (standard library only) to read image headers. Writes nothing into the repository.
set -euo pipefail
# Model paths are taken relative to where the script is called from.
models=()
for model in "$@"; do models+=("$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"); done
cd "$(dirname "$0")/../.."
scale=${SCALE:?set SCALE to 2, 3 or 4}
patch=${PATCH:-48}
train=${TRAIN:-../shared/data/train}
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
python3 - "$train" "$scale" "$patch" "$folder" <<'PY'
import os, struct, sys
train, scale, patch, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def size(path):
    with open(path, 'rb') as f:
        head = f.read(26)
    if head[:2] == b'BM':
        return struct.unpack('<i', head[18:22])[0], abs(struct.unpack('<i', head[22:26])[0])
    if head[:8] == b'\x89PNG\r\n\x1a\n':
        return struct.unpack('>II', head[16:24])
    raise SystemExit(f'{path}: not a BMP or PNG; this script reads only those headers')
count = 0
for root, _, files in sorted(os.walk(train)):
    for name in sorted(files):
        if not name.lower().endswith(('.bmp', '.png')):
            continue
        path = os.path.join(root, name)
        w, h = size(path)
        if w // scale < patch or h // scale < patch:
            os.symlink(os.path.abspath(path), os.path.join(folder, name))
            count += 1
print(f'{count} training images under {train} are never sampled at x{scale} (LR side < {patch})')
PY
bash bench/default-model/score-folder.sh "$folder" "$scale" "${models[@]}"
