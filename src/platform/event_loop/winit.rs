//! Windows and macOS: winit's loop, whose thread also pumps the tray's and the hidden windows' messages (Windows)
//! or runs the application's run loop (macOS).

use std::time::Instant;

use winit::application::ApplicationHandler;
use winit::event::{StartCause, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoopProxy};
use winit::window::WindowId;

use super::{Control, Handler};

pub struct EventLoop<E: 'static>(winit::event_loop::EventLoop<E>);

/// Sends events into the loop from any thread.
pub struct Proxy<E: 'static>(EventLoopProxy<E>);

impl<E: 'static> Clone for Proxy<E> {
    fn clone(&self) -> Self {
        Proxy(self.0.clone())
    }
}

impl<E: 'static> Proxy<E> {
    /// False once the loop has ended.
    pub fn send_event(&self, event: E) -> bool {
        self.0.send_event(event).is_ok()
    }
}

impl<E: 'static> EventLoop<E> {
    /// Fails where there is no desktop to run on; the message is winit's, without its source file.
    pub fn new() -> Result<Self, String> {
        winit::event_loop::EventLoop::<E>::with_user_event()
            .build()
            .map(EventLoop)
            .map_err(|err| without_source_location(&err.to_string()).to_string())
    }

    pub fn proxy(&self) -> Proxy<E> {
        Proxy(self.0.create_proxy())
    }

    pub fn run(self, handler: &mut impl Handler<E>) -> Result<(), String> {
        let mut runner = Runner { handler, marker: std::marker::PhantomData };
        self.0.run_app(&mut runner).map_err(|err| err.to_string())
    }
}

struct Runner<'a, E, H: Handler<E>> {
    handler: &'a mut H,
    marker: std::marker::PhantomData<fn(E)>,
}

impl<E, H: Handler<E>> Runner<'_, E, H> {
    fn with_control(&mut self, event_loop: &ActiveEventLoop, call: impl FnOnce(&mut H, &mut Control)) {
        let mut control = Control::default();
        call(self.handler, &mut control);
        if control.exiting() {
            event_loop.exit();
        }
    }
}

impl<E: 'static, H: Handler<E>> ApplicationHandler<E> for Runner<'_, E, H> {
    fn new_events(&mut self, event_loop: &ActiveEventLoop, cause: StartCause) {
        match cause {
            StartCause::Init => self.with_control(event_loop, |handler, control| handler.started(control)),
            StartCause::ResumeTimeReached { .. } => {
                self.with_control(event_loop, |handler, control| handler.deadline_reached(control))
            }
            _ => {}
        }
    }

    fn resumed(&mut self, _event_loop: &ActiveEventLoop) {}

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: E) {
        self.with_control(event_loop, |handler, control| handler.event(event, control));
    }

    fn window_event(&mut self, _event_loop: &ActiveEventLoop, _window_id: WindowId, _event: WindowEvent) {}

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let deadline: Instant = self.handler.deadline();
        event_loop.set_control_flow(ControlFlow::WaitUntil(deadline));
    }
}

/// An error of winit's as a person reads it: without the source file it was raised in (`os error at
/// /root/.cargo/registry/…/windows/mod.rs:765: …`).
fn without_source_location(text: &str) -> &str {
    match text.strip_prefix("os error at ").and_then(|rest| rest.split_once(".rs:")) {
        Some((_, rest)) => rest.split_once(": ").map_or(rest, |(_, message)| message),
        None => text,
    }
}
