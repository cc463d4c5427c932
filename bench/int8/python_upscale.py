"""Upscale one image with PyTorch or OpenCV DNN, for the int8 benchmark's comparison columns (bench/int8/run.sh).

Both read the same weights as the engine: OpenCV DNN runs the embedded float32 ONNX file as it is; PyTorch builds an
EDSR-baseline nn.Module (written here from the paper's layout, official state_dict keys) and loads the ONNX file's
initializers into it, which are stored under those keys. Whole image in one forward, as a Python user would run it.
Whole process = this script: decode (cv2.imread) -> forward -> round/clamp -> encode (cv2.imwrite). Prints one JSON
line with the forward seconds, so one interleaved run gives both the whole-process and the forward-only figures.

Usage: /usr/bin/python3 bench/int8/python_upscale.py --runtime torch|opencv --model m.onnx --scale S
       --input in.png --output out.png [--threads N]
Debian's python3-torch, python3-opencv and python3-onnx; never a dependency of the library.
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np


def load_initializers(path):
    import onnx
    from onnx import numpy_helper
    return {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}


def fixed_shape_onnx(path, shape, scale):
    """The model's bytes with its symbolic batch/height/width dims set to this image's: OpenCV 4.6's importer cannot
    infer DepthToSpace's output shape from symbolic dims (it fails with 'Copy dim[4] ... out of the source shape')."""
    import onnx
    model = onnx.load(path)
    for value, dims in ((model.graph.input[0], shape), (model.graph.output[0], (1, 3, shape[2] * scale, shape[3] * scale))):
        for dim, size in zip(value.type.tensor_type.shape.dim, dims):
            dim.dim_value = size
    return model.SerializeToString()


def torch_network(weights, scale):
    # Not the test fixtures' Edsr (tests/.../Fixtures/torch/make_fixtures.py): its residual blocks multiply by
    # res_scale = 1, one more pass over every 64-channel map, which a timing of PyTorch should not be charged for.
    import torch
    from torch import nn

    features = weights["head.0.weight"].shape[0]
    blocks = sum(1 for k in weights if k.endswith(".body.0.weight") and k.startswith("body."))

    class ResBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(features, features, 3, padding=1), nn.ReLU(inplace=True),
                                      nn.Conv2d(features, features, 3, padding=1))

        def forward(self, x):
            return self.body(x) + x

    def upsampler():
        # x2/x3: one conv + pixel shuffle; x4: two x2 stages (the paper's layout)
        steps = [2, 2] if scale == 4 else [scale]
        layers = []
        for step in steps:
            layers += [nn.Conv2d(features, features * step * step, 3, padding=1), nn.PixelShuffle(step)]
        return nn.Sequential(*layers)

    class Edsr(nn.Module):
        def __init__(self):
            super().__init__()
            self.sub_mean = nn.Conv2d(3, 3, 1)
            self.head = nn.Sequential(nn.Conv2d(3, features, 3, padding=1))
            self.body = nn.Sequential(*[ResBlock() for _ in range(blocks)], nn.Conv2d(features, features, 3, padding=1))
            self.tail = nn.Sequential(upsampler(), nn.Conv2d(features, 3, 3, padding=1))
            self.add_mean = nn.Conv2d(3, 3, 1)

        def forward(self, x):
            x = self.head(self.sub_mean(x))
            x = self.body(x) + x
            return self.add_mean(self.tail(x))

    network = Edsr().eval()
    state = {k: torch.from_numpy(v.copy()) for k, v in weights.items()}
    network.load_state_dict(state, strict=True)  # any key or shape mismatch fails here, not silently
    return network


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runtime", choices=["torch", "opencv"], required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()

    bgr = cv2.imread(args.input, cv2.IMREAD_COLOR)
    if bgr is None:
        sys.exit(f"cannot read {args.input}")
    lr = np.ascontiguousarray(bgr[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32))  # NCHW RGB [0, 255]

    if args.runtime == "torch":
        import torch
        torch.set_num_threads(args.threads)
        network = torch_network(load_initializers(args.model), args.scale)
        clock = time.perf_counter()
        with torch.no_grad():
            sr = network(torch.from_numpy(lr)).numpy()
        seconds = time.perf_counter() - clock
    else:
        cv2.setNumThreads(args.threads)
        network = cv2.dnn.readNetFromONNX(np.frombuffer(fixed_shape_onnx(args.model, lr.shape, args.scale), np.uint8))
        network.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        network.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
        clock = time.perf_counter()
        network.setInput(lr)
        sr = network.forward()
        seconds = time.perf_counter() - clock

    expected = (1, 3, lr.shape[2] * args.scale, lr.shape[3] * args.scale)
    if sr.shape != expected:
        sys.exit(f"{args.runtime}: output shape {sr.shape}, expected {expected}")
    rgb = np.clip(np.rint(sr[0]), 0, 255).astype(np.uint8).transpose(1, 2, 0)
    if not cv2.imwrite(args.output, np.ascontiguousarray(rgb[:, :, ::-1])):
        sys.exit(f"cannot write {args.output}")
    print(json.dumps({"runtime": args.runtime, "forward_seconds": round(seconds, 3), "threads": args.threads}))


if __name__ == "__main__":
    main()
