#!/usr/bin/env bash
# QA end-to-end check against a running MailHub: sandbox mailbox, a Chinese mail with an attachment over
# SMTP, the conversation, an agent's reply captured by the sandbox (From, To, Re:, In-Reply-To, References),
# the customer's answer joining, close, reopen by a new mail, an auto-reply that changes nothing, and a
# bounce that marks the reply failed. Needs curl and python3. Exits non-zero on the first failed check.
#
#   MAILHUB_URL=http://127.0.0.1:5080 MAILHUB_SMTP=127.0.0.1:2525 \
#   MAILHUB_ADMIN=admin@mailhub.local MAILHUB_PASSWORD=... tools/qa/e2e.sh
set -euo pipefail
URL=${MAILHUB_URL:-http://127.0.0.1:5080}
SMTP=${MAILHUB_SMTP:-127.0.0.1:2525}
ADMIN=${MAILHUB_ADMIN:-admin@mailhub.local}
PASSWORD=${MAILHUB_PASSWORD:?set MAILHUB_PASSWORD to the admin password}
MAILBOX=${MAILHUB_QA_MAILBOX:-qa-$(date +%s)@sandbox.mailhub.test}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

TOKEN=$(curl -fsS "$URL/api/auth/token" -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" | json "d['accessToken']")
api() { curl -fsS -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }

# smtp FROM TO FILE: sends the message in FILE over SMTP.
smtp() {
  python3 - "$SMTP" "$1" "$2" "$3" <<'PY'
import smtplib, sys
host, port = sys.argv[1].rsplit(':', 1)
with smtplib.SMTP(host, int(port), timeout=30) as s:
    s.sendmail(sys.argv[2], [sys.argv[3]], open(sys.argv[4], 'rb').read())
PY
}

# mail FILE SUBJECT TEXT [In-Reply-To] [References] [extra header]: a customer's message, with a PDF attached.
mail() {
  python3 - "$@" "$MAILBOX" <<'PY'
import sys
from email.message import EmailMessage
from email.utils import make_msgid
path, subject, text = sys.argv[1:4]
reply_to = sys.argv[4] if len(sys.argv) > 5 and sys.argv[4] else None
refs = sys.argv[5] if len(sys.argv) > 6 and sys.argv[5] else None
extra = sys.argv[6] if len(sys.argv) > 7 and sys.argv[6] else None
m = EmailMessage()
m['From'] = '张三 <customer@example.com>'
m['To'] = sys.argv[-1]
m['Subject'] = subject
m['Message-ID'] = make_msgid(domain='example.com')
if reply_to: m['In-Reply-To'] = reply_to
if refs: m['References'] = refs
if extra:
    name, value = extra.split(':', 1); m[name] = value.strip()
m.set_content(text)
m.add_attachment(b'%PDF-1.4 qa', maintype='application', subtype='pdf', filename='发票.pdf')
open(path, 'wb').write(bytes(m))
PY
}

# wait_for PYTHON-CONDITION-ON-d PATH: polls GET PATH until the condition holds (10 s).
wait_for() {
  for _ in $(seq 1 100); do
    if api "$URL$2" | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# 1. A sandbox mailbox.
MAILBOX_ID=$(api "$URL/api/channels/mailboxes" -d "{\"name\":\"QA sandbox\",\"address\":\"$MAILBOX\",\"displayName\":\"QA Support\",\"inbound\":{\"protocol\":\"sandbox\"}}" | json "d['id']")
ok "sandbox mailbox $MAILBOX ($MAILBOX_ID)"

# 2. A Chinese mail with an attachment opens a conversation.
SUBJECT="订单问题 QA $(date +%s)"
mail "$work/1.eml" "$SUBJECT" "你好，我的订单还没有发货。"
smtp customer@example.com "$MAILBOX" "$work/1.eml"
wait_for "any(i['subject'] == '$SUBJECT' for i in d['items'])" "/api/conversations?mailbox=$MAILBOX_ID" || fail "no conversation for the mail"
CID=$(api "$URL/api/conversations?mailbox=$MAILBOX_ID" | json "[i['id'] for i in d['items'] if i['subject'] == '$SUBJECT'][0]")
api "$URL/api/conversations/$CID" | json "d['messages'][0]['attachments'][0]['fileName']" | grep -q '发票.pdf' || fail "attachment missing"
ok "conversation $CID opened (assignee: $(api "$URL/api/conversations/$CID" | json "d['assignee']"))"

# 3. An agent replies; the sandbox captures it with the thread's headers.
api "$URL/api/conversations/$CID/replies" -d '{"text":"您好，今天发货。","quoteOriginal":true}' >/dev/null
api "$URL/api/sandbox/messages/wait?to=customer@example.com&timeout=10" > "$work/reply.json" || fail "no reply captured"
python3 - "$work/reply.json" "$MAILBOX" <<'PY' || fail "reply headers"
import json, sys, email, base64
d = json.load(open(sys.argv[1]))
raw = d.get('raw') or d.get('content') or ''
msg = email.message_from_bytes(base64.b64decode(raw) if not raw.startswith(('From', 'Return', 'Received', 'MIME', 'Date', 'Message')) else raw.encode())
assert sys.argv[2] in msg['From'], msg['From']
assert 'customer@example.com' in msg['To'], msg['To']
assert str(email.header.make_header(email.header.decode_header(msg['Subject']))).startswith('Re: '), msg['Subject']
assert msg['In-Reply-To'] and msg['References'], 'thread headers'
open(sys.argv[1] + '.id', 'w').write(msg['Message-ID'])
PY
REPLY_ID=$(cat "$work/reply.json.id")
ok "reply captured: $REPLY_ID"

# 4. The customer answers the reply: same conversation.
mail "$work/2.eml" "Re: $SUBJECT" "谢谢！" "$REPLY_ID" "$REPLY_ID"
smtp customer@example.com "$MAILBOX" "$work/2.eml"
wait_for "d['messageCount'] >= 3" "/api/conversations/$CID" || fail "the answer did not join the conversation"
ok "answer joined $CID"

# 5. Close; the customer writes again: it reopens.
api -X POST "$URL/api/conversations/$CID/close" >/dev/null
mail "$work/3.eml" "Re: $SUBJECT" "还有一个问题。" "$REPLY_ID" "$REPLY_ID"
smtp customer@example.com "$MAILBOX" "$work/3.eml"
wait_for "d['status'] == 'open' and d['messageCount'] >= 4" "/api/conversations/$CID" || fail "not reopened"
ok "closed, then reopened by the customer"

# 6. An auto-reply changes nothing (after closing again).
api -X POST "$URL/api/conversations/$CID/close" >/dev/null
mail "$work/4.eml" "自动回复: $SUBJECT" "我正在休假。" "$REPLY_ID" "$REPLY_ID" "Auto-Submitted: auto-replied"
smtp customer@example.com "$MAILBOX" "$work/4.eml"
wait_for "d['messages'][-1]['automatic'] and d['status'] == 'closed'" "/api/conversations/$CID" || fail "auto-reply changed the conversation"
ok "auto-reply joined as automatic, conversation still closed"

# 7. A bounce for the reply marks it failed.
python3 - "$work/5.eml" "$MAILBOX" "$REPLY_ID" <<'PY'
import sys
path, to, original = sys.argv[1:4]
open(path, 'wb').write(f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r
To: {to}\r
Subject: Undelivered Mail Returned to Sender\r
Auto-Submitted: auto-replied\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
\r
--b\r
Content-Type: text/plain\r
\r
Your message could not be delivered.\r
--b\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mx.example.com\r
\r
Final-Recipient: rfc822; customer@example.com\r
Action: failed\r
Status: 5.1.1\r
Diagnostic-Code: smtp; 550 5.1.1 User unknown\r
\r
--b\r
Content-Type: text/rfc822-headers\r
\r
Message-ID: {original}\r
\r
--b--\r
""".encode())
PY
smtp "" "$MAILBOX" "$work/5.eml"
wait_for "any(m['direction'] == 'outbound' and (m['delivery'] or {}).get('state') == 'failed' for m in d['messages'])" "/api/conversations/$CID" \
  || fail "bounce did not mark the reply failed"
ok "bounce marked the reply failed"
echo "PASS: QA end-to-end check"
