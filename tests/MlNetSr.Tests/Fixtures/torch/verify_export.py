#!/usr/bin/python3
"""Checks that a checkpoint written by MlNetSr (WeightsExporter / CheckpointFile / `mlnetsr import`) is readable
by PyTorch: torch.load + strict load_state_dict into the reference modules of make_fixtures.py, then a forward on
a fixture input compared with that fixture's PyTorch output.

  /usr/bin/python3 verify_export.py CHECKPOINT.pt CASE      (CASE: a case name from manifest.json)

The network config comes from CHECKPOINT.pt.json (the sidecar). Manual tool: PyTorch is not available in CI.
"""
import json
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # keep the fixture folder clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import HERE, Edsr, Mdsr  # noqa: E402


def main(path, case_name):
    meta = json.load(open(path + '.json'))
    case = next(c for c in json.load(open(os.path.join(HERE, 'manifest.json')))['cases'] if c['case'] == case_name)
    if meta['architecture'] == 'mdsr':
        model = Mdsr(meta['n_resblocks'], meta['n_feats'], meta['scales'])
    else:
        model = Edsr(meta['n_resblocks'], meta['n_feats'], meta['res_scale'], meta['scales'][0])
    state = torch.load(path)
    model.load_state_dict(state, strict=True)
    model.eval()
    worst = 0.0
    with torch.no_grad():
        for o in case['outputs']:
            x = torch.from_numpy(np.fromfile(os.path.join(HERE, o['input']), '<f4').reshape(o['input_shape']))
            want = torch.from_numpy(np.fromfile(os.path.join(HERE, o['output']), '<f4').reshape(o['output_shape']))
            got = model(x, o['scale']) if meta['architecture'] == 'mdsr' else model(x)
            worst = max(worst, float((got - want).abs().max()))
    print(f'{path}: {len(state)} tensors loaded strictly by torch {torch.__version__}; max |diff| vs {case_name} = {worst:.3g}')
    return 0 if worst <= 1e-3 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2]))
