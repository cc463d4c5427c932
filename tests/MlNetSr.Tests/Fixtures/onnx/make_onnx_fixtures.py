#!/usr/bin/python3
"""ONNX models exported by PyTorch itself, to test MlNetSr's inference engine against an independent exporter.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx):  /usr/bin/python3 make_onnx_fixtures.py
For x2, x3 and x4 it builds a small EDSR (B=2, F=16, PyTorch default init, seeded) with the definitions of
../torch/make_fixtures.py, exports it with torch.onnx.export (opset 17, dynamic batch/height/width; PixelShuffle
becomes DepthToSpace CRD), adds MlNetSr's metadata (scale, receptive field: 2B + 3 LR pixels at LR resolution
plus the convs after each PixelShuffle, rounded up), and saves PyTorch's forward of a 1x3x19x23 input
(float32 little-endian) so the engine's whole-image output can be compared with PyTorch's.
"""
import math
import os
import sys

import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'torch'))
from make_fixtures import Edsr  # noqa: E402

BLOCKS, FEATS = 2, 16
HEIGHT, WIDTH = 19, 23


def receptive_field(blocks, scale):
    # head + 2 per ResBlock + body-end conv + first upsampler conv, all 3x3 at LR (radius 1 each);
    # x4 adds a 3x3 conv at 2x (1/2 LR px); the tail conv runs at the output resolution (1/scale LR px).
    radius = 1 + 2 * blocks + 1 + 1 + (0.5 if scale == 4 else 0) + 1 / scale
    return math.ceil(radius)


torch.manual_seed(2017)
generator = torch.Generator().manual_seed(7)
lr = torch.rand(1, 3, HEIGHT, WIDTH, generator=generator) * 255
lr.numpy().astype('<f4').tofile(os.path.join(HERE, f'in_{HEIGHT}x{WIDTH}.bin'))
for scale in (2, 3, 4):
    model = Edsr(BLOCKS, FEATS, 1.0, scale).eval()
    path = os.path.join(HERE, f'edsr_b{BLOCKS}f{FEATS}_x{scale}.onnx')
    torch.onnx.export(model, lr, path, opset_version=17, input_names=['lr'], output_names=['sr'],
                      dynamic_axes={'lr': {0: 'batch', 2: 'height', 3: 'width'}, 'sr': {0: 'batch', 2: 'out_height', 3: 'out_width'}})
    proto = onnx.load(path)
    for key, value in {'mlnetsr.scale': str(scale), 'mlnetsr.receptive_field_lr': str(receptive_field(BLOCKS, scale)),
                       'mlnetsr.source': 'make_onnx_fixtures.py (torch.onnx.export)'}.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    with torch.no_grad():
        model(lr).numpy().astype('<f4').tofile(os.path.join(HERE, f'out_edsr_b{BLOCKS}f{FEATS}_x{scale}.bin'))
    print(path, os.path.getsize(path), 'bytes, receptive field', receptive_field(BLOCKS, scale))
