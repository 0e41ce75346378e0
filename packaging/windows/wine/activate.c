/* What Windows does when someone clicks one of the app's toasts (its banner, or in the Notification Center): it
 * creates the class named by the AppUserModelID's CustomActivator out of process (CLSCTX_LOCAL_SERVER: the running
 * app's registered class, or the exe in the class's LocalServer32, started with -Embedding, when none runs) and calls
 * INotificationActivationCallback::Activate with the clicked element's arguments, exactly as the toast XML carries
 * them. Wine has no toasts, so the smoke test does this itself:
 *     activate.exe "action=acknowledge&window=smoke"
 * Prints the HRESULTs; exit 0 when Activate succeeded, 1 otherwise. */
#define COBJMACROS
#include <stdio.h>
#include <windows.h>

#include "activation.h"

/* src/platform/notify/activator.rs: CLSID */
static const CLSID CLSID_OnshiTrayActivator = {
    0x5ee1a160, 0x2f78, 0x4ad2, {0xa9, 0x4a, 0x9b, 0xf9, 0x88, 0xcc, 0x96, 0x13}};

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: activate.exe ARGUMENTS\n");
        return 2;
    }
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(hr)) {
        printf("CoInitializeEx 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    INotificationActivationCallback *activator = NULL;
    hr = CoCreateInstance(&CLSID_OnshiTrayActivator, NULL, CLSCTX_LOCAL_SERVER, &IID_INotificationActivationCallback,
                          (void **)&activator);
    printf("CoCreateInstance 0x%08lx\n", (unsigned long)hr);
    if (FAILED(hr)) return 1;
    hr = INotificationActivationCallback_Activate(activator, L"OnshiTray.OnshiTray", argv[1], NULL, 0);
    printf("Activate 0x%08lx\n", (unsigned long)hr);
    INotificationActivationCallback_Release(activator);
    CoUninitialize();
    return FAILED(hr) ? 1 : 0;
}
