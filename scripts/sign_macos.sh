#!/usr/bin/env bash
# Sign with the Developer ID certificate, notarize with Apple and staple the ticket, for one file
# (scripts/package_release.py runs this once per file as its SIGN_COMMAND): the .app, the one-file
# command line, then the DMG made from the signed .app. The release workflow sets it only when
# the secrets exist; the certificate is then in the runner's keychain.
#   MACOS_SIGN_IDENTITY     "Developer ID Application: Company (TEAMID)"
#   MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_PASSWORD (app-specific), MACOS_NOTARY_TEAM_ID
set -euo pipefail
file="$1"
: "${MACOS_SIGN_IDENTITY:?}" "${MACOS_NOTARY_APPLE_ID:?}" "${MACOS_NOTARY_PASSWORD:?}" "${MACOS_NOTARY_TEAM_ID:?}"
notarize() {  # notarytool takes a zip, a DMG or a package, and waits for Apple's verdict
  xcrun notarytool submit "$1" --apple-id "$MACOS_NOTARY_APPLE_ID" --password "$MACOS_NOTARY_PASSWORD" \
    --team-id "$MACOS_NOTARY_TEAM_ID" --wait
}
case "$file" in
  *.dmg)
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$file"
    notarize "$file"
    xcrun stapler staple "$file"
    ;;
  *.app)
    # Hardened runtime (required for notarization); --deep signs the nested Qt frameworks too.
    codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$file"
    zip="$(mktemp -d)/app.zip"
    ditto -c -k --keepParent "$file" "$zip"
    notarize "$zip"
    xcrun stapler staple "$file"  # the .app carries its ticket, also once copied out of the DMG
    ;;
  *)
    # A bare program cannot carry a ticket: notarized, Gatekeeper finds it online.
    codesign --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$file"
    zip="$(mktemp -d)/program.zip"
    ditto -c -k "$file" "$zip"
    notarize "$zip"
    ;;
esac
codesign --verify --strict --verbose=2 "$file"
echo "signed and notarized (Developer ID): $file"
