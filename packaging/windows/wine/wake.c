/* What Windows sends a running onshi-tray when the PC resumes from sleep ("resume": WM_POWERBROADCAST with
 * PBT_APMRESUMEAUTOMATIC, then PBT_APMRESUMESUSPEND, as Windows does when a user is there) or when its clock is set
 * ("time": WM_TIMECHANGE). Wine cannot sleep the machine, so the smoke test sends the messages itself, to the app's
 * own window (class OnshiTrayWake), as Windows broadcasts them to every top-level window. Exit 2: no such window. */
#include <string.h>
#include <windows.h>

int main(int argc, char **argv) {
    HWND window = NULL;
    for (int i = 0; i < 100 && !(window = FindWindowW(L"OnshiTrayWake", NULL)); i++) Sleep(100);
    if (!window) return 2;
    if (argc > 1 && strcmp(argv[1], "time") == 0) {
        SendMessageW(window, WM_TIMECHANGE, 0, 0);
    } else {
        SendMessageW(window, WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC, 0);
        SendMessageW(window, WM_POWERBROADCAST, PBT_APMRESUMESUSPEND, 0);
    }
    return 0;
}
