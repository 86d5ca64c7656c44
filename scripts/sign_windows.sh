#!/usr/bin/env bash
# Authenticode-sign one Windows program or installer (scripts/package_release.py runs this once per
# file as its SIGN_COMMAND). The release workflow sets it only when the signing secrets exist:
#   WINDOWS_CERTIFICATE_PFX   path of the code-signing certificate (.pfx), decoded from the secret
#   WINDOWS_CERTIFICATE_PASSWORD
# SHA-256 file digest and an RFC 3161 timestamp, so the signature outlives the certificate; then
# the signature is verified as Windows would.
set -euo pipefail
file="$1"
: "${WINDOWS_CERTIFICATE_PFX:?}" "${WINDOWS_CERTIFICATE_PASSWORD:?}"
timestamp="${WINDOWS_TIMESTAMP_URL:-http://timestamp.digicert.com}"
signtool=$(command -v signtool.exe || true)
if [ -z "$signtool" ]; then  # the Windows SDK's, newest first: not on PATH on the runners
  signtool=$(find "/c/Program Files (x86)/Windows Kits/10/bin" -path '*x64/signtool.exe' 2>/dev/null | sort -r | head -n 1)
fi
[ -n "$signtool" ] || { echo "signtool.exe not found (Windows SDK)" >&2; exit 1; }
"$signtool" sign /fd SHA256 /td SHA256 /tr "$timestamp" /f "$WINDOWS_CERTIFICATE_PFX" \
  /p "$WINDOWS_CERTIFICATE_PASSWORD" /d "smtp-wizard" "$file"
"$signtool" verify /pa /v "$file" >/dev/null
echo "signed (Authenticode): $file"
