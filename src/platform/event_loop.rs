//! The app's event loop: it sleeps until the next instant the app names or an event arrives, and hands either to
//! the app. Events come from other threads (menu clicks, notices' buttons, the file watcher, the feeds, the wake
//! and session watchers) through a [`Proxy`].
//!
//! Windows and macOS run winit's loop: the tray and its menus (tray-icon, muda) need the thread's message pump or
//! run loop. Linux runs a channel with a deadline: its tray and notices are D-Bus services on threads of their own,
//! so the loop needs no display connection (an X11 or Wayland one cost the idle app about 2 MiB and a runtime
//! library), and it sleeps in one futex wait until the deadline or the next event.

use std::time::Instant;

#[cfg_attr(target_os = "linux", path = "event_loop/channel.rs")]
#[cfg_attr(not(target_os = "linux"), path = "event_loop/winit.rs")]
mod imp;

pub use imp::{EventLoop, Proxy};

/// What the app is asked by the loop. Each call may end the loop through [`Control::exit`].
pub trait Handler<E> {
    /// Once, when the loop starts.
    fn started(&mut self, control: &mut Control);
    /// The instant named by [`Handler::deadline`] has come.
    fn deadline_reached(&mut self, control: &mut Control);
    /// An event sent through a [`Proxy`].
    fn event(&mut self, event: E, control: &mut Control);
    /// When to call [`Handler::deadline_reached`] if no event comes first; asked again after every call.
    fn deadline(&self) -> Instant;
}

/// The loop's answer to the app: whether it ends.
#[derive(Debug, Default)]
pub struct Control {
    exit: bool,
}

impl Control {
    /// Ends the loop once the current call returns.
    pub fn exit(&mut self) {
        self.exit = true;
    }

    pub fn exiting(&self) -> bool {
        self.exit
    }
}
