//! onshi-tray's integration tests: one binary (see `Cargo.toml`), grouped by what they prove.
//!
//! - `config`: every config error, located to line and column; layers; encodings.
//! - `corpus`: a generated corpus of bad configs (each line mutated a dozen ways), outcomes in `tests/data/`.
//! - `feed`: schedule feeds (TOML, iCalendar) as the core reads and judges them.
//! - `reception`: notices timed to the facility's hours: heads-up, after-notice, repeats, acknowledge and snooze.
//! - `reception_loop`: the app's loop (`Reception`) input by input: what is shown, closed, retried, withheld.
//! - `schedule`: the engine's timelines, through `simulate`, with sleep, restarts and clock jumps.
//! - `texts`: notices, guidance and call-center texts in both languages (snapshots: `UPDATE_EXPECT=1 cargo test`).
//! - `cli`: the admin commands of the real binary.
//! - `https`: https:// feeds against a real HTTPS server with a test CA, and minisign-signed feeds.
//! - `page`: the guidance page rendered and printed by headless Chromium (one A4 page, every part, the links).
//! - `desktop`: the real binary on a private X display and D-Bus session (tray, menu, notices).
//! - `tidy`: the architecture's invariants.
//!
//! The pure ones (`config`, `corpus`, `feed`, `reception`, `reception_loop`, `schedule`, `texts`, `tidy`) also run as a Windows build under Wine
//! (`packaging/windows/lib-tests.sh`); the others drive the Linux binary and desktop, so they are Unix-only.

#[cfg(unix)]
mod cli;
mod config;
mod corpus;
#[cfg(unix)]
mod desktop;
mod feed;
mod holidays;
#[cfg(unix)]
mod https;
#[cfg(unix)]
mod page;
mod reception;
mod reception_loop;
mod schedule;
mod texts;
mod tidy;
