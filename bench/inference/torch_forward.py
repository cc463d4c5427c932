#!/usr/bin/python3
"""PyTorch yardstick for MlNetSr's inference benchmark: one whole-image forward of an EDSR/MDSR checkpoint.

Run with Debian's interpreter (python3-torch 1.13, CPU):
  /usr/bin/python3 bench/inference/torch_forward.py --checkpoint final.pt --input lr.bin --height H --width W \
      [--scale 2] [--threads 2] [--repeat 3]
The checkpoint is an MlNetSr/EDSR-PyTorch state_dict (EDSR, F and B read from the shapes); the input is float32
little-endian [1, 3, H, W] in [0, 255] written by the C# benchmark, so every engine sees the same pixels.
Prints the median seconds per forward (after one warm-up) as JSON.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'MlNetSr.Tests', 'Fixtures', 'torch'))
from make_fixtures import Edsr  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('--checkpoint', required=True)
parser.add_argument('--input', required=True)
parser.add_argument('--height', type=int, required=True)
parser.add_argument('--width', type=int, required=True)
parser.add_argument('--threads', type=int, default=2)
parser.add_argument('--repeat', type=int, default=3)
args = parser.parse_args()

torch.set_num_threads(args.threads)
state = torch.load(args.checkpoint, map_location='cpu')
feats = state['head.0.weight'].shape[0]
blocks = len([k for k in state if k.startswith('body.') and k.endswith('.body.0.weight')])
scale = 3 if state['tail.0.0.weight'].shape[0] == 9 * feats else (4 if 'tail.0.2.weight' in state else 2)
model = Edsr(blocks, feats, 0.1 if feats == 256 else 1.0, scale).eval()
model.load_state_dict(state)
lr = torch.from_numpy(numpy.fromfile(args.input, dtype='<f4').reshape(1, 3, args.height, args.width))
times = []
with torch.no_grad():
    for i in range(args.repeat + 1):
        start = time.perf_counter()
        model(lr)
        if i > 0:
            times.append(time.perf_counter() - start)
print(json.dumps({'engine': f'PyTorch {torch.__version__}', 'threads': args.threads, 'seconds': statistics.median(times)}))
