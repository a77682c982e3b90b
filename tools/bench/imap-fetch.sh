#!/usr/bin/env bash
# Full fetch of a 10,000-message INBOX (10 KB each) from a private local Dovecot over IMAPS, by three clients in
# the same run: MailHub (`mailhub fetch imap`, Release build), mbsync (isync) and Python's imaplib. Each writes
# every message to disk. Prints messages per second.
#   tools/bench/imap-fetch.sh [MESSAGES] [SIZE_BYTES] [ROUNDS]
#   BASELINE=/path/to/other/checkout tools/bench/imap-fetch.sh   # also runs that checkout's `mailhub fetch` ("before")
# Wall-clock rate is the headline (best round); client CPU (user+sys, Dovecot excluded) is steadier on a busy box.
# MailHub's figure includes .NET start-up and JIT; mbsync runs with FSync no, like the others.
set -euo pipefail
count=${1:-10000} size=${2:-10240} rounds=${3:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=$root/tests/peers
"$peers"/install.sh

work=$(mktemp -d /tmp/mailhub-bench-XXXXXX)
chmod 755 "$work"
dovecot_pid=
cleanup() {
    [ -n "$dovecot_pid" ] && kill -TERM "$dovecot_pid" 2>/dev/null && wait "$dovecot_pid" 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

read -r imap imaps pop3 pop3s auth lmtp < <(python3 -c '
import socket
socks=[socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1",0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')

echo "== building MailHub CLI (Release)"
dotnet build "$root"/tools/MailHub.Cli -c Release -o "$work"/cli -v q -nologo 2>&1 | grep -E "error|Warn|warn" || true
clients="mailhub mbsync imaplib"
if [ -n "${BASELINE:-}" ]; then
    echo "== building the baseline's MailHub CLI (Release) from $BASELINE"
    dotnet build "$BASELINE"/tools/MailHub.Cli -c Release -o "$work"/cli-base -v q -nologo 2>&1 | grep -E "error|Warn|warn" || true
    clients="before $clients"
fi

echo "== seeding $count messages of $size bytes into a maildir"
maildir=$work/dovecot/mail/bench/Maildir
mkdir -p "$maildir"/cur "$maildir"/new "$maildir"/tmp
python3 - "$maildir/cur" "$count" "$size" <<'PY'
import os, sys, random, string, time
path, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
line = lambda: "".join(random.choices(string.ascii_letters + string.digits, k=76))
body_lines = [line() for _ in range(200)]
now = int(time.time())
for i in range(1, count + 1):
    head = (f"From: Customer {i} <customer{i}@example.com>\r\nTo: bench@test.local\r\n"
            f"Subject: Benchmark message {i}\r\nMessage-ID: <bench-{i}@example.com>\r\n"
            f"Date: Fri, 21 Nov 2025 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
    body, k = [], i
    total = len(head)
    while total < size - 2:
        l = body_lines[k % 200][: max(1, min(76, size - total - 2))]
        body.append(l); total += len(l) + 2; k += 7
    with open(os.path.join(path, f"{now}.M{i}P1.bench:2,S"), "w", newline="") as f:
        f.write(head + "\r\n".join(body) + "\r\n")
PY
# start-dovecot.sh serves the store as nobody when root, as the user otherwise.
[ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$work"/dovecot/mail

echo "== starting Dovecot on 127.0.0.1:$imaps"
"$peers"/start-dovecot.sh "$work"/dovecot "$imap" "$imaps" "$pop3" "$pop3s" "$auth" "$lmtp" > "$work"/dovecot.out 2>&1 &
dovecot_pid=$!
for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $imaps), 1).close()" 2>/dev/null && break
    sleep 0.1
done

# Warm Dovecot's index so no client pays for the first scan.
python3 - "$imaps" <<'PY'
import imaplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ctx)
m.login("bench", "secret"); m.select("INBOX", readonly=True)
m.uid("FETCH", "1:*", "(UID RFC822.SIZE)"); m.logout()
PY

cat > "$work"/mbsyncrc <<CONF
# Same footing as the other clients, which do not fsync each file either.
FSync no

IMAPAccount bench
Host localhost
Port $imaps
User bench
Pass secret
SSLType IMAPS
CertificateFile $work/dovecot/cert.pem

IMAPStore remote
Account bench

MaildirStore local
Path $work/mbsync/
Inbox $work/mbsync/INBOX
SubFolders Verbatim

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Sync Pull
Create Near
Expunge None
SyncState *
CONF

cat > "$work"/imaplib_fetch.py <<'PY'
import imaplib, os, ssl, sys, re
port, out = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("bench", "secret"); m.select("INBOX", readonly=True)
uids = m.uid("SEARCH", None, "ALL")[1][0].split()
n = 0
for i in range(0, len(uids), 500):
    chunk = b",".join(uids[i:i + 500]).decode()
    typ, data = m.uid("FETCH", chunk, "(UID BODY.PEEK[])")
    for item in data:
        if isinstance(item, tuple):
            uid = re.search(rb"UID (\d+)", item[0]).group(1).decode()
            with open(os.path.join(out, uid + ".eml"), "wb") as f:
                f.write(item[1])
            n += 1
m.logout()
print(n)
PY

rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
now() { date +%s.%N; }
declare -A best
run() { # name, command...
    local name=$1; shift
    local start end secs
    start=$(now); /usr/bin/time -f "%U %S" -o "$work"/$name.time "$@" > "$work"/$name.log 2>&1 || { echo "$name failed:"; tail -5 "$work"/$name.log; return 1; }
    end=$(now); secs=$(python3 -c "print($end-$start)")
    local got cpu
    got=$(find "$work"/out-$name -type f | wc -l)
    cpu=$(awk '{print $1 + $2}' "$work"/$name.time)
    printf "  %-8s %6d messages in %6.2f s = %8s messages/s   (client CPU %5.2f s)\n" "$name" "$got" "$secs" "$(rate "$got" "$secs")" "$cpu"
    local r; r=$(python3 -c "print($got/$secs)")
    if [ -z "${best[$name]:-}" ] || python3 -c "import sys; sys.exit(0 if $r > ${best[$name]} else 1)"; then best[$name]=$r; fi
}

echo "== fetching (best of $rounds rounds; every client writes each message to its own file)"
for round in $(seq 1 "$rounds"); do
    echo "round $round"
    rm -rf "$work"/out-*; mkdir -p "$work"/out-mailhub "$work"/out-mbsync "$work"/out-imaplib "$work"/out-before
    if [ -n "${BASELINE:-}" ]; then
        run before dotnet "$work"/cli-base/mailhub.dll fetch imap --host 127.0.0.1 --port "$imaps" --security ssl --insecure \
            --user bench --password secret --out "$work"/out-before
    fi
    run mailhub dotnet "$work"/cli/mailhub.dll fetch imap --host 127.0.0.1 --port "$imaps" --security ssl --insecure \
        --user bench --password secret --out "$work"/out-mailhub
    rm -rf "$work"/mbsync; mkdir -p "$work"/mbsync
    run mbsync bash -c "mbsync -q -c '$work/mbsyncrc' bench && mv '$work'/mbsync/INBOX/cur/* '$work'/out-mbsync/ 2>/dev/null; mv '$work'/mbsync/INBOX/new/* '$work'/out-mbsync/ 2>/dev/null; true"
    run imaplib python3 "$work"/imaplib_fetch.py "$imaps" "$work"/out-imaplib
done

echo "== result ($count × $size bytes over IMAPS, loopback, $(nproc) cores)"
for name in $clients; do
    printf "  %-8s %8s messages/s\n" "$name" "$(python3 -c "print(f'{${best[$name]}:,.0f}')")"
done
python3 -c "print(f'  MailHub / mbsync = {${best[mailhub]}/${best[mbsync]}:.2f}x, MailHub / imaplib = {${best[mailhub]}/${best[imaplib]}:.2f}x')"
[ -z "${BASELINE:-}" ] || python3 -c "print(f'  before / mbsync = {${best[before]}/${best[mbsync]}:.2f}x')"
