#!/usr/bin/env bash
# The test command: makes sure what the tests need is on the machine (PostgreSQL for the embedded database,
# Dovecot and Postfix as real mail peers, swaks as a real SMTP client), builds once, runs every test project,
# and prints one closing line with the totals.
# As root it installs what is missing (Debian). As a normal user it installs nothing: it says what root must
# install once, and checks that Postfix can run in a user namespace (tests/peers/check-userns.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# The mail peers' packages plus these (Chromium and the CJK fonts for the console's browser tests); as a normal user this only
# checks, and says what to run as root.
tests/peers/install.sh postgresql swaks libnet-ssleay-perl libio-socket-ssl-perl python3 chromium fonts-noto-cjk
if [ "$(id -u)" -ne 0 ] && ! tests/peers/check-userns.sh; then
  echo "Without that, the tests that use the private Postfix (MailServersFixture: the IMAP, POP3 and SMTP client tests," \
       "mailbox sync, 'mailhub check/fetch'; PostfixInstance: the relay test) cannot run, so none were run." >&2
  exit 1
fi

# The TypeScript client's check (tools/api-client.sh) needs Node.js with npm: on the machine already, else Debian's.
command -v npm >/dev/null || tests/peers/install.sh nodejs npm

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build MailHub.sln -c Release -nologo -v quiet

# The checked-in TypeScript client must match the server just built; the tests run either way.
client_status=0
tools/api-client.sh --check --no-build || client_status=$?

log=$(mktemp)
status=0
dotnet test MailHub.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

if [ $client_status -ne 0 ]; then
  echo "The checked-in TypeScript client does not match the server: run tools/api-client.sh and commit (diff above)."
  [ $status -ne 0 ] || status=$client_status
fi

# dotnet test prints one summary per test assembly; add them up into the closing line.
awk '/(Passed|Failed)! +- Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /Test Run Aborted/ { aborted = 1 }
     END { if (aborted) { f += 1; print "A test run aborted: see above." }
           printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
