#!/usr/bin/env bash
# QA end-to-end check (issue #7) against a RUNNING MailHub, with curl and python3 only:
# a sandbox mailbox, a team with an online agent and a routing rule; a Chinese mail with an attachment
# over SMTP; the conversation assigned to the agent; the agent's reply as the sandbox captured it (From,
# To, "Re: " once, In-Reply-To, References) and its delivery state; the customer's answer joining; close;
# a new mail reopening; an auto-reply changing nothing; a bounce marking the reply failed; another
# team's agent refused. Prints each step with ✓ / ✗ and exits 1 at the first failure.
#
#   tools/qa/e2e.sh [--url URL] [--smtp HOST:PORT] [--admin EMAIL] [--password PASSWORD]
#
# or MAILHUB_URL (http://127.0.0.1:5080), MAILHUB_SMTP (127.0.0.1:2525), MAILHUB_ADMIN
# (admin@mailhub.local), MAILHUB_PASSWORD (required). Every run makes its own mailbox, team and agents,
# so it can run again and again against the same MailHub.
set -euo pipefail

URL=${MAILHUB_URL:-http://127.0.0.1:5080}
SMTP=${MAILHUB_SMTP:-127.0.0.1:2525}
ADMIN=${MAILHUB_ADMIN:-admin@mailhub.local}
PASSWORD=${MAILHUB_PASSWORD:-}
TIMEOUT=${MAILHUB_QA_TIMEOUT:-20}
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --smtp) SMTP=$2; shift 2 ;;
    --admin) ADMIN=$2; shift 2 ;;
    --password) PASSWORD=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$PASSWORD" ] || { echo "Give the admin password: --password or MAILHUB_PASSWORD." >&2; exit 2; }
URL=${URL%/}
for tool in curl python3; do command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }; done

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
export RUN="$(date +%s)$$" CUSTOMER=customer@example.com
export SUBJECT="订单 12345 没有收到 QA$RUN"
STEP=""

step() { STEP=$1; }
ok() { echo "✓ ${1:-$STEP}"; }
fail() {
  echo "✗ $STEP: $*" >&2
  [ -s "$work/body" ] && { echo "  last response ($CODE): $(head -c 600 "$work/body")" >&2; }
  exit 1
}

# call METHOD PATH [JSON] [TOKEN]: the response body in $work/body, the status in $CODE.
CODE=""
call() {
  local auth=${4:-$TOKEN}
  local args=(-sS -o "$work/body" -w '%{http_code}' -X "$1" -H "authorization: Bearer $auth" -H 'content-type: application/json')
  [ -n "${3:-}" ] && args+=(--data-binary "$3")
  CODE=$(curl "${args[@]}" "$URL$2") || fail "cannot reach $URL$2"
}
# expect STATUS METHOD PATH [JSON] [TOKEN]
expect() { local want=$1; shift; call "$@"; [ "$CODE" = "$want" ] || fail "$1 $2 answered $CODE, expected $want"; }
# value PYTHON-EXPR: evaluated on the last body as d (env: the environment); prints the result.
value() {
  python3 -c 'import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8")); env = os.environ
print(eval(sys.argv[2]))' "$work/body" "$1"
}
# holds PYTHON-CONDITION: true when the condition holds on the last body.
holds() { [ "$(value "bool($1)" 2>/dev/null || true)" = "True" ]; }
check() { holds "$1" || fail "${2:-$1}"; }
# wait_until PATH CONDITION [TOKEN]: polls GET PATH until the condition holds.
wait_until() {
  local deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    call GET "$1" "" "${3:-$TOKEN}"
    [ "$CODE" = 200 ] && holds "$2" && return 0
    [ "$(date +%s)" -ge "$deadline" ] && fail "waited ${TIMEOUT} s for: $2"
    sleep 0.2
  done
}

# mail FILE MESSAGE-ID SUBJECT TEXT [IN-REPLY-TO] [EXTRA-HEADER]: a mail from 张三 <customer@example.com>.
mail() {
  python3 - "$@" <<'PY'
import os, sys
from email.message import EmailMessage
path, message_id, subject, text = sys.argv[1:5]
in_reply_to = sys.argv[5] if len(sys.argv) > 5 else ''
extra = sys.argv[6] if len(sys.argv) > 6 else ''
m = EmailMessage()
m['From'] = '张三 <customer@example.com>'
m['To'] = os.environ['ADDRESS']
m['Subject'] = subject
m['Message-ID'] = f'<{message_id}>'
if in_reply_to:
    m['In-Reply-To'] = f'<{in_reply_to}>'
    m['References'] = f'<{in_reply_to}>'
if extra:
    name, value = extra.split(':', 1)
    m[name] = value.strip()
m.set_content(text)
if os.environ.get('ATTACH'):
    m.add_attachment(b'%PDF-1.4 invoice 12345', maintype='application', subtype='pdf', filename='发票 12345.pdf')
open(path, 'wb').write(m.as_bytes(policy=m.policy.clone(linesep='\r\n')))
PY
}

# smtp ENVELOPE-FROM FILE: sends FILE to the sandbox address over SMTP.
smtp() {
  python3 - "$SMTP" "$1" "$ADDRESS" "$2" <<'PY' || fail "SMTP to $SMTP refused the message"
import smtplib, sys
host, port = sys.argv[1].rsplit(':', 1)
with smtplib.SMTP(host, int(port), timeout=30) as s:
    s.sendmail(sys.argv[2], [sys.argv[3]], open(sys.argv[4], 'rb').read())
PY
}

step "admin logs in at $URL"
TOKEN=none
expect 200 POST /api/auth/token "{\"email\":\"$ADMIN\",\"password\":\"$PASSWORD\"}"
TOKEN=$(value "d['accessToken']"); ADMIN_TOKEN=$TOKEN
ok

step "sandbox mailbox"
expect 201 POST /api/channels/mailboxes "{\"name\":\"QA Support $RUN\",\"displayName\":\"客服中心\",\"inbound\":{\"protocol\":\"sandbox\"}}"
MAILBOX_ID=$(value "d['id']"); export ADDRESS=$(value "d['address']")
ok "sandbox mailbox $ADDRESS"

step "team, agents, presence, routing rule"
expect 201 POST /api/directory/departments "{\"name\":\"售后 QA$RUN\"}"; TEAM=$(value "d['id']")
expect 201 POST /api/directory/departments "{\"name\":\"销售 QA$RUN\"}"; OTHER_TEAM=$(value "d['id']")
expect 201 POST /api/directory/members "{\"account\":\"qa$RUN\",\"name\":\"李四\",\"email\":\"qa$RUN@qa.example.cn\",\"password\":\"qa-agent-password\",\"role\":\"agent\",\"departmentIds\":[\"$TEAM\"]}"
AGENT=$(value "d['id']")
expect 201 POST /api/directory/members "{\"account\":\"qb$RUN\",\"name\":\"王五\",\"email\":\"qb$RUN@qa.example.cn\",\"password\":\"qa-agent-password\",\"role\":\"agent\",\"departmentIds\":[\"$OTHER_TEAM\"]}"
expect 200 POST /api/auth/token "{\"email\":\"qa$RUN@qa.example.cn\",\"password\":\"qa-agent-password\"}"; AGENT_TOKEN=$(value "d['accessToken']")
expect 200 POST /api/auth/token "{\"email\":\"qb$RUN@qa.example.cn\",\"password\":\"qa-agent-password\"}"; OUTSIDER_TOKEN=$(value "d['accessToken']")
expect 200 PUT "/api/routing/agents/$AGENT/presence" '{"status":"online"}' "$AGENT_TOKEN"
expect 201 POST /api/routing/rules "{\"name\":\"QA $RUN\",\"order\":1,\"conditions\":{\"mailboxIds\":[\"$MAILBOX_ID\"]},\"assignTo\":{\"teamId\":\"$TEAM\"},\"strategy\":\"round-robin\"}"
ok "team 售后 with agent 李四 online, rule: mailbox → team"

step "a Chinese mail with an attachment arrives over SMTP and is assigned by the rule"
export CUSTOMER_ID="first.$RUN@customer.example.com"
ATTACH=1 mail "$work/1.eml" "$CUSTOMER_ID" "$SUBJECT" "你好，订单 12345 没有收到，请帮忙查询。"
smtp "$CUSTOMER" "$work/1.eml"
wait_until "/api/conversations?mailbox=$MAILBOX_ID" "len(d['items']) == 1 and d['items'][0]['assignee']"
export AGENT
check "d['items'][0]['subject'] == env['SUBJECT']" "subject"
check "d['items'][0]['customer']['email'] == env['CUSTOMER']" "customer"
check "d['items'][0]['assignee']['id'] == env['AGENT']" "assigned to the agent"
CID=$(value "d['items'][0]['id']")
expect 200 GET "/api/conversations/$CID" "" "$AGENT_TOKEN"
check "d['messages'][0]['messageId'] == env['CUSTOMER_ID']" "the customer's Message-ID"
check "'没有收到' in d['messages'][0]['text']" "the Chinese text"
check "[a['fileName'] for a in d['messages'][0]['attachments']] == ['发票 12345.pdf']" "the attachment"
ok "conversation $CID: 张三 <$CUSTOMER>, \"$SUBJECT\", 发票 12345.pdf, assigned to 李四"

step "the agent replies; the sandbox captures it with the thread's headers"
expect 201 POST "/api/conversations/$CID/replies" '{"text":"您好，包裹今天发出。","quoteOriginal":true}' "$AGENT_TOKEN"
export REPLY=$(value "d['id']")
call GET "/api/sandbox/messages/wait?to=$CUSTOMER&subject=QA$RUN&timeout=$TIMEOUT"
[ "$CODE" = 200 ] || fail "no reply captured for $CUSTOMER"
expect 200 GET "/api/sandbox/messages/$(value "d['id']")"
check "d['from'][0]['address'] == env['ADDRESS'] and d['from'][0]['name'] == '客服中心'" "From is 客服中心 <$ADDRESS>"
check "[a['address'] for a in d['to']] == [env['CUSTOMER']]" "To is the customer"
check "d['subject'].startswith('Re: ' + env['SUBJECT']) and 'Re: Re:' not in d['subject']" "subject 'Re: ' once"
check "d['inReplyTo'] == [env['CUSTOMER_ID']]" "In-Reply-To is the customer's Message-ID"
check "env['CUSTOMER_ID'] in d['references']" "References contain the customer's Message-ID"
export REPLY_ID=$(value "d['messageId']") REPLY_SUBJECT=$(value "d['subject']")
ok "reply captured: From 客服中心 <$ADDRESS>, \"$REPLY_SUBJECT\", In-Reply-To <$CUSTOMER_ID>"

step "the reply's delivery state becomes sent"
wait_until "/api/conversations/$CID" "[m['delivery']['state'] for m in d['messages'] if m['id'] == env['REPLY']] == ['sent']" "$AGENT_TOKEN"
ok

step "the customer answers the reply: it joins the conversation"
mail "$work/2.eml" "answer.$RUN@customer.example.com" "Re: $REPLY_SUBJECT" "收到，谢谢！" "$REPLY_ID"
smtp "$CUSTOMER" "$work/2.eml"
wait_until "/api/conversations/$CID" "any(m['text'].strip() == '收到，谢谢！' for m in d['messages'])" "$AGENT_TOKEN"
ok

step "closed, then the customer writes again in the thread: reopened"
expect 200 POST "/api/conversations/$CID/close" "" "$AGENT_TOKEN"
expect 200 GET "/api/conversations/$CID" "" "$AGENT_TOKEN"; check "d['status'] == 'closed'" "closed"
mail "$work/3.eml" "again.$RUN@customer.example.com" "Re: $REPLY_SUBJECT" "还是没有收到。" "$REPLY_ID"
smtp "$CUSTOMER" "$work/3.eml"
wait_until "/api/conversations/$CID" "any(m['text'].strip() == '还是没有收到。' for m in d['messages'])" "$AGENT_TOKEN"
check "d['status'] == 'open'" "reopened"
ok

step "an auto-reply (Auto-Submitted: auto-replied) changes nothing"
expect 200 POST "/api/conversations/$CID/close" "" "$AGENT_TOKEN"
mail "$work/4.eml" "auto.$RUN@customer.example.com" "自动回复: $REPLY_SUBJECT" "我正在休假，稍后回复。" "$REPLY_ID" "Auto-Submitted: auto-replied"
smtp "$CUSTOMER" "$work/4.eml"
wait_until "/api/conversations/$CID" "any(m['text'].strip() == '我正在休假，稍后回复。' for m in d['messages'])" "$AGENT_TOKEN"
check "d['status'] == 'closed'" "the conversation stayed closed"
check "[m['automatic'] for m in d['messages'] if m['text'].strip() == '我正在休假，稍后回复。'] == [True]" "marked automatic"
ok "auto-reply joined as automatic; still closed"

step "a bounce (DSN 5.1.1) for the reply marks it failed and opens nothing"
python3 - "$work/5.eml" <<'PY'
import os, sys
from email.utils import formatdate
crlf = "\r\n"
text = f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: {os.environ['ADDRESS']}
Subject: Undelivered Mail Returned to Sender
Date: {formatdate()}
Message-ID: <bounce.{os.environ['RUN']}@mx.example.com>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="report"

--report
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

--report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; {os.environ['CUSTOMER']}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{os.environ['CUSTOMER']}>: Recipient address rejected: User unknown

--report
Content-Type: text/rfc822-headers

From: {os.environ['ADDRESS']}
To: {os.environ['CUSTOMER']}
Subject: Re: returned
Message-ID: <{os.environ['REPLY_ID']}>

--report--
"""
open(sys.argv[1], 'wb').write(text.replace("\n", crlf).encode())
PY
smtp "" "$work/5.eml"
wait_until "/api/conversations/$CID" "[m['delivery']['state'] for m in d['messages'] if m['id'] == env['REPLY']] == ['failed']" "$AGENT_TOKEN"
check "all(s in [m for m in d['messages'] if m['id'] == env['REPLY']][0]['delivery']['detail'] for s in ('5.1.1', 'User unknown'))" "status and diagnostic shown"
check "d['status'] == 'closed'" "the bounce changed the status"
expect 200 GET "/api/conversations?mailbox=$MAILBOX_ID&limit=200"
check "len(d['items']) == 1" "the bounce opened a conversation"
ok "reply failed: $(call GET "/api/conversations/$CID" "" "$AGENT_TOKEN"; value "[m for m in d['messages'] if m['id'] == env['REPLY']][0]['delivery']['detail']")"

step "an agent of another team is refused"
expect 403 GET "/api/conversations/$CID" "" "$OUTSIDER_TOKEN"
ok "another team's agent gets 403"

echo "PASS: QA end-to-end check ($URL, SMTP $SMTP)"
