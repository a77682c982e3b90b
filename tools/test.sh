#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine (PostgreSQL for the
# embedded database, Dovecot and Postfix as real mail peers, swaks as a real SMTP client), builds
# once, runs every test project, and prints one closing line with the totals.
set -euo pipefail
cd "$(dirname "$0")/.."

# Mail servers for the client and channel tests: tests/peers/install.sh (also run by their fixture).
packages=(postgresql swaks python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Quick, and needs no root, when everything is already installed.
tests/peers/install.sh || { echo "Installing Dovecot/Postfix needs root: run 'sudo tests/peers/install.sh' once." >&2; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  # The packages' own services are never used: tests start private instances on loopback.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build MailHub.sln -c Release -nologo -v quiet

log=$(mktemp)
status=0
dotnet test MailHub.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly; add them up into the closing line.
awk '/(Passed|Failed)! +- Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /Test Run Aborted/ { aborted = 1 }
     END { if (aborted) { f += 1; print "A test run aborted: see above." }
           printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
