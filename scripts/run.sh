#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs onshi-tray on its built-in default. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
exec cargo run --release --locked -- "$@"
