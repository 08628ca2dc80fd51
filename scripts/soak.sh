#!/usr/bin/env bash
# Soak: the panel at --speed 100 in tmux, random keys for a while (default 180 s, about
# 20 keys a second), its memory (VmRSS) and CPU time sampled every 15 s. It ends by
# saying whether memory stayed flat (the last sample within 10% of the one after the
# first minute) and whether the panel is still running.
# Usage: scripts/soak.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-180}
cargo build --release -q
bin=$PWD/target/release/printer-panel
work=$(mktemp -d) # `c` saves captures in the working folder: keep them out of the project
session=soak-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
tmux new -d -s "$session" -x 120 -y 36 -c "$work" "$bin --speed 100 --guide"
sleep 1
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
# Every key the panel knows but q (quit) and Ctrl-Z (suspend), and some it does not.
keys=(Up Down Left Right Enter Escape BSpace Tab BTab Home DC F1 w W b n s G c i P x g h j k l p \
      0 1 2 3 4 5 6 7 8 9 - Space '?' a z)
tick=$(getconf CLK_TCK)
sample() {
    local rss cpu
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    cpu=$(awk -v t="$tick" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")
    printf '%6s s  %8s KiB  %8s s CPU\n' "$1" "$rss" "$cpu"
    echo "$rss" >> "$work/rss"
}
echo "    time       memory    CPU time (panel at --speed 100, random keys)"
sample 0
start=$SECONDS
sent=0
next=15
while (( SECONDS - start < secs )); do
    for _ in $(seq 20); do
        tmux send-keys -t "$session" "${keys[RANDOM % ${#keys[@]}]}"
        sent=$((sent + 1))
    done
    sleep 1
    if (( SECONDS - start >= next )); then
        sample "$next"
        next=$((next + 15))
    fi
done
alive=yes
kill -0 "$pid" 2>/dev/null || alive=no
first=$(sed -n 5p "$work/rss")
last=$(tail -1 "$work/rss")
growth=$(awk -v a="${first:-$last}" -v b="$last" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
echo "$sent keys in $secs s; still running: $alive; memory after the first minute ${first:-?} KiB, at the end $last KiB ($growth%)"
awk -v g="$growth" 'BEGIN {exit !(g < 10 && g > -50)}' && [ "$alive" = yes ]
