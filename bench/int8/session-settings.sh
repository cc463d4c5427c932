#!/usr/bin/env bash
# ONNX Runtime session settings checked by measurement (issue #16): each setting against the engine's defaults, for the
# embedded x2 model in int8 and float32, on a 640x360 photograph-like frame tiled under a 128 MiB budget (tiles of
# several shapes reach the session, as in a large image). Each run is its own process (MlNetSr.Bench session-setting),
# timed inside for a cold first upscale (session creation included) and warm repeats, peak RSS by /usr/bin/time,
# settings interleaved for ROUNDS rounds. The last rows pin the process to one core (taskset) to check that the default
# thread count follows the cores the process may use. Writes bench/results/session-settings.md.
# Usage: bash bench/int8/session-settings.sh [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/MlNetSr.Bench -c Release -v q -nologo >/dev/null
bench=$(find bench/MlNetSr.Bench/bin/Release -name MlNetSr.Bench.dll | head -1)
settings=(default threads-1 threads-4 optimization-basic optimization-extended no-memory-pattern no-arena no-spinning)
declare -A cold_of warm_of rss_of
measure() { # key, precision, setting, [taskset cpu list]
  local key=$1 precision=$2 setting=$3 pin=${4:-}
  local run=(dotnet "$bench" session-setting --setting "$setting" --precision "$precision" --rounds 3) # 640x360 at 128 MiB: its defaults
  [ -n "$pin" ] && run=(taskset -c "$pin" "${run[@]}")
  /usr/bin/time -f "%M" -o "$work/time" "${run[@]}" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r _ cold warm1 warm2 < "$work/out"
  cold_of[$key]+="$cold "; warm_of[$key]+="$warm1 $warm2 "; rss_of[$key]=$(cat "$work/time")
  echo "$key: cold $cold s, warm $warm1 $warm2 s, $(cat "$work/time") kB" >&2
}
for round in $(seq 1 "$rounds"); do
  for precision in int8 float32; do
    for setting in "${settings[@]}"; do measure "$precision $setting" "$precision" "$setting"; done
    measure "$precision default, 1 core" "$precision" default 0
    measure "$precision threads-4, 1 core" "$precision" threads-4 0
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {printf "%.2f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
{
  echo "# ONNX Runtime session settings, measured"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load before the run $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`ROUNDS=$rounds bash bench/int8/session-settings.sh\`. The embedded x2 model upscales a 640x360 frame three times in one"
  echo "process, tiled under a 128 MiB budget; cold = the first upscale including session creation, warm = the later ones (median over"
  echo "all rounds); each setting changes one thing from the engine's defaults (ORT_ENABLE_ALL, memory pattern on, CPU arena on,"
  echo "intra-op threads = Environment.ProcessorCount, spinning on). Relative = default's warm median / this warm median (higher is faster)."
  echo
  echo "| precision | setting | cold s (median) | warm s (median) | relative to default | all warm runs s | peak RSS (GiB) |"
  echo "|---|---|---:|---:|---:|---|---:|"
  for precision in int8 float32; do
    base=$(median "${warm_of[$precision default]}")
    for key in "${settings[@]}" "default, 1 core" "threads-4, 1 core"; do
      k="$precision $key"; warm=$(median "${warm_of[$k]}")
      echo "| $precision | $key | $(median "${cold_of[$k]}") | $warm | $(awk "BEGIN{printf \"%.2f\", $base/$warm}")x | ${warm_of[$k]}| $(awk "BEGIN{printf \"%.2f\", ${rss_of[$k]}/1048576}") |"
    done
  done
} > "$work/report.md"
cp "$work/report.md" bench/results/session-settings.md
cat bench/results/session-settings.md
