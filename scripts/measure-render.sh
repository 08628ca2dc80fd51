#!/usr/bin/env bash
# How fast `play` renders demo.tape to a GIF, against the tape's own length (what VHS needs
# at the least, since it records in real time). Runs the release binary RUNS times (default
# 5) and prints each wall time and the median; then, in the same run, the size gifsicle -O3
# makes of the same frames (when gifsicle is installed). Usage: scripts/measure-render.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for i in $(seq "$runs"); do
    start=$(date +%s.%N)
    ./target/release/printer-panel play demo.tape --no-output --gif "$out/demo.gif" >/dev/null 2>"$out/err"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
done
shown=$(grep -oE 'rendered [0-9.]+ s of tape' "$out/err" | grep -oE '[0-9.]+')
frames=$(grep -oE '\([0-9]+ frames' "$out/err" | grep -oE '[0-9]+')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
echo "demo.tape shows $shown s; GIF of $frames frames, $(stat -c %s "$out/demo.gif") bytes"
echo "wall times: ${times[*]}"
echo "median $median s = $(echo "scale=4; $median / $shown" | bc) of the tape's length (the goal: under 0.03)"
if command -v gifsicle >/dev/null 2>&1; then
    gifsicle -O3 "$out/demo.gif" -o "$out/o3.gif"
    ours=$(stat -c %s "$out/demo.gif")
    theirs=$(stat -c %s "$out/o3.gif")
    echo "gifsicle -O3 of the same frames: $theirs bytes; ours is $(echo "scale=3; $ours / $theirs" | bc) of it (the goal: under 1.1)"
fi
