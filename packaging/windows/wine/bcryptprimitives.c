/* A test-only stand-in for bcryptprimitives.dll, which Debian 12's Wine 8.0 lacks.
 *
 * Rust's standard library (1.78 and later) gets its random numbers from ProcessPrng in bcryptprimitives.dll, which
 * every supported Windows has; without it, onshi-tray.exe cannot start under that Wine. This stand-in forwards to
 * RtlGenRandom. It is used only by packaging/windows/smoke-test.sh and never shipped. */
#include <windows.h>

#define RtlGenRandom SystemFunction036
BOOLEAN NTAPI RtlGenRandom(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
