#!/usr/bin/env bash
# The panel idle with its Wi-Fi LED blinking (push-button mode, waiting for the router), in
# tmux: CPU time of the process and bytes written to the terminal over N seconds (default 60);
# then the same app redrawing at a fixed 60 fps, the usual ratatui loop, for comparison.
# Needs tmux. Usage: scripts/measure-idle.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
bin=$PWD/target/release/printer-panel
cargo build --release -q

# measure NAME SETUP [ARGS]: SETUP is `blink` (after a wrong PIN only the Attention LED
# blinks, at 1 Hz) or `waiting` (push-button mode: Wi-Fi LED at 1 Hz, a countdown, scans).
measure() {
    local name=$1 setup=$2
    shift 2
    local session=measure-$$
    tmux new -d -s "$session" -x 120 -y 36 "$bin --seed 1 $*"
    sleep 1
    if [ "$setup" = blink ]; then
        # Show a PIN on the printer, type a different (valid) one at the router: it fails.
        tmux send-keys -t "$session" Down Down Enter Enter Enter Down Enter Tab 1 2 3 4 5 6 7 0 Enter
        sleep 12
    else
        tmux send-keys -t "$session" W
        sleep 4 # the hold is done: the printer waits for the router, its Wi-Fi LED blinking at 1 Hz
    fi
    local pid
    pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
    local out
    out=$(mktemp)
    tmux pipe-pane -t "$session" -o "cat >> $out"
    local cpu_ms
    if command -v perf >/dev/null 2>&1 && perf stat -e task-clock true >/dev/null 2>&1; then
        # Exact CPU time of the process (task-clock, in ms).
        cpu_ms=$(perf stat -x, -e task-clock -p "$pid" -- sleep "$secs" 2>&1 | awk -F, '/task-clock/ {print $1}')
    else
        # Clock ticks from /proc: coarser (10 ms each).
        local t0 t1
        t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        sleep "$secs"
        t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        cpu_ms=$(( (t1 - t0) * 1000 / $(getconf CLK_TCK) ))
    fi
    tmux pipe-pane -t "$session"
    local bytes
    bytes=$(stat -c %s "$out")
    rm -f "$out"
    tmux kill-session -t "$session"
    python3 -c "print(f'{\"$name\":<36} CPU {$cpu_ms / 1000 / $secs * 100:6.3f}% of one core, {$bytes / $secs:7.0f} bytes/s to the terminal')"
}

echo "${secs} s each, 120x36"
measure "only LEDs blinking: draws on change" blink
measure "only LEDs blinking: fixed 60 fps" blink --redraw-fps 60
measure "waiting for router: draws on change" waiting
measure "waiting for router: fixed 60 fps" waiting --redraw-fps 60
