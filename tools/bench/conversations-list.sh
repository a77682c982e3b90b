#!/usr/bin/env bash
# Issue #7's figure: GET /api/conversations (list, filters, a deep cursor page, q= searches) through the real
# host on a database seeded with 100,000 conversations and 1,000,000 messages; p50/p95/p99 per kind of call,
# one request at a time, as JSON lines.
#
#   tools/bench/conversations-list.sh [conversations=100000] [messages=1000000] [requests=200]
#
# DATA=/some/folder keeps the seeded PostgreSQL cluster there and reuses it on the next run (seeding takes
# minutes); migrations added since are applied by the host when it starts. EXPLAIN=1 also prints the plans;
# NO_BUILD=1 uses the Release builds as they are.
# Needs: PostgreSQL server binaries (initdb, pg_ctl) with pg_trgm, psql. Loopback only.
set -euo pipefail

CONVERSATIONS=${1:-100000}
MESSAGES=${2:-1000000}
REQUESTS=${3:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-bench-XXXX)
chmod 755 "$WORK"
PGDATA=${DATA:-$WORK/pg}
PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
PASSWORD=bench-admin-password

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT=$(free_port); HTTP_PORT=$(free_port)
AS_PG=(); [[ $(id -u) == 0 ]] && AS_PG=(runuser -u postgres --)

HOST_PID=
cleanup() {
  [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null || true
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast >/dev/null 2>&1 || true
  [[ -n "${KEEP:-}" ]] && cp "$WORK/host.log" /tmp/bench-host.log; rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 6000); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on port $1" >&2; tail -20 "$WORK/host.log" >&2; exit 1
}

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "building the host and the CLI (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/tools/MailHub.Cli/MailHub.Cli.csproj" -c Release -v q -nologo >/dev/null
fi
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"
MAILHUB=(dotnet "$ROOT/tools/MailHub.Cli/bin/Release/net10.0/mailhub.dll")

fresh=
if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
  fresh=1
  mkdir -p "$PGDATA" && [[ ${#AS_PG[@]} -gt 0 ]] && chown postgres "$PGDATA" && chmod 700 "$PGDATA"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U mailhub --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# Durability as shipped; shared_buffers as a small production server would have it.
"${AS_PG[@]}" "$PG_BIN/pg_ctl" start -D "$PGDATA" -w -l "$PGDATA/server.log" \
  -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=8GB ${PG_OPTS:-}" >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, data in $PGDATA"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U mailhub -qAt)
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=mailhub;Database=mailhub"
[[ -n "$fresh" ]] && "${PSQL[@]}" -d postgres -c "CREATE DATABASE mailhub"
# On a kept DATA folder this only applies new migrations: on a million rows they outlast the host's 30 s timeout.
echo "seeding $CONVERSATIONS conversations, $MESSAGES messages..."
"${MAILHUB[@]}" seed conversations --connection "$CONNECTION" --conversations "$CONVERSATIONS" --messages "$MESSAGES"
"${PSQL[@]}" -d mailhub -c "SELECT format('%s conversations, %s messages, tables and indexes %s', \
  (SELECT count(*) FROM conversations.conversations), (SELECT count(*) FROM conversations.messages), \
  pg_size_pretty(pg_database_size('mailhub')))"

# The list is rate limited (MailHub:RateLimits:Search, 120 a minute per account); the benchmark measures latency, not the limit.
echo "starting the host on 127.0.0.1:$HTTP_PORT..."
(cd "$(dirname "$HOST_DLL")" && \
 ConnectionStrings__MailHub="$CONNECTION" urls="http://127.0.0.1:$HTTP_PORT" MailHub__Admin__Password=$PASSWORD \
 MailHub__Smtp__Enabled=false Logging__LogLevel__Default=Warning \
 MailHub__RateLimits__Search__PermitLimit=1000000 \
 exec dotnet "$HOST_DLL" >>"$WORK/host.log" 2>&1) &
HOST_PID=$!
wait_port "$HTTP_PORT"

echo "$(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
"${MAILHUB[@]}" bench-api conversations --url "http://127.0.0.1:$HTTP_PORT" --email admin@mailhub.local \
  --password "$PASSWORD" --requests "$REQUESTS"
echo "load after: $(uptime | sed 's/.*load average/load average/')"

if [[ -n "${EXPLAIN:-}" ]]; then
  # The list query as ConversationQueries builds it, for the searches (the slowest kinds): one CJK character
  # uses search_unigrams (migration 0003), two search_bigrams (0002), anything else LIKE (trigram index).
  for q in 退 蓝 退款 保修 优惠券 warranty ouyang.zihan; do
    case "$(python3 -c 'import sys; q=sys.argv[1]; print(len(q) if all("\u3400"<=c<="\u9fff" or "\uf900"<=c<="\ufaff" for c in q) else 0)' "$q")" in
      1) where="search_unigrams @> ARRAY['$q']" ;;
      2) where="search_bigrams @> ARRAY['$q']" ;;
      *) where="search LIKE '%$q%'" ;;
    esac
    echo "--- q=$q"
    "${PSQL[@]}" -d mailhub -c "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM conversations.conversations \
      WHERE $where ORDER BY last_message_at DESC, id DESC LIMIT 26"
  done
fi
