//! Linux (glibc): `malloc_trim` after the start-up.

pub fn give_back_free_memory() {
    // SAFETY: glibc's malloc_trim takes no pointers and may be called at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
