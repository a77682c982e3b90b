# Sourced by the benchmarks (tools/bench/*.sh): free loopback ports, waiting for a listener, and a PostgreSQL cluster
# on loopback in a folder of the benchmark's (DATA=... keeps one between runs: seeded once).
#
#   source "$(dirname "$0")/lib.sh"
#   pg_start "$PGDATA" "-c shared_buffers=512MB"   # sets PG_PORT, PSQL (psql … -d mailhub), CONNECTION, PG_FRESH
#   pg_stop "$PGDATA"                              # in the benchmark's EXIT trap

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_port PORT [LOG]: until something accepts on 127.0.0.1:PORT (10 minutes at most); prints LOG's tail if not.
wait_port() {
  for _ in $(seq 1 6000); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on port $1" >&2; [[ -n "${2:-}" ]] && tail -20 "$2" >&2; exit 1
}

PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
# As root, PostgreSQL runs as the postgres user (initdb refuses root).
AS_PG=(); [[ $(id -u) == 0 ]] && AS_PG=(runuser -u postgres --)

# pg_start DIR [postgres options]: initdb when DIR holds no cluster (PG_FRESH=1, database mailhub created), then starts
# it on a free loopback port with durability as shipped.
pg_start() {
  local dir=$1 options=${2:-}
  PG_FRESH=
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    PG_FRESH=1
    mkdir -p "$dir" && [[ ${#AS_PG[@]} -gt 0 ]] && chown postgres "$dir" && chmod 700 "$dir"
    "${AS_PG[@]}" "$PG_BIN/initdb" -D "$dir" -U mailhub --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  PG_PORT=$(free_port)
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" start -D "$dir" -w -l "$dir/server.log" \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 $options" >/dev/null
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, data in $dir"
  PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U mailhub -qAt -d mailhub)
  CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=mailhub;Database=mailhub"
  if [[ -n "$PG_FRESH" ]]; then psql -h 127.0.0.1 -p "$PG_PORT" -U mailhub -qAt -d postgres -c "CREATE DATABASE mailhub"; fi
}

pg_stop() { "${AS_PG[@]}" "$PG_BIN/pg_ctl" stop -D "$1" -m fast >/dev/null 2>&1 || true; }
