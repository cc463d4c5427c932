#!/usr/bin/python3
"""Golden SSIM values from scikit-image, an implementation independent of ours.

Run with Debian's interpreter: /usr/bin/python3 make_ssim_fixture.py  (apt-get install python3-skimage)
Writes pairs of small 8-bit images (PNG) and ssim.json with scikit-image's structural_similarity, configured
as the paper protocol's SSIM: Gaussian weights, sigma 1.5 (11 x 11 window), K1 0.01, K2 0.03, data range 255,
population covariance, and the mean over the valid region (scikit-image crops (win_size - 1) / 2 per side).
For RGB pairs the value is the mean of the per-channel SSIMs.
"""
import json
import os
import numpy as np
from PIL import Image
from skimage.metrics import structural_similarity

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2017)


def smooth_image(h, w, channels):
    y, x = np.mgrid[0:h, 0:w]
    planes = [127 + 100 * np.sin(x / (5.0 + c)) * np.cos(y / (7.0 - c)) for c in range(channels)]
    return np.clip(np.stack(planes, axis=-1), 0, 255).astype(np.uint8)


def degrade(image, sigma):
    noisy = image.astype(np.float64) + rng.normal(0, sigma, image.shape)
    return np.clip(np.round(noisy), 0, 255).astype(np.uint8)


def ssim(a, b):
    kwargs = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255, K1=0.01, K2=0.03)
    if a.ndim == 3:
        return float(np.mean([structural_similarity(a[..., c].astype(np.float64), b[..., c].astype(np.float64), **kwargs)
                              for c in range(a.shape[2])]))
    return float(structural_similarity(a.astype(np.float64), b.astype(np.float64), **kwargs))


cases = []
for name, (h, w, channels, sigma) in {
    "gray_small_noise": (37, 45, 1, 4.0),
    "gray_strong_noise": (40, 33, 1, 40.0),
    "rgb_noise": (32, 48, 3, 12.0),
    "random_vs_random": (24, 24, 1, None),
}.items():
    if sigma is None:
        a = rng.integers(0, 256, (h, w), dtype=np.uint8)
        b = rng.integers(0, 256, (h, w), dtype=np.uint8)
    else:
        a = smooth_image(h, w, channels)
        a = a[..., 0] if channels == 1 else a
        b = degrade(a, sigma)
    Image.fromarray(a).save(os.path.join(here, f"{name}_a.png"))
    Image.fromarray(b).save(os.path.join(here, f"{name}_b.png"))
    cases.append({"name": name, "a": f"{name}_a.png", "b": f"{name}_b.png", "ssim": ssim(a, b)})

with open(os.path.join(here, "ssim.json"), "w") as f:
    json.dump(cases, f, indent=2)
print(json.dumps(cases, indent=2))
