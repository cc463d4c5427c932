#!/usr/bin/python3
"""Checks an ONNX file written by MlNetSr (OnnxExporter / `mlnetsr export`) with the reference onnx package.

  /usr/bin/python3 check_export.py MODEL.onnx [CASE]

  * onnx.checker.check_model(full_check=True): schema, opset and shape inference;
  * IR version 8, default-domain opset 17, input 'lr' / output 'sr', every DepthToSpace in mode CRD;
  * prints the mlnetsr.* metadata;
  * with CASE (a case of ../torch/manifest.json, e.g. edsr_baseline_x3 or mdsr_baseline): runs the graph with an
    independent interpreter (torch.nn.functional per node, no ONNX Runtime) on that case's inputs at the graph's
    scale and compares with PyTorch's reference output (max |diff| <= 1e-3 on [0,255]).

Manual tool (Debian's python3-onnx 1.12 and python3-torch 1.13); not run in CI, never a runtime dependency.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.dont_write_bytecode = True
TORCH_FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'torch')


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def run_graph(model, x):
    """Evaluates the exporter's node set (Conv, Relu, Add, Mul, DepthToSpace CRD) with torch.nn.functional."""
    import torch
    import torch.nn.functional as F
    values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer}
    values[model.graph.input[0].name] = torch.from_numpy(x)
    for node in model.graph.node:
        a, ins = attributes(node), [values[i] for i in node.input]
        if node.op_type == 'Conv':
            y = F.conv2d(ins[0], ins[1], ins[2], stride=tuple(a['strides']), padding=tuple(a['pads'][:2]))
        elif node.op_type == 'Relu':
            y = F.relu(ins[0])
        elif node.op_type == 'Add':
            y = ins[0] + ins[1]
        elif node.op_type == 'Mul':
            y = ins[0] * ins[1]
        elif node.op_type == 'DepthToSpace':
            assert a['mode'] == b'CRD'
            y = F.pixel_shuffle(ins[0], a['blocksize'])  # PixelShuffle == DepthToSpace CRD
        else:
            raise SystemExit(f'unexpected op {node.op_type}')
        values[node.output[0]] = y
    return values[model.graph.output[0].name].numpy()


def main(path, case_name=None):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opsets = [(o.domain, o.version) for o in model.opset_import]
    assert model.ir_version == 8, model.ir_version
    assert opsets == [('', 17)], opsets
    assert [i.name for i in model.graph.input] == ['lr'] and [o.name for o in model.graph.output] == ['sr']
    modes = {attributes(n)['mode'] for n in model.graph.node if n.op_type == 'DepthToSpace'}
    assert modes == {b'CRD'}, modes
    meta = {p.key: p.value for p in model.metadata_props}
    ops = sorted({n.op_type for n in model.graph.node})
    print(f'{path}: check_model OK; ir {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes {ops}, '
          f'{len(model.graph.initializer)} initializers, producer {model.producer_name}')
    for key, value in meta.items():
        print(f'  {key} = {value}')
    if case_name is None:
        return
    scale = int(meta['mlnetsr.scale'])
    case = next(c for c in json.load(open(os.path.join(TORCH_FIXTURES, 'manifest.json')))['cases'] if c['case'] == case_name)
    for o in (o for o in case['outputs'] if o['scale'] == scale):
        x = np.fromfile(os.path.join(TORCH_FIXTURES, o['input']), dtype='<f4').reshape(o['input_shape'])
        expected = np.fromfile(os.path.join(TORCH_FIXTURES, o['output']), dtype='<f4').reshape(o['output_shape'])
        diff = float(np.abs(run_graph(model, x) - expected).max())
        print(f'  {case_name} x{scale} {o["input"]}: max |graph - PyTorch| = {diff:.3g}')
        assert diff <= 1e-3, diff


if __name__ == '__main__':
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
