/* Finds the notification-area balloon on the screen, as a person would see it, and photographs the screen.
 * A balloon is a visible top-level tooltip window (class tooltips_class32) with the TTS_BALLOON style: the shell
 * (Windows' Explorer, or Wine's) draws one for a tray icon's NIF_INFO notice. Prints "balloon x y width height" for
 * each one (the smoke test waits for one), and with an argument writes the whole screen to that path as a 24-bit
 * BMP. Exit 0: at least one balloon; 1: none; 2: the screenshot could not be written. */
#include <stdio.h>
#include <windows.h>
#include <commctrl.h>

static int found;

static BOOL CALLBACK visit(HWND window, LPARAM unused) {
    WCHAR name[64];
    RECT rect;
    (void)unused;
    if (!IsWindowVisible(window) || !GetClassNameW(window, name, 64) || lstrcmpiW(name, L"tooltips_class32") != 0)
        return TRUE;
    if (!(GetWindowLongW(window, GWL_STYLE) & TTS_BALLOON) || !GetWindowRect(window, &rect)) return TRUE;
    if (rect.right - rect.left < 8 || rect.bottom - rect.top < 8) return TRUE;
    printf("balloon %ld %ld %ld %ld\n", rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top);
    found++;
    return TRUE;
}

static int screenshot(const char *path) {
    int width = GetSystemMetrics(SM_CXSCREEN), height = GetSystemMetrics(SM_CYSCREEN);
    int stride = (width * 3 + 3) & ~3;
    HDC screen = GetDC(NULL), memory = CreateCompatibleDC(screen);
    BITMAPINFO info = {0};
    void *bits = NULL;
    info.bmiHeader.biSize = sizeof(info.bmiHeader);
    info.bmiHeader.biWidth = width;
    info.bmiHeader.biHeight = height; /* bottom-up, as BMP files store it */
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 24;
    info.bmiHeader.biCompression = BI_RGB;
    HBITMAP bitmap = CreateDIBSection(screen, &info, DIB_RGB_COLORS, &bits, NULL, 0);
    if (!bitmap) return 2;
    HGDIOBJ old = SelectObject(memory, bitmap);
    BitBlt(memory, 0, 0, width, height, screen, 0, 0, SRCCOPY);
    GdiFlush();
    BITMAPFILEHEADER file = {0};
    file.bfType = 0x4d42;
    file.bfOffBits = sizeof(file) + sizeof(info.bmiHeader);
    file.bfSize = file.bfOffBits + (DWORD)stride * height;
    FILE *out = fopen(path, "wb");
    int ok = out && fwrite(&file, sizeof(file), 1, out) == 1 && fwrite(&info.bmiHeader, sizeof(info.bmiHeader), 1, out) == 1
             && fwrite(bits, (size_t)stride * height, 1, out) == 1;
    if (out) ok = fclose(out) == 0 && ok;
    SelectObject(memory, old);
    DeleteObject(bitmap);
    DeleteDC(memory);
    ReleaseDC(NULL, screen);
    return ok ? 0 : 2;
}

int main(int argc, char **argv) {
    EnumWindows(visit, 0);
    if (argc > 1 && screenshot(argv[1]) != 0) return 2;
    return found ? 0 : 1;
}
