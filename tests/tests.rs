//! onshi-tray's own integration tests: one binary (see `Cargo.toml`), grouped by what they prove. The core's
//! tests (config, feeds, schedule, reception, texts) are in `core/tests/`.
//!
//! - `cli`: the admin commands of the real binary.
//! - `https`: https:// feeds against a real HTTPS server with a test CA, and minisign-signed feeds.
//! - `page`: the guidance page rendered and printed by headless Chromium (one A4 page, every part, the links).
//! - `desktop`: the real binary on a private X display and D-Bus session (tray, menu, notices).
//! - `tidy`: the architecture's invariants.
//!
//! `tidy` also runs as a Windows build under Wine (`packaging/windows/lib-tests.sh`); the others drive the Linux
//! binary and desktop, so they are Unix-only.

#[cfg(unix)]
mod cli;
#[cfg(unix)]
mod desktop;
#[cfg(unix)]
mod https;
#[cfg(unix)]
mod page;
mod tidy;
