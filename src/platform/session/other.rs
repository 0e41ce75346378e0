//! Linux and macOS: the session manager ends the process (SIGTERM), nothing to register.

pub fn watch(_restart_args: &str, _on_end: Box<dyn Fn(super::Ending) + Send + Sync>) {}
