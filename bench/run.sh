#!/usr/bin/env bash
# The footprint and timing benchmark (see BENCHMARKS.md). Run on demand, not in CI:
#   bench/run.sh [--peers] [--skip-build-time] [--idle SECONDS] [--only-windows | --only-wake]
# --only-windows measures only status/list/simulate on absurd windows (a 10 000-year window, 100 000 overlapping);
# --only-wake only the wake from sleep and the clock set to the due notice.
# --peers installs Safe Eyes, Workrave and evolution-data-server from Debian and measures them beside onshi-tray.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
if [[ " $* " == *" --peers "* ]]; then
  peers=()
  for p in safeeyes workrave evolution-data-server; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || peers+=("$p")
  done
  if ((${#peers[@]})); then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${peers[@]}"
  fi
fi
cargo build --release --locked --bin onshi-tray --example scale --example fleet
# `onshi-tray fleet` over 5 000 reports and a few hostile files (BENCHMARKS.md, "The fleet").
target/release/examples/fleet 5000
exec /usr/bin/python3 bench/footprint.py "$@"
