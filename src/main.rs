//! onshi-tray: maintenance notices for オンライン資格確認等システム, in the tray of a reception PC.
//!
//! This binary is the shell: the command line, the event loop and the platform code.
//! The pure core is the crate `onshi-tray-core` (`core/`).

// Release builds on Windows are GUI programs: no console window behind the tray icon.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

mod app;
mod cli;
mod import;
mod platform;

fn main() -> std::process::ExitCode {
    platform::attach_console();
    platform::tray::prepare_environment();
    cli::run_guarded()
}
