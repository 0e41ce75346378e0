//! Linux: logind's `PrepareForSleep` on the system bus, and a clock set seen by a `timerfd` armed with
//! `TFD_TIMER_CANCEL_ON_SET`, on one thread with a current-thread tokio runtime (the one zbus already links) that
//! sleeps in epoll until either speaks. Without a system bus or logind (a container, a minimal desktop) only the
//! clock source runs, and the minute's re-check sees a wake.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use tokio::io::unix::AsyncFd;
use zbus::export::futures_core::Stream;

use super::Wake;

type OnWake = Box<dyn Fn(Wake) + Send + Sync>;

pub fn watch(on_wake: OnWake) {
    let spawned = std::thread::Builder::new().name("wake".to_string()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_io().build() {
            Ok(runtime) => runtime,
            Err(err) => {
                log::warn!("cannot watch for wakes and clock changes ({err}): seen within a minute instead");
                return;
            }
        };
        runtime.block_on(async {
            tokio::join!(sleep_signals(&on_wake), clock_sets(&on_wake));
        });
    });
    if let Err(err) = spawned {
        log::warn!("cannot start the wake thread ({err}): wakes and clock changes are seen within a minute");
    }
}

/// logind's `PrepareForSleep(false)`: the PC has just resumed.
async fn sleep_signals(on_wake: &OnWake) {
    let watched = async {
        let connection = zbus::Connection::system().await?;
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .sender("org.freedesktop.login1")?
            .path("/org/freedesktop/login1")?
            .interface("org.freedesktop.login1.Manager")?
            .member("PrepareForSleep")?
            .build();
        let mut stream = zbus::MessageStream::for_match_rule(rule, &connection, None).await?;
        log::debug!("watching logind for wakes from sleep");
        while let Some(message) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await {
            match message.and_then(|m| m.body().deserialize::<bool>()) {
                Ok(true) => log::info!("the PC is going to sleep"),
                Ok(false) => on_wake(Wake::Resumed),
                Err(err) => log::debug!("an unreadable PrepareForSleep: {err}"),
            }
        }
        Ok::<(), zbus::Error>(())
    };
    if let Err(err) = watched.await {
        log::info!("no wake signal from logind ({err}): a wake from sleep is seen within a minute");
    }
}

/// A `timerfd` on `CLOCK_REALTIME`, armed far in the future with `TFD_TIMER_CANCEL_ON_SET`: a read fails with
/// `ECANCELED` whenever the clock is set, and never fires otherwise.
async fn clock_sets(on_wake: &OnWake) {
    let timer = match arm(None) {
        Ok(timer) => timer,
        Err(err) => {
            log::info!("no clock-change signal ({err}): a set clock is seen within a minute");
            return;
        }
    };
    // SAFETY: the descriptor is owned by the AsyncFd and stays open for as long as it is registered.
    let Ok(timer) = (unsafe { AsyncFd::register(timer) }) else { return };
    loop {
        let Ok(mut ready) = timer.readable().await else { return };
        let mut expirations = [0u8; 8];
        // SAFETY: reads at most 8 bytes into a buffer of 8 from a descriptor this function owns.
        let read = unsafe { libc::read(timer.get_ref().as_raw_fd(), expirations.as_mut_ptr().cast(), 8) };
        let error = std::io::Error::last_os_error();
        ready.clear_ready();
        if read < 0 && error.raw_os_error() == Some(libc::ECANCELED) {
            on_wake(Wake::ClockSet);
            // A cancelled timer stays cancelled until it is set again.
            if let Err(err) = arm(Some(timer.get_ref())) {
                log::warn!("cannot watch for clock changes again ({err}): seen within a minute");
                return;
            }
        }
    }
}

/// Creates (or re-arms) the timer: absolute, in the year 2200, cancelled on a clock set.
fn arm(existing: Option<&OwnedFd>) -> std::io::Result<OwnedFd> {
    let fd = match existing {
        Some(fd) => fd.try_clone()?,
        None => {
            // SAFETY: plain system call; the result is checked.
            let raw = unsafe { libc::timerfd_create(libc::CLOCK_REALTIME, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC) };
            if raw < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // SAFETY: a new descriptor that nothing else owns.
            unsafe { OwnedFd::from_raw_fd(raw) }
        }
    };
    let far = libc::itimerspec {
        it_interval: libc::timespec { tv_sec: 0, tv_nsec: 0 },
        it_value: libc::timespec { tv_sec: 7_258_118_400, tv_nsec: 0 },
    };
    let flags = libc::TFD_TIMER_ABSTIME | libc::TFD_TIMER_CANCEL_ON_SET;
    // SAFETY: a valid descriptor and timer value; the old value is not asked for.
    if unsafe { libc::timerfd_settime(fd.as_raw_fd(), flags, &far, std::ptr::null_mut()) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(fd)
}
