#!/usr/bin/env bash
# Draws onshi-tray as a person sees it and saves docs/screenshot.png: a real notification bubble (dunst) and the
# real GTK tray menu, opened with a right-click on the icon in an XEmbed tray (trayer), with a Japanese font; and
# docs/guide.png: the guidance page as headless Chromium shows it.
# Runs headless: its own Xvfb display and D-Bus session. Usage: scripts/screenshots.sh [OUT.png [GUIDE.png]]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh shots
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
out=${1:-docs/screenshot.png}
guide_out=${2:-docs/guide.png}
cargo build --release --locked
bin=$PWD/target/release/onshi-tray

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/run" "$work/config" "$work/data/onshi-tray" && chmod 700 "$work/run"
# A user who has seen the first-start notice: the bubble shown is the in-progress notice.
touch "$work/data/onshi-tray/first-run-done"
export XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CONFIG_DIRS=$work/xdg
export NO_AT_BRIDGE=1 GDK_GL=disable GDK_BACKEND=x11 LANG=ja_JP.UTF-8 TZ=Asia/Tokyo

source scripts/desktop.sh
start_display 1024x640x24
start_bus

# A light desktop background, so the bubble and menu stand out.
xsetroot -solid '#cfd8e3'

mkdir -p "$work/config/dunst"
cat > "$work/config/dunst/dunstrc" <<'DUNST'
[global]
font = Noto Sans CJK JP 11
width = 420
origin = top-left
offset = 12x44
frame_width = 2
frame_color = "#555555"
padding = 10
horizontal_padding = 12
format = "<b>%s</b>\n%b"
word_wrap = yes
[urgency_low]
background = "#ffffff"
foreground = "#222222"
[urgency_normal]
background = "#ffffff"
foreground = "#222222"
[urgency_critical]
background = "#fff3f3"
foreground = "#222222"
frame_color = "#c62828"
timeout = 0
DUNST
dunst -config "$work/config/dunst/dunstrc" >/dev/null 2>&1 &
pids+=($!)
trayer --edge top --align right --widthtype request --height 32 --transparent false --tint 0x2f3b48 --SetDockType true >/dev/null 2>&1 &
pids+=($!)
sleep 1

# Five seconds before the seed window's start: the in-progress notice appears, and stays (critical).
"$bin" --simulate-from 2026-03-21T21:59:56+09:00 >"$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "shown: notice start" "$work/app.log" && break; sleep 0.1; done
sleep 1.5

# Right-click the tray icon (the XEmbed window tray-icon made, docked in trayer): GTK opens the real menu.
icon=$(xdotool search --classname "tray-icon tray app onshi-tray" | tail -1)
eval "$(xdotool getwindowgeometry --shell "$icon")"
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2)) click 3
sleep 1.5
mkdir -p "$(dirname "$out")"
/usr/bin/import -window root -crop 1024x340+0+0 +repage "$out"
echo "saved $out"

# The guidance page during the seed window, as the browser shows it.
"$bin" guide --at 2026-03-21T22:10:00+09:00 --out "$work/guide.html" >/dev/null
mkdir -p "$work/chromium"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --hide-scrollbars \
  --user-data-dir="$work/chromium" --window-size=900,1180 --screenshot="$PWD/$guide_out" "file://$work/guide.html" 2>/dev/null
echo "saved $guide_out"
