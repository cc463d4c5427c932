#!/usr/bin/env bash
# int8 vs float32 speed (issue #16), one run, one table:
#   1920x1080 -> 3840x2160 (x2) and 512x512 -> 2048x2048 (x4), photograph-like frames (a B100 image mirrored);
#   whole process: `mlnetsr upscale --precision float32|int8` (decode -> upscale -> encode), each run its own process,
#   timed by /usr/bin/time (wall seconds, peak RSS), interleaved A B A B for ROUNDS rounds;
#   forward only: the engine in one process (MlNetSr.Bench int8-forward), interleaved the same way.
# PSNR of the int8 output against the float32 output (RGB, no shave). Writes bench/results/int8-speed.md.
# CPU seconds (user + system) are recorded beside wall seconds: on a machine shared with other builds they are the
# steadier measure of work. FORWARD_X2=0 skips the 1920x1080 forward-only rows (minutes each on 2 busy cores).
# Usage: bash bench/int8/run.sh [ROUNDS=3] [FORWARD_X2=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build samples/MlNetSr.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/MlNetSr.Bench -c Release -v q -nologo >/dev/null
bin() { find "$1/bin/Release" -name "$2.dll" | head -1; }
cli=$(bin samples/MlNetSr.Cli mlnetsr); bench=$(bin bench/MlNetSr.Bench MlNetSr.Bench)
dotnet "$bench" frame --width 1920 --height 1080 --out "$work/f1080.png"
dotnet "$bench" frame --width 512 --height 512 --out "$work/f512.png"

declare -A seconds_of rss_of cpu_of
measure() { # key, input, scale, precision
  local key=$1 input=$2 scale=$3 precision=$4
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" dotnet "$cli" upscale "$input" -o "$work/$key.png" --scale "$scale" --device cpu \
    --precision "$precision" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds kb user system < "$work/time"
  seconds_of[$key]+="$seconds "
  cpu_of[$key]+="$(awk "BEGIN{print $user + $system}") "
  rss_of[$key]=$kb
  echo "$key: $seconds s wall, $user+$system s CPU, $kb kB" >&2
}
for round in $(seq 1 "$rounds"); do
  measure x2-float32 "$work/f1080.png" 2 float32
  measure x2-int8 "$work/f1080.png" 2 int8
  measure x4-float32 "$work/f512.png" 4 float32
  measure x4-int8 "$work/f512.png" 4 int8
done
stats() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.2f | %.2f", v[1], m}'; }
median() { stats "$1" | awk -F'|' '{print $2}'; }
psnr() { dotnet "$bench" psnr "$1" "$2"; }
gflop() { python3 -c "f=64; mac=3*f*9+33*f*f*9+9+{2:f*4*f*9,4:5*f*4*f*9}[$2]+$2*$2*(f*3*9+9); print(f'{2*mac*$1/1e9/$3:.0f}')"; }
out=bench/results/int8-speed.md
{
  echo "# int8 vs float32 on the CPU"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores" \
       "(flags: $(grep -o -w -E 'avx512_vnni|avx_vnni|amx_int8' /proc/cpuinfo | sort -u | tr '\n' ' ')), shared with other builds (load $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "Command: \`ROUNDS=$rounds bash bench/int8/run.sh\`. Whole process: \`mlnetsr upscale --device cpu --precision P\` (decode -> upscale at the"
  echo "default 1 GiB budget -> PNG encode), its own process, wall time and peak RSS by /usr/bin/time; forward only: the engine in one"
  echo "process (\`MlNetSr.Bench int8-forward\`). Runs interleaved A B A B; GFLOP/s = 2 x multiply-accumulates of EDSR-baseline per LR pixel /"
  echo "median seconds; PSNR of the int8 output against the float32 output (RGB, no shave)."
  echo
  echo "| case | run | min s | median s | GFLOP/s | PSNR vs float32 | all runs: wall s (CPU s) | peak RSS (GiB) |"
  echo "|---|---|---:|---:|---:|---|---|---:|"
  for s in 2 4; do
    size=$([ $s = 2 ] && echo "1920x1080" || echo "512x512"); pixels=$([ $s = 2 ] && echo 2073600 || echo 262144)
    for p in float32 int8; do
      key="x$s-$p"
      quality=$([ $p = float32 ] && echo reference || echo "$(psnr "$work/x$s-float32.png" "$work/x$s-int8.png") dB")
      echo "| $size x$s | mlnetsr upscale --precision $p, whole process | $(stats "${seconds_of[$key]}") | $(gflop $pixels $s "$(median "${seconds_of[$key]}")") | $quality | $(paste -d' ' <(tr ' ' '\n' <<<"${seconds_of[$key]}" | grep .) <(tr ' ' '\n' <<<"${cpu_of[$key]}" | grep . | sed 's/.*/(&)/') | tr '\n' ' ')| $(awk "BEGIN{printf \"%.2f\", ${rss_of[$key]}/1048576}") |"
    done
  done
  [ "${FORWARD_X2:-1}" = 1 ] && dotnet "$bench" int8-forward --width 1920 --height 1080 --scale 2 --rounds "$rounds" | sed 's/|$/| |/'
  dotnet "$bench" int8-forward --width 512 --height 512 --scale 4 --rounds "$rounds" | sed 's/|$/| |/'
  echo
  for s in 2 4; do
    echo "x$s whole-process speed-up, float32 / int8: wall $(awk "BEGIN{printf \"%.2f\", $(median "${seconds_of[x$s-float32]}")/$(median "${seconds_of[x$s-int8]}")}")x," \
         "CPU time $(awk "BEGIN{printf \"%.2f\", $(median "${cpu_of[x$s-float32]}")/$(median "${cpu_of[x$s-int8]}")}")x (medians)."
  done
} > "$work/report.md"
cp "$work/report.md" "$out"
cat "$out"
