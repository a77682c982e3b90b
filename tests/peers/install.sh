#!/usr/bin/env bash
# Installs the mail servers the client tests run against (Debian 12). Idempotent: quick when present.
# Nothing is started here and no system service is enabled; the tests start private instances.
set -euo pipefail

wanted=(dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix isync openssl)
missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
# Keep package scripts from starting the system-wide daemons.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
exit 0
