#!/usr/bin/env bash
# The Debian package, for real on this machine (as root, or with sudo): lintian, install with apt, the installed
# binary starts on a private test desktop and reads the administrator's edit of the conffile, upgrade, remove, purge.
# The edited /etc/xdg/onshi-tray/config.toml must come through the upgrade and the removal byte for byte.
#
#   packaging/debian/test.sh        (builds the packages first with build-deb.sh)
#
# It refuses to run where an onshi-tray package is already installed: it installs and purges its own build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

source scripts/desktop.sh
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
installed() { dpkg-query -W -f='${Status} ${Version}' onshi-tray 2>/dev/null || true; }

for tool in Xvfb dbus-daemon /usr/bin/python3 lintian sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/setup.sh test"
done
case "$(installed)" in
  *" installed "* | *config-files*) fail "an onshi-tray package is already on this machine; purge it first (sudo apt-get purge onshi-tray)" ;;
esac

say "build and lintian"
deb1=$root/$(packaging/debian/build-deb.sh | tail -n1)
deb2=$root/$(packaging/debian/build-deb.sh --deb-revision 2 | tail -n1)
version1=$(dpkg-deb -f "$deb1" Version)
version2=$(dpkg-deb -f "$deb2" Version)
# The tray speaks D-Bus itself: no GTK or AppIndicator library to pull in, in the control file or the binary.
depends=$(dpkg-deb -f "$deb1" Depends)
# Nor a display library: the event loop on Linux is a channel, not a connection to an X11 or Wayland server.
! grep -qiE "gtk|appindicator|x11|xkbcommon|wayland" <<<"$depends" || fail "the package depends on a GUI library: $depends"

work=$(mktemp -d "${TMPDIR:-/tmp}/onshi-deb.XXXXXX")
app_log=$work/app.log
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  case "$(installed)" in
    *" installed "* | *config-files*) $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q onshi-tray >/dev/null 2>&1 || true ;;
  esac
  rm -rf "$work"
}
trap cleanup EXIT
apt() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@" -y -q --no-install-recommends >"$work/apt.out" 2>&1 || fail "apt-get $*: $(tail -5 "$work/apt.out")"; }

say "install $version1 with apt"
apt install "$deb1"
case "$(installed)" in *"install ok installed $version1") ;; *) fail "not installed: $(installed)" ;; esac
for file in /usr/bin/onshi-tray /usr/share/applications/onshi-tray.desktop /usr/share/icons/hicolor/64x64/apps/onshi-tray.png \
  /etc/xdg/autostart/onshi-tray.desktop /etc/xdg/onshi-tray/config.toml /usr/share/doc/onshi-tray/copyright \
  /usr/share/man/man1/onshi-tray.1.gz /usr/share/man/man1/onshi-tray-check.1.gz; do
  [ -f "$file" ] || fail "$file is missing"
done
conffiles=$(dpkg-query -W -f='${Conffiles}' onshi-tray)
for file in /etc/xdg/onshi-tray/config.toml /etc/xdg/autostart/onshi-tray.desktop; do
  grep -q "^ $file " <<<"$conffiles" || fail "$file is not a conffile"
done
cmp -s /etc/xdg/onshi-tray/config.toml config/system.toml || fail "the installed config is not the template"

say "the administrator edits the machine-wide config: a window 5 minutes from now"
{ printf '\n# added by the administrator\n'; window_soon deb-smoke "Debian smoke test"; } |
  $sudo tee -a /etc/xdg/onshi-tray/config.toml >/dev/null
config_sum=$(sha256sum </etc/xdg/onshi-tray/config.toml)
keeps_config() { [ "$(sha256sum </etc/xdg/onshi-tray/config.toml 2>/dev/null)" = "$config_sum" ] || fail "the edited config changed or went: $1"; }

say "the installed binary starts on a private desktop"
mkdir -p "$work/home"
export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
unset XDG_CONFIG_DIRS WAYLAND_DISPLAY
start_display
start_bus
testbed=tests/desktop/testbed.py
/usr/bin/python3 "$testbed" serve --record "$work/record.jsonl" >"$work/testbed.out" &
pids+=($!)
for _ in $(seq 100); do grep -q ready "$work/testbed.out" 2>/dev/null && break; sleep 0.2; done
grep -q ready "$work/testbed.out" || fail "the test bed's D-Bus services did not start (python3-dbus, python3-gi)"

/usr/bin/onshi-tray check >"$work/check.out" 2>&1 || fail "onshi-tray check: $(cat "$work/check.out")"
grep -q "^system    /etc/xdg/onshi-tray/config.toml: ok" "$work/check.out" || fail "check: $(cat "$work/check.out")"
[ "$(/usr/bin/onshi-tray autostart)" = "start at login: on (the machine-wide entry, switched for this user)" ] ||
  fail "the package's login entry is not seen: $(/usr/bin/onshi-tray autostart)"

timeout 120 /usr/bin/onshi-tray >"$app_log" 2>&1 &
app_pid=$!
pids+=("$app_pid")
for _ in $(seq 150); do grep -q '"Debian smoke test' "$work/record.jsonl" 2>/dev/null && break; sleep 0.2; done
grep -q 'Debian smoke test' "$work/record.jsonl" || fail "no notice for the administrator's window"
[ "$(/usr/bin/python3 "$testbed" items)" != "[]" ] || fail "no tray item"
grep -q "config system: /etc/xdg/onshi-tray/config.toml (Read)" "$app_log" || fail "the app did not read the machine-wide config"
[ "$(/usr/bin/onshi-tray quit)" = "onshi-tray stopped" ] || fail "quit"
wait "$app_pid" || fail "the app exited with status $?"
if grep -q "panicked at" "$app_log"; then fail "a panic"; fi

say "upgrade to $version2"
apt install "$deb2"
case "$(installed)" in *"install ok installed $version2") ;; *) fail "not upgraded: $(installed)" ;; esac
keeps_config "upgrade"

say "remove: the binary goes, the conffiles stay"
apt remove onshi-tray
case "$(installed)" in *"deinstall ok config-files"*) ;; *) fail "not removed: $(installed)" ;; esac
[ ! -e /usr/bin/onshi-tray ] || fail "/usr/bin/onshi-tray is still there"
[ ! -e /usr/share/applications/onshi-tray.desktop ] || fail "the desktop entry is still there"
keeps_config "remove"

say "purge: the conffiles go too"
apt purge onshi-tray
[ -z "$(installed)" ] || case "$(installed)" in *not-installed*) ;; *) fail "not purged: $(installed)" ;; esac
[ ! -e /etc/xdg/onshi-tray/config.toml ] || fail "purge left the config"
[ ! -e /etc/xdg/autostart/onshi-tray.desktop ] || fail "purge left the login entry"

say "the Debian package passed"
