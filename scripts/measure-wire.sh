#!/usr/bin/env bash
# How long one registration takes on a real link, EAPOL-Start to EAP-Failure, measured by
# tshark on the router's interface: hostapd with wpa_supplicant (the reference pair), the
# engine's printer with hostapd, and the engine's router with wpa_supplicant, in the same
# run. Needs root, iproute2, hostapd, wpasupplicant and tshark. Usage: measure-wire.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release -q
exe=$PWD/target/release/printer-panel
work=$(mktemp -d)
r=ppmeasure-r p=ppmeasure-p
cleanup() {
    pkill -f "$work" 2>/dev/null || true
    ip netns del $r 2>/dev/null || true
    ip netns del $p 2>/dev/null || true
    [ -n "${KEEP:-}" ] && cp "$work/cap.pcap" /tmp/measure-last.pcap; rm -rf "$work"
}
trap cleanup EXIT
cleanup_links() { ip netns del $r 2>/dev/null || true; ip netns del $p 2>/dev/null || true; }

cat > "$work/hostapd.conf" <<CONF
interface=vrouter
driver=wired
ctrl_interface=$work/hctrl
ieee8021x=1
eap_server=1
wps_state=2
ssid=HomeNet
wpa=2
wpa_key_mgmt=WPA-PSK
wpa_pairwise=CCMP
wpa_passphrase=correct horse battery
CONF
cat > "$work/wpas.conf" <<CONF
ap_scan=0
network={
 key_mgmt=IEEE8021X
 eap=WSC
 identity="WFA-SimpleConfig-Enrollee-1-0"
 phase1="pbc=1"
 eapol_flags=0
}
CONF

# One registration; prints its duration in milliseconds.
once() {
    local pairing=$1
    cleanup_links
    rm -f "$work"/*.log "$work/cap.pcap"
    ip netns add $r; ip netns add $p
    ip link add name vrouter netns $r type veth peer name vprinter netns $p
    ip -n $r link set vrouter up; ip -n $p link set vprinter up
    ip netns exec $r tshark -q -i vrouter -f "ether proto 0x888e" -w "$work/cap.pcap" 2>/dev/null &
    local tshark=$!
    sleep 1.5
    case $pairing in
        reference|engine-printer)
            ip netns exec $r hostapd "$work/hostapd.conf" > "$work/hostapd.log" 2>&1 &
            for _ in $(seq 50); do grep -q AP-ENABLED "$work/hostapd.log" && break; sleep 0.1; done
            ip netns exec $r hostapd_cli -p "$work/hctrl" wps_pbc > /dev/null ;;
        engine-router)
            ip netns exec $r "$exe" wire router --iface vrouter --pbc --once < /dev/null > "$work/router.log" 2>&1 & ;;
    esac
    case $pairing in
        reference|engine-router)
            ip netns exec $p wpa_supplicant -D wired -i vprinter -c "$work/wpas.conf" > "$work/wpas.log" 2>&1 & ;;
        engine-printer)
            ip netns exec $p "$exe" wire printer --iface vprinter --pbc > "$work/printer.log" 2>&1 & ;;
    esac
    for _ in $(seq 100); do
        grep -qs "WPS-SUCCESS" "$work"/*.log && break
        sleep 0.1
    done
    sleep 0.3
    pkill -f "$work/hostapd.conf" 2>/dev/null || true
    pkill -f "$work/wpas.conf" 2>/dev/null || true
    pkill -f "iface vrouter" 2>/dev/null || true
    pkill -f "iface vprinter" 2>/dev/null || true
    kill $tshark 2>/dev/null || true; wait $tshark 2>/dev/null || true
    tshark -r "$work/cap.pcap" -T fields -e frame.time_relative -e eapol.type -e eap.code 2>/dev/null | awk '
        $2 == 1 && start == "" { start = $1 }
        $3 == 4 && start != "" && end == "" { end = $1 }
        END { if (start != "" && end != "") printf "%.2f\n", (end - start) * 1000; else print "none" }'
}

for pairing in ${PAIRINGS:-reference engine-printer engine-router}; do
    times=()
    for _ in $(seq "$runs"); do times+=("$(once $pairing)"); done
    sorted=$(printf '%s\n' "${times[@]}" | { grep -v none || true; } | sort -n)
    n=$(echo "$sorted" | grep -c . || true)
    median=$(echo "$sorted" | awk -v n="$n" 'NR == int((n + 1) / 2) { print }')
    printf '%-15s median %6s ms   (%s of %s runs; all: %s)\n' "$pairing" "$median" "$n" "$runs" "$(echo $sorted | tr '\n' ' ')"
done
