#!/usr/bin/env bash
# Signs a Windows file (the exe, then the MSI) in place with osslsigncode (Authenticode, SHA-256), and prints its
# SHA-256 afterwards, so that a later step that changed the file can be caught.
#   packaging/windows/sign.sh FILE
#
# The certificate comes from the environment, never from the repository:
#   ONSHI_SIGN_PKCS12=path/to/cert.p12      a PKCS#12 file with the certificate and its key, and
#   ONSHI_SIGN_PASSWORD_FILE=path           a file holding its password (kept off the command line), or
#   ONSHI_SIGN_PKCS11_MODULE=path/to/.so    a PKCS#11 token (code-signing CAs now issue keys on tokens), with
#   ONSHI_SIGN_PKCS11_KEY=pkcs11:...        the key's PKCS#11 URI and
#   ONSHI_SIGN_CERT=path/to/cert.pem        the certificate chain, and ONSHI_SIGN_PASSWORD_FILE for the PIN if needed.
#   ONSHI_SIGN_URL                          the publisher's web page, shown in the signature's details (optional)
#   ONSHI_SIGN_TIMESTAMP_URL                an RFC 3161 time-stamp server (default http://timestamp.digicert.com;
#                                           empty: none). When it cannot be reached the file is signed without a
#                                           time stamp and a warning says so, unless ONSHI_SIGN_REQUIRE_TIMESTAMP=1.
set -euo pipefail
file=${1:?usage: $0 FILE}
command -v osslsigncode >/dev/null || { echo "sign: osslsigncode is missing (apt install osslsigncode)" >&2; exit 1; }

args=(sign -h sha256 -n "オン資メンテナンス通知 (onshi-tray)")
# The publisher's page shown in the signature's details, if given.
[ -n "${ONSHI_SIGN_URL:-}" ] && args+=(-i "$ONSHI_SIGN_URL")
if [ -n "${ONSHI_SIGN_PKCS12:-}" ]; then
  args+=(-pkcs12 "$ONSHI_SIGN_PKCS12")
elif [ -n "${ONSHI_SIGN_PKCS11_MODULE:-}" ]; then
  : "${ONSHI_SIGN_PKCS11_KEY:?sign: ONSHI_SIGN_PKCS11_KEY (a pkcs11: URI of the key) is needed with a token}"
  : "${ONSHI_SIGN_CERT:?sign: ONSHI_SIGN_CERT (the certificate chain) is needed with a token}"
  args+=(-pkcs11module "$ONSHI_SIGN_PKCS11_MODULE" -key "$ONSHI_SIGN_PKCS11_KEY" -certs "$ONSHI_SIGN_CERT")
else
  echo "sign: no certificate: set ONSHI_SIGN_PKCS12 or ONSHI_SIGN_PKCS11_MODULE (see this script)" >&2
  exit 1
fi
[ -n "${ONSHI_SIGN_PASSWORD_FILE:-}" ] && args+=(-readpass "$ONSHI_SIGN_PASSWORD_FILE")

tsa=${ONSHI_SIGN_TIMESTAMP_URL-http://timestamp.digicert.com}
signed=$file.signing
rm -f "$signed"
if [ -n "$tsa" ] && osslsigncode "${args[@]}" -ts "$tsa" -in "$file" -out "$signed" >"$signed.log" 2>&1; then
  :
elif [ -n "$tsa" ] && [ "${ONSHI_SIGN_REQUIRE_TIMESTAMP:-0}" = 1 ]; then
  cat "$signed.log" >&2
  echo "sign: the time-stamp server $tsa did not answer, and a time stamp is required" >&2
  rm -f "$signed" "$signed.log"
  exit 1
else
  [ -n "$tsa" ] && echo "sign: warning: $tsa did not answer; $file is signed without a time stamp" >&2
  rm -f "$signed"
  osslsigncode "${args[@]}" -in "$file" -out "$signed" >"$signed.log" 2>&1 || {
    cat "$signed.log" >&2
    rm -f "$signed" "$signed.log"
    exit 1
  }
fi
rm -f "$signed.log"
mv "$signed" "$file"
sha256sum "$file" | cut -d' ' -f1
