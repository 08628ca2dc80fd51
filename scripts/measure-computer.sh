#!/usr/bin/env bash
# How long a registration takes when a computer runs it through the router (UPnP external
# registrar): from the printer's EAPOL-Start to the router's EAP-Failure, read by tshark on
# the router's interface, the computer already subscribed and holding the PIN. Four pairings
# in the same run: hostapd (the lab's relaying build, tests/interop/build-hostapd) with
# wpa_supplicant as the computer (the reference trio), the engine's router with
# wpa_supplicant's computer, hostapd with the engine's computer, and the engine's router with
# the engine's computer; the printer is wpa_supplicant each time. Needs root, iproute2,
# hostapd's build tools, wpasupplicant and tshark. Usage: measure-computer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
cargo build --release -q
exe=$PWD/target/release/printer-panel
tests/interop/build-hostapd "$PWD/target/lab-hostapd"
hostapd=$PWD/target/lab-hostapd/hostapd
work=$(mktemp -d)
r=ppmeasure-r p=ppmeasure-p
cleanup_links() { ip netns del $r 2>/dev/null || true; ip netns del $p 2>/dev/null || true; }
cleanup() {
    pkill -f "$work" 2>/dev/null || true
    pkill -f "iface vrouter" 2>/dev/null || true
    pkill -f "iface vprinter" 2>/dev/null || true
    cleanup_links
    rm -rf "$work"
}
trap cleanup EXIT

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
upnp_iface=vrouter
friendly_name=Reference AP
ap_pin=87654325
CONF
cat > "$work/er.conf" <<CONF
ctrl_interface=$work/ectrl
update_config=0
network={
 ssid="HomeNet"
 psk="correct horse battery"
 key_mgmt=WPA-PSK
 disabled=1
}
CONF
cat > "$work/wpas.conf" <<CONF
ap_scan=0
network={
 key_mgmt=IEEE8021X
 eap=WSC
 identity="WFA-SimpleConfig-Enrollee-1-0"
 phase1="pin=12345670"
 eapol_flags=0
}
CONF

wait_for() { for _ in $(seq 200); do grep -qs "$2" "$1" && return 0; sleep 0.05; done; echo "no '$2' in $1" >&2; return 1; }

# One registration; prints its duration in milliseconds.
once() {
    local router=$1 computer=$2
    cleanup_links
    pkill -f "$work" 2>/dev/null || true
    rm -rf "$work"/*.log "$work/cap.pcap" "$work/hctrl" "$work/ectrl"
    ip netns add $r; ip netns add $p
    ip link add name vrouter netns $r type veth peer name vprinter netns $p
    ip -n $r link set vrouter up; ip -n $p link set vprinter up
    ip -n $r link set lo up; ip -n $p link set lo up
    ip -n $r addr add 192.168.50.1/24 dev vrouter; ip -n $p addr add 192.168.50.2/24 dev vprinter
    ip netns exec $r tshark -q -i vrouter -f "ether proto 0x888e" -w "$work/cap.pcap" 2>/dev/null &
    local tshark=$!
    sleep 1.5
    case $router in
        hostapd)
            ip netns exec $r "$hostapd" "$work/hostapd.conf" > "$work/hostapd.log" 2>&1 &
            wait_for "$work/hostapd.log" AP-ENABLED ;;
        engine)
            ip netns exec $r "$exe" wire router --iface vrouter --upnp vrouter --ap-pin 87654325 --once -d \
                < /dev/null > "$work/router.log" 2>&1 &
            wait_for "$work/router.log" "device described" ;;
    esac
    case $computer in
        wpa_supplicant)
            ip netns exec $p wpa_supplicant -d -D none -i vprinter -c "$work/er.conf" > "$work/er.log" 2>&1 &
            for _ in $(seq 100); do [ -e "$work/ectrl/vprinter" ] && break; sleep 0.05; done
            ip netns exec $p wpa_cli -p "$work/ectrl" -i vprinter wps_er_start ifname=vprinter > /dev/null
            ip netns exec $p wpa_cli -p "$work/ectrl" -i vprinter wps_er_pin any 12345670 > /dev/null
            wait_for "$work/er.log" WPS-ER-AP-ADD
            uuid=$(grep -o 'WPS-ER-AP-ADD [0-9a-f-]*' "$work/er.log" | head -1 | cut -d' ' -f2)
            ip netns exec $p wpa_cli -p "$work/ectrl" -i vprinter wps_er_set_config "$uuid" 0 > /dev/null ;;
        engine)
            ip netns exec $p "$exe" wire computer --iface vprinter --pin 12345670 > "$work/computer.log" 2>&1 &
            wait_for "$work/computer.log" WPS-ER-AP-ADD ;;
    esac
    ip netns exec $p wpa_supplicant -D wired -i vprinter -c "$work/wpas.conf" > "$work/wpas.log" 2>&1 &
    wait_for "$work/wpas.log" WPS-SUCCESS || true
    sleep 0.3
    pkill -f "$work" 2>/dev/null || true
    pkill -f "iface vrouter" 2>/dev/null || true
    pkill -f "iface vprinter" 2>/dev/null || true
    kill $tshark 2>/dev/null || true; wait $tshark 2>/dev/null || true
    tshark -r "$work/cap.pcap" -T fields -e frame.time_relative -e eapol.type -e eap.code 2>/dev/null | awk '
        $2 == 1 && start == "" { start = $1 }
        $3 == 4 && start != "" { end = $1 }
        END { if (start != "" && end != "") printf "%.2f\n", (end - start) * 1000; else print "none" }'
}

for pairing in ${PAIRINGS:-hostapd:wpa_supplicant engine:wpa_supplicant hostapd:engine engine:engine}; do
    times=()
    for _ in $(seq "$runs"); do times+=("$(once "${pairing%%:*}" "${pairing##*:}")"); done
    sorted=$(printf '%s\n' "${times[@]}" | { grep -v none || true; } | sort -n)
    n=$(echo "$sorted" | grep -c . || true)
    median=$(echo "$sorted" | awk -v n="$n" 'NR == int((n + 1) / 2) { print }')
    printf 'router %-8s computer %-15s median %7s ms   (%s of %s runs; all: %s)\n' \
        "${pairing%%:*}" "${pairing##*:}" "$median" "$n" "$runs" "$(echo $sorted | tr '\n' ' ')"
done
