//! macOS: no wake source yet; the loop's re-check at least once a minute sees a wake or a set clock.

use super::Wake;

pub fn watch(_on_wake: Box<dyn Fn(Wake) + Send + Sync>) {}
