#!/usr/bin/env bash
# Load figures for the MailHub SMTP server, driven by Postfix's smtp-source (package postfix),
# with Postfix's smtp-sink on the same box as the upper bound of what the driver can push.
#
#   tools/bench/smtp-load.sh [messages=20000] [size_kb=10] [sessions="1 20 50"]
#
# The server is tools/bench/smtp-server.cs (the real server, a store that copies each message
# into memory and drops it at commit). Loopback only. Each message reuses its connection (-d);
# set RECONNECT=1 to open a connection per message instead.
set -euo pipefail

MESSAGES=${1:-20000}
SIZE_KB=${2:-10}
SESSIONS=${3:-"1 20 50"}
PORT=${PORT:-2526}
SINK_PORT=${SINK_PORT:-2527}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

for tool in smtp-source smtp-sink; do
  command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install -y postfix" >&2; exit 1; }
done

REUSE=-d
[[ "${RECONNECT:-0}" == 1 ]] && REUSE=

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2; exit 1
}

run() { # label port sessions
  local start end
  start=$(date +%s.%N)
  smtp-source $REUSE -s "$3" -m "$MESSAGES" -l $((SIZE_KB * 1024)) \
    -f sender@example.org -t rcpt@example.com -M bench-client.test "127.0.0.1:$2"
  end=$(date +%s.%N)
  awk -v l="$1" -v s="$3" -v m="$MESSAGES" -v a="$start" -v b="$end" \
    'BEGIN { printf "%-10s sessions=%-3d messages=%d  %6.2f s  %8.0f msg/s\n", l, s, m, b - a, m / (b - a) }'
}

echo "building the bench server..."
dotnet build "$ROOT/tools/bench/smtp-server.cs" -c Release >/dev/null
dotnet run --no-build --file "$ROOT/tools/bench/smtp-server.cs" -c Release -- "$PORT" &
pids+=($!)
SINK_USER=()
[[ $(id -u) == 0 ]] && SINK_USER=(-u nobody)  # smtp-sink refuses to run as root
smtp-sink "${SINK_USER[@]}" -c "127.0.0.1:$SINK_PORT" 1024 >/dev/null &
pids+=($!)
wait_port "$PORT"
wait_port "$SINK_PORT"

echo "$(nproc) cores; $MESSAGES messages of $SIZE_KB KB; connection reuse: ${REUSE:-no}"
for s in $SESSIONS; do
  run smtp-sink "$SINK_PORT" "$s"
  run mailhub "$PORT" "$s"
done
