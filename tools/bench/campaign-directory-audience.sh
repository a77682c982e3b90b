#!/usr/bin/env bash
# An audience from the directory's customers (POST /api/campaigns/audiences/directory), through the real host on its own
# PostgreSQL: N customers seeded (one address each, half tagged "vip"), then the preview and the import of all of them
# and of the tagged half. Prints each call's time and rows per second, and the host's RSS (VmRSS) before and its peak
# (VmHWM) after: the customers are streamed (read, checked and copied a chunk at a time), so the peak should not grow
# with N.
#
#   tools/bench/campaign-directory-audience.sh [customers=100000]
#
# NO_BUILD=1 uses the Release build of the host as it is. Needs: PostgreSQL server binaries (initdb, pg_ctl), psql, curl,
# python3. Loopback only.
set -euo pipefail

CUSTOMERS=${1:-100000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-bench-audience-XXXX)
chmod 755 "$WORK"
PGDATA=$WORK/pg
PASSWORD=bench-admin-password
source "$ROOT/tools/bench/lib.sh"
HTTP_PORT=$(free_port)

HOST_PID=
cleanup() {
  [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null || true
  pg_stop "$PGDATA"
  [[ -n "${KEEP:-}" ]] && cp "$WORK/host.log" /tmp/bench-audience-host.log; rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "building the host (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo -p:SkipConsoleBuild=true >/dev/null
fi
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"

pg_start "$PGDATA" "-c shared_buffers=256MB"

(cd "$(dirname "$HOST_DLL")" && \
 ConnectionStrings__MailHub="$CONNECTION" urls="http://127.0.0.1:$HTTP_PORT" \
 MailHub__Admin__Password=$PASSWORD MailHub__Smtp__Enabled=false Logging__LogLevel__Default=Warning \
 exec dotnet "$HOST_DLL" >>"$WORK/host.log" 2>&1) &
HOST_PID=$!
API=http://127.0.0.1:$HTTP_PORT
for _ in $(seq 1 1500); do curl -fsS "$API/health" >/dev/null 2>&1 && break; sleep 0.2; done

echo "seeding $CUSTOMERS customers..."
"${PSQL[@]}" -d mailhub <<SQL
INSERT INTO directory.customers (id, name, company, tags, created_at, updated_at)
SELECT md5('c' || i)::uuid, 'Customer ' || i, 'Company ' || (i % 2000), CASE WHEN i % 2 = 0 THEN ARRAY['vip'] ELSE '{}' END,
       now() - make_interval(secs => i), now()
FROM generate_series(1, $CUSTOMERS) i;
INSERT INTO directory.contacts (email, customer_id) SELECT 'customer' || i || '@co' || (i % 2000) || '.example.cn', md5('c' || i)::uuid
FROM generate_series(1, $CUSTOMERS) i;
INSERT INTO campaigns.suppressions (email, reason) SELECT 'customer' || i || '@co' || (i % 2000) || '.example.cn', 'unsubscribed'
FROM generate_series(1, $CUSTOMERS, 100) i;
SQL
"${PSQL[@]}" -d mailhub -c "VACUUM ANALYZE directory.customers" -c "VACUUM ANALYZE directory.contacts"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TOKEN=$(curl -sf -H 'content-type: application/json' -d "{\"email\":\"admin@mailhub.local\",\"password\":\"$PASSWORD\"}" "$API/api/auth/token" | json "['accessToken']")
rss() { grep -E "^$1" "/proc/$HOST_PID/status" | awk '{printf "%.0f MB", $2/1024}'; }
echo "host RSS before: $(rss VmRSS) (peak so far $(rss VmHWM))"
run() {
  local label=$1 body=$2 t0 t1
  t0=$(date +%s.%N)
  curl -sf -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$body" "$API/api/campaigns/audiences/directory" >"$WORK/out.json"
  t1=$(date +%s.%N)
  python3 - "$label" "$t0" "$t1" "$WORK/out.json" <<'PY'
import json, sys
label, t0, t1, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.load(open(sys.argv[4]))
n = out["imported"] + out["skipped"]
print(f"{label:<22} {t1 - t0:6.1f} s  {n / (t1 - t0):8,.0f} customers/s  imported {out['imported']:,} skipped {out['skipped']:,}")
PY
}
run "preview, all" '{"apply":false}'
run "import, all" '{"name":"everyone"}'
run "preview, tag vip" '{"tags":["vip"],"apply":false}'
run "import, tag vip" '{"name":"vip","tags":["vip"]}'
echo "host RSS after: $(rss VmRSS), peak $(rss VmHWM)"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
