#!/usr/bin/env bash
# Issue #16's figures: the console in Chromium on a database of 100,000 conversations. Seeds them (COPY BINARY through
# `mailhub seed conversations`, timed), starts the Release host (which serves the console it built), makes an agent who
# has a share of them (the seeded assignee with the most, handed to a directory member), and measures in headless
# Chromium (tools/bench/console-load.cs, Microsoft.Playwright): from pressing "Sign in" to the first page of the list
# on screen, and from a click on a conversation to its messages on screen; p50/p95/max over RUNS fresh browser contexts.
#
#   tools/bench/console-load.sh [conversations=100000] [messages=300000] [runs=10]
#
# DATA=/some/folder keeps the seeded PostgreSQL cluster there and reuses it (seeding is skipped when it has rows);
# LIVE=N (tools/bench/console-live.sh) measures instead, with the admin's list open (view=all), N mails sent over plain
# SMTP to a sandbox mailbox, each from the server's 250 after DATA to its row on screen; conversations=0 seeds nothing.
# NO_BUILD=1 uses the Release builds as they are; KEEP=1 keeps the host's log in /tmp/console-load-host.log.
# Needs: PostgreSQL server binaries (initdb, pg_ctl) with pg_trgm, psql, curl, python3, /usr/bin/chromium. Loopback only.
set -euo pipefail

CONVERSATIONS=${1:-100000}
MESSAGES=${2:-300000}
RUNS=${3:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-console-bench-XXXX)
chmod 755 "$WORK"
PGDATA=${DATA:-$WORK/pg}
PASSWORD=bench-admin-password
AGENT_PASSWORD=bench-agent-password

source "$ROOT/tools/bench/lib.sh"
HTTP_PORT=$(free_port); SMTP_PORT=$(free_port)
URL="http://127.0.0.1:$HTTP_PORT"

HOST_PID=
cleanup() {
  if [[ -n "$HOST_PID" ]]; then # the host can outwait a TERM (PostgreSQL stopping under it): KILL after 10 s
    kill "$HOST_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$HOST_PID" 2>/dev/null || true
  fi
  pg_stop "$PGDATA"
  [[ -n "${KEEP:-}" ]] && cp "$WORK/host.log" /tmp/console-load-host.log; rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "building the host (with the console), the CLI and the browser driver (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/tools/MailHub.Cli/MailHub.Cli.csproj" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/tools/bench/console-load.cs" -c Release -v q -nologo >/dev/null
fi
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"
MAILHUB=(dotnet "$ROOT/tools/MailHub.Cli/bin/Release/net10.0/mailhub.dll")
# The build writes the console into the project's wwwroot (publish copies it): the host runs from the project folder.
[[ -f "$ROOT/src/MailHub.Host/wwwroot/index.html" ]] || { echo "the host was built without the console (src/MailHub.Host/wwwroot)" >&2; exit 1; }

pg_start "$PGDATA" "-c shared_buffers=512MB -c max_wal_size=8GB ${PG_OPTS:-}"
fresh=$PG_FRESH

if [[ $CONVERSATIONS -gt 0 ]]; then
echo "seeding $CONVERSATIONS conversations, $MESSAGES messages (COPY BINARY)..."
started=$(now)
"${MAILHUB[@]}" seed conversations --connection "$CONNECTION" --conversations "$CONVERSATIONS" --messages "$MESSAGES"
echo "{\"figure\":\"seed\",\"conversations\":$("${PSQL[@]}" -c "SELECT count(*) FROM conversations.conversations"),\"messages\":$("${PSQL[@]}" -c "SELECT count(*) FROM conversations.messages"),\"seconds\":$(since "$started")}"
fi

# One agent signs in RUNS+1 times within a minute or two: the sign-in and list limits would measure themselves.
SMTP=(MailHub__Smtp__Enabled=false)
[[ -n "${LIVE:-}" ]] && SMTP=(MailHub__Smtp__ServerName=mailhub.bench MailHub__Smtp__Endpoints__0__Name=bench
  MailHub__Smtp__Endpoints__0__Address=127.0.0.1 MailHub__Smtp__Endpoints__0__Port=$SMTP_PORT
  MailHub__Smtp__Endpoints__0__TlsMode=None MailHub__Smtp__CertificatePath=$WORK/smtp-cert.pfx)
echo "starting the host on $URL..."
env -C "$ROOT/src/MailHub.Host" \
 ConnectionStrings__MailHub="$CONNECTION" urls="$URL" MailHub__Admin__Password=$PASSWORD \
 "${SMTP[@]}" Logging__LogLevel__Default=Warning \
 MailHub__RateLimits__SignIn__PermitLimit=1000000 MailHub__RateLimits__SignInPerAccount__PermitLimit=1000000 \
 MailHub__RateLimits__Search__PermitLimit=1000000 \
 dotnet "$HOST_DLL" >>"$WORK/host.log" 2>&1 &
HOST_PID=$!
wait_port "$HTTP_PORT" "$WORK/host.log"

# An agent of a team, given every conversation of the seeded assignee who has the most: their "Mine" is a full list.
TOKEN=$(curl -sf "$URL/api/auth/token" -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@mailhub.local\",\"password\":\"$PASSWORD\"}" | json "['accessToken']")
api() { curl -sf "$URL$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "${@:2}"; }
AGENT_EMAIL=bench.agent@example.cn
AGENT=$("${PSQL[@]}" -c "SELECT id FROM directory.members WHERE email = '$AGENT_EMAIL'")
if [[ -z "$AGENT" ]]; then
  TEAM=$(api /api/directory/departments -d '{"name":"售后一组"}' | json "['id']")
  AGENT=$(api /api/directory/members -d "{\"account\":\"bench.agent\",\"name\":\"王小明\",\"email\":\"$AGENT_EMAIL\",\"password\":\"$AGENT_PASSWORD\",\"role\":\"agent\",\"departmentIds\":[\"$TEAM\"]}" | json "['id']")
  "${PSQL[@]}" -c "UPDATE conversations.conversations SET assignee_id = '$AGENT', assignee_name = '王小明', team_id = '$TEAM', team_name = '售后一组'
    WHERE assignee_id = (SELECT assignee_id FROM conversations.conversations WHERE assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)"
  "${PSQL[@]}" -c "VACUUM ANALYZE conversations.conversations"
fi
echo "the agent has $("${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE status = 'open') || ' open of ' || count(*) FROM conversations.conversations WHERE assignee_id = '$AGENT'") conversations"

if [[ -n "${LIVE:-}" ]]; then
  wait_port "$SMTP_PORT" "$WORK/host.log"
  MAILBOX=$(api /api/channels/mailboxes -d '{"name":"bench-live-'$SMTP_PORT'","displayName":"Bench live","inbound":{"protocol":"sandbox"}}' | json "['address']")
  echo "$(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
  LIVE_SMTP=127.0.0.1:$SMTP_PORT LIVE_TO=$MAILBOX dotnet run --no-build --file "$ROOT/tools/bench/console-load.cs" -c Release -- \
    "$URL" admin@mailhub.local "$PASSWORD" "$LIVE"
  echo "load after: $(uptime | sed 's/.*load average/load average/')"
  exit 0
fi
echo "$(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
dotnet run --no-build --file "$ROOT/tools/bench/console-load.cs" -c Release -- "$URL" "$AGENT_EMAIL" "$AGENT_PASSWORD" "$RUNS"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
