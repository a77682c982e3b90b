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
PASSWORD=bench-admin-password

source "$ROOT/tools/bench/lib.sh"
HTTP_PORT=$(free_port)

HOST_PID=
cleanup() {
  [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null || true
  pg_stop "$PGDATA"
  [[ -n "${KEEP:-}" ]] && cp "$WORK/host.log" /tmp/bench-host.log; rm -rf "$WORK"
}
trap cleanup EXIT


if [[ -z "${NO_BUILD:-}" ]]; then
  echo "building the host and the CLI (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/tools/MailHub.Cli/MailHub.Cli.csproj" -c Release -v q -nologo >/dev/null
fi
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"
MAILHUB=(dotnet "$ROOT/tools/MailHub.Cli/bin/Release/net10.0/mailhub.dll")

pg_start "$PGDATA" "-c shared_buffers=512MB -c max_wal_size=8GB ${PG_OPTS:-}"
fresh=$PG_FRESH
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
wait_port "$HTTP_PORT" "$WORK/host.log"

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
