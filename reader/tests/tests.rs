//! The reader's integration tests: one binary, grouped by what they prove; no file, clock or network is needed.
//!
//! - `shapes`: each shape an announcement writes a window in, in the project's own words, as data; and what an
//!   import adds to a commented file.
//! - `circulars`: the acceptance check against `../shared/circulars` where it exists (skipped, and said, where not).

mod circulars;
mod shapes;
