//! onshi-tray's pure core: configuration, schedule engine, notice texts, opening hours (call center, facility) and the admin reports.
//!
//! Nothing in this library touches files, the clock, the tray, notifications or the network:
//! every function that needs the time takes `now` as a parameter, and the shell (the `onshi-tray` crate: `src/main.rs`,
//! `src/app/`, `src/platform/`) does all input and output. The tidy test `core_is_pure` (`tests/tidy.rs`) and
//! `core/clippy.toml` keep it that way.

pub mod config;
pub mod delivery;
pub mod feed;
pub mod fleet;
pub mod guide;
pub mod holidays;
pub mod hours;
pub mod ical;
pub mod icon;
pub mod menu;
pub mod notice;
pub mod notice_log;
pub mod offer;
pub mod reception;
pub mod report;
pub mod schedule;
pub mod toast;
