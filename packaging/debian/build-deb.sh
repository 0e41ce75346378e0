#!/usr/bin/env bash
# Builds the Debian package with cargo-deb into target/dist/ and checks it with lintian (errors fail the build).
#   packaging/debian/build-deb.sh                 -> target/dist/onshi-tray_<version>-1_amd64.deb
#   packaging/debian/build-deb.sh --deb-revision 2   the same program as a later package (upgrade tests)
# Needs: scripts/setup.sh test (cargo-deb, lintian, dpkg-dev).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p target/dist
cargo build --release --locked
# The manual pages come from the command line's own definitions, so they never drift from --help.
rm -rf target/dist/man
target/release/onshi-tray man target/dist/man
gzip -9n target/dist/man/*.1
deb=$(cargo deb --locked --no-build --output target/dist "$@" | tail -n1)
# lintian refuses to run as root unless told it may.
lintian --fail-on error --allow-root "$deb" >&2
echo "$deb"
