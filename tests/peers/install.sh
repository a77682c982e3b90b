#!/usr/bin/env bash
# Installs the mail servers the client tests run against (Debian 12), and any further packages named:
#   tests/peers/install.sh [PACKAGE...]
# Idempotent: quick, and needs no root, when everything is present. Run by a normal user while something is
# missing, it installs nothing and says what root must run once (exit 1).
# Nothing is started here and no system service is enabled; the tests start private instances.
# uidmap (newuidmap/newgidmap) lets a normal user run Postfix in a user namespace (see start-postfix.sh).
set -euo pipefail

wanted=(dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix isync openssl uidmap "$@")
missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    here=$(cd "$(dirname "$0")" && pwd)
    echo "Not installed: ${missing[*]}. Installing needs root; as root, once:" >&2
    echo "  $here/install.sh${*:+ $*}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Keep package scripts from starting the system-wide daemons.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "Installing: ${missing[*]}"
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
exit 0
