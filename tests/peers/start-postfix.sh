#!/usr/bin/env bash
# Starts a private Postfix in the foreground from DIR, loopback only:
#   start-postfix.sh DIR SUBMISSION_PORT DOVECOT_AUTH_PORT DOVECOT_LMTP_PORT
# Submission takes STARTTLS and AUTH (PLAIN/LOGIN through Dovecot SASL) and delivers mail for @test.local into
# Dovecot over LMTP. refused@test.local is refused at RCPT (for per-recipient tests). Stop it with SIGTERM.
set -euo pipefail
dir=$1 port=$2 auth=$3 lmtp=$4
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "The private Dovecot and Postfix test peers start as root (Postfix's master process requires it): run the tests as root, e.g. 'sudo tools/test.sh'." >&2
  exit 1
fi
mkdir -p "$dir"/etc "$dir"/queue "$dir"/data
chmod 755 "$dir"
"$here"/make-cert.sh "$dir"
chown postfix "$dir"/data

cat > "$dir"/etc/main.cf <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = /etc/postfix
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
mail_owner = postfix
myhostname = mail.test.local
mydomain = test.local
mydestination =
myorigin = test.local
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = test.local
virtual_mailbox_maps = static:ok
virtual_transport = lmtp:inet:127.0.0.1:$lmtp
smtputf8_enable = yes
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
/usr/sbin/postfix -c "$dir"/etc set-permissions >/dev/null 2>&1 || true
exec /usr/sbin/postfix -c "$dir"/etc start-fg
