//! The reader's integration tests: one binary, grouped by what they prove; no clock or network is needed.
//!
//! - `shapes`: each shape an announcement writes a window in, in the project's own words, as data; and what an
//!   import adds to a commented file.
//! - `fuzz_seeds`: the fuzzer's seeds and regressions, replayed.
//! - `circulars`: the acceptance check against `../shared/circulars` where it exists (skipped, and said, where not).

mod circulars;
mod fuzz_seeds;
mod shapes;
