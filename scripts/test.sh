#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs the whole test suite, the headless desktop tests included,
# against the release binary. Extra arguments go to the test binary (a name filter, --nocapture).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
exec cargo test --release --locked -- "$@"
