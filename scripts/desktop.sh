# Shell helpers for the scripts that need a desktop of their own (package tests, screenshots). Source it after
# setting `work` (a private folder, removed by the caller) and `pids` (an array the caller kills on exit).
#   say TEXT        a step heading
#   fail TEXT       the reason on stderr (and $app_log, if set and present), exit 1
#   start_display   Xvfb on a free display number; exports DISPLAY
#   start_bus       a private D-Bus session with no auto-started services; exports DBUS_SESSION_BUS_ADDRESS
#   window_soon ID TITLE   a config [[window]] from 5 to 65 minutes from now (Japan time): its 15-minute notice is due

say() { printf '== %s\n' "$*"; }

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  if [ -n "${app_log:-}" ] && [ -f "$app_log" ]; then
    printf -- '--- the app log:\n' >&2
    cat "$app_log" >&2
  fi
  exit 1
}

# Waits up to 20 s for FILE to be non-empty.
wait_for_file() {
  for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.2; done
  return 1
}

start_display() {
  # Xvfb picks a free display number and writes it when ready.
  Xvfb -displayfd 1 -screen 0 "${1:-1280x800x24}" -nolisten tcp >"$work/display" 2>/dev/null &
  pids+=($!)
  wait_for_file "$work/display" || fail "Xvfb did not start; run scripts/setup.sh test"
  export DISPLAY=:$(head -n1 "$work/display")
}

start_bus() {
  mkdir -p "$work/run" && chmod 700 "$work/run"
  cat >"$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=$work/run</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
CONF
  dbus-daemon --config-file="$work/bus.conf" --nofork --print-address=1 >"$work/bus" 2>/dev/null &
  pids+=($!)
  wait_for_file "$work/bus" || fail "dbus-daemon did not start; run scripts/setup.sh test"
  export DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$work/bus")
}

window_soon() {
  printf '[[window]]\nid = "%s"\ntitle = "%s"\nstart = %s\nend = %s\n' "$1" "$2" \
    "$(TZ=Asia/Tokyo date -d '+5 min' +%Y-%m-%dT%H:%M:00)" "$(TZ=Asia/Tokyo date -d '+65 min' +%Y-%m-%dT%H:%M:00)"
}
