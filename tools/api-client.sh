#!/usr/bin/env bash
# The TypeScript client's generated files, from the server as it is built:
#   src/MailHub.Client/openapi.json   the host's OpenAPI document (MailHub.Host openapi --out: nothing is started)
#   src/MailHub.Client/schema.d.ts    its types, by openapi-typescript
# then type-checks the package (index.ts and test/usage.ts) against them.
#
#   tools/api-client.sh             regenerate in place; commit both files with the server change that moved them
#   tools/api-client.sh --check     regenerate into a temporary folder and fail, with the diff, when the checked-in
#                                   files differ (CI, through tools/test.sh)
#   --no-build                      use the Release build of the host that is there (tools/test.sh has just built it)
set -euo pipefail
cd "$(dirname "$0")/.."
client=src/MailHub.Client
host=src/MailHub.Host/bin/Release/net10.0/MailHub.Host.dll

check=false build=true
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    --no-build) build=false ;;
    *) echo "usage: tools/api-client.sh [--check] [--no-build]" >&2; exit 2 ;;
  esac
done

if ! command -v npm >/dev/null; then
  echo "api-client: npm is not installed; the client needs Node.js 20 or later with npm (Debian: apt-get install nodejs npm)." >&2
  exit 1
fi
# The package's own tools at the versions of its package-lock.json (npm ci), again whenever the lock file changed.
if [ ! -f $client/node_modules/.package-lock.json ] || [ $client/package-lock.json -nt $client/node_modules/.package-lock.json ]; then
  (cd $client && npm ci --no-audit --no-fund --loglevel=error)
fi

if $build; then
  # Without the console: it compiles against this client, which is what is being regenerated (the host's next build
  # builds the console against the new one).
  dotnet build src/MailHub.Host -c Release -nologo -v quiet -p:SkipConsoleBuild=true
fi
if [ ! -f $host ]; then
  echo "api-client: $host is not built: dotnet build src/MailHub.Host -c Release (or run without --no-build)." >&2
  exit 1
fi

out=$client
if $check; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
out=$(cd "$out" && pwd)

dotnet $host openapi --out "$out/openapi.json" >/dev/null
# openapi-typescript says what it did on stderr; shown only when it fails.
if ! log=$($client/node_modules/.bin/openapi-typescript "$out/openapi.json" --output "$out/schema.d.ts" 2>&1); then
  echo "$log" >&2
  exit 1
fi

if $check; then
  stale=()
  for file in openapi.json schema.d.ts; do
    if ! diff -u --label "$client/$file (checked in)" --label "$client/$file (from the server)" "$client/$file" "$out/$file" > "$out/$file.diff"; then
      stale+=("$file")
      head -n 200 "$out/$file.diff"
      lines=$(wc -l < "$out/$file.diff")
      [ "$lines" -le 200 ] || echo "... ($lines lines of diff in all)"
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "api-client: the checked-in ${stale[*]} in $client differ from what the server generates now." >&2
    echo "  Regenerate and commit them: tools/api-client.sh && git add $client/openapi.json $client/schema.d.ts" >&2
    exit 1
  fi
fi

(cd $client && node_modules/.bin/tsc --noEmit -p tsconfig.json)
if $check; then
  echo "api-client: $client matches the server's OpenAPI document and type-checks."
else
  echo "api-client: regenerated $client/openapi.json and schema.d.ts; they type-check."
fi
