#!/usr/bin/python3
"""PyTorch yardstick for MlNetSr's training throughput (issue: TorchSharp vs PyTorch on the same machine and batch).

Run with Debian's interpreter (python3-torch 1.13, CPU):
  /usr/bin/python3 bench/training/torch_train_step.py --threads 2 --batch 16 --patch 48 --steps 20
One training step = EDSR-baseline x2 forward on [batch, 3, patch, patch], L1 against [batch, 3, 2 patch, 2 patch],
backward, Adam(0.9, 0.999, 1e-8) step: the recipe MlNetSr's trainer runs. Inputs are uniform in [0, 255]
(the network's range; no denormals). Prints seconds per step (median after warm-up) as JSON.
The network definition is the golden-fixture generator's (tests/MlNetSr.Tests/Fixtures/torch/make_fixtures.py).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tests', 'MlNetSr.Tests', 'Fixtures', 'torch'))
from make_fixtures import Edsr  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('--threads', type=int, default=2)
parser.add_argument('--batch', type=int, default=16)
parser.add_argument('--patch', type=int, default=48)
parser.add_argument('--steps', type=int, default=20)
parser.add_argument('--warmup', type=int, default=3)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(1)
model = Edsr(16, 64, 1.0, 2).train()
optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
lr = torch.rand(args.batch, 3, args.patch, args.patch) * 255
hr = torch.rand(args.batch, 3, 2 * args.patch, 2 * args.patch) * 255

times = []
for step in range(args.warmup + args.steps):
    start = time.perf_counter()
    optimizer.zero_grad(set_to_none=True)
    loss = torch.nn.functional.l1_loss(model(lr), hr)
    loss.backward()
    optimizer.step()
    elapsed = time.perf_counter() - start
    if step >= args.warmup:
        times.append(elapsed)
print(json.dumps({'engine': f'PyTorch {torch.__version__}', 'threads': args.threads, 'batch': args.batch,
                  'patch': args.patch, 'steps': args.steps, 'seconds_per_step': statistics.median(times)}))
