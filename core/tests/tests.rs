//! The core's integration tests: one binary (see `core/Cargo.toml`), grouped by what they prove. They need no
//! display, D-Bus session, browser or built app: `cargo test -p onshi-tray-core` is the fast lane.
//!
//! - `config`: every config error, located to line and column; layers; encodings.
//! - `corpus`: a generated corpus of bad configs (each line mutated a dozen ways), outcomes in `core/tests/data/`.
//! - `feed`: schedule feeds (TOML, iCalendar) as the core reads and judges them.
//! - `holidays`: Japan's national holidays against a published list.
//! - `reception`: notices timed to the facility's hours: heads-up, after-notice, repeats, acknowledge and snooze.
//! - `reception_loop`: the app's loop (`Reception`) input by input: what is shown, closed, retried, withheld.
//! - `schedule`: the engine's timelines, through `simulate`, with sleep, restarts and clock jumps.
//! - `texts`: notices, guidance and call-center texts in both languages (snapshots: `UPDATE_EXPECT=1 cargo test`).
//!
//! They also run as a Windows build under Wine (`packaging/windows/lib-tests.sh`).

// Tests read their data files; the purity rules of `clippy.toml` are for the core's own code.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod config;
mod corpus;
mod feed;
mod fleet;
mod holidays;
mod reception;
mod reception_loop;
mod schedule;
mod texts;
