#!/usr/bin/env bash
# Fuzzes the config parser, the feed parsers (TOML, iCalendar) and the announcement reader with cargo-fuzz on stable Rust (libFuzzer's
# coverage without a sanitizer; Rust's own checks catch what matters here: panics, overflows, slicing).
#   scripts/fuzz.sh [SECONDS]    each target for SECONDS (default 30); CI runs it on every submission
# The corpus grows in fuzz/corpus/ (not kept); any crasher is copied into fuzz/regressions/<target>/, which a normal
# test (core/tests/corpus.rs; reader/tests/shapes.rs for the reader) replays on every run, and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-30}
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing; run scripts/setup.sh test" >&2; exit 1; }
status=0
for target in config feed reader; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target" "fuzz/regressions/$target"
  cp -n fuzz/seeds/"$target"/* fuzz/regressions/"$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
  echo "== fuzz $target for ${seconds}s"
  if ! (cd fuzz && cargo fuzz run --sanitizer none "$target" "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1) >"fuzz/artifacts/$target.log" 2>&1; then
    tail -40 "fuzz/artifacts/$target.log"
    for crash in fuzz/artifacts/"$target"/crash-* fuzz/artifacts/"$target"/timeout-* fuzz/artifacts/"$target"/oom-*; do
      [ -e "$crash" ] && cp "$crash" "fuzz/regressions/$target/" && echo "kept $crash in fuzz/regressions/$target/ (commit it)"
    done
    status=1
  else
    grep -E "^Done|stat::number_of_executed_units" "fuzz/artifacts/$target.log" || true
  fi
done
exit $status
