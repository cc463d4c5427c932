#!/usr/bin/python3
"""Writes the small image files the image I/O tests read, with Pillow (an encoder independent of ours).

Run with Debian's interpreter: /usr/bin/python3 make_images.py  (apt-get install python3-pil python3-numpy)
Every pixel value follows from the fixed seed, so the tests can rebuild the expected pixels themselves:
rgb[y, x, c] = (7 * x + 13 * y + 101 * c) % 256 over a 30 x 20 (W x H) image.
"""
import os
import numpy as np
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
h, w = 20, 30
y, x = np.mgrid[0:h, 0:w]
rgb = np.stack([(7 * x + 13 * y + 101 * c) % 256 for c in range(3)], axis=-1).astype(np.uint8)
gray = rgb[:, :, 0]


def save(name, array, **kwargs):
    Image.fromarray(array).save(os.path.join(here, name), **kwargs)


save("rgb.png", rgb)
save("rgb.bmp", rgb)
save("rgb.jpg", rgb, quality=95)
save("gray.png", gray)
save("gray.jpg", gray, quality=95)
opaque = np.dstack([rgb, np.full((h, w), 255, np.uint8)])
save("rgba_opaque.png", opaque)
transparent = opaque.copy()
transparent[0, 0, 3] = 10
save("rgba_transparent.png", transparent)
# 16-bit gray: value * 257 maps every 8-bit value to the exact 16-bit equivalent.
Image.fromarray(gray.astype(np.uint16) * 257).save(os.path.join(here, "gray16.png"))
with open(os.path.join(here, "rgb.png"), "rb") as f:
    complete = f.read()
with open(os.path.join(here, "truncated.png"), "wb") as f:
    f.write(complete[: len(complete) // 2])
with open(os.path.join(here, "not_an_image.png"), "w") as f:
    f.write("this is text, not a PNG\n")
open(os.path.join(here, "empty.png"), "wb").close()
Image.fromarray(rgb).save(os.path.join(here, "rgb.gif"))
print("written to", here)
