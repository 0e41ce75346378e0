#!/usr/bin/env bash
# Installs what onshi-tray needs on Debian/Ubuntu, only what is missing.
#   scripts/setup.sh run    build and run the app (a C toolchain; the tray and notifications speak D-Bus: no GTK)
#   scripts/setup.sh test   also the headless test desktop (Xvfb, D-Bus, python3-dbus, libfaketime), python3-icalendar and
#                           python3-dateutil (an independent reading of the calendar corpus), headless Chromium,
#                           poppler-utils and a CJK font (the guidance page rendered and printed), and the packaging
#                           tools: mingw-w64 (gcc, and widl for the Wine test's COM proxy) and Rust's Windows target,
#                           wixl and msitools, osslsigncode and openssl (signing, with a throw-away certificate), Wine,
#                           cargo-deb, lintian, xclip (the tray's import reads the test desktop's clipboard)
#   scripts/setup.sh shots  also what the screenshot scripts draw with (dunst, xfce4-notifyd, xfce4-panel and xfconf, xdotool, a CJK
#                           font, ImageMagick, Chromium)
set -euo pipefail
what=${1:-run}

# A C toolchain (Rust links with `cc`), CA certificates (cargo fetches crates over https) and curl (rustup's installer
# where the system has no rustup package, as Debian 12): a minimal Debian has none of them, as a run in a fresh
# minimal Debian 12 root showed.
packages=(build-essential ca-certificates pkg-config curl)
# Installed with their recommended packages: Wine's X11 driver loads libraries (and fonts) it only recommends.
with_recommends=()
case "$what" in
  test) packages+=(xvfb xfonts-base dbus-daemon dbus-bin libglib2.0-bin python3 python3-dbus python3-gi python3-icalendar python3-dateutil faketime xclip
    chromium poppler-utils fonts-noto-cjk gcc-mingw-w64-x86-64 mingw-w64-tools wixl msitools osslsigncode openssl minisign dpkg-dev lintian)
    with_recommends+=(wine wine64) ;;
  shots) packages+=(xvfb dbus-daemon dbus-bin libglib2.0-bin python3 python3-dbus python3-gi xclip dunst xfce4-notifyd xfce4-panel xfconf xdotool x11-utils x11-xserver-utils imagemagick fonts-noto-cjk chromium) ;;
  run) ;;
  *) echo "usage: $0 run|test|shots" >&2; exit 2 ;;
esac

not_installed() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$p"
  done
}
mapfile -t missing < <(not_installed "${packages[@]}")
mapfile -t missing_with_recommends < <(not_installed "${with_recommends[@]}")
if ((${#missing[@]} + ${#missing_with_recommends[@]})); then
  echo "setup: installing ${missing[*]} ${missing_with_recommends[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  if ((${#missing_with_recommends[@]})); then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing_with_recommends[@]}"
  fi
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is not installed; installing rustup" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q rustup 2>/dev/null; then
    rustup default stable
  else
    # Debian 12 has no rustup package: rustup's own installer, from rustup.rs, for this user (~/.cargo/bin), checked
    # against the SHA-256 published beside it.
    echo "setup: no rustup package here; installing rustup from https://rustup.rs for this user" >&2
    triple=$(uname -m)-unknown-linux-gnu
    url=https://static.rust-lang.org/rustup/dist/$triple/rustup-init
    init=$(mktemp -d)
    curl --proto '=https' --tlsv1.2 -sSfL -o "$init/rustup-init" "$url"
    want=$(curl --proto '=https' --tlsv1.2 -sSfL "$url.sha256" | cut -d' ' -f1)
    if [ -z "$want" ] || [ "$(sha256sum <"$init/rustup-init" | cut -d' ' -f1)" != "$want" ]; then
      echo "setup: the downloaded rustup-init does not match its published SHA-256; install Rust 1.89 or newer from https://rustup.rs, then run this again" >&2
      exit 1
    fi
    chmod +x "$init/rustup-init"
    "$init/rustup-init" -y -q --profile minimal --default-toolchain stable
    rm -rf "$init"
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

if [ "$what" = test ]; then
  # The Windows package is cross-compiled: Rust's standard library for the target comes from rustup.
  if ! grep -qx x86_64-pc-windows-gnu <<<"$(rustup target list --installed 2>/dev/null)"; then
    echo "setup: adding Rust's x86_64-pc-windows-gnu target" >&2
    rustup target add x86_64-pc-windows-gnu
  fi
  if ! cargo deb --version >/dev/null 2>&1; then
    echo "setup: installing cargo-deb" >&2
    cargo install cargo-deb --version 3.8.0 --locked
  fi
  # scripts/fuzz.sh: libFuzzer through cargo-fuzz (on stable Rust, without a sanitizer).
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "setup: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --version 0.13.2 --locked
  fi
fi
