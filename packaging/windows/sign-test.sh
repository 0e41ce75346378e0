#!/usr/bin/env bash
# Signing, end to end, with a throw-away self-signed code-signing certificate made here: build-msi.sh signs the exe
# before it goes into the MSI and the MSI last; osslsigncode verifies both signatures (the exe as the MSI installs
# it), and the MSI is byte for byte what was signed.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d "${TMPDIR:-/tmp}/onshi-sign.XXXXXX")
pids=()
trap 'rm -rf "$work"' EXIT
source scripts/desktop.sh
for tool in osslsigncode openssl msiextract msiinfo sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
done

say "a throw-away code-signing certificate"
openssl req -x509 -newkey rsa:3072 -sha256 -days 2 -nodes -subj "/CN=onshi-tray test signer" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature,keyCertSign" \
  -addext "extendedKeyUsage=codeSigning" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
printf 'test-password' >"$work/password"
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -passout "file:$work/password" -out "$work/cert.p12"

say "build and sign"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
msi=target/dist/onshi-tray-$version-x64.msi
ONSHI_SIGN_PKCS12=$work/cert.p12 ONSHI_SIGN_PASSWORD_FILE=$work/password ONSHI_SIGN_TIMESTAMP_URL= \
  packaging/windows/build-msi.sh >/dev/null 2>"$work/build.err" || fail "build-msi.sh failed: $(cat "$work/build.err")"
signed_hash=$(sed -n 's/^signed: \([0-9a-f]*\) .*/\1/p' "$work/build.err")
[ -n "$signed_hash" ] || fail "build-msi.sh did not report the signed MSI: $(cat "$work/build.err")"

say "the MSI is what was signed, and its signature verifies"
[ "$(sha256sum "$msi" | cut -d' ' -f1)" = "$signed_hash" ] || fail "the MSI changed after it was signed"
osslsigncode verify -CAfile "$work/cert.pem" -in "$msi" >"$work/verify-msi.log" 2>&1 ||
  fail "the MSI's signature does not verify: $(cat "$work/verify-msi.log")"
grep -q "onshi-tray test signer" "$work/verify-msi.log" || fail "the MSI is not signed by the test certificate"

say "the exe inside the MSI is signed too"
mkdir -p "$work/extract"
(cd "$work/extract" && msiextract "$OLDPWD/$msi" >/dev/null)
exe=$(find "$work/extract" -name onshi-tray.exe | head -n1)
[ -n "$exe" ] || fail "no onshi-tray.exe in the MSI"
osslsigncode verify -CAfile "$work/cert.pem" -in "$exe" >"$work/verify-exe.log" 2>&1 ||
  fail "the exe's signature does not verify: $(cat "$work/verify-exe.log")"
grep -q "onshi-tray test signer" "$work/verify-exe.log" || fail "the exe is not signed by the test certificate"

say "a tampered MSI no longer verifies"
cp "$msi" "$work/tampered.msi"
printf 'x' | dd of="$work/tampered.msi" bs=1 seek=4096 conv=notrunc 2>/dev/null
if osslsigncode verify -CAfile "$work/cert.pem" -in "$work/tampered.msi" >/dev/null 2>&1; then
  fail "a changed MSI still verifies"
fi
say "signing passed"
