/* What Windows Installer's Restart Manager (or a sign-out) sends to a running onshi-tray: WM_QUERYENDSESSION, then
 * WM_ENDSESSION, with ENDSESSION_CLOSEAPP ("update", the default) or ENDSESSION_LOGOFF ("logoff"). Wine's msiexec
 * does not use the Restart Manager, so the smoke test sends the messages itself. Exit 2: no onshi-tray window. */
#include <string.h>
#include <windows.h>

int main(int argc, char **argv) {
    HWND window = NULL;
    for (int i = 0; i < 100 && !(window = FindWindowW(L"OnshiTraySession", NULL)); i++) Sleep(100);
    if (!window) return 2;
    LPARAM why = argc > 1 && strcmp(argv[1], "logoff") == 0 ? ENDSESSION_LOGOFF : ENDSESSION_CLOSEAPP;
    if (!SendMessageW(window, WM_QUERYENDSESSION, 0, why)) return 3;
    SendMessageW(window, WM_ENDSESSION, TRUE, why);
    return 0;
}
