#!/usr/bin/env bash
# Draws onshi-tray as a person sees it and saves docs/screenshot.png: a real notification bubble (dunst) and the
# tray menu as a real panel draws it: xfce4-panel's status tray is a StatusNotifier host and shows the app's
# dbusmenu, opened with a click on the icon; with a Japanese font; docs/notice-heads-up-SERVER.png and
# docs/notice-after-SERVER.png: the Saturday heads-up, and Monday's after-notice with the menu open, on dunst and on
# xfce4-notifyd; docs/import-question-xfce4-notifyd.png and docs/import-list.png: the tray's import asking before it
# adds the windows of a copied announcement; and docs/guide.png: the guidance page as headless Chromium shows it.
# Runs headless: its own Xvfb display and D-Bus session. Usage: scripts/screenshots.sh [OUT.png [GUIDE.png]]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh shots
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
out=${1:-docs/screenshot.png}
guide_out=${2:-docs/guide.png}
[[ $guide_out = /* ]] || guide_out=$PWD/$guide_out
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
export NO_AT_BRIDGE=1 GDK_BACKEND=x11 LANG=ja_JP.UTF-8 TZ=Asia/Tokyo

source scripts/desktop.sh
start_display 1024x640x24
start_bus


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
# One panel along the top: a spacer and the status tray (StatusNotifier items, and a StatusNotifierWatcher of its
# own). The panel reads its layout from xfconf, which is started here on the private bus with this folder's config.
mkdir -p "$work/config/xfce4/xfconf/xfce-perchannel-xml"
cat > "$work/config/xfce4/xfconf/xfce-perchannel-xml/xfce4-panel.xml" <<'PANEL'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="icon-size" type="uint" value="24"/>
      <property name="background-style" type="uint" value="1"/>
      <property name="background-rgba" type="array">
        <value type="double" value="0.184"/><value type="double" value="0.231"/>
        <value type="double" value="0.282"/><value type="double" value="1"/>
      </property>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="separator">
      <property name="expand" type="bool" value="true"/>
      <property name="style" type="uint" value="0"/>
    </property>
    <property name="plugin-2" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
  </property>
</channel>
PANEL
for xfconfd in /usr/lib/*/xfce4/xfconf/xfconfd; do :; done
"$xfconfd" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
xfce4-panel --disable-wm-check >"$work/panel.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
    string:org.kde.StatusNotifierWatcher 2>/dev/null | grep -q "boolean true" && break
  sleep 0.2
done
sleep 1
# A light desktop background, so the bubble and menu stand out.
xsetroot -solid '#cfd8e3'

# Five seconds before the seed window's start: the in-progress notice appears, and stays (critical).
"$bin" --simulate-from 2026-03-21T21:59:56+09:00 >"$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "shown: notice start" "$work/app.log" && break; sleep 0.1; done
sleep 1.5

# Click the icon in the panel's status tray: the app's item is a menu (ItemIsMenu), so the panel opens it. The
# panel spans the top of the screen and the tray is its right end: the one icon is the last 32 px.
read -r width _ < <(xdotool getdisplaygeometry)
xdotool mousemove $((width - 16)) 16 click 1
sleep 1.5
mkdir -p "$(dirname "$out")"
/usr/bin/import -window root -crop 1024x340+0+0 +repage "$out"
echo "saved $out"

# The notices that wait for the person, on two real notification servers: the Saturday heads-up, and on Monday
# morning the after-notice with the tray's menu open (前回：… 作業あり). Each run is the app at a simulated instant.
# shot_at INSTANT LOG_LINE OUT [menu]: starts the app at INSTANT, waits for LOG_LINE, saves the screen as OUT.
shot_at() {
  pkill -f "$bin --simulate-from" 2>/dev/null || true
  "$bin" --simulate-from "$1" >"$work/shot.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q "$2" "$work/shot.log" && break; sleep 0.1; done
  grep -q "$2" "$work/shot.log" || { cat "$work/shot.log" >&2; echo "no \"$2\" in the app's log" >&2; exit 1; }
  sleep 1.5
  if [ "${4:-}" = menu ]; then
    xdotool mousemove $((width - 16)) 16 click 1
    sleep 1.5
  fi
  /usr/bin/import -window root "$3"
  xdotool key Escape 2>/dev/null || true
  echo "saved $3"
}
shots_dir=$(dirname "$out")
for server in dunst xfce4-notifyd; do
  if [ "$server" = xfce4-notifyd ]; then
    pkill -x dunst 2>/dev/null || true
    # Bubbles at the top left, clear of the tray's menu at the top right.
    cat > "$work/config/xfce4/xfconf/xfce-perchannel-xml/xfce4-notifyd.xml" <<'NOTIFYD'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-notifyd" version="1.0">
  <property name="notify-location" type="uint" value="0"/>
  <property name="theme" type="string" value="Default"/>
</channel>
NOTIFYD
    for notifyd in /usr/lib/*/xfce4/notifyd/xfce4-notifyd; do :; done
    "$notifyd" >/dev/null 2>&1 &
    pids+=($!)
    sleep 1
  fi
  shot_at 2026-03-21T08:59:57+09:00 "shown: notice heads-up" "$shots_dir/notice-heads-up-$server.png"
  shot_at 2026-03-23T08:59:57+09:00 "shown: notice after" "$shots_dir/notice-after-$server.png" menu
done

# 「お知らせの文面から予定を追加…」 on xfce4-notifyd: a portal article's text copied, the menu item clicked (through
# the test bed's dbusmenu client), and the question with its buttons; the list page beside it in the browser.
printf '%s\n' "【重要】オンライン資格確認等システムのメンテナンスについて" \
  "下記の日時において、オンライン資格確認等システムにログインしている場合、ログアウトされる可能性がございます。" \
  "・10/31(土)22:00 ～ 23:00" "・11/7(土)22:00 ～ 11/8(日)6:00" \
  "マイナポータルは11月14日(土)21:30 ～ 翌2:00 に利用できなくなります。" "・11/21(土)22:00 ～ 23:00" \
  | xclip -selection clipboard -t text/plain -i
pkill -f "$bin --simulate-from" 2>/dev/null || true
"$bin" --simulate-from 2026-10-02T10:00:00+09:00 >"$work/import.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "tray icon created" "$work/import.log" && break; sleep 0.1; done
item=$(/usr/bin/python3 tests/desktop/testbed.py items | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[0])')
/usr/bin/python3 tests/desktop/testbed.py click "$item" "お知らせの文面から予定を追加…" >/dev/null
for _ in $(seq 100); do grep -q "shown: import question" "$work/import.log" && break; sleep 0.1; done
sleep 1.5
/usr/bin/import -window root -crop 1024x340+0+0 +repage "$shots_dir/import-question-xfce4-notifyd.png"
echo "saved $shots_dir/import-question-xfce4-notifyd.png"
mkdir -p "$work/chromium"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --hide-scrollbars \
  --user-data-dir="$work/chromium" --window-size=900,520 --screenshot="$(cd "$shots_dir" && pwd)/import-list.png" \
  "file://$work/data/onshi-tray/import.html" 2>/dev/null
echo "saved $shots_dir/import-list.png"

# The guidance page during the seed window, as the browser shows it.
"$bin" guide --at 2026-03-21T22:10:00+09:00 --out "$work/guide.html" >/dev/null
mkdir -p "$work/chromium"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --hide-scrollbars \
  --user-data-dir="$work/chromium" --window-size=900,1180 --screenshot="$guide_out" "file://$work/guide.html" 2>/dev/null
echo "saved $guide_out"
