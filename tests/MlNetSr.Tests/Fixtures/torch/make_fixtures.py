#!/usr/bin/python3
"""Golden fixtures for the MlNetSr.Trainer tests (EDSR/MDSR import and forward parity).

Run with Debian's interpreter, which has python3-torch 1.13:  /usr/bin/python3 make_fixtures.py
It defines EDSR and MDSR with torch.nn from docs/SR_SPEC.md sections 1 and 2 (module names reproduce the
official EDSR-PyTorch state_dict keys), seeds torch, builds models with PyTorch's default init and writes:

  * <name>.pt            torch.save(state_dict), zip format (full EDSR-baseline x2/x3/x4, MDSR-baseline)
  * small variants (B=2, F=16) for the other file formats:
      edsr_b2f16_x2_legacy.pt         torch.save(..., _use_new_zipfile_serialization=False)
      edsr_b2f16_x4_basicsr.pth       {'params': A, 'params_ema': B} with BasicSR key names, no mean tensors
      edsr_b2f16_x3_rs01.safetensors  safetensors written by hand, res_scale 0.1 (not inferable: the test overrides)
  * in_<h>x<w>.bin                   inputs, float32 little-endian NCHW, values in [0,255]
  * out_<case>_<input>.bin           PyTorch forward outputs, same encoding
  * manifest.json                    every case: file, architecture, B, F, res_scale, scale(s), tensors and shapes

Nothing here is a runtime dependency of the library.
"""
import json
import os
import struct

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DIV2K_MEAN = (0.4488, 0.4371, 0.4040)


def conv(cin, cout, k):
    return nn.Conv2d(cin, cout, k, padding=k // 2, bias=True)


class MeanShift(nn.Conv2d):
    def __init__(self, sign):
        super().__init__(3, 3, 1)
        self.weight.data = torch.eye(3).view(3, 3, 1, 1)
        self.bias.data = sign * 255.0 * torch.tensor(DIV2K_MEAN)
        for p in self.parameters():
            p.requires_grad = False


class ResBlock(nn.Module):
    def __init__(self, feats, k, res_scale):
        super().__init__()
        self.body = nn.Sequential(conv(feats, feats, k), nn.ReLU(True), conv(feats, feats, k))
        self.res_scale = res_scale

    def forward(self, x):
        return x + self.body(x) * self.res_scale


def upsampler(scale, feats):
    layers = []
    if scale == 3:
        layers += [conv(feats, 9 * feats, 3), nn.PixelShuffle(3)]
    else:
        for _ in range({2: 1, 4: 2}[scale]):
            layers += [conv(feats, 4 * feats, 3), nn.PixelShuffle(2)]
    return nn.Sequential(*layers)


class Edsr(nn.Module):
    def __init__(self, blocks, feats, res_scale, scale):
        super().__init__()
        self.sub_mean = MeanShift(-1)
        self.head = nn.Sequential(conv(3, feats, 3))
        self.body = nn.Sequential(*[ResBlock(feats, 3, res_scale) for _ in range(blocks)], conv(feats, feats, 3))
        self.tail = nn.Sequential(upsampler(scale, feats), conv(feats, 3, 3))
        self.add_mean = MeanShift(+1)

    def forward(self, x):
        h = self.head(self.sub_mean(x))
        return self.add_mean(self.tail(self.body(h) + h))


class Mdsr(nn.Module):
    def __init__(self, blocks, feats, scales=(2, 3, 4)):
        super().__init__()
        self.scales = list(scales)
        self.sub_mean = MeanShift(-1)
        self.head = nn.Sequential(conv(3, feats, 3))
        self.pre_process = nn.ModuleList(
            [nn.Sequential(ResBlock(feats, 5, 1.0), ResBlock(feats, 5, 1.0)) for _ in scales])
        self.body = nn.Sequential(*[ResBlock(feats, 3, 1.0) for _ in range(blocks)], conv(feats, feats, 3))
        self.upsample = nn.ModuleList([upsampler(s, feats) for s in scales])
        self.tail = nn.Sequential(conv(feats, 3, 3))
        self.add_mean = MeanShift(+1)

    def forward(self, x, scale):
        k = self.scales.index(scale)
        h = self.pre_process[k](self.head(self.sub_mean(x)))
        return self.add_mean(self.tail(self.upsample[k](self.body(h) + h)))


def write_bin(name, tensor):
    data = tensor.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def basicsr_key(key, blocks):
    """EDSR-PyTorch key -> BasicSR key (SR_SPEC 1.2 table)."""
    parts = key.split('.')
    if parts[0] == 'head':
        return 'conv_first.' + parts[-1]
    if parts[0] == 'body':
        i = int(parts[1])
        if i == blocks:
            return 'conv_after_body.' + parts[-1]
        return f'body.{i}.conv{1 if parts[3] == "0" else 2}.{parts[-1]}'
    if key.startswith('tail.0.'):
        return f'upsample.{parts[2]}.{parts[-1]}'
    if key.startswith('tail.1.'):
        return 'conv_last.' + parts[-1]
    raise KeyError(key)


def write_safetensors(name, state):
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for key, tensor in state.items():
        raw = tensor.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[key] = {'dtype': 'F32', 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)  # the format allows space padding; keeps data 8-byte aligned
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def main():
    torch.manual_seed(20170721)
    torch.set_num_threads(2)
    inputs = {}
    for h, w in [(13, 17), (16, 16)]:
        name = f'in_{h}x{w}.bin'
        x = torch.rand(1, 3, h, w) * 255.0
        write_bin(name, x)
        inputs[name] = x

    cases = []

    def record(case, model, file, arch, blocks, feats, res_scale, scales, fmt, state_keys):
        outputs = []
        with torch.no_grad():
            for scale in scales:
                for in_name, x in inputs.items():
                    y = model(x, scale) if arch == 'mdsr' else model(x)
                    out_name = f'out_{case}_x{scale}_{in_name[3:-4]}.bin'
                    write_bin(out_name, y)
                    outputs.append({'scale': scale, 'input': in_name, 'input_shape': list(x.shape),
                                    'output': out_name, 'output_shape': list(y.shape),
                                    'output_max_abs': float(y.abs().max())})
        cases.append({'case': case, 'file': file, 'format': fmt, 'architecture': arch, 'blocks': blocks,
                      'feats': feats, 'res_scale': res_scale, 'scales': scales, 'tensor_count': len(state_keys),
                      'outputs': outputs})

    # Full EDSR-baseline x2, x3, x4 and MDSR-baseline: zip-format torch.save(state_dict), like EP checkpoints.
    for scale in (2, 3, 4):
        model = Edsr(16, 64, 1.0, scale).eval()
        file = f'edsr_baseline_x{scale}.pt'
        torch.save(model.state_dict(), os.path.join(HERE, file))
        record(f'edsr_baseline_x{scale}', model, file, 'edsr', 16, 64, 1.0, [scale], 'pt-zip', model.state_dict())

    model = Mdsr(16, 64).eval()
    torch.save(model.state_dict(), os.path.join(HERE, 'mdsr_baseline.pt'))
    record('mdsr_baseline', model, 'mdsr_baseline.pt', 'mdsr', 16, 64, 1.0, [2, 3, 4], 'pt-zip', model.state_dict())

    # Small variants for the other file formats.
    model = Edsr(2, 16, 1.0, 2).eval()
    torch.save(model.state_dict(), os.path.join(HERE, 'edsr_b2f16_x2_legacy.pt'), _use_new_zipfile_serialization=False)
    record('edsr_b2f16_x2_legacy', model, 'edsr_b2f16_x2_legacy.pt', 'edsr', 2, 16, 1.0, [2], 'pt-legacy',
           model.state_dict())

    plain, ema = Edsr(2, 16, 1.0, 4).eval(), Edsr(2, 16, 1.0, 4).eval()
    def renamed(m):
        return {basicsr_key(k, 2): v for k, v in m.state_dict().items() if 'mean' not in k}
    torch.save({'params': renamed(plain), 'params_ema': renamed(ema)}, os.path.join(HERE, 'edsr_b2f16_x4_basicsr.pth'))
    # The expected output is the EMA network's: the importer prefers params_ema, as BasicSR evaluates with it.
    record('edsr_b2f16_x4_basicsr', ema, 'edsr_b2f16_x4_basicsr.pth', 'edsr', 2, 16, 1.0, [4], 'basicsr',
           renamed(ema))
    record('edsr_b2f16_x4_basicsr_params', plain, 'edsr_b2f16_x4_basicsr.pth', 'edsr', 2, 16, 1.0, [4], 'basicsr',
           renamed(plain))

    model = Edsr(2, 16, 0.1, 3).eval()
    write_safetensors('edsr_b2f16_x3_rs01.safetensors', model.state_dict())
    record('edsr_b2f16_x3_rs01', model, 'edsr_b2f16_x3_rs01.safetensors', 'edsr', 2, 16, 0.1, [3], 'safetensors',
           model.state_dict())

    with open(os.path.join(HERE, 'manifest.json'), 'w') as f:
        json.dump({'generator': 'make_fixtures.py', 'torch': torch.__version__, 'cases': cases}, f, indent=1)
    for c in cases:
        print(c['case'], c['file'], os.path.getsize(os.path.join(HERE, c['file'])), 'bytes,',
              c['tensor_count'], 'tensors, max|y| =', max(o['output_max_abs'] for o in c['outputs']))


if __name__ == '__main__':
    main()
