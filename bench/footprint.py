#!/usr/bin/python3
"""Footprint and timing benchmark of the release binary on the headless test desktop.

    bench/run.sh [--peers] [--skip-build-time] [--idle SECONDS] [--only-windows | --only-wake]

Reports (markdown on stdout, raw JSON in target/bench/footprint.json):
- idle VmRSS and PSS, CPU ms (schedstat, nanoseconds) and voluntary context switches (all threads, and the busiest
  thread) per minute over an idle window, threads; the tray item's title and tooltip as read over D-Bus;
- exec -> tray item registered;
- notice latency: scheduled instant vs. arrival at the notification server, over several notices (real clock);
- recovery after a wall-clock jump (libfaketime), the sleep case seen only by the minute's re-check;
- wake from sleep (a stand-in logind's PrepareForSleep) and a set clock (the timerfd) to the due notice, five runs;
- stripped binary size and a clean release build's time;
- scaling with 1, 100, 10 000 and 100 000 windows: start-up to tray, RSS, and the core's own timings (examples/scale);
- absurd windows (a 10 000-year window, 100 000 windows that all overlap) beside one short window: the time and peak
  memory of `status`, `list` and `simulate` (run alone with --only-windows);
- with --peers, the same idle figures for Safe Eyes, Workrave and evolution-alarm-notify on the same desktop;
- with --variants, the same idle figures for this checkout built with the Linux tray backend not chosen (tray-icon's
  `ksni` feature, on async-io and the `blocking` crate), once with `blocking` held at 1.6.2 and once at the newest
  1.x: see ARCHITECTURE.md, "Linux tray backend".

Uses the project's own test bed (tests/desktop/testbed.py); nothing outside the repository.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "onshi-tray")
TESTBED = os.path.join(ROOT, "tests", "desktop", "testbed.py")
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
JST = datetime.timezone(datetime.timedelta(hours=9))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def start_bus(conf, kind, listen):
    """A private dbus-daemon of `kind` (session or system) listening in `listen`: the process and its address."""
    with open(conf, "w") as f:
        f.write('<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" '
                '"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd"><busconfig><type>%s</type>'
                '<listen>unix:dir=%s</listen><auth>EXTERNAL</auth><policy context="default">'
                '<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>'
                '</busconfig>' % (kind, listen))
    bus = subprocess.Popen(["dbus-daemon", "--config-file=" + conf, "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return bus, bus.stdout.readline().decode().strip()


class Desktop:
    """Xvfb, a private D-Bus session, the recorder and the tray watcher; stopped by close()."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="onshi-bench-")
        self.procs = []
        for d in ("run", "config", "data", "xdg", "bin"):
            os.makedirs(os.path.join(self.dir, d), mode=0o700)
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.procs.append(xvfb)
        self.display = ":" + xvfb.stdout.readline().decode().strip()
        bus, self.bus = start_bus(os.path.join(self.dir, "bus.conf"), "session", os.path.join(self.dir, "run"))
        self.procs.append(bus)
        opener = os.path.join(self.dir, "bin", "xdg-open")
        with open(opener, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(opener, 0o755)
        self.record = os.path.join(self.dir, "record.jsonl")
        open(self.record, "w").close()
        serve = subprocess.Popen(["/usr/bin/python3", TESTBED, "serve", "--record", self.record],
                                 env=self.env(), stdout=subprocess.PIPE)
        self.procs.append(serve)
        assert serve.stdout.readline().decode().strip() == "ready"

    def env(self, extra=None):
        env = dict(os.environ)
        env.update({
            "DISPLAY": self.display, "DBUS_SESSION_BUS_ADDRESS": self.bus, "HOME": self.dir,
            "XDG_RUNTIME_DIR": os.path.join(self.dir, "run"), "XDG_CONFIG_HOME": os.path.join(self.dir, "config"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"), "XDG_CONFIG_DIRS": os.path.join(self.dir, "xdg"),
            "PATH": os.path.join(self.dir, "bin") + ":" + env.get("PATH", ""), "NO_AT_BRIDGE": "1",
        })
        env.pop("WAYLAND_DISPLAY", None)
        env.update(extra or {})
        return env

    def events(self):
        with open(self.record) as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait(self, predicate, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.events():
                if predicate(event):
                    return event
            time.sleep(0.02)
        return None

    def close(self):
        for p in reversed(self.procs):
            p.kill()
            p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def proc_stats(pid):
    """Memory, threads, CPU ticks and voluntary context switches of a process and all its threads."""
    stats = {"threads": 0, "vcsw": {}, "cpu_ns": {}, "names": {}}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                stats["rss_kib"] = int(line.split()[1])
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    stats["pss_kib"] = int(line.split()[1])
    except OSError:
        stats["pss_kib"] = None
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
        stats["cpu_ticks"] = int(fields[11]) + int(fields[12])
    for tid in os.listdir("/proc/%d/task" % pid):
        stats["threads"] += 1
        try:
            # schedstat's first field: nanoseconds this thread ran (far finer than the 10 ms of CPU ticks).
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                stats["cpu_ns"][tid] = int(f.read().split()[0])
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith("Name:"):
                        stats["names"][tid] = line.split(None, 1)[1].strip()
                    if line.startswith("voluntary_ctxt_switches:"):
                        stats["vcsw"][tid] = int(line.split()[1])
        except OSError:
            pass
    return stats


def idle_figures(pid, seconds):
    before = proc_stats(pid)
    time.sleep(seconds)
    after = proc_stats(pid)
    per_minute = 60.0 / seconds
    by_thread = {"%s %s" % (tid, after["names"].get(tid, "?")): (n - before["vcsw"].get(tid, 0)) * per_minute
                 for tid, n in after["vcsw"].items()}
    return {
        "wakeups_by_thread": by_thread,
        "busiest_thread_wakeups_per_min": max(by_thread.values(), default=0.0),
        "rss_mib": after["rss_kib"] / 1024, "pss_mib": (after["pss_kib"] or 0) / 1024, "threads": after["threads"],
        "cpu_ms_per_min": sum(n - before["cpu_ns"].get(tid, 0) for tid, n in after["cpu_ns"].items()) / 1e6 * per_minute,
        "cpu_tick_ms_per_min": (after["cpu_ticks"] - before["cpu_ticks"]) * 1000.0 / CLK_TCK * per_minute,
        # Per thread, so that a thread that ends during the window does not count negative.
        "wakeups_per_min": sum(n - before["vcsw"].get(tid, 0) for tid, n in after["vcsw"].items()) * per_minute,
        "cpu_resolution_ms": 1000.0 / CLK_TCK,
    }


def start_app(desktop, args=(), extra_env=None, binary=None):
    t0 = time.time()
    app = subprocess.Popen([binary or BIN] + list(args), env=desktop.env(extra_env), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    item = desktop.wait(lambda e: e["event"] == "item_registered", 20)
    return app, t0, (item["time"] - t0) if item else None


def stop(proc):
    proc.kill()
    proc.wait()


def jst(t):
    return datetime.datetime.fromtimestamp(t, JST).strftime("%Y-%m-%dT%H:%M:%S+09:00")


def tray_texts(desktop, item):
    """The item's Title and ToolTip (title, description) as a tray host reads them over D-Bus."""
    out = subprocess.run(["/usr/bin/python3", TESTBED, "props", item], env=desktop.env(), capture_output=True, text=True)
    try:
        props = json.loads(out.stdout)
    except ValueError:
        return None
    tooltip = props.get("ToolTip") or ["", [], "", ""]
    return {"title": props.get("Title"), "tooltip_title": tooltip[2], "tooltip": tooltip[3]}


def bench_idle(idle, binary=None):
    desktop = Desktop()
    try:
        app, _, tray = start_app(desktop, binary=binary)
        time.sleep(5)
        item = desktop.wait(lambda e: e["event"] == "item_registered", 1)
        figures = idle_figures(app.pid, idle)
        figures["tray_registered_s"] = tray
        figures["tray_texts"] = tray_texts(desktop, item["item"]) if item else None
        stop(app)
        return figures
    finally:
        desktop.close()


def build_variant(blocking):
    """This checkout with tray-icon's `ksni` backend on Linux (async-io, zbus through `blocking`) instead of ksni
    on tokio: a copy of the tree, edited by the recipe below, built in target/bench-variant (kept warm)."""
    copy = tempfile.mkdtemp(prefix="onshi-variant-")
    try:
        shutil.rmtree(copy)
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("target", ".git", "fuzz"))
        recipe = {
            "Cargo.toml": [
                ('ksni = { version = "0.3.7", default-features = false, features = ["tokio", "blocking"] }',
                 'tray-icon = { version = "0.26", default-features = false, features = ["ksni"] }\n'
                 'blocking = "%s"' % blocking),
                ('zbus = { version = "5", default-features = false, features = ["tokio"] }',
                 'zbus = { version = "5", default-features = false, features = ["async-io"] }'),
                ('features = ["z-with-tokio"]', 'features = ["z"]'),
            ],
            "src/platform/tray.rs": [
                ('#[cfg_attr(target_os = "linux", path = "tray/linux.rs")]\n'
                 '#[cfg_attr(not(target_os = "linux"), path = "tray/shell.rs")]', '#[path = "tray/shell.rs"]'),
            ],
        }
        for name, edits in recipe.items():
            path = os.path.join(copy, name)
            text = open(path).read()
            for old, new in edits:
                if old not in text:
                    return None, "the variant's recipe no longer applies to %s: %r" % (name, old)
                text = text.replace(old, new)
            open(path, "w").write(text)
        target = os.path.join(ROOT, "target", "bench-variant")
        build = subprocess.run(["cargo", "build", "--release", "--bin", "onshi-tray"], cwd=copy,
                               env=dict(os.environ, CARGO_TARGET_DIR=target), capture_output=True, text=True)
        if build.returncode != 0:
            return None, "build failed: " + build.stderr[-400:]
        tree = subprocess.run(["cargo", "tree", "-i", "blocking", "--depth", "0"], cwd=copy,
                              env=dict(os.environ, CARGO_TARGET_DIR=target), capture_output=True, text=True)
        binary = os.path.join(target, "release", "onshi-tray-" + blocking.strip("="))
        shutil.copy(os.path.join(target, "release", "onshi-tray"), binary)
        return binary, tree.stdout.strip()
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def bench_variants(idle):
    results = []
    for blocking in ("=1.6.2", "1"):
        binary, what = build_variant(blocking)
        if binary is None:
            results.append({"name": "tray-icon ksni, blocking %s" % blocking, "error": what})
            continue
        figures = bench_idle(idle, binary)
        figures["name"] = "tray-icon ksni (async-io), %s" % what
        figures["binary_mib"] = os.path.getsize(binary) / 1024 / 1024
        results.append(figures)
    return results


def bench_idle_with_feed(idle):
    """Idle with an https:// feed configured and fetched (from tests/feed_server.py with a throw-away CA): the
    HTTP client, TLS and the feed thread loaded, as on a PC of a clinic chain."""
    desktop = Desktop()
    server = None
    try:
        tls = os.path.join(desktop.dir, "tls")
        os.makedirs(os.path.join(tls, "files"))
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
        subprocess.run(["openssl", "req", "-x509"] + ec + ["-keyout", tls + "/ca.key", "-out", tls + "/ca.pem", "-days", "2",
                        "-subj", "/CN=bench CA"], **quiet)
        subprocess.run(["openssl", "req"] + ec + ["-keyout", tls + "/server.key", "-out", tls + "/server.csr",
                        "-subj", "/CN=127.0.0.1"], **quiet)
        with open(tls + "/ext", "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        subprocess.run(["openssl", "x509", "-req", "-in", tls + "/server.csr", "-CA", tls + "/ca.pem", "-CAkey",
                        tls + "/ca.key", "-CAcreateserial", "-days", "2", "-out", tls + "/server.pem", "-extfile",
                        tls + "/ext"], **quiet)
        with open(os.path.join(tls, "files", "feed.toml"), "w") as f:
            f.write('serial = 1\n[[window]]\nid = "bench"\ntitle = "bench"\nstart = 2030-01-05T22:00:00\n'
                    'end = 2030-01-05T23:00:00\n')
        server = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tests", "feed_server.py"), tls,
                                   tls + "/server.pem", tls + "/server.key"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        port = int(server.stdout.readline().decode().strip())
        os.makedirs(os.path.join(desktop.dir, "xdg", "onshi-tray"))
        with open(os.path.join(desktop.dir, "xdg", "onshi-tray", "config.toml"), "w") as f:
            f.write('proxy = "none"\n[[feed]]\nurl = "https://127.0.0.1:%d/feed.toml"\n' % port)
        app, _, tray = start_app(desktop, extra_env={"SSL_CERT_FILE": tls + "/ca.pem"})
        time.sleep(5)
        with open(os.path.join(tls, "requests.log")) as f:
            fetched = sum(1 for line in f if line.startswith("/feed.toml"))
        figures = idle_figures(app.pid, idle)
        figures["fetched"] = fetched
        stop(app)
        return figures
    finally:
        if server:
            server.kill()
            server.wait()
        desktop.close()


def bench_latency(count=5, every=4):
    """Windows starting every few seconds by the real clock; each start notice's arrival against its instant."""
    desktop = Desktop()
    try:
        first = int(time.time()) + 6
        starts = [first + i * every for i in range(count)]
        config = "[notify]\nlead_minutes = []\nrepeat_during_minutes = 0\nat_end = false\n"
        for i, s in enumerate(starts):
            config += '[[window]]\nid = "w%d"\ntitle = "bench %d"\nstart = %s\nend = %s\n' % (i, i, jst(s), jst(s + 3600))
        path = os.path.join(desktop.dir, "latency.toml")
        with open(path, "w") as f:
            f.write(config)
        app, _, _ = start_app(desktop, ["--config", path])
        latencies = []
        for i, s in enumerate(starts):
            event = desktop.wait(lambda e, i=i: e["event"] == "notify" and ("bench %d" % i) in e["summary"], every + 10)
            latencies.append(event["time"] - s if event else None)
        stop(app)
        valid = sorted(x for x in latencies if x is not None)
        return {"latencies_s": latencies, "median_s": valid[len(valid) // 2] if valid else None,
                "max_s": valid[-1] if valid else None, "missed": latencies.count(None)}
    finally:
        desktop.close()


def bench_jump():
    """A wall-clock jump across a window's start (libfaketime); time until the in-progress notice arrives."""
    desktop = Desktop()
    try:
        clock = os.path.join(desktop.dir, "faketime")
        with open(clock, "w") as f:
            f.write("@2026-03-21 21:30:00\n")
        env = {"LD_PRELOAD": FAKETIME, "FAKETIME_TIMESTAMP_FILE": clock, "FAKETIME_NO_CACHE": "1",
               "FAKETIME_DONT_FAKE_MONOTONIC": "1", "TZ": "Asia/Tokyo"}
        app, _, _ = start_app(desktop, [], env)
        time.sleep(3)
        before = len([e for e in desktop.events() if e["event"] == "notify"])
        with open(clock, "w") as f:
            f.write("@2026-03-21 22:20:00\n")
        jumped = time.time()
        event = desktop.wait(lambda e: e["event"] == "notify" and "作業中" in e["summary"], 75)
        time.sleep(1)
        after = len([e for e in desktop.events() if e["event"] == "notify"]) - before
        stop(app)
        return {"recovery_s": (event["time"] - jumped) if event else None, "notices_after_jump": after}
    finally:
        desktop.close()


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None


def bench_wake(how, runs=5):
    """The PC wakes across a window's start, or its clock is set: from the event (logind's PrepareForSleep(false)
    from a stand-in on a private system bus, or the kernel's clock set to itself) to the in-progress notice, with the
    wall clock moved by libfaketime; `runs` fresh desktops."""
    times, extra = [], 0
    for _ in range(runs):
        desktop = Desktop()
        procs = []
        try:
            env = {}
            if how == "wake":
                os.makedirs(os.path.join(desktop.dir, "system-bus"))
                bus, address = start_bus(os.path.join(desktop.dir, "system-bus.conf"), "system",
                                         os.path.join(desktop.dir, "system-bus"))
                procs.append(bus)
                logind = subprocess.Popen(["/usr/bin/python3", TESTBED, "logind", address], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE)
                procs.append(logind)
                assert logind.stdout.readline().decode().strip() == "ready"
                env["DBUS_SYSTEM_BUS_ADDRESS"] = address
            clock = os.path.join(desktop.dir, "faketime")
            with open(clock, "w") as f:
                f.write("@2026-03-21 21:58:00\n")
            env.update({"LD_PRELOAD": FAKETIME, "FAKETIME_TIMESTAMP_FILE": clock, "FAKETIME_NO_CACHE": "1",
                        "FAKETIME_DONT_FAKE_MONOTONIC": "1", "TZ": "Asia/Tokyo"})
            app, _, _ = start_app(desktop, [], env)
            time.sleep(3)
            before = len([e for e in desktop.events() if e["event"] == "notify"])
            if how == "wake":
                logind.stdin.write(b"sleep\n")
                logind.stdin.flush()
                logind.stdout.readline()
            with open(clock, "w") as f:
                f.write("@2026-03-21 22:05:00\n")
            if how == "wake":
                logind.stdin.write(b"wake\n")
                logind.stdin.flush()
                logind.stdout.readline()
            else:
                time.clock_settime_ns(time.CLOCK_REALTIME, time.clock_gettime_ns(time.CLOCK_REALTIME))
            event_at = time.time()
            event = desktop.wait(lambda e: e["event"] == "notify" and "作業中" in e["summary"], 75)
            time.sleep(1)
            extra += len([e for e in desktop.events() if e["event"] == "notify"]) - before - 1
            stop(app)
            times.append((event["time"] - event_at) if event else 75.0)
        finally:
            for p in procs:
                p.kill()
                p.wait()
            desktop.close()
    return {"median_s": median(times), "max_s": max(times), "runs": runs, "extra_notices": extra}


def bench_scale(sizes=(1, 100, 10000, 100000)):
    core = subprocess.run([os.path.join(ROOT, "target", "release", "examples", "scale")] + [str(n) for n in sizes],
                          capture_output=True, text=True, check=True).stdout.strip().splitlines()
    header = core[0].split("\t")
    rows = {int(r.split("\t")[0]): dict(zip(header, r.split("\t"))) for r in core[1:]}
    results = []
    for n in sizes:
        desktop = Desktop()
        try:
            config = ""
            day0 = datetime.date(2026, 1, 1)
            for i in range(n):
                day = day0 + datetime.timedelta(days=i // 4)
                config += '[[window]]\nid = "w%d"\ntitle = "定期メンテナンス %d"\nstart = %sT%02d:00:00\nend = %sT%02d:45:00\n\n' % (
                    i, i, day, 18 + i % 4, day, 18 + i % 4)
            path = os.path.join(desktop.dir, "scale.toml")
            with open(path, "w") as f:
                f.write(config)
            app, _, tray = start_app(desktop, ["--config", path])
            time.sleep(2)
            rss = proc_stats(app.pid)["rss_kib"] / 1024
            stop(app)
            row = rows[n]
            results.append({"windows": n, "tray_registered_s": tray, "rss_mib": rss,
                            "parse_ms": float(row["parse_ms"]), "next_change_ms": float(row["next_change_ms"]),
                            "step_ms": float(row["step_ms"])})
        finally:
            desktop.close()
    return results


def run_measured(args, env):
    """Runs a command to its end; returns (exit code, wall seconds, peak RSS MiB) from wait4's rusage."""
    t0 = time.time()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.time() - t0, usage.ru_maxrss / 1024


def bench_windows():
    """`status`, `list` and `simulate` on configs that used to make the engine build every notice of every window."""
    configs = [
        ("one window of an hour",
         '[[window]]\nid = "short"\ntitle = "t"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n'),
        ("one window of 8 100 years (1900-9999, the widest the config takes)",
         '[[window]]\nid = "long"\ntitle = "t"\nstart = 1900-01-01T00:00:00\nend = 9999-12-31T23:00:00\n'),
        ("100 000 windows that all overlap (ten days each)",
         "".join('[[window]]\nid = "w%d"\ntitle = "t"\nstart = 2026-12-05T%02d:%02d:%02d\nend = 2026-12-15T23:00:00\n'
                 % (i, 10 + i // 3600 % 10, i // 60 % 60, i % 60) for i in range(100000))),
        ("100 000 windows of a year each (100 000 located warnings)",
         "".join('[[window]]\nid = "w%d"\ntitle = "t"\nstart = 2026-12-05T%02d:%02d:%02d\nend = 2027-12-05T23:00:00\n'
                 % (i, 10 + i // 3600 % 10, i // 60 % 60, i % 60) for i in range(100000))),
    ]
    commands = [
        ("status", ["status", "--at", "2026-12-06T12:00:00+09:00"]),
        ("list", ["list", "--at", "2026-12-06T12:00:00+09:00"]),
        ("simulate (a week)", ["simulate", "--from", "2026-12-01T00:00:00+09:00", "--to", "2026-12-08T00:00:00+09:00"]),
    ]
    results = []
    home = tempfile.mkdtemp(prefix="onshi-bench-windows-")
    try:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
                   XDG_CONFIG_DIRS=os.path.join(home, "xdg"), XDG_DATA_HOME=os.path.join(home, "data"))
        for name, text in configs:
            path = os.path.join(home, "windows.toml")
            with open(path, "w") as f:
                f.write(text)
            row = {"config": name}
            for label, args in commands:
                code, seconds, peak = run_measured([BIN, "--config", path] + args, env)
                row[label] = {"exit": code, "s": seconds, "peak_mib": peak}
            results.append(row)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return results


def bench_check_errors(count=100000):
    """`check` of a file with `count` mistakes (unknown keys): locating them is linear, printing stops at 100."""
    home = tempfile.mkdtemp(prefix="onshi-bench-check-")
    try:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
                   XDG_CONFIG_DIRS=os.path.join(home, "xdg"), XDG_DATA_HOME=os.path.join(home, "data"))
        path = os.path.join(home, "errors.toml")
        with open(path, "w") as f:
            f.write("".join("unknown_%d = 1\n" % i for i in range(count)))
        code, seconds, peak = run_measured([BIN, "--config", path, "check"], env)
        return {"errors": count, "exit": code, "s": seconds, "peak_mib": peak, "bytes": os.path.getsize(path)}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def print_windows(rows):
    print("| config | status s / peak MiB | list s / peak MiB | simulate (a week) s / peak MiB |")
    print("| --- | ---: | ---: | ---: |")
    for row in rows:
        cells = []
        for label in ("status", "list", "simulate (a week)"):
            m = row[label]
            cells.append("%s / %s%s" % (fmt(m["s"], 3), fmt(m["peak_mib"], 1), "" if m["exit"] == 0 else " (exit %d)" % m["exit"]))
        print("| %s | %s |" % (row["config"], " | ".join(cells)))


def print_check(row):
    print()
    print("| `check` of a file with %d errors (%.1f MiB) | exit %d | %s s | peak %s MiB |" % (
        row["errors"], row["bytes"] / 1024 / 1024, row["exit"], fmt(row["s"], 2), fmt(row["peak_mib"], 1)))


PEERS = [
    ("Safe Eyes", ["safeeyes"]),
    ("Workrave", ["workrave"]),
    ("evolution-alarm-notify", ["/usr/libexec/evolution-data-server/evolution-alarm-notify"]),
]


def bench_peers(idle):
    results = []
    for name, argv in PEERS:
        if not shutil.which(argv[0]):
            results.append({"name": name, "error": "not installed (apt-get install %s)" % argv[0].rsplit("/", 1)[-1]})
            continue
        desktop = Desktop()
        try:
            # Safe Eyes copies its config into ~/.config/safeeyes but does not create the folder on a fresh home.
            os.makedirs(os.path.join(desktop.dir, "config", "safeeyes", "style"), exist_ok=True)
            proc = subprocess.Popen(argv, env=desktop.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(8)
            if proc.poll() is not None:
                results.append({"name": name, "error": "exited with %s on the test desktop" % proc.returncode})
                continue
            figures = idle_figures(proc.pid, idle)
            figures["name"] = name
            results.append(figures)
            stop(proc)
        finally:
            desktop.close()
    return results


def build_time():
    target = tempfile.mkdtemp(prefix="onshi-build-")
    try:
        t0 = time.time()
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True,
                       env=dict(os.environ, CARGO_TARGET_DIR=target), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return time.time() - t0
    finally:
        shutil.rmtree(target, ignore_errors=True)


def fmt(value, digits=1, unit=""):
    return "n/a" if value is None else ("%.*f%s" % (digits, value, unit))


def main():
    args = sys.argv[1:]
    idle = int(args[args.index("--idle") + 1]) if "--idle" in args else 60
    if "--only-windows" in args:
        print_windows(bench_windows())
        print_check(bench_check_errors())
        return
    if "--only-wake" in args:
        for how in ("wake", "clock"):
            print(how, json.dumps(bench_wake(how)))
        return
    report = {"machine": {"cpus": os.cpu_count(), "kernel": os.uname().release,
                          "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")},
              "idle_seconds": idle}
    report["binary_mib"] = os.path.getsize(BIN) / 1024 / 1024
    report["idle"] = bench_idle(idle)
    report["idle_feed"] = bench_idle_with_feed(idle)
    report["latency"] = bench_latency()
    report["jump"] = bench_jump()
    report["wake"] = bench_wake("wake")
    report["clock_set"] = bench_wake("clock")
    report["scale"] = bench_scale()
    report["windows"] = bench_windows()
    report["check_errors"] = bench_check_errors()
    if "--peers" in args:
        report["peers"] = bench_peers(idle)
    if "--variants" in args:
        report["variants"] = bench_variants(idle)
    if "--skip-build-time" not in args:
        report["build_s"] = build_time()
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench", "footprint.json"), "w") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)

    i = report["idle"]
    print("| program | RSS MiB | PSS MiB | CPU ms/min | wake-ups/min | busiest thread /min | threads |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(name, r):
        if "error" in r:
            print("| %s | %s | | | | | |" % (name, r["error"]))
        else:
            print("| %s | %s | %s | %s | %s | %s | %d |" % (
                name, fmt(r["rss_mib"]), fmt(r["pss_mib"]), fmt(r["cpu_ms_per_min"], 2), fmt(r["wakeups_per_min"]),
                fmt(r["busiest_thread_wakeups_per_min"]), r["threads"]))
    row("onshi-tray", i)
    f = report["idle_feed"]
    row("onshi-tray with an https feed (fetched: %d)" % f["fetched"], f)
    for p in report.get("peers", []):
        row(p["name"], p)
    for v in report.get("variants", []):
        row("variant: %s (binary %s MiB)" % (v["name"], fmt(v.get("binary_mib"), 2)), v)
    print()
    texts = i.get("tray_texts") or {}
    print("Over D-Bus, the idle tray item says: Title `%s`; ToolTip `%s` / `%s`." % (
        texts.get("title"), texts.get("tooltip_title"), texts.get("tooltip")))
    print()
    lat = report["latency"]
    print("| measure | value |")
    print("| --- | ---: |")
    print("| exec → tray registered | %s |" % fmt(i["tray_registered_s"], 3, " s"))
    print("| notice latency, median / max (%d notices, %d missed) | %s / %s |" % (
        len(lat["latencies_s"]), lat["missed"], fmt(lat["median_s"], 3, " s"), fmt(lat["max_s"], 3, " s")))
    print("| wall-clock jump → in-progress notice (notices after the jump) | %s (%d) |" % (
        fmt(report["jump"]["recovery_s"], 1, " s"), report["jump"]["notices_after_jump"]))
    for key, what in (("wake", "wake from sleep (logind) → in-progress notice"),
                      ("clock_set", "clock set (timerfd) → in-progress notice")):
        w = report[key]
        print("| %s, median / max (%d runs, %d extra notices) | %s / %s |" % (
            what, w["runs"], w["extra_notices"], fmt(w["median_s"], 3, " s"), fmt(w["max_s"], 3, " s")))
    print("| stripped release binary | %s |" % fmt(report["binary_mib"], 2, " MiB"))
    if "build_s" in report:
        print("| clean release build | %s |" % fmt(report["build_s"], 0, " s"))
    print("| idle CPU from clock ticks (%s resolution) | %s ms/min |" % (fmt(i["cpu_resolution_ms"], 0, " ms"),
                                                                      fmt(i["cpu_tick_ms_per_min"], 0)))
    print()
    print("| windows | exec → tray | RSS MiB | parse ms | next instant ms | one wake ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in report["scale"]:
        print("| %d | %s | %s | %s | %s | %s |" % (row["windows"], fmt(row["tray_registered_s"], 3, " s"),
                                                   fmt(row["rss_mib"]), fmt(row["parse_ms"], 1),
                                                   fmt(row["next_change_ms"], 3), fmt(row["step_ms"], 3)))
    print()
    print_windows(report["windows"])
    print_check(report["check_errors"])


if __name__ == "__main__":
    main()
