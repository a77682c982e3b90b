#!/usr/bin/env bash
# Issue #16's "a new conversation appears in an open list within 2 s of the SMTP 250": with the admin's list open in
# headless Chromium (view=all), MAILS mails sent one after another over plain SMTP on loopback to a sandbox mailbox,
# each timed from the server's 250 after DATA to the row with its subject on screen; p50/p95/max. A fresh database
# unless CONVERSATIONS (and MESSAGES) are seeded first. console-load.sh does the work (its DATA, NO_BUILD, KEEP apply).
#
#   tools/bench/console-live.sh [mails=20]
set -euo pipefail
LIVE=${1:-20} exec "$(dirname "$0")/console-load.sh" "${CONVERSATIONS:-0}" "${MESSAGES:-0}"
