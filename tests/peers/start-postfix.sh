#!/usr/bin/env bash
# Starts a private Postfix in the foreground from DIR, loopback only, in one of two roles:
#   start-postfix.sh DIR PORT DOVECOT_AUTH_PORT DOVECOT_LMTP_PORT
#     a provider's submission server: STARTTLS and AUTH (PLAIN/LOGIN through Dovecot SASL), mail for @test.local
#     delivered into Dovecot over LMTP; refused@test.local is refused at RCPT (for per-recipient tests).
#   start-postfix.sh --relay RELAY_PORT DIR PORT
#     an MTA in front of MailHub: takes mail from 127.0.0.0/8 without AUTH and relays all of it to
#     127.0.0.1:RELAY_PORT (STARTTLS when offered), as relay.postfix.test.
# The log is DIR/postfix.log. Stop it with SIGTERM (it runs "postfix stop" and waits for the master).
#
# Postfix's master runs only as root and its processes switch to the postfix user. A normal user gets both in a
# user namespace (util-linux unshare): the user is root inside, and the first block of their /etc/subuid and
# /etc/subgid ranges covers every other id, the postfix user's too. That needs newuidmap/newgidmap (package
# uidmap) and such ranges; everything stays on the shared network, so the ports are reachable as usual. Files
# Postfix's processes create belong to a subordinate id outside the namespace, so on exit DIR is handed back to
# the user (chown to the namespace's root) and can be deleted normally.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: $0 DIR PORT DOVECOT_AUTH_PORT DOVECOT_LMTP_PORT | $0 --relay RELAY_PORT DIR PORT"
if [ "${1:-}" = --relay ]; then
  [ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
  role=relay relay=$2 dir=$3 port=$4
else
  [ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
  role=submission dir=$1 port=$2 auth=$3 lmtp=$4
fi

if [ "$(id -u)" -ne 0 ]; then
  "$here"/check-userns.sh
  # Same script, same arguments, as root of a new user namespace.
  MAILHUB_PEERS_USERNS=1 exec unshare --user --map-root-user --map-auto -- "$here/$(basename "$0")" "$@"
fi

stopping=
trap 'stopping=1' TERM INT
# Inside the namespace, hand DIR back to the user however this ends (anything in it then belongs to them).
[ -z "${MAILHUB_PEERS_USERNS:-}" ] || trap 'chown -R 0:0 "$dir" 2>/dev/null || true' EXIT

mkdir -p "$dir"/etc "$dir"/queue "$dir"/data
chmod 755 "$dir"
chown postfix "$dir"/data
# Postfix's own file lists, copied so that they belong to (this namespace's) root; in a user namespace the real
# /etc/postfix belongs to nobody and Postfix would skip it with a warning.
cp -r /etc/postfix/postfix-files /etc/postfix/postfix-files.d /etc/postfix/dynamicmaps.cf /etc/postfix/dynamicmaps.cf.d "$dir"/etc/

# What both roles share.
cat > "$dir"/etc/main.cf <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = $dir/etc
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = yes
CONF

if [ "$role" = submission ]; then
  "$here"/make-cert.sh "$dir"
  cat >> "$dir"/etc/main.cf <<CONF
myhostname = mail.test.local
mydomain = test.local
myorigin = test.local
virtual_mailbox_domains = test.local
virtual_mailbox_maps = static:ok
virtual_transport = lmtp:inet:127.0.0.1:$lmtp
message_size_limit = 5000000
smtpd_banner = \$myhostname ESMTP MailHub test Postfix
smtpd_tls_cert_file = $dir/cert.pem
smtpd_tls_key_file = $dir/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = check_recipient_access inline:{ {refused@test.local=REJECT no such mailbox here} }, permit_sasl_authenticated, reject
CONF
else
  cat >> "$dir"/etc/main.cf <<CONF
myhostname = relay.postfix.test
mydomain = postfix.test
myorigin = postfix.test
relayhost = [127.0.0.1]:$relay
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_tls_security_level = may
CONF
fi

cat > "$dir"/etc/master.cf <<CONF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
# The queue's folders, owned by postfix and postdrop ("set-permissions" would also chown the system's files).
/usr/sbin/postfix -c "$dir"/etc post-install create-missing
# Skips the installation checks (a postlog process per file of /etc/postfix and /usr/lib/postfix): this is a
# throwaway instance of the system's Postfix, not an installation.
touch "$dir"/queue/quick-start

[ -z "$stopping" ] || exit 0
stop() { stopping=1; /usr/sbin/postfix -c "$dir"/etc stop >/dev/null 2>&1 || true; }
trap stop TERM INT
/usr/sbin/postfix -c "$dir"/etc start-fg &
master=$!
# A trapped signal ends "wait" early; wait again until Postfix has really gone.
while :; do
  wait "$master" && status=0 || status=$?
  kill -0 "$master" 2>/dev/null || break
done
[ -n "$stopping" ] && exit 0
exit "$status"
