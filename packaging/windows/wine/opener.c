/* A stand-in for the browser: the smoke test associates .html with it, so that what the app opens through
 * ShellExecuteW (the guidance page, by its path) is recorded, one line per open, in the file named by the first
 * argument, instead of starting a browser. */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 3) return 2;
    FILE *out = _wfopen(argv[1], L"a, ccs=UTF-8");
    if (!out) return 1;
    fwprintf(out, L"%ls\n", argv[2]);
    fclose(out);
    return 0;
}
