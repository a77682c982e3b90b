#!/usr/bin/env bash
# Durable-store figures for the host's SMTP listener, measured on the product as it ships: the Release host
# started the way the README starts it (no connection string, so on its embedded PostgreSQL; default
# logging), messages per second stored (synchronous_commit on, fsync on), driven by Postfix's smtp-source,
# beside the same run against Postfix's smtp-sink; then the host's peak RSS with 50 connections each
# sending one 25 MB message.
#
#   tools/bench/inbound-load.sh [messages=20000] [size_kb=10] [sessions="1 20 50"]
#
# Environment:
#   ENVIRONMENTS  ASP.NET Core environments to measure, each on a fresh host and database
#                 (default "Production Development"; `dotnet run` picks Development via launchSettings.json)
#   MAILHUB_DB    unset: the host's embedded PostgreSQL (default);
#                 own: a PostgreSQL started here (shared_buffers 512MB, max_wal_size 8GB, plus PG_OPTS);
#                 postgresql://user:password@host:port/database: an existing server
#   HOST_DIR      a built host's folder (default: build src/MailHub.Host in Release and use that)
#   DOTNET_RUN=1  start the host the way the README does, `dotnet run --project src/MailHub.Host` (Debug build,
#                 launchSettings.json's Development), instead of the Release build in each of ENVIRONMENTS
#   WARMUP (4000), BIG_MB (25), BIG_SESSIONS (50; 0 skips the peak-memory run), KEEP=1 (keep the logs)
#
# Each run also prints the CPU it cost per message: the load generator (smtp-source), the server (smtp-sink or
# the host) and PostgreSQL, the machine's busy share and load average. smtp-source and smtp-sink alone fill
# both cores of a 2-core machine at about 5,000 msg/s, which bounds every server measured here; compare the
# ratio to smtp-sink across runs, not msg/s, when the machine is shared.
#
# Needs: postfix (smtp-source, smtp-sink), PostgreSQL server binaries (initdb, pg_ctl), psql, python3.
# Loopback only. Each row count is checked in the database after the run.
set -euo pipefail

MESSAGES=${1:-20000}
SIZE_KB=${2:-10}
SESSIONS=${3:-"1 20 50"}
ENVIRONMENTS=${ENVIRONMENTS:-"Production Development"}
BIG_MB=${BIG_MB:-25}
BIG_SESSIONS=${BIG_SESSIONS:-50}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-bench-XXXX)
chmod 755 "$WORK"
PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SMTP_PORT=$(free_port); SINK_PORT=$(free_port)
AS_PG=(); [[ $(id -u) == 0 ]] && AS_PG=(runuser -u postgres --)
SINK_USER=(); [[ $(id -u) == 0 ]] && SINK_USER=(-u nobody)   # smtp-sink refuses to run as root

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -d "$WORK/pg" ]] && { "${AS_PG[@]}" "$PG_BIN/pg_ctl" stop -D "$WORK/pg" -m fast >/dev/null 2>&1 || true; }
  if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

wait_port() { # port log
  for _ in $(seq 1 1800); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on port $1; the log:" >&2; tail -40 "$2" >&2; exit 1
}

if [[ -n "${DOTNET_RUN:-}" ]]; then
  echo "building the host (Debug, as dotnet run does)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -v q -nologo >/dev/null
  ENVIRONMENTS="dotnet-run"
elif [[ -z "${HOST_DIR:-}" ]]; then
  echo "building the host (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo >/dev/null
  HOST_DIR="$ROOT/src/MailHub.Host/bin/Release/net10.0"
fi
HOST_DLL="${HOST_DIR:-}/MailHub.Host.dll"

# The database: where the host's rows are counted (psql) and what the host is given (ConnectionStrings__MailHub).
DB_MODE=${MAILHUB_DB:-embedded}
HOST_DB=""
case "$DB_MODE" in
  embedded) ;;
  own)
    PG_PORT=$(free_port)
    echo "starting a durable PostgreSQL on 127.0.0.1:$PG_PORT..."
    mkdir -p "$WORK/pg" && [[ ${#AS_PG[@]} -gt 0 ]] && chown postgres "$WORK/pg"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U mailhub --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Durability as shipped (fsync, synchronous_commit, full_page_writes on); room for the WAL of a run.
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" start -D "$WORK/pg" -w -l "$WORK/pg/server.log" \
      -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=8GB -c max_connections=200 ${PG_OPTS:-}" >/dev/null
    DB_URL="postgresql://mailhub@127.0.0.1:$PG_PORT/mailhub"
    HOST_DB="Host=127.0.0.1;Port=$PG_PORT;Username=mailhub;Database=mailhub;Maximum Pool Size=100"
    ;;
  postgresql://*|postgres://*)
    DB_URL=$DB_MODE
    HOST_DB=$(python3 -c 'import sys, urllib.parse as u
p = u.urlparse(sys.argv[1])
print(f"Host={p.hostname};Port={p.port or 5432};Username={u.unquote(p.username or \"\")};Password={u.unquote(p.password or \"\")};Database={p.path.lstrip(\"/\") or \"mailhub\"}")' "$DB_MODE")
    DB_MODE=external
    ;;
  *) echo "MAILHUB_DB: unset, own, or a postgresql:// URL" >&2; exit 2 ;;
esac

# Per environment: the embedded server's data folder, from which the port, password and pids are read.
PGDATA_DIR=""
psql_db() { # database, then psql arguments
  local db=$1; shift
  if [[ $DB_MODE == embedded ]]; then
    PGPASSWORD=$(cat "$PGDATA_DIR.password") psql -h 127.0.0.1 -p "$(sed -n 4p "$PGDATA_DIR/postmaster.pid")" \
      -U mailhub -d "$db" -qAt "$@"
  elif [[ $db == mailhub ]]; then psql "$DB_URL" -qAt "$@"
  else psql "${DB_URL%/*}/$db" -qAt "$@"
  fi
}
[[ $DB_MODE == own ]] && psql_db postgres -c "CREATE DATABASE mailhub"

start_host() { # environment log
  local db=() host=(dotnet "$HOST_DLL")
  [[ -n $HOST_DB ]] && db=(ConnectionStrings__MailHub="$HOST_DB")
  [[ $1 == dotnet-run ]] && host=(dotnet run --no-build --project "$ROOT/src/MailHub.Host")
  (cd "$WORK" && exec env "${db[@]}" ASPNETCORE_ENVIRONMENT="${1/dotnet-run/Development}" urls=http://127.0.0.1:0 \
   MailHub__Database__DataDirectory="$PGDATA_DIR" MailHub__Admin__Password=bench-admin-password \
   MailHub__Smtp__Endpoints__0__Port=$SMTP_PORT MailHub__Smtp__Endpoints__0__TlsMode=None \
   MailHub__Smtp__AcceptDomains__0=example.com MailHub__Smtp__MaxConnectionsPerIp=1000 \
   MailHub__Smtp__SpoolDirectory="$WORK/spool" MailHub__Smtp__CertificatePath="$WORK/smtp-cert.pfx" \
   MailHub__Cluster__SiloPort=0 \
   "${host[@]}" >>"$2" 2>&1) &
  HOST_PID=$!
  LAUNCHER_PID=$HOST_PID
  pids+=("$HOST_PID")
  wait_port "$SMTP_PORT" "$2"
  # dotnet run starts the host as a child process: measure that one.
  [[ $1 == dotnet-run ]] && HOST_PID=$(pgrep -P "$LAUNCHER_PID" | head -1) && pids+=("$HOST_PID")
  return 0
}
stop_host() { kill "$HOST_PID"; wait "$LAUNCHER_PID" 2>/dev/null || true; }

stored() { psql_db mailhub -c "SELECT count(*) FROM channels.inbound_messages"; }

TICKS=$(getconf CLK_TCK)
# CPU seconds (user + system, with reaped children) of the given processes, from /proc/<pid>/stat.
cpu_of() { local t=0 f; for p in "$@"; do [[ -r /proc/$p/stat ]] || continue
  f=($(sed 's/.*) //' "/proc/$p/stat")); t=$((t + f[11] + f[12] + f[13] + f[14])); done
  awk -v t=$t -v h="$TICKS" 'BEGIN { printf "%.3f", t / h }'; }
pg_pids() { local dir main
  case $DB_MODE in embedded) dir=$PGDATA_DIR ;; own) dir=$WORK/pg ;; *) return 0 ;; esac
  main=$(head -1 "$dir/postmaster.pid"); echo "$main" $(pgrep -P "$main"); }
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

run() { # label port sessions messages size_bytes server_pid
  local start end gen server0 server1 pg0 pg1 b0 b1
  server0=$(cpu_of "$6"); pg0=$(cpu_of $(pg_pids)); b0=$(busy)
  start=$(date +%s.%N)
  gen=$( { /usr/bin/time -f '%U %S' smtp-source -d -s "$3" -m "$4" -l "$5" -f sender@example.org -t rcpt@example.com \
           -M bench-client.test "127.0.0.1:$2" >/dev/null; } 2>&1 | tail -1)
  end=$(date +%s.%N)
  server1=$(cpu_of "$6"); pg1=$(cpu_of $(pg_pids)); b1=$(busy)
  RATE=$(awk -v m="$4" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", m / (b - a) }')
  awk -v l="$1" -v s="$3" -v m="$4" -v a="$start" -v b="$end" -v g="$gen" -v s0="$server0" -v s1="$server1" \
      -v p0="$pg0" -v p1="$pg1" -v b0="$b0" -v b1="$b1" -v load="$(load)" \
      -v pg="$([[ $1 == smtp-sink || $DB_MODE == external ]] && echo 0 || echo 1)" 'BEGIN {
    split(g, gt, " "); split(b0, x, " "); split(b1, y, " ")
    printf "%-10s sessions=%-3d messages=%d  %6.2f s  %8.0f msg/s", l, s, m, b - a, m / (b - a)
    printf "   CPU ms/msg: smtp-source %.3f, %s %.3f", (gt[1] + gt[2]) * 1000 / m, l, (s1 - s0) * 1000 / m
    if (pg) printf ", PostgreSQL %.3f", (p1 - p0) * 1000 / m
    printf "; machine busy %.0f%%, load %s\n", (y[1] - x[1]) * 100 / (y[2] - x[2]), load }'
}

smtp-sink "${SINK_USER[@]}" -c "127.0.0.1:$SINK_PORT" 1024 >/dev/null &
SINK_PID=$!
pids+=($SINK_PID)
wait_port "$SINK_PORT" /dev/null
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); database: $DB_MODE;" \
  "$MESSAGES messages of $SIZE_KB KB per run; connection reuse"

for environment in $ENVIRONMENTS; do
  PGDATA_DIR="$WORK/pgdata-$environment"
  log="$WORK/host-$environment.log"
  echo "== $environment: a fresh host"
  start_host "$environment" "$log"
  psql_db mailhub -c "SELECT 'PostgreSQL: ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size', 'wal_compression')"
  # Steady state, not start-up: the first thousands of messages also pay for the JIT compiling the host's
  # hot paths (about 2.5x the CPU per message of a warm host). Tiering can go on past the warm-up (before the
  # host turned dynamic PGO off, a 4,000-message warm-up left it at 0.43-0.63 ms of CPU per message against
  # 0.29-0.37 ms after WARMUP=20000): compare runs at the same WARMUP.
  echo "warming up the host: ${WARMUP:-4000} messages at 20 sessions, not counted"
  smtp-source -d -s 20 -m "${WARMUP:-4000}" -l $((SIZE_KB * 1024)) -f sender@example.org -t rcpt@example.com \
    -M bench-client.test "127.0.0.1:$SMTP_PORT" >/dev/null
  for s in $SESSIONS; do
    run smtp-sink "$SINK_PORT" "$s" "$MESSAGES" $((SIZE_KB * 1024)) "$SINK_PID"
    sink=$RATE
    before=$(stored)
    run mailhub "$SMTP_PORT" "$s" "$MESSAGES" $((SIZE_KB * 1024)) "$HOST_PID"
    echo "           stored in PostgreSQL: $(( $(stored) - before )) rows;" \
      "$environment at $s sessions: $(awk -v a="$RATE" -v b="$sink" 'BEGIN { printf "%.2f", a / b }')x smtp-sink"
  done
  grep -E 'VmHWM' "/proc/$HOST_PID/status" | sed 's/^/           host /'
  echo "           database: $(psql_db mailhub -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  stop_host
  [[ $environment == "${ENVIRONMENTS%% *}" ]] || continue

  [[ $BIG_SESSIONS -gt 0 ]] || continue
  echo "peak memory: $BIG_SESSIONS connections x 1 message of $BIG_MB MB, fresh host ($environment)"
  start_host "$environment" "$log"
  before=$(stored)
  # Past MailHub:Smtp:MaxInFlightBytes a DATA gets 452 4.3.1 (a relay retries later); smtp-source just gives up on those.
  run mailhub "$SMTP_PORT" "$BIG_SESSIONS" "$BIG_SESSIONS" $((BIG_MB * 1024 * 1024)) "$HOST_PID" \
    || echo "           smtp-source saw refusals (452 4.3.1 past the DATA budget)"
  echo "           stored in PostgreSQL: $(( $(stored) - before )) rows"
  grep -E 'VmHWM|VmRSS' "/proc/$HOST_PID/status" | sed 's/^/           host /'
  stop_host
done
