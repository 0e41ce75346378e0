//! Linux: the loop is a channel; waiting is one `recv_timeout` (a futex wait) until the deadline.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

use super::{Control, Handler};

pub struct EventLoop<E> {
    sender: Sender<E>,
    receiver: Receiver<E>,
}

/// Sends events into the loop from any thread.
pub struct Proxy<E>(Sender<E>);

impl<E> Clone for Proxy<E> {
    fn clone(&self) -> Self {
        Proxy(self.0.clone())
    }
}

impl<E> Proxy<E> {
    /// False once the loop has ended.
    pub fn send_event(&self, event: E) -> bool {
        self.0.send(event).is_ok()
    }
}

impl<E> EventLoop<E> {
    pub fn new() -> Result<Self, String> {
        let (sender, receiver) = mpsc::channel();
        Ok(EventLoop { sender, receiver })
    }

    pub fn proxy(&self) -> Proxy<E> {
        Proxy(self.sender.clone())
    }

    pub fn run(self, handler: &mut impl Handler<E>) -> Result<(), String> {
        let mut control = Control::default();
        handler.started(&mut control);
        while !control.exiting() {
            match deadline_first(handler.deadline(), Instant::now()) {
                None => handler.deadline_reached(&mut control),
                // The loop holds a sender itself: the channel never disconnects while it runs.
                Some(wait) => match self.receiver.recv_timeout(wait) {
                    Ok(event) => handler.event(event, &mut control),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
                },
            }
        }
        Ok(())
    }
}

/// How long to wait for an event: nothing once the deadline has come (it goes first, so that a stream of events
/// never holds back what is due).
fn deadline_first(deadline: Instant, now: Instant) -> Option<std::time::Duration> {
    (deadline > now).then(|| deadline - now)
}
