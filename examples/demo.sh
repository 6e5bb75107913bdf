#!/bin/bash
# The main job in one command: install what is missing, build, start the
# bundled emulated AWS account on loopback, discover it with awsmap-discover,
# and leave graph.json, graph.dot and graph.svg in an output folder.
#
#   examples/demo.sh [OUTPUT_DIR]        (default: ./out)
#
# Against a real account instead (read-only calls only):
#   build/examples/awsmap-discover --profile PROFILE --all-regions --json out/graph.json --dot out/graph.dot
#   build/examples/awsmap-discover --role-arn arn:aws:iam::123456789012:role/awsmap-readonly \
#       --external-id YOUR-EXTERNAL-ID --all-regions --json out/graph.json --dot out/graph.dot
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-out}" && cd "${1:-out}" && pwd)
cd "$root"

tests/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target awsmap-discover >/dev/null

# Start the emulator on an ephemeral port and stop it however we exit.
fifo=$(mktemp -u) && mkfifo "$fifo"
/usr/bin/python3 tests/emulator/awsemu.py --scenario demo --port 0 >"$fifo" 2>"$out/emulator.log" &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -f "$fifo"' EXIT
port=""
while read -r -t 30 line; do
  case $line in AWSEMU_PORT=*) port=${line#AWSEMU_PORT=}; break ;; esac
done <"$fifo"
[ -n "$port" ] || { echo "the emulator did not start; see $out/emulator.log" >&2; exit 1; }
cat "$fifo" >/dev/null & # keep draining its stdout

# The demo account's read-only user, as the scenario declares it.
export AWS_ACCESS_KEY_ID=AKIAEMUDEMO000000001
export AWS_SECRET_ACCESS_KEY=demoSecretKey/0000000000000000000000001
unset AWS_SESSION_TOKEN AWS_PROFILE
status=0
build/examples/awsmap-discover --endpoint-url "http://127.0.0.1:$port" \
  --region us-east-1 --region eu-west-1 \
  --json "$out/graph.json" --dot "$out/graph.dot" || status=$?
[ $status -eq 0 ] || [ $status -eq 3 ] || exit $status

dot -Tsvg "$out/graph.dot" -o "$out/graph.svg"
echo
echo "graph:   $out/graph.json"
echo "diagram: $out/graph.dot -> $out/graph.svg"
