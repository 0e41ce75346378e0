#!/usr/bin/env bash
# The Windows package under Debian's Wine, in a Wine prefix and on an X display of its own:
#   the exe's resources and the MSI's tables -> silent install (files, Run key, uninstaller entry and icon, Start-menu
#   shortcut, the machine-wide AppUserModelID) -> the installed exe starts (tray created, log written), reads the
#   administrator's machine-wide config, survives a toast that fails (Wine has no WinRT), shows the notice as its
#   tray icon's balloon, takes each toast activation through its COM toast activator (running, and started by COM
#   when not running), stays single, quits when asked, and quits when the Restart Manager closes it for an update ->
#   one user switches
#   the start at login off and on -> upgrade with AUTOSTART=0 -> upgrade that remembers it -> a refused downgrade ->
#   silent uninstall (the AppUserModelID goes too).
# The administrator's %ProgramData%\onshi-tray\config.toml must come through every step byte for byte.
#
#   packaging/windows/smoke-test.sh      (builds the MSIs first with build-msi.sh)
#
# Every Wine run has a time-out, and every output is searched for "panicked at": a panic inside a winit callback can
# hang instead of exiting. WINEDEBUG is left alone on purpose: "-all" would hide a missing DLL.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

source scripts/desktop.sh

for tool in wine wixl msiinfo x86_64-w64-mingw32-gcc x86_64-w64-mingw32-widl Xvfb sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
done

# Three MSIs of the same exe: the release, and two later versions to upgrade to.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
IFS=. read -r major minor patch <<<"$version"
v1=$version
v2=$major.$minor.$((patch + 1))
v3=$major.$minor.$((patch + 2))
for v in "$v1" "$v2" "$v3"; do
  packaging/windows/build-msi.sh --version "$v" >/dev/null
done
msi() { printf '%s/target/dist/onshi-tray-%s-x64.msi' "$root" "$1"; }
product_code() { msiinfo export "$(msi "$1")" Property | tr -d '\r' | awk -F'\t' '$1 == "ProductCode" { print $2 }'; }

work=$(mktemp -d "${TMPDIR:-/tmp}/onshi-wine.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  WINEPREFIX=$work/prefix timeout 20 wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_display 1024x768x24
export WINEPREFIX=$work/prefix WINEARCH=win64
# No Mono or Gecko installer dialogs while the prefix is made: nothing here needs them.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

w() { timeout "${WINE_TIMEOUT:-60}" wine "$@"; }
reg_get() { # KEY NAME -> the value's data, empty when absent
  w reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v name="$2" '$1 == name { sub(/^ *[^ ]+ +REG_[A-Z_]+ */, ""); print }'
}
reg_default() { # KEY -> its default value, empty when absent
  w reg query "$1" /ve 2>/dev/null | tr -d '\r' | awk '$1 == "(Default)" { sub(/^ *[^ ]+ +REG_[A-Z_]+ */, ""); print }'
}
reg_get_text() { # KEY NAME -> a string value exactly (Japanese too): `reg export` writes UTF-16, unlike the console
  w reg export "$1" "$work/export.reg" /y >/dev/null 2>&1 || return 0
  python3 -c 'import sys
for line in open(sys.argv[1], encoding="utf-16"):
    if line.startswith("\"%s\"=\"" % sys.argv[2]):
        print(line.rstrip("\r\n").split("=", 1)[1].strip("\""))' "$work/export.reg" "$2"
}
no_panic() { ! grep -l "panicked at" "$@" 2>/dev/null || fail "a panic: $(grep -h 'panicked at' "$@")"; }

say "Wine prefix ($(wine --version))"
WINE_TIMEOUT=180 w wineboot --init >"$work/wineboot.log" 2>&1 || fail "wineboot failed: $(tail -5 "$work/wineboot.log")"
drive=$WINEPREFIX/drive_c
# Debian 12's Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which Rust 1.78+ programs import.
if [ ! -e "$drive/windows/system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$drive/windows/system32/bcryptprimitives.dll" \
    packaging/windows/wine/bcryptprimitives.c -ladvapi32
fi
# Japanese in the shell's own windows (the balloon): Windows links its UI font to a Japanese one on a Japanese
# system; a Wine prefix in an English locale does not. Linked before any program of the prefix draws text.
w reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink' /v Tahoma /t REG_MULTI_SZ \
  /d 'NotoSansCJK-Regular.ttc,Noto Sans CJK JP' /f >/dev/null 2>&1 || fail "cannot link a Japanese font"
w wineboot --shutdown >/dev/null 2>&1 || true
timeout 30 wineserver -w || true

run_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Run'
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
exe_dir="$drive/Program Files/onshi-tray"
exe='C:\Program Files\onshi-tray\onshi-tray.exe'
machine_config=$drive/ProgramData/onshi-tray/config.toml

install() { # VERSION [PROPERTY=VALUE...]
  local v=$1
  shift
  w msiexec /i "$(msi "$v")" /qn /l*v "C:\\install-$v.log" "$@" >"$work/msiexec-$v.out" 2>&1 ||
    fail "msiexec /i $v $* failed: $(tail -5 "$work/msiexec-$v.out")"
}

say "the exe: a GUI program with icon, version and manifest"
built=target/x86_64-pc-windows-gnu/release/onshi-tray.exe
x86_64-w64-mingw32-objdump -p "$built" >"$work/headers.txt"
grep -q 'Subsystem.*(Windows GUI)' "$work/headers.txt" || fail "the exe is not a GUI program"
x86_64-w64-mingw32-windres -i "$built" -O rc >"$work/resources.rc" || fail "cannot read the exe's resources"
for want in 'RT_GROUP_ICON' 'RT_MANIFEST' "VALUE \"ProductVersion\", \"$version\"" 'VALUE "ProductName", "onshi-tray"' 'VALUE "OriginalFilename", "onshi-tray.exe"'; do
  grep -qF "$want" "$work/resources.rc" || fail "the exe's resources lack $want"
done

grep -c 'RT_ICON' "$work/resources.rc" | grep -qx 8 || fail "the exe's icon does not have its 8 frames (16-256 px)"

say "the MSI's tables (msiinfo export)"
table() { msiinfo export "$(msi "$v1")" "$1" | tr -d '\r'; }
has_row() { # TABLE ROW-REGEX WHAT
  grep -qE "$2" <<<"$(table "$1")" || fail "the $1 table lacks $3: $(table "$1")"
}
has_row File $'^OnshiTrayExe\tProgram\tONSHIT~1\.EXE\|onshi-tray\.exe\t[0-9]+\t'"$version"$'\.0\t1041\t' "the exe's short name, version and language"
has_row Directory $'^INSTALLDIR\tProgramFiles64Folder\tONSHIT~1\|onshi-tray$' "short names of the folders"
has_row Shortcut $'^StartMenuShortcut\tProgramMenuFolder\tONSHIT~1\|onshi-tray\t.*\tonshi_tray\.ico\t' "the shortcut's short name and icon"
has_row Property $'^ARPPRODUCTICON\tonshi_tray\.ico$' "the .ico as the product icon"
has_row Property $'^REBOOT\tReallySuppress$' "REBOOT=ReallySuppress (never restart a reception PC)"
has_row MsiShortcutProperty $'^AppUserModelId\tStartMenuShortcut\tSystem\.AppUserModel\.ID\tOnshiTray\.OnshiTray\t$' "the shortcut's AppUserModelID"
has_row MsiLockPermissionsEx $'^MachineConfigAcl\tMACHINECONFIGDIR\tCreateFolder\tD:PAI\(A;OICI;FA;;;SY\)\(A;OICI;FA;;;BA\)\(A;OICI;0x1200a9;;;BU\)\t$' "the machine-wide config folder's ACL"
has_row Registry $'\t2\tSoftware\\\\Classes\\\\AppUserModelId\\\\OnshiTray\\.OnshiTray\t\\*\t\tAppIdentity$' "the AppUserModelID key's removal at uninstall"
# The toast activator: named under the AppUserModelID, its class served by the installed exe, its key removed at
# uninstall.
clsid='{5EE1A160-2F78-4AD2-A94A-9BF988CC9613}'
clsid_re='\{5EE1A160-2F78-4AD2-A94A-9BF988CC9613\}'
has_row Registry $'\t2\tSoftware\\\\Classes\\\\AppUserModelId\\\\OnshiTray\\.OnshiTray\tCustomActivator\t'"$clsid_re"$'\tAppIdentity$' "the AppUserModelID's CustomActivator"
has_row Registry $'\t2\tSoftware\\\\Classes\\\\CLSID\\\\'"$clsid_re"$'\\\\LocalServer32\t\t"\\[INSTALLDIR\\]onshi-tray\\.exe"\tAppIdentity$' "the toast activator's LocalServer32"
has_row Registry $'^ToastActivatorKey\t2\tSoftware\\\\Classes\\\\CLSID\\\\'"$clsid_re"$'\t\\*\t\tAppIdentity$' "the toast activator key's removal at uninstall"
# The AUTOSTART actions set properties (type 51) with no scheduling or impersonation bits (0x100, 0x800): wixl
# wrote Execute="firstSequence" as 0x800 (NoImpersonate), which means something else than it says.
while IFS=$'\t' read -r id type _; do
  [[ "$id" =~ Autostart$ ]] || continue
  [ "$type" = 51 ] || fail "the custom action $id has type $type, not 51 (a plain property set)"
  seen_actions=$((${seen_actions:-0} + 1))
done <<<"$(table CustomAction)"
[ "${seen_actions:-0}" = 4 ] || fail "the CustomAction table lacks the four AUTOSTART actions: $(table CustomAction)"

say "a copied exe, without the MSI, registers its AppUserModelID and toast activator for its user"
copied='C:\copied\onshi-tray.exe'
mkdir -p "$drive/copied"
cp "$built" "$drive/copied/onshi-tray.exe"
WINE_TIMEOUT=120 w "$copied" >"$work/copied.out" 2>&1 &
copied_pid=$!
pids+=("$copied_pid")
waited=0
until [ "$(reg_default "HKCU\\Software\\Classes\\CLSID\\$clsid\\LocalServer32")" = "\"$copied\"" ]; do
  ((waited++ < 60)) || fail "the copied exe did not register its toast activator for the user: $(cat "$work/copied.out")"
  kill -0 "$copied_pid" 2>/dev/null || fail "the copied exe ended early: $(cat "$work/copied.out")"
  sleep 1
done
[ "$(reg_get 'HKCU\Software\Classes\AppUserModelId\OnshiTray.OnshiTray' CustomActivator)" = "$clsid" ] ||
  fail "the copied exe did not name its activator under its AppUserModelID"
w "$copied" quit >"$work/copied-quit.out" 2>&1 || fail "quit of the copied exe: $(cat "$work/copied-quit.out")"
wait "$copied_pid" || fail "the copied exe exited with status $?"
no_panic "$work/copied.out"

say "silent install of $v1"
install "$v1"
[ -f "$exe_dir/onshi-tray.exe" ] || fail "the exe is not under Program Files"
[ -f "$exe_dir/config.example.toml" ] || fail "config.example.toml is not under Program Files"
[ "$(reg_get "$run_key" onshi-tray)" = "\"$exe\" --autostart" ] || fail "no start at login (HKLM Run): '$(reg_get "$run_key" onshi-tray)'"
code1=$(product_code "$v1")
[ "$(reg_get "$uninstall_key\\$code1" DisplayName)" = "onshi-tray" ] || fail "no uninstaller entry for $code1"
[ "$(reg_get "$uninstall_key\\$code1" DisplayVersion)" = "$v1" ] || fail "the uninstaller entry has no version $v1"
# "Apps & features" shows the icon Windows Installer cached from ARPPRODUCTICON.
packed=$(python3 -c 'import sys; g = sys.argv[1].strip("{}").replace("-", ""); print(g[7::-1] + g[11:7:-1] + g[15:11:-1] + "".join(g[i + 1] + g[i] for i in range(16, 32, 2)))' "$code1")
product_icon=$(reg_get "HKLM\\Software\\Classes\\Installer\\Products\\$packed" ProductIcon)
[ "$product_icon" = "C:\\windows\\Installer\\$code1\\onshi_tray.ico" ] || fail "the product has no icon: '$product_icon'"
cmp -s "$drive/windows/Installer/$code1/onshi_tray.ico" target/dist/windows/onshi-tray.ico || fail "the product icon is not the drawn .ico"
# Windows puts an all-users shortcut in ProgramData's Start menu; Wine 8 puts it in the installing user's.
shortcut=$(find "$drive/ProgramData/Microsoft/Windows/Start Menu/Programs" "$drive/users" -name onshi-tray.lnk -print -quit)
[ -n "$shortcut" ] || fail "no Start-menu shortcut"
[ -d "$drive/ProgramData/onshi-tray" ] || fail "no machine-wide config folder"
[ ! -e "$machine_config" ] || fail "the package must not install a machine-wide config.toml"

say "the administrator's machine-wide config: a window 5 minutes from now, so the 15-minute notice is due at once"
{ printf '# edited by the administrator\n'; window_soon smoke "Wine smoke test"; } >"$machine_config"
config_sum=$(sha256sum <"$machine_config")
keeps_config() { [ "$(sha256sum <"$machine_config" 2>/dev/null)" = "$config_sum" ] || fail "the machine-wide config changed or went: $1"; }

w "$exe" check >"$work/check.out" 2>&1 || fail "onshi-tray check: $(cat "$work/check.out")"
grep -q 'system .*C:\\ProgramData\\onshi-tray\\config.toml: ok' "$work/check.out" || fail "check did not read the machine-wide config: $(cat "$work/check.out")"
grep -q '^config ok' "$work/check.out" || fail "check: $(cat "$work/check.out")"
# What the exe's own toasts of the smoke window carry as activation arguments (`simulate --toast-xml`, before the app
# has shown any): the click and 対応の手順を見る (guide), 確認しました (acknowledge), 10分後に再通知 (snooze).
w "$exe" simulate --from "$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)" --to "$(date -u -d '+30 min' +%Y-%m-%dT%H:%M:%SZ)" --toast-xml \
  >"$work/toasts.txt" 2>&1 || fail "simulate --toast-xml: $(cat "$work/toasts.txt")"
python3 - "$work/toasts.txt" >"$work/activations.txt" <<'PY'
import html, re, sys
seen = []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if line.strip().startswith("<toast"):
        assert "file:" not in line, "a file: address in a toast: " + line
        for found in re.finditer(r'(?:launch|arguments)="([^"]*)" activationType="foreground"', line):
            arguments = html.unescape(found.group(1))
            if arguments not in seen:
                seen.append(arguments)
print("\n".join(sorted(seen)))
PY
[ "$(cat "$work/activations.txt")" = $'action=acknowledge&window=smoke\naction=guide&window=smoke\naction=snooze&window=smoke' ] ||
  fail "the smoke window's toasts carry other activations: $(cat "$work/activations.txt") (from $(cat "$work/toasts.txt"))"

say "the installed exe starts"
WINE_TIMEOUT=120 w "$exe" >"$work/app.out" 2>&1 &
app_pid=$!
pids+=("$app_pid")
waited=0
until [ -n "${app_log:-}" ] && grep -q "notification not shown (notice lead-15m smoke\|shown: notice lead-15m smoke\|shown (balloon): notice lead-15m smoke" "$app_log"; do
  app_log=$(find "$drive/users" -path '*/AppData/Local/onshi-tray/data/onshi-tray.log' -print -quit)
  ((waited++ < 60)) || fail "no notice attempt within 60 s"
  kill -0 "$app_pid" 2>/dev/null || fail "the app ended early: $(cat "$work/app.out")"
  sleep 1
done
grep -q "tray icon created" "$app_log" || fail "no tray icon"
# Wine has no WinRT toasts: the notice goes the second way, as the tray icon's balloon (NIF_INFO).
grep -q "shown (balloon): notice lead-15m smoke" "$app_log" || fail "the notice was not shown as a balloon: $(grep -i "shown\|balloon" "$app_log" | tail -3)"
# And on the screen: the shell draws the balloon two seconds later and keeps it at least ten. The screen is kept as
# target/screenshots/wine-balloon.png for a person to look at.
x86_64-w64-mingw32-gcc -O2 -s -o "$work/balloon.exe" packaging/windows/wine/balloon.c -lgdi32
mkdir -p target/screenshots
for _ in $(seq 1 20); do
  w "$work/balloon.exe" 'C:\balloon.bmp' >"$work/balloon.out" 2>&1 && break
  sleep 0.5
done
grep -q "^balloon " "$work/balloon.out" || fail "no balloon on the screen: $(cat "$work/balloon.out")"
python3 - "$drive/balloon.bmp" target/screenshots/wine-balloon.png <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
offset, = struct.unpack_from("<I", data, 10)
width, height, _, bits = struct.unpack_from("<iiHH", data, 18)
assert bits == 24, bits
stride = (width * 3 + 3) & ~3
rows = []
for y in range(height - 1, -1, -1):  # BMP rows run bottom-up, in BGR
    row = data[offset + y * stride: offset + y * stride + width * 3]
    rgb = bytearray(row)
    rgb[0::3], rgb[2::3] = row[2::3], row[0::3]
    rows.append(b"\0" + bytes(rgb))
chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
PY
say "the balloon is on the screen: $(grep -m1 "^balloon " "$work/balloon.out") (target/screenshots/wine-balloon.png)"
# With its NIF_GUID, so that the shell remembers a user's choice to show it.
! grep -q "with its GUID refused" "$app_log" || fail "the tray icon's GUID was refused: $(grep GUID "$app_log")"
# The GUID is the name-based UUID of the exe's path (Windows binds it to the path): the MSI's, across upgrades.
guid=$(python3 -c 'import sys, uuid; print(uuid.uuid5(uuid.UUID(int=0x127e2352944d49b881c15a7b9a7605d5), sys.argv[1].lower()).hex)' "$exe")
grep -q "tray icon GUID $guid (from the exe's path)" "$app_log" || fail "the tray icon's GUID is not $guid, from the path: $(grep GUID "$app_log")"
grep -q "config system: C:\\\\ProgramData\\\\onshi-tray\\\\config.toml (Read)" "$app_log" || fail "the app did not read the machine-wide config"
# The user's first start: one notice says where the icon is (Windows 11 hides new icons behind ^).
grep -q "first-start notice" "$app_log" || fail "no first-start notice"
sleep 2
kill -0 "$app_pid" 2>/dev/null || fail "the app did not survive the failed toast: $(cat "$work/app.out")"
no_panic "$app_log" "$work/app.out"

say "the MSI registered the AppUserModelID machine-wide, so toasts are titled with the app's Japanese name"
aumid='HKLM\Software\Classes\AppUserModelId\OnshiTray.OnshiTray'
display_name=$(reg_get_text "$aumid" DisplayName)
[ "$display_name" = "オン資メンテナンス通知" ] || fail "no AppUserModelId DisplayName: '$display_name'"
icon=$(reg_get "$aumid" IconUri)
[ "$icon" = 'C:\Program Files\onshi-tray\onshi-tray.png' ] || fail "the AppUserModelId icon is not under Program Files: '$icon'"
cmp -s "$exe_dir/onshi-tray.png" assets/idle.png || fail "the AppUserModelId icon is not the app's icon"
# The installed app leaves it there, and removes what the copied exe registered per user (it would shadow the MSI's).
[ -z "$(reg_get 'HKCU\Software\Classes\AppUserModelId\OnshiTray.OnshiTray' DisplayName)" ] || fail "a per-user AppUserModelID stayed beside the MSI's"

say "the MSI registered the toast activator machine-wide: CustomActivator, and LocalServer32 the installed exe"
[ "$(reg_get "$aumid" CustomActivator)" = "$clsid" ] || fail "no CustomActivator under the AppUserModelID: '$(reg_get "$aumid" CustomActivator)'"
class_key="HKLM\\Software\\Classes\\CLSID\\$clsid"
[ "$(reg_default "$class_key\\LocalServer32")" = "\"$exe\"" ] || fail "the activator's LocalServer32 is not the exe: '$(reg_default "$class_key\\LocalServer32")'"
[ -z "$(reg_default "HKCU\\Software\\Classes\\CLSID\\$clsid\\LocalServer32")" ] || fail "the copied exe's per-user activator stayed, shadowing the MSI's"
grep -q "removed the per-user toast activator" "$app_log" || fail "the installed app did not remove the copied exe's per-user activator"
grep -q "toast activator $clsid registered" "$app_log" || fail "the app did not register its toast activator: $(grep -i activator "$app_log")"

say "a click on a notice reaches the app through its toast activator, with the toast XML's own arguments"
# Windows calls the activator out of process through its own proxy of INotificationActivationCallback; Wine 8 has
# none, so one is built from the interface's declaration (widl) and registered, as the system's is on Windows.
(cd "$work" && x86_64-w64-mingw32-widl -Oif -p -h -u -H activation.h -P activation_p.c -U activation_i.c "$root/packaging/windows/wine/activation.idl" &&
  x86_64-w64-mingw32-widl --dlldata-only -o dlldata.c activation &&
  x86_64-w64-mingw32-gcc -O2 -s -shared -DUSE_COMPILER_EXCEPTIONS -DREGISTER_PROXY_DLL \
    -DPROXY_CLSID_IS='{0x53e31837,0x6600,0x4a81,{0x93,0x95,0x75,0xcf,0xfe,0x74,0x6f,0x94}}' -o activation_ps.dll \
    activation_p.c activation_i.c dlldata.c "$root/packaging/windows/wine/activation.def" -lrpcrt4 -lole32 -loleaut32 -luuid &&
  x86_64-w64-mingw32-gcc -O2 -s -municode -I. -o activate.exe "$root/packaging/windows/wine/activate.c" activation_i.c -lole32 -luuid &&
  x86_64-w64-mingw32-gcc -O2 -s -municode -o "$drive/opener.exe" "$root/packaging/windows/wine/opener.c") >"$work/com-build.out" 2>&1 ||
  fail "cannot build the COM test client: $(cat "$work/com-build.out")"
cp "$work/activation_ps.dll" "$drive/windows/system32/"
w regsvr32 /s 'C:\windows\system32\activation_ps.dll' >/dev/null 2>&1 || fail "cannot register the proxy of INotificationActivationCallback"
# The browser is a stand-in that writes down what it was asked to open: .html pages go to C:\opener.exe.
w reg add 'HKLM\Software\Classes\.html' /ve /d onshi.test.page /f >/dev/null 2>&1 || fail "cannot associate .html"
w reg add 'HKLM\Software\Classes\onshi.test.page\shell\open\command' /ve /d '"C:\opener.exe" "C:\opened.txt" "%1"' /f >/dev/null 2>&1 ||
  fail "cannot set the stand-in browser"
opened=$drive/opened.txt
count() { grep -c -- "$1" "$app_log" || true; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
# activation ARGUMENTS WHEN: Windows' call of Activate, and the action taking effect in the app.
activation() {
  local action=${1#action=} effect before opens
  action=${action%%&*}
  case $action in
    snooze) effect="snoozed smoke until" ;;
    acknowledge) effect="acknowledged smoke: " ;;
    guide) effect="opened C:.*\\\\onshi-tray\\\\data\\\\guide.html" ;;
  esac
  before=$(count "$effect")
  opens=$(lines "$opened")
  w "$work/activate.exe" "$1" >"$work/activate.out" 2>&1 || fail "$2: Activate($1) failed: $(cat "$work/activate.out")"
  local waited=0
  until [ "$(count "$effect")" -gt "$before" ]; do
    ((waited++ < 60)) || fail "$2: Activate($1) did not take effect (no \"$effect\" in the log)"
    sleep 0.5
  done
  if [ "$action" = guide ]; then
    # The page is opened by its path (ShellExecuteW), which the stand-in browser received.
    waited=0
    until [ "$(lines "$opened")" -gt "$opens" ]; do
      ((waited++ < 40)) || fail "$2: the guidance page did not reach the browser"
      sleep 0.5
    done
    tail -n1 "$opened" | tr -d '\r\357\273\277' | grep -qE '^C:\\users\\[^\\]+\\AppData\\Local\\onshi-tray\\data\\guide\.html$' ||
      fail "$2: the browser was not given the page's path: $(tail -n1 "$opened")"
  fi
}
while read -r arguments; do
  activation "$arguments" "with the app running"
done < <(grep -v '^action=acknowledge' "$work/activations.txt"; grep '^action=acknowledge' "$work/activations.txt")
waited=0
until grep -q '"acknowledged_until": "' "$(dirname "$app_log")/notice-log.json" 2>/dev/null; do
  ((waited++ < 20)) || fail "the acknowledgement is not in the notice log"
  sleep 0.5
done
# Arguments that are not the app's own (another program's, too long, a window id that is not UTF-8) are refused
# with one warning each; the app goes on.
for foreign in 'dismiss' 'action=reboot&window=smoke' "action=guide&window=$(printf 'a%.0s' $(seq 1 3000))" 'action=guide&window=%E6%94'; do
  before=$(count "a toast activation that is not the app's own")
  w "$work/activate.exe" "$foreign" >"$work/activate.out" 2>&1 || fail "Activate(${foreign:0:40}…) failed: $(cat "$work/activate.out")"
  waited=0
  until [ "$(count "a toast activation that is not the app's own")" -gt "$before" ]; do
    ((waited++ < 40)) || fail "foreign activation arguments ${foreign:0:40}… were not refused with a warning"
    sleep 0.5
  done
done
kill -0 "$app_pid" 2>/dev/null || fail "the app ended after the activations: $(cat "$work/app.out")"
no_panic "$app_log" "$work/app.out"

say "a second start in the same session exits at once; quit stops the first"
# The lock is per session (Wine runs programs in session 1), not only per user: a shared account signed in on two
# sessions of a terminal server gets a tray in each.
lock=$(find "$drive/users" -path '*/AppData/Local/onshi-tray/data/onshi-tray-session*.lock' -print -quit)
[ "$(basename "${lock:-none}")" = "onshi-tray-session1.lock" ] || fail "the single-instance lock is not per session: '${lock:-none}'"
w "$exe" >"$work/second.out" 2>&1 || fail "the second instance failed: $(cat "$work/second.out")"
kill -0 "$app_pid" 2>/dev/null || fail "the second start stopped the first"
w "$exe" quit >"$work/quit.out" 2>&1 || fail "onshi-tray quit: $(cat "$work/quit.out")"
grep -q "onshi-tray stopped" "$work/quit.out" || fail "quit: $(cat "$work/quit.out")"
wait "$app_pid" || fail "the app exited with status $?"
grep -q "quit from \`onshi-tray quit\`" "$app_log" || fail "the log does not record the quit"
grep -q "onshi-tray stopped" "$app_log" || fail "the app did not stop cleanly"
no_panic "$app_log" "$work"/*.out
keeps_config "after running the app"

say "a click while the app is not running: Windows starts it (LocalServer32, -Embedding), it acts and stays"
while read -r arguments; do
  starts=$(count "started by Windows for a click on a notice")
  trays=$(count "tray icon created")
  activation "$arguments" "with the app not running"
  [ "$(count "started by Windows for a click on a notice")" -gt "$starts" ] || fail "Activate($arguments) did not start the app"
  [ "$(count "tray icon created")" -gt "$trays" ] || fail "the app started for Activate($arguments) is not the tray app"
  w "$exe" quit >"$work/quit.out" 2>&1 || fail "onshi-tray quit after Activate($arguments): $(cat "$work/quit.out")"
  grep -q "onshi-tray stopped" "$work/quit.out" || fail "quit after Activate($arguments): $(cat "$work/quit.out")"
done <"$work/activations.txt"
no_panic "$app_log" "$work"/*.out

say "the Restart Manager closes the app for an update: it quits cleanly and has registered to start again"
x86_64-w64-mingw32-gcc -O2 -s -o "$work/end-session.exe" packaging/windows/wine/end-session.c
starts=$(grep -c "tray icon created" "$app_log")
WINE_TIMEOUT=120 w "$exe" >"$work/app2.out" 2>&1 &
app_pid=$!
pids+=("$app_pid")
waited=0
until [ "$(grep -c "tray icon created" "$app_log")" -gt "$starts" ]; do
  ((waited++ < 60)) || fail "the app did not start again within 60 s"
  sleep 1
done
grep -q "registered to start again after an update, with \`\`" "$app_log" || fail "no RegisterApplicationRestart: $(tail -5 "$app_log")"

say "a wake from sleep and a set clock make the app read the clock at once (WM_POWERBROADCAST, WM_TIMECHANGE)"
x86_64-w64-mingw32-gcc -O2 -s -o "$work/wake.exe" packaging/windows/wine/wake.c
w "$work/wake.exe" resume >"$work/wake.out" 2>&1 || fail "no onshi-tray window to send WM_POWERBROADCAST to (exit $?)"
w "$work/wake.exe" time >>"$work/wake.out" 2>&1 || fail "no onshi-tray window to send WM_TIMECHANGE to (exit $?)"
waited=0
until [ "$(grep -c "the PC woke from sleep: reading the clock now" "$app_log")" -ge 2 ] && grep -q "the clock was set: reading the clock now" "$app_log"; do
  ((waited++ < 20)) || fail "the app did not re-read the clock after the messages: $(tail -5 "$app_log")"
  sleep 1
done
w "$work/end-session.exe" update >"$work/end-session.out" 2>&1 || fail "no onshi-tray window to send WM_ENDSESSION to (exit $?)"
wait "$app_pid" || fail "the app exited with status $? after WM_ENDSESSION"
grep -q "session ending: Windows closes the app to update it (Restart Manager)" "$app_log" || fail "the log does not say why the app quit"
grep -q "quit from Windows closes the app to update it" "$app_log" || fail "the app did not quit through its loop"
no_panic "$app_log" "$work"/*.out

say "one user switches the machine-wide start at login off and on again"
autostart() { w "$exe" autostart "$@" 2>&1 | tr -d '\r' | grep '^start at login' || true; }
[ "$(autostart)" = "start at login: on (the machine-wide entry, switched for this user)" ] || fail "autostart: $(autostart)"
[ "$(autostart off)" = "start at login: off (the machine-wide entry, switched for this user)" ] || fail "autostart off"
[ "$(reg_get 'HKCU\Software\onshi-tray' AutoStart)" = "0x0" ] || fail "no per-user opt-out value"
[ -z "$(reg_get 'HKCU\Software\Microsoft\Windows\CurrentVersion\Run' onshi-tray)" ] || fail "a second, per-user Run entry"
w "$exe" --autostart >"$work/login.out" 2>&1 || fail "the login start failed: $(cat "$work/login.out")"
grep -q "start at login is off for this user" "$app_log" || fail "the login start did not respect the opt-out"
[ "$(autostart on)" = "start at login: on (the machine-wide entry, switched for this user)" ] || fail "autostart on"
[ -z "$(reg_get 'HKCU\Software\onshi-tray' AutoStart)" ] || fail "the opt-out value stayed"
no_panic "$app_log" "$work"/*.out

say "a rebuilt MSI of the same version replaces the installed one in place"
packaging/windows/build-msi.sh --version "$v1" >"$work/rebuild.out" 2>&1 || fail "the rebuild failed: $(tail -5 "$work/rebuild.out")"
rebuilt=$(product_code "$v1")
[ "$rebuilt" != "$code1" ] || fail "the rebuilt MSI has the same ProductCode $code1; this step tests nothing"
install "$v1"
[ -z "$(reg_get "$uninstall_key\\$code1" DisplayName)" ] || fail "the rebuilt $v1 installed beside the first build"
[ "$(reg_get "$uninstall_key\\$rebuilt" DisplayVersion)" = "$v1" ] || fail "the rebuilt $v1 is not registered"
code1=$rebuilt
keeps_config "the same-version rebuild"

say "upgrade to $v2 with AUTOSTART=0"
install "$v2" AUTOSTART=0
keeps_config "upgrade to $v2"
[ -z "$(reg_get "$run_key" onshi-tray)" ] || fail "AUTOSTART=0 left the Run key"
[ -z "$(reg_get "$uninstall_key\\$code1" DisplayName)" ] || fail "$v1 is still installed beside $v2"
code2=$(product_code "$v2")
[ "$(reg_get "$uninstall_key\\$code2" DisplayVersion)" = "$v2" ] || fail "$v2 is not registered"

say "upgrade to $v3 without AUTOSTART: the earlier choice is kept"
install "$v3"
keeps_config "upgrade to $v3"
[ -z "$(reg_get "$run_key" onshi-tray)" ] || fail "the upgrade forgot AUTOSTART=0"
[ -z "$(reg_get "$uninstall_key\\$code2" DisplayName)" ] || fail "$v2 is still installed beside $v3"
[ -f "$exe_dir/onshi-tray.exe" ] || fail "the upgrade lost the exe"

say "a downgrade is refused"
if w msiexec /i "$(msi "$v1")" /qn >"$work/downgrade.out" 2>&1; then fail "installing $v1 over $v3 succeeded"; fi
code3=$(product_code "$v3")
[ "$(reg_get "$uninstall_key\\$code3" DisplayVersion)" = "$v3" ] || fail "the refused downgrade removed $v3"

say "silent uninstall"
w msiexec /x "$(msi "$v3")" /qn >"$work/uninstall.out" 2>&1 || fail "msiexec /x failed: $(cat "$work/uninstall.out")"
keeps_config "uninstall"
[ ! -e "$exe_dir/onshi-tray.exe" ] || fail "the exe is still there"
[ -z "$(reg_get "$uninstall_key\\$code3" DisplayName)" ] || fail "the uninstaller entry is still there"
[ -z "$(reg_get 'HKLM\Software\onshi-tray' AutoStart)" ] || fail "HKLM\\Software\\onshi-tray is still there"
[ ! -e "$shortcut" ] || fail "the Start-menu shortcut is still there"
[ -z "$(w reg query "$aumid" 2>/dev/null | tr -d '\r' | grep -i OnshiTray)" ] || fail "the AppUserModelID is still registered"
[ -z "$(w reg query "$class_key" /s 2>/dev/null | tr -d '\r' | grep -i LocalServer32)" ] || fail "the toast activator's class is still registered"

say "a reduced-UI install (msiexec /qr, as an administrator double-clicks with a progress bar) starts the app at login"
w msiexec /i "$(msi "$v3")" /qr >"$work/install-qr.out" 2>&1 || fail "msiexec /qr failed: $(tail -5 "$work/install-qr.out")"
[ "$(reg_get "$run_key" onshi-tray)" = "\"$exe\" --autostart" ] || fail "/qr: no start at login (HKLM Run): '$(reg_get "$run_key" onshi-tray)'"
w msiexec /x "$(msi "$v3")" /qn >"$work/uninstall-qr.out" 2>&1 || fail "msiexec /x after /qr failed: $(cat "$work/uninstall-qr.out")"
[ -z "$(reg_get "$run_key" onshi-tray)" ] || fail "the Run key stayed after the uninstall"

say "the Windows package passed"
