#!/usr/bin/env bash
# Starts a private Dovecot in the foreground from DIR (created if needed), loopback only:
#   start-dovecot.sh DIR IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT AUTH_PORT LMTP_PORT
# IMAP/POP3 on the plain ports offer STARTTLS/STLS; the S ports are implicit TLS. AUTH_PORT serves SASL to
# Postfix, LMTP_PORT takes deliveries. Users (password "secret"): alice, bob, bench, carol, dave.
# The mail store is DIR/mail/<user>/Maildir. As root every process but the master runs as nobody and the store
# belongs to nobody:nogroup; as a normal user everything runs as that user (no chroot) and the store is theirs.
# Stop it with SIGTERM.
set -euo pipefail
dir=$1 imap=$2 imaps=$3 pop3=$4 pop3s=$5 auth=$6 lmtp=$7
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"/run "$dir"/state "$dir"/mail
chmod 755 "$dir" "$dir"/mail
"$here"/make-cert.sh "$dir"
if [ "$(id -u)" -eq 0 ]; then
  owner=nobody group=nogroup
  chown nobody:nogroup "$dir"/mail
  # Dovecot's defaults: login processes chrooted, internal processes as dovenull/dovecot.
  login_chroot=login unprivileged=
else
  owner=$(id -un) group=$(id -gn)
  # Dovecot cannot switch users or chroot without root: every service runs as this user, unchrooted.
  login_chroot= unprivileged="default_internal_user = $owner
default_internal_group = $group
default_login_user = $owner
service anvil {
  chroot =
}
service ipc {
  chroot =
}
service aggregator {
  chroot =
}
service old-stats {
  chroot =
}"
fi
[ -f "$dir"/users ] || cat > "$dir"/users <<USERS
alice:{PLAIN}secret::::::
bob:{PLAIN}secret::::::
bench:{PLAIN}secret::::::
carol:{PLAIN}secret::::::
dave:{PLAIN}secret::::::
erin:{PLAIN}secret::::::
frank:{PLAIN}secret::::::
USERS

cat > "$dir"/dovecot.conf <<CONF
base_dir = $dir/run
state_dir = $dir/state
instance_name = mailhub-test-$imap
log_path = $dir/dovecot.log
$unprivileged
listen = 127.0.0.1
protocols = imap pop3 lmtp
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
mail_uid = $owner
mail_gid = $group
first_valid_uid = 1
default_vsz_limit = 512M
mail_fsync = never
maildir_very_dirty_syncs = yes
pop3_uidl_format = %v.%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dir/users
}
userdb {
  driver = static
  args = uid=$owner gid=$group home=$dir/mail/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox 已发送 {
    auto = create
  }
  mailbox Archive {
    special_use = \Archive
    auto = create
  }
  mailbox Trash {
    special_use = \Trash
    auto = create
  }
}
service imap-login {
  chroot = $login_chroot
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps
    ssl = yes
  }
}
service pop3-login {
  chroot = $login_chroot
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop3
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $pop3s
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $auth
  }
}
lmtp_save_to_detail_mailbox = no
recipient_delimiter =
protocol lmtp {
  auth_username_format = %n
}
CONF
exec /usr/sbin/dovecot -F -c "$dir"/dovecot.conf
