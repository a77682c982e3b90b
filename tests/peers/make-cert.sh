#!/usr/bin/env bash
# A throwaway self-signed certificate for localhost / 127.0.0.1 in DIR (cert.pem, key.pem), made once.
set -euo pipefail
dir=$1
[ -f "$dir"/cert.pem ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir"/key.pem -out "$dir"/cert.pem 2>/dev/null
chmod 644 "$dir"/cert.pem "$dir"/key.pem
