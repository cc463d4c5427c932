#!/usr/bin/env bash
# CPU speed of the embedded x2/x4 models (issue #16), one run, one table: the engine in float32 and int8, PyTorch and
# OpenCV DNN on the same weights (bench/int8/python_upscale.py), for
#   1920x1080 -> 3840x2160 (x2) and 512x512 -> 2048x2048 (x4), photograph-like frames (a B100 image mirrored).
# Whole process: each run its own process (decode -> upscale -> encode), timed by /usr/bin/time (wall seconds, CPU
# seconds, peak RSS), interleaved A B C D A B C D for ROUNDS rounds so machine noise hits all alike.
# Forward only: the engine in one process (MlNetSr.Bench int8-forward, float32/int8 interleaved); PyTorch and OpenCV
# report their forward seconds from inside the whole-process runs above.
# PSNR of every output against the engine's float32 output (RGB, no shave). Writes bench/results/int8-speed.md.
# Needs Debian's python3-torch, python3-opencv and python3-onnx (/usr/bin/python3; a pyenv python3 may shadow it).
# FORWARD_X2=0 skips the engine's 1920x1080 forward-only rows.
# Usage: bash bench/int8/run.sh [ROUNDS=3] [FORWARD_X2=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
python=/usr/bin/python3
"$python" -c 'import torch, cv2, onnx' || { echo "needs: apt-get install python3-torch python3-opencv python3-onnx" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build samples/MlNetSr.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/MlNetSr.Bench -c Release -v q -nologo >/dev/null
bin() { find "$1/bin/Release" -name "$2.dll" | head -1; }
cli=$(bin samples/MlNetSr.Cli mlnetsr); bench=$(bin bench/MlNetSr.Bench MlNetSr.Bench)
dotnet "$bench" frame --width 1920 --height 1080 --out "$work/f1080.png"
dotnet "$bench" frame --width 512 --height 512 --out "$work/f512.png"
runs=(float32 int8 pytorch opencv)

declare -A seconds_of rss_of cpu_of forward_of
measure() { # scale, run
  local scale=$1 run=$2 key="x$1-$2" input
  input=$([ "$scale" = 2 ] && echo "$work/f1080.png" || echo "$work/f512.png")
  case $run in
    float32|int8) set -- dotnet "$cli" upscale "$input" -o "$work/$key.png" --scale "$scale" --device cpu --precision "$run" ;;
    *) set -- "$python" bench/int8/python_upscale.py --runtime "${run/pytorch/torch}" --scale "$scale" \
         --model "src/Transforms/Models/edsr-baseline-x$scale.onnx" --input "$input" --output "$work/$key.png" ;;
  esac
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds kb user system < "$work/time"
  seconds_of[$key]+="$seconds "
  cpu_of[$key]+="$(awk "BEGIN{print $user + $system}") "
  rss_of[$key]=$kb
  [[ $run == float32 || $run == int8 ]] || forward_of[$key]+="$(sed -n 's/.*"forward_seconds": \([0-9.]*\).*/\1/p' "$work/out") "
  echo "$key: $seconds s wall, $user+$system s CPU, $kb kB" >&2
}
for round in $(seq 1 "$rounds"); do
  for s in 2 4; do for run in "${runs[@]}"; do measure "$s" "$run"; done; done
done
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.2f | %.2f", v[1], m}'; }
median() { stats "$1" | awk -F'|' '{print $2}'; }
psnr() { dotnet "$bench" psnr "$1" "$2"; }
gflop() { "$python" -c "f=64; mac=3*f*9+33*f*f*9+9+{2:f*4*f*9,4:5*f*4*f*9}[$2]+$2*$2*(f*3*9+9); print(f'{2*mac*$1/1e9/$3:.0f}')"; }
label() { case $1 in float32|int8) echo "mlnetsr upscale --precision $1";; pytorch) echo "PyTorch $("$python" -c 'import torch; print(torch.__version__)')";; opencv) echo "OpenCV DNN $("$python" -c 'import cv2; print(cv2.__version__)')";; esac; }
out=bench/results/int8-speed.md
{
  echo "# CPU speed: engine float32 and int8, PyTorch, OpenCV DNN"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores" \
       "(flags: $(grep -o -w -E 'avx512_vnni|avx_vnni|amx_int8' /proc/cpuinfo | sort -u | tr '\n' ' ')), load before the run $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`ROUNDS=$rounds bash bench/int8/run.sh\`. Whole process: \`mlnetsr upscale --device cpu --precision P\` (decode -> upscale at the"
  echo "default 1 GiB budget, tiled -> PNG encode) or \`bench/int8/python_upscale.py\` (cv2 decode -> whole-image forward -> cv2 PNG"
  echo "encode; PyTorch: an EDSR nn.Module holding the ONNX file's weights; OpenCV: the same float32 ONNX file), each its own process,"
  echo "wall/CPU time and peak RSS by /usr/bin/time. Forward only: the engine in one process (\`MlNetSr.Bench int8-forward\`), PyTorch and"
  echo "OpenCV timed inside the whole-process runs. Runs interleaved; GFLOP/s = 2 x multiply-accumulates of EDSR-baseline per LR pixel /"
  echo "median seconds; PSNR of each output against the engine's float32 output (RGB, no shave)."
  echo
  echo "| case | run | min s | median s | GFLOP/s | PSNR vs float32 | all runs: wall s (CPU s) | peak RSS (GiB) |"
  echo "|---|---|---:|---:|---:|---|---|---:|"
  for s in 2 4; do
    size=$([ $s = 2 ] && echo "1920x1080" || echo "512x512"); pixels=$([ $s = 2 ] && echo 2073600 || echo 262144)
    for run in "${runs[@]}"; do
      key="x$s-$run"
      quality=$([ $run = float32 ] && echo reference || echo "$(psnr "$work/x$s-float32.png" "$work/$key.png") dB")
      echo "| $size x$s | $(label $run), whole process | $(stats "${seconds_of[$key]}") | $(gflop $pixels $s "$(median "${seconds_of[$key]}")") | $quality | $(paste -d' ' <(tr ' ' '\n' <<<"${seconds_of[$key]}" | grep .) <(tr ' ' '\n' <<<"${cpu_of[$key]}" | grep . | sed 's/.*/(&)/') | tr '\n' ' ')| $(awk "BEGIN{printf \"%.2f\", ${rss_of[$key]}/1048576}") |"
    done
    if [ $s = 4 ] || [ "${FORWARD_X2:-1}" = 1 ]; then
      dotnet "$bench" int8-forward --width "${size%x*}" --height "${size#*x}" --scale $s --rounds "$rounds" | sed 's/|$/| |/'
    fi
    for run in pytorch opencv; do
      key="x$s-$run"
      echo "| $size x$s | $(label $run), forward only | $(stats "${forward_of[$key]}") | $(gflop $pixels $s "$(median "${forward_of[$key]}")") | as above | ${forward_of[$key]}| |"
    done
  done
  echo
  for s in 2 4; do
    f=$(median "${seconds_of[x$s-float32]}")
    echo "x$s whole process, median wall seconds relative to the engine's float32 (higher is faster): int8" \
         "$(awk "BEGIN{printf \"%.2f\", $f/$(median "${seconds_of[x$s-int8]}")}")x (CPU time $(awk "BEGIN{printf \"%.2f\", $(median "${cpu_of[x$s-float32]}")/$(median "${cpu_of[x$s-int8]}")}")x)," \
         "PyTorch $(awk "BEGIN{printf \"%.2f\", $f/$(median "${seconds_of[x$s-pytorch]}")}")x, OpenCV DNN $(awk "BEGIN{printf \"%.2f\", $f/$(median "${seconds_of[x$s-opencv]}")}")x."
  done
} > "$work/report.md"
cp "$work/report.md" "$out"
cat "$out"
