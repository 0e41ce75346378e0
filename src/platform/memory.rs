//! Keeping the idle app small in memory: after the start-up (the config read and judged, the tray set up), the
//! memory the allocator holds free is handed back to the system (glibc's `malloc_trim`: measured 0.3 MiB of the idle
//! app's heap). Elsewhere: nothing to do.

#[cfg_attr(target_os = "linux", path = "memory/linux.rs")]
#[cfg_attr(not(target_os = "linux"), path = "memory/other.rs")]
mod backend;

/// After the start-up: the memory freed since is given back to the system.
pub fn give_back_free_memory() {
    backend::give_back_free_memory();
}
