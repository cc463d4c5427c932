"""Markdown table of int8 vs float32 PSNR/SSIM per set and scale, from the JSON files of bench/int8/evaluate.sh
(int8) and bench/default-model/evaluate.sh (float32). Usage: python3 bench/int8/quality_table.py COMMIT"""
import json
import os
import platform
import sys
import datetime

FLOOR_DB = 0.10


def load(path):
    with open(path) as f:
        return {(row["set"], row["scale"]): row for row in json.load(f)}


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


rows, worst = [], 0.0
for scale in (2, 3, 4):
    int8_path = f"bench/results/int8-quality/int8-x{scale}.json"
    if not os.path.exists(int8_path):
        continue
    fp32, int8 = load(f"bench/results/default-model/plain-x{scale}.json"), load(int8_path)
    for key in sorted(int8, key=lambda k: ["Set5", "Set14", "B100"].index(k[0])):
        a, b = fp32[key], int8[key]
        loss = a["psnr"] - b["psnr"]
        worst = max(worst, loss)
        rows.append(f"| {key[0]} | x{key[1]} | {a['psnr']:.3f} | {b['psnr']:.3f} | {loss:+.3f} | {a['ssim']:.4f} | {b['ssim']:.4f} | "
                    f"{'yes' if loss <= FLOOR_DB else '**no**'} |")

print("# int8 default models: quality against float32\n")
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {sys.argv[1]}, {cpu_model()}, {os.cpu_count()} logical cores.")
print("Command: `bash bench/int8/evaluate.sh` (int8: `mlnetsr evaluate --method model --precision int8 --tile 512 --device cpu`; "
      "float32: bench/results/default-model/plain-x{s}.json from `bash bench/default-model/evaluate.sh`). "
      "Paper protocol: PSNR on Y (MATLAB rounding), shave = scale; SSIM as in the model card.\n")
print("| set | scale | float32 PSNR | int8 PSNR | loss, float32 - int8 (dB) | float32 SSIM | int8 SSIM | within 0.10 dB |")
print("|---|---|---:|---:|---:|---:|---:|---|")
print("\n".join(rows))
print(f"\nLargest loss: {worst:.3f} dB (floor {FLOOR_DB:.2f} dB).")
