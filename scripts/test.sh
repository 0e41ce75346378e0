#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs the whole test suite: the Rust tests (the headless desktop tests
# included, against the release binary), then the packages: the .deb installed, run, upgraded and purged on this
# machine, the Windows MSI under Wine, its signing; and last the library's tests as a Windows build under Wine. With arguments,
# only the Rust tests run, and the arguments go to the test binary (a name filter, --nocapture).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
if (($#)); then
  exec cargo test --release --locked --workspace -- "$@"
fi
cargo test --release --locked --workspace
packaging/debian/test.sh
packaging/windows/smoke-test.sh
packaging/windows/sign-test.sh
packaging/windows/lib-tests.sh
