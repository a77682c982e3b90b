#!/usr/bin/env bash
# Campaign sending throughput: the Release host on its embedded PostgreSQL (as the README starts it) sends one campaign
# of N recipients through a mailbox whose SMTP server is Postfix's smtp-sink on loopback. Prints the audience upload's
# time, messages per second from "send" to "done" (every recipient's outcome recorded), the host's CPU ms per message
# and its peak RSS (VmHWM).
#
#   tools/bench/campaign-send.sh [recipients=10000] [outbox_workers=8]
#
# Environment: HOST_DIR (a built host's folder; default: build src/MailHub.Host in Release without the console),
# SANDBOX=1 (a QA sandbox mailbox instead: the outbox captures each message in the database, no SMTP session; what is
# left is the campaign's own cost and the outbox's per-row transaction), KEEP=1 (keep the work folder and logs),
# TRACE=seconds (a dotnet-trace CPU sample of the host for that long from "send", kept as send.nettrace with a
# top-functions report in trace.txt; needs dotnet-trace), COUNTERS=1 (dotnet-counters' runtime counters during the send,
# in counters.csv).
# Needs: postfix (smtp-sink), PostgreSQL server binaries (initdb, pg_ctl), python3, curl. Loopback only.
set -euo pipefail

RECIPIENTS=${1:-10000}
WORKERS=${2:-8}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-campaign-bench-XXXX)
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port); SINK_PORT=$(free_port); SMTP_PORT=$(free_port)
SINK_USER=(); [[ $(id -u) == 0 ]] && SINK_USER=(-u nobody)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [[ -n "${HOST_DIR:-}" ]]; then HOST_DIR=$(cd "$HOST_DIR" && pwd); fi
if [[ -z "${HOST_DIR:-}" ]]; then
  echo "building the host (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo -p:SkipConsoleBuild=true >/dev/null
  HOST_DIR="$ROOT/src/MailHub.Host/bin/Release/net10.0"
fi

smtp-sink "${SINK_USER[@]}" 127.0.0.1:$SINK_PORT 1000 >"$WORK/sink.log" 2>&1 &
pids+=($!)

(cd "$WORK" && exec env urls=http://127.0.0.1:$HTTP_PORT MailHub__Database__DataDirectory="$WORK/pgdata" \
  MailHub__Admin__Password=bench-admin-password MailHub__Outbound__Workers=$WORKERS MailHub__Outbound__SessionsPerMailbox=${SESSIONS:-3} \
  MailHub__Smtp__Endpoints__0__Port=$SMTP_PORT MailHub__Smtp__Endpoints__0__TlsMode=None \
  MailHub__Smtp__CertificatePath="$WORK/smtp-cert.pfx" MailHub__Cluster__SiloPort=0 \
  dotnet "$HOST_DIR/MailHub.Host.dll" >"$WORK/host.log" 2>&1) &
pids+=($!)
LAUNCHER=$!
API=http://127.0.0.1:$HTTP_PORT
for _ in $(seq 1 900); do curl -sf "$API/health" >/dev/null 2>&1 && break; sleep 0.2; done
HOST_PID=$(pgrep -P "$LAUNCHER" | head -1 || true); [[ -z "$HOST_PID" ]] && HOST_PID=$LAUNCHER
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TOKEN=$(curl -sf -H 'content-type: application/json' -d '{"email":"admin@mailhub.local","password":"bench-admin-password"}' "$API/api/auth/token" | json "['accessToken']")
call() { curl -sf -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }

if [[ -n "${SANDBOX:-}" ]]; then
  MAILBOX=$(call -d '{"name":"Bench","inbound":{"protocol":"sandbox"}}' "$API/api/channels/mailboxes" | json "['id']")
else
  MAILBOX=$(call -d "{\"name\":\"Bench\",\"address\":\"news@bench.example.com\",\"inbound\":{\"protocol\":\"relay\"},\"outbound\":{\"host\":\"127.0.0.1\",\"port\":$SINK_PORT,\"security\":\"none\"}}" \
    "$API/api/channels/mailboxes" | json "['id']")
fi
call -X PUT -d '{"perMinute":1000000,"perDay":100000000}' "$API/api/campaigns/pace/$MAILBOX" >/dev/null
python3 - "$RECIPIENTS" >"$WORK/list.csv" <<'PY'
import sys
print("email,name,city")
for i in range(int(sys.argv[1])):
    print(f"reader{i:07d}@example.org,Reader {i},Shanghai")
PY
t0=$(date +%s.%N)
AUDIENCE=$(curl -sf -H "authorization: Bearer $TOKEN" -F name=bench -F "file=@$WORK/list.csv" "$API/api/campaigns/audiences" | json "['id']")
t1=$(date +%s.%N)
CAMPAIGN=$(call -d "{\"name\":\"Bench\",\"audienceId\":\"$AUDIENCE\",\"mailboxIds\":[\"$MAILBOX\"],\"subject\":\"Hello {{ name }}\",\"html\":\"<p>Hello {{ name }} from {{ city }}</p>\",\"text\":\"Hello {{ name }} from {{ city }}\"}" \
  "$API/api/campaigns" | json "['id']")
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
RSS_BEFORE=$(grep -E 'VmRSS' "/proc/$HOST_PID/status" | awk '{print $2}')
HWM_UPLOAD=$(grep -E 'VmHWM' "/proc/$HOST_PID/status" | awk '{print $2}')
# The send's own peak: VmHWM reset to the current RSS (Linux: clear_refs 5), so the upload's peak does not count in it.
echo 5 >"/proc/$HOST_PID/clear_refs" 2>/dev/null || true
CPU0=$(cpu "$HOST_PID")
t2=$(date +%s.%N)
call -X POST "$API/api/campaigns/$CAMPAIGN/send" >/dev/null
if [[ -n "${TRACE:-}" ]]; then
  KEEP=1
  dotnet-trace collect -p "$HOST_PID" --profile dotnet-sampled-thread-time --duration "00:00:$(printf %02d "$TRACE")" -o "$WORK/send.nettrace" >"$WORK/trace.log" 2>&1 &
  pids+=($!)
fi
if [[ -n "${COUNTERS:-}" ]]; then
  KEEP=1
  dotnet-counters collect -p "$HOST_PID" --format csv -o "$WORK/counters.csv" --counters System.Runtime >"$WORK/counters.log" 2>&1 &
  pids+=($!)
fi
PG_PORT=$(grep -o 'Embedded PostgreSQL started from .* on 127.0.0.1:[0-9]*' "$WORK/host.log" | grep -o '[0-9]*$' || true)
sql() { PGPASSWORD=$(cat "$WORK/pgdata.password") psql -h 127.0.0.1 -p "$PG_PORT" -U mailhub -d mailhub -Atqc "$1" 2>/dev/null || true; }
# Progress every ~5 s (in progress.log): recipients queued / sending / sent, outbox rows queued, host RSS.
while true; do
  STATUS=$(call "$API/api/campaigns/$CAMPAIGN" | json "['status']")
  [[ $STATUS == done ]] && break
  if [[ -n "$PG_PORT" && $(( SECONDS % 5 )) == 0 ]]; then
    echo "$(date +%T) $(sql "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM campaigns.recipients GROUP BY 1) s") | outbox queued $(sql "SELECT count(*) FROM channels.outbox WHERE state = 'queued'") | rss $(grep VmRSS /proc/$HOST_PID/status | awk '{print $2}') kB | load $(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/progress.log"
  fi
  sleep 0.5
done
t3=$(date +%s.%N)
CPU1=$(cpu "$HOST_PID")
COUNTS=$(call "$API/api/campaigns/$CAMPAIGN" | json "['counts']")
TICKS=$(getconf CLK_TCK)
python3 - <<PY
n=$RECIPIENTS; up=$t1-$t0; send=$t3-$t2; cpu=($CPU1-$CPU0)/$TICKS
print(f"recipients {n:,}, outbox workers $WORKERS, {'sandbox (captured)' if '${SANDBOX:-}' else 'smtp-sink'}")
print(f"upload     {up:.1f} s ({n/up:,.0f} rows/s)")
print(f"send       {send:.1f} s: {n/send:,.0f} msg/s from send to done")
print(f"host CPU   {cpu*1000/n:.2f} ms per message")
PY
echo "counts     $COUNTS"
echo "host       VmHWM up to send (start, upload): $HWM_UPLOAD kB; VmRSS at send: $RSS_BEFORE kB"
grep -E 'VmHWM' "/proc/$HOST_PID/status" | sed 's/^VmHWM:\s*/host       VmHWM during send: /' 
echo "load       $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -f "$WORK/progress.log" ]] && sed 's/^/progress   /' "$WORK/progress.log"
