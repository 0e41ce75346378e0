#!/usr/bin/env bash
# The library's tests as a Windows build, run under Debian's Wine: the core's unit tests, the binary's, and the pure
# integration tests (config, schedule, reception, texts, tidy), so that path, time-zone and file code meets Windows
# semantics. The desktop, page and command-line tests drive the Linux binary and desktop; they are not built here.
#
#   packaging/windows/lib-tests.sh [TEST FILTER...]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d "${TMPDIR:-/tmp}/onshi-wine-tests.XXXXXX")
pids=()
cleanup() {
  WINEPREFIX=$work/prefix timeout 20 wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
source scripts/desktop.sh

for tool in wine wineboot x86_64-w64-mingw32-gcc cargo; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
done

export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
# Console programs: no display, no desktop session.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
say "Wine prefix ($(wine --version))"
timeout 180 wineboot --init >"$work/wineboot.log" 2>&1 || fail "wineboot failed: $(tail -5 "$work/wineboot.log")"
# Debian 12's Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which Rust 1.78+ programs import.
system32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$system32/bcryptprimitives.dll" packaging/windows/wine/bcryptprimitives.c -ladvapi32
fi

say "the library's tests, built for Windows, under Wine"
# Japan is not the PC's time zone here either: every time must still be Japan time.
export TZ=America/New_York
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="timeout 600 wine"
if ! cargo test --release --locked --workspace --target x86_64-pc-windows-gnu --lib --test tests -- "$@" >"$work/tests.log" 2>&1; then
  cat "$work/tests.log"
  fail "the Windows build's tests failed under Wine"
fi
grep -E "^(test |running |test result)" "$work/tests.log"
grep -q "^test result: ok" "$work/tests.log" || fail "no test ran"
say "the Windows build's tests passed under Wine"
