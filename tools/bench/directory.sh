#!/usr/bin/env bash
# Issue #19's figures, through the real host on its own PostgreSQL:
#   - the import preview of a 10,000-row sheet (POST /api/directory/import?apply=false), as CSV and as XLSX, against an
#     empty directory and again once the rows are applied (every row compared with its member: "unchanged");
#   - GET /api/directory/suggestions p50/p95/p99 with 100,000 customers (and the 10,000 imported members), one request
#     at a time, per kind of query (one Chinese character, two, a pinyin address prefix, a company domain).
#
#   tools/bench/directory.sh [customers=100000] [rows=10000] [requests=300]
#
# NO_BUILD=1 uses the Release build of the host as it is. DATA=/some/folder keeps the PostgreSQL cluster there (seeded
# once; the import then finds its members, so the first previews say "unchanged"); EXPLAIN=1 prints the suggestion
# query's plans for a few queries. Needs: PostgreSQL server binaries (initdb, pg_ctl) with
# pg_trgm, psql, curl, python3 (with openpyxl for the XLSX run; without it only CSV is measured). Loopback only.
set -euo pipefail

CUSTOMERS=${1:-100000}
ROWS=${2:-10000}
REQUESTS=${3:-300}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mailhub-bench-directory-XXXX)
chmod 755 "$WORK"
PGDATA=${DATA:-$WORK/pg}
PASSWORD=bench-admin-password

source "$ROOT/tools/bench/lib.sh"
HTTP_PORT=$(free_port)

HOST_PID=
cleanup() {
  [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null || true
  pg_stop "$PGDATA"
  [[ -n "${KEEP:-}" ]] && cp "$WORK/host.log" /tmp/bench-directory-host.log; rm -rf "$WORK"
}
trap cleanup EXIT


if [[ -z "${NO_BUILD:-}" ]]; then
  echo "building the host (Release)..."
  dotnet build "$ROOT/src/MailHub.Host/MailHub.Host.csproj" -c Release -v q -nologo -p:SkipConsoleBuild=true >/dev/null
fi
HOST_DLL="$ROOT/src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll"

pg_start "$PGDATA" "-c shared_buffers=256MB"
fresh=$PG_FRESH

# Suggestions and imports share the search rate limit (MailHub:RateLimits:Search); the benchmark measures latency.
echo "starting the host on 127.0.0.1:$HTTP_PORT (it applies the migrations)..."
(cd "$(dirname "$HOST_DLL")" && \
 ConnectionStrings__MailHub="$CONNECTION" urls="http://127.0.0.1:$HTTP_PORT" MailHub__Admin__Password=$PASSWORD \
 MailHub__Smtp__Enabled=false Logging__LogLevel__Default=Warning \
 MailHub__RateLimits__Search__PermitLimit=1000000 \
 exec dotnet "$HOST_DLL" >>"$WORK/host.log" 2>&1) &
HOST_PID=$!
wait_port "$HTTP_PORT" "$WORK/host.log"
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$HTTP_PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done

# 100,000 customers with Chinese names (surname + one or two characters), a pinyin address each at one of 2,000
# company domains; a fifth wrote in the last 30 days (the "recent" tier), with 1 to 20 conversations.
if [[ -n "$fresh" ]]; then
echo "seeding $CUSTOMERS customers..."
"${PSQL[@]}" -d mailhub <<SQL
WITH s AS (SELECT ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'] AS sur,
                  ARRAY['wang','li','zhang','liu','chen','yang','huang','zhao','wu','zhou','xu','sun','ma','zhu','hu','guo','he','gao','lin','luo'] AS surp,
                  ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','涛','明','超','秀','霞','平','刚','桂','英','华','玉','萍','红','飞','鹏','宇','浩'] AS giv,
                  ARRAY['wei','fang','na','min','jing','li','qiang','lei','jun','yang','yong','yan','jie','tao','ming','chao','xiu','xia','ping','gang','gui','ying','hua','yu','ping','hong','fei','peng','yu','hao'] AS givp),
g AS (SELECT i, 1 + (hashint4(i) & 2147483647) % 20 AS a, 1 + (hashint4(i * 7) & 2147483647) % 30 AS b,
             1 + (hashint4(i * 13) & 2147483647) % 30 AS c, (hashint4(i * 31) & 2147483647) % 3 = 0 AS two
      FROM generate_series(1, $CUSTOMERS) i)
INSERT INTO directory.customers (id, name, company, created_at, updated_at, last_conversation_at, conversation_count)
SELECT md5('c' || i)::uuid, s.sur[a] || s.giv[b] || CASE WHEN two THEN s.giv[c] ELSE '' END, 'Company ' || (i % 2000),
       now(), now(), CASE WHEN i % 5 = 0 THEN now() - make_interval(hours => i % 700) END, CASE WHEN i % 5 = 0 THEN 1 + i % 20 ELSE 0 END
FROM g, s;
WITH s AS (SELECT ARRAY['wang','li','zhang','liu','chen','yang','huang','zhao','wu','zhou','xu','sun','ma','zhu','hu','guo','he','gao','lin','luo'] AS surp,
                  ARRAY['wei','fang','na','min','jing','li','qiang','lei','jun','yang','yong','yan','jie','tao','ming','chao','xiu','xia','ping','gang','gui','ying','hua','yu','ping','hong','fei','peng','yu','hao'] AS givp),
g AS (SELECT i, 1 + (hashint4(i) & 2147483647) % 20 AS a, 1 + (hashint4(i * 7) & 2147483647) % 30 AS b FROM generate_series(1, $CUSTOMERS) i)
INSERT INTO directory.contacts (email, customer_id, display_name)
SELECT s.surp[a] || '.' || s.givp[b] || i || '@co' || (i % 2000) || '.example.cn', md5('c' || i)::uuid, NULL FROM g, s;
-- As inbound mail leaves them: the sender's display name on the contact, the customer named after it.
UPDATE directory.contacts k SET display_name = c.name FROM directory.customers c WHERE c.id = k.customer_id;
SQL
# Vacuumed and analyzed as autovacuum leaves them (the UPDATE above left a dead row per contact).
"${PSQL[@]}" -d mailhub -c "VACUUM ANALYZE directory.customers" -c "VACUUM ANALYZE directory.contacts"
fi
"${PSQL[@]}" -d mailhub -c "SELECT format('%s customers, %s contacts', (SELECT count(*) FROM directory.customers), (SELECT count(*) FROM directory.contacts))"

echo "$(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
BENCH=(python3 "$ROOT/tools/bench/directory_bench.py" --url "http://127.0.0.1:$HTTP_PORT" --email admin@mailhub.local
  --password "$PASSWORD" --rows "$ROWS" --requests "$REQUESTS" --work "$WORK")
"${BENCH[@]}" --phase import
# The imported members vacuumed and analyzed, as autovacuum does within its minute, before the suggestions are timed.
"${PSQL[@]}" -d mailhub -c "VACUUM ANALYZE directory.members" -c "VACUUM ANALYZE directory.member_departments"
"${BENCH[@]}" --phase suggestions
echo "load after: $(uptime | sed 's/.*load average/load average/')"
