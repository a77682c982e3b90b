#!/usr/bin/env bash
# A MailHub cluster on this machine: N nodes (default 3) as separate processes on one PostgreSQL, all on
# loopback. Each node is a full MailHub (HTTP API, SMTP listener, mailbox sync) with its Orleans silo; they
# find each other through the membership table in the shared database. Ctrl-C stops them all.
#
#   tools/cluster/run.sh [nodes=3]
#   tools/cluster/run.sh [nodes=3] --failover
#
# --failover plays the story of tests/MailHub.Channels.Tests/Cluster/FailoverTests.cs by hand and then stops
# everything: a private Dovecot (tests/peers; run tests/peers/install.sh once as root) with an IMAP mailbox
# importing mail while more arrives, SMTP mail to every node, a QA sandbox desk with an agent, kill -9 of the node
# syncing the mailbox mid-sync, and the checks (tools/cluster/failover.py says each with its figures).
#
# Environment: MAILHUB_DB (a connection string: use that database instead of starting a PostgreSQL here),
# BASE_HTTP (5081), BASE_SMTP (2526), BASE_SILO (11111), ADMIN_PASSWORD (cluster-admin-password),
# KEEP=1 (keep the work folder with the database and each node's log).
# Needs: the .NET SDK; without MAILHUB_DB, PostgreSQL's server binaries (apt-get install postgresql).
set -euo pipefail

NODES=3 FAILOVER=""
for arg in "$@"; do
  case "$arg" in
    --failover) FAILOVER=1 ;;
    [0-9]*) NODES=$arg ;;
    *) echo "unknown argument $arg: tools/cluster/run.sh [nodes] [--failover]" >&2; exit 2 ;;
  esac
done
BASE_HTTP=${BASE_HTTP:-5081}
BASE_SMTP=${BASE_SMTP:-2526}
BASE_SILO=${BASE_SILO:-11111}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-cluster-admin-password}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-cluster-XXXX)
chmod 755 "$WORK"

pids=()
PG_BIN=""
DOVECOT_PID=""
AS_PG=(); [[ $(id -u) == 0 ]] && AS_PG=(runuser -u postgres --)
cleanup() {
  trap - INT TERM EXIT
  echo; echo "stopping ${#pids[@]} nodes..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n "$DOVECOT_PID" ]] && { kill "$DOVECOT_PID" 2>/dev/null; wait "$DOVECOT_PID" 2>/dev/null || true; }
  [[ -n "$PG_BIN" ]] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" stop -D "$WORK/pg" -m fast >/dev/null 2>&1 || true
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup INT TERM EXIT

wait_http() { # port log
  for _ in $(seq 1 1200); do
    curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "node on port $1 did not answer /health; its log:" >&2; tail -40 "$2" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The failover story's settings: an import paced so the kill lands mid-sync, quick polls, and new mailboxes'
# addresses taken by every node's SMTP listener within a second.
STORY=()
[[ -n "$FAILOVER" ]] && STORY=(MailHub__Sync__ImportThrottle=00:00:00.050 MailHub__Sync__BatchSize=25
  MailHub__Sync__PollInterval=00:00:02 MailHub__Sync__RetryDelay=00:00:01 MailHub__Smtp__ClaimCacheDuration=00:00:01)

echo "building the host (Release)..."
dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo >/dev/null
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"

if [[ -n "${MAILHUB_DB:-}" ]]; then
  DB=$MAILHUB_DB
else
  PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
  PG_PORT=$(free_port)
  echo "starting PostgreSQL on 127.0.0.1:$PG_PORT..."
  mkdir -p "$WORK/pg" && [[ ${#AS_PG[@]} -gt 0 ]] && chown postgres "$WORK/pg"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U mailhub --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" start -D "$WORK/pg" -w -l "$WORK/pg/server.log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
  psql -h 127.0.0.1 -p "$PG_PORT" -U mailhub -d postgres -qAt -c "CREATE DATABASE mailhub"
  DB="Host=127.0.0.1;Port=$PG_PORT;Username=mailhub;Database=mailhub"
fi

for i in $(seq 0 $((NODES - 1))); do
  http=$((BASE_HTTP + i)); smtp=$((BASE_SMTP + i)); silo=$((BASE_SILO + i))
  mkdir -p "$WORK/node$i"
  (cd "$WORK/node$i" && \
   ConnectionStrings__MailHub="$DB" urls="http://127.0.0.1:$http" \
   MailHub__Admin__Email=admin@mailhub.local MailHub__Admin__Password="$ADMIN_PASSWORD" \
   MailHub__Cluster__SiloPort=$silo MailHub__Cluster__AdvertisedAddress=127.0.0.1 \
   MailHub__Smtp__Endpoints__0__Port=$smtp \
   exec env "${STORY[@]}" dotnet "$HOST_DLL" >>"$WORK/node$i/node.log" 2>&1) &
  pids+=($!)
  # One at a time: the first applies the migrations, the others then join its cluster.
  wait_http "$http" "$WORK/node$i/node.log"
  echo "node $i: http://127.0.0.1:$http  smtp 127.0.0.1:$smtp  silo 127.0.0.1:$silo  pid ${pids[-1]}  log $WORK/node$i/node.log"
  echo "$i $http $smtp $silo ${pids[-1]} $WORK/node$i/node.log" >>"$WORK/nodes"
done

if [[ -n "$FAILOVER" ]]; then
  "$ROOT/tests/peers/install.sh" >/dev/null || { echo "Dovecot for the story is missing: run tests/peers/install.sh as root" >&2; exit 1; }
  read -r IMAP IMAPS POP3 POP3S AUTH LMTP <<<"$(for _ in 1 2 3 4 5 6; do free_port; done | tr '\n' ' ')"
  "$ROOT/tests/peers/start-dovecot.sh" "$WORK/dovecot" "$IMAP" "$IMAPS" "$POP3" "$POP3S" "$AUTH" "$LMTP" >"$WORK/dovecot.out" 2>&1 &
  DOVECOT_PID=$!
  for _ in $(seq 1 300); do (echo >"/dev/tcp/127.0.0.1/$IMAPS") 2>/dev/null && break; sleep 0.1; done
  echo "Dovecot: IMAPS 127.0.0.1:$IMAPS, user erin / secret"
  echo
  status=0
  python3 "$ROOT/tools/cluster/failover.py" --nodes "$WORK/nodes" --imaps "$IMAPS" --maildir "$WORK/dovecot/mail/erin/Maildir" \
    --password "$ADMIN_PASSWORD" || status=$?
  exit $status
fi

echo
echo "$NODES nodes on one database; admin@mailhub.local / $ADMIN_PASSWORD on every node."
echo "curl -s http://127.0.0.1:$BASE_HTTP/health   # the cluster entry counts the active nodes"
echo "kill -9 <pid> of a node: its mailboxes resume on another node within seconds. Ctrl-C stops all."
wait -n "${pids[@]}" || true
echo "a node exited; see its log"
wait
