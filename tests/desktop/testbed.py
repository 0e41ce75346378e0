#!/usr/bin/python3
"""The test desktop's D-Bus services and a small client to drive them.

serve  --record FILE [--no-notifications] [--no-watcher]
    Owns org.freedesktop.Notifications (records every Notify call as a JSON line in FILE),
    org.kde.StatusNotifierWatcher (with a registered host: a tray), and org.onshi.TestBed (control: InvokeAction,
    CloseNotification, HangNext, Refuse, StartNotifications, StartWatcher: the last two bring a service up late).
    Prints "ready" on stdout once every name is owned.
logind ADDRESS
    A stand-in for systemd-logind on the (private) system bus at ADDRESS: owns org.freedesktop.login1 and, for each
    line on stdin, emits PrepareForSleep(true) for "sleep" and PrepareForSleep(false) for "wake", then prints "sent".
    Prints "ready" once the name is owned.
items | props ITEM | pixmap ITEM | layout ITEM | click ITEM LABEL | invoke ID KEY | hang-next SECONDS
| refuse SECONDS | start-notifications | start-watcher
    Client calls; print JSON on stdout.

Runs on Debian's /usr/bin/python3 with python3-dbus and python3-gi. Kept inside the project: the tests need nothing else.
"""
import json
import os
import sys
import time

import dbus
import dbus.service

NOTIF_NAME = "org.freedesktop.Notifications"
NOTIF_PATH = "/org/freedesktop/Notifications"
WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
CONTROL_NAME = "org.onshi.TestBed"
CONTROL_PATH = "/TestBed"


def plain(value):
    """D-Bus values to JSON-able Python values."""
    if isinstance(value, (dbus.Boolean,)):
        return bool(value)
    if isinstance(value, (dbus.Byte, dbus.Int16, dbus.Int32, dbus.Int64, dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature)):
        return str(value)
    if isinstance(value, dbus.ByteArray):
        return len(value)
    if isinstance(value, (dbus.Array, list, tuple, dbus.Struct)):
        return [plain(v) for v in value]
    if isinstance(value, (dbus.Dictionary, dict)):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def serve(record, with_notifications, with_watcher=True):
    from dbus.mainloop.glib import DBusGMainLoop
    from gi.repository import GLib

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    out = open(record, "a", buffering=1)

    def write(event):
        event["time"] = time.time()
        out.write(json.dumps(event, ensure_ascii=False) + "\n")

    class Notifications(dbus.service.Object):
        def __init__(self):
            super().__init__(bus, NOTIF_PATH)
            self.next_id = 1
            # A server that hangs: the next Notify call is answered only after this many seconds (and not
            # recorded, as a server that never shows it).
            self.hang_next = 0
            # A server that fails: every Notify call until this time (time.time()) is answered with an error.
            self.refuse_until = 0

        @dbus.service.method(NOTIF_NAME, in_signature="susssasa{sv}i", out_signature="u",
                             async_callbacks=("reply", "error"))
        def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout, reply, error):
            if time.time() < self.refuse_until:
                write({"event": "refused", "summary": str(summary)})
                error(dbus.exceptions.DBusException("the test bed refuses notices", name="org.freedesktop.DBus.Error.Failed"))
                return
            nid = int(replaces_id) or self.next_id
            self.next_id += 1
            if self.hang_next:
                seconds, self.hang_next = self.hang_next, 0
                write({"event": "hung", "summary": str(summary)})
                GLib.timeout_add_seconds(seconds, lambda: reply(dbus.UInt32(nid)) and False)
                return
            write({"event": "notify", "id": nid, "replaces_id": int(replaces_id), "app_name": str(app_name),
                   "icon": str(app_icon),
                   "summary": str(summary), "body": str(body), "actions": plain(actions),
                   "hints": {k: plain(v) for k, v in hints.items() if k != "image-data"}, "timeout": int(timeout)})
            reply(dbus.UInt32(nid))

        @dbus.service.method(NOTIF_NAME, in_signature="u", out_signature="")
        def CloseNotification(self, nid):
            write({"event": "close", "id": int(nid)})
            self.NotificationClosed(nid, 3)

        @dbus.service.method(NOTIF_NAME, in_signature="", out_signature="as")
        def GetCapabilities(self):
            return ["actions", "body"]

        @dbus.service.method(NOTIF_NAME, in_signature="", out_signature="ssss")
        def GetServerInformation(self):
            return ["onshi-testbed", "onshi-tray", "1.0", "1.2"]

        @dbus.service.signal(NOTIF_NAME, signature="uu")
        def NotificationClosed(self, nid, reason):
            pass

        @dbus.service.signal(NOTIF_NAME, signature="us")
        def ActionInvoked(self, nid, key):
            pass

    class Watcher(dbus.service.Object):
        def __init__(self):
            super().__init__(bus, WATCHER_PATH)
            self.items = []

        @dbus.service.method(WATCHER_NAME, in_signature="s", out_signature="", sender_keyword="sender")
        def RegisterStatusNotifierItem(self, service, sender=None):
            # Some items register an object path (the item is the caller plus that path); ksni a bus name.
            item = sender + service if service.startswith("/") else service + "/StatusNotifierItem"
            if item not in self.items:
                self.items.append(item)
                write({"event": "item_registered", "item": item})
                self.StatusNotifierItemRegistered(item)

        @dbus.service.method(WATCHER_NAME, in_signature="s", out_signature="")
        def RegisterStatusNotifierHost(self, service):
            pass

        @dbus.service.signal(WATCHER_NAME, signature="s")
        def StatusNotifierItemRegistered(self, item):
            pass

        @dbus.service.signal(WATCHER_NAME, signature="s")
        def StatusNotifierItemUnregistered(self, item):
            pass

        @dbus.service.signal(WATCHER_NAME, signature="")
        def StatusNotifierHostRegistered(self):
            pass

        @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
        def Get(self, interface, prop):
            return self.GetAll(interface)[prop]

        @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
        def GetAll(self, interface):
            return {"RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
                    "IsStatusNotifierHostRegistered": dbus.Boolean(True),
                    "ProtocolVersion": dbus.Int32(0)}

        def owner_changed(self, name, old, new):
            if new == "":
                for item in [i for i in self.items if i.startswith(name + "/")]:
                    self.items.remove(item)
                    write({"event": "item_unregistered", "item": item})
                    self.StatusNotifierItemUnregistered(item)

    notifications = Notifications()
    watcher = Watcher()
    bus.add_signal_receiver(watcher.owner_changed, signal_name="NameOwnerChanged",
                            dbus_interface="org.freedesktop.DBus", path="/org/freedesktop/DBus")

    # What a tray host hears from items: each change is a wake-up for the host, so the tests count them.
    def item_signal(*args, member=None, interface=None, sender=None):
        write({"event": "item_signal", "member": member, "interface": interface, "sender": sender})
    for interface in ("org.kde.StatusNotifierItem", "com.canonical.dbusmenu"):
        bus.add_signal_receiver(item_signal, dbus_interface=interface, member_keyword="member",
                                interface_keyword="interface", sender_keyword="sender")

    class Control(dbus.service.Object):
        def __init__(self):
            super().__init__(bus, CONTROL_PATH)
            self.names = []

        @dbus.service.method(CONTROL_NAME, in_signature="us", out_signature="")
        def InvokeAction(self, nid, key):
            notifications.ActionInvoked(nid, key)

        @dbus.service.method(CONTROL_NAME, in_signature="u", out_signature="")
        def CloseNotification(self, nid):
            notifications.NotificationClosed(nid, 2)

        @dbus.service.method(CONTROL_NAME, in_signature="u", out_signature="")
        def HangNext(self, seconds):
            notifications.hang_next = int(seconds)

        @dbus.service.method(CONTROL_NAME, in_signature="dd", out_signature="")
        def Refuse(self, start, end):
            notifications.refuse_until = end
            write({"event": "refusing", "from": start, "until": end})

        @dbus.service.method(CONTROL_NAME, in_signature="", out_signature="")
        def StartWatcher(self):
            self.names += [dbus.service.BusName(WATCHER_NAME, bus),
                           dbus.service.BusName("org.kde.StatusNotifierHost-%d" % os.getpid(), bus)]
            watcher.StatusNotifierHostRegistered()
            write({"event": "watcher_started"})

        @dbus.service.method(CONTROL_NAME, in_signature="", out_signature="")
        def StartNotifications(self):
            self.names.append(dbus.service.BusName(NOTIF_NAME, bus))
            write({"event": "notifications_started"})

    control = Control()
    names = []
    if with_watcher:
        control.StartWatcher()
    if with_notifications:
        control.StartNotifications()
    names.append(dbus.service.BusName(CONTROL_NAME, bus))
    print("ready", flush=True)
    GLib.MainLoop().run()


def item_object(bus, item):
    name, _, path = item.partition("/")
    return bus.get_object(name, "/" + path)


def unmnemonic(label):
    """A dbusmenu label as a menu shows it: `_` marks the access key, `__` is an underscore."""
    out, i = "", 0
    while i < len(label):
        if label[i] == "_":
            i += 1
            if i < len(label) and label[i] == "_":
                out += "_"
                i += 1
            continue
        out += label[i]
        i += 1
    return out


def layout_json(node):
    ident, props, children = node
    props = plain(props)
    return {"id": int(ident), "label": unmnemonic(props.get("label", "")), "enabled": props.get("enabled", True),
            "visible": props.get("visible", True), "type": props.get("type", "standard"),
            "toggle_state": props.get("toggle-state"), "children": [layout_json(c) for c in children]}


def client(argv):
    bus = dbus.SessionBus()
    command = argv[0]
    if command == "items":
        watcher = bus.get_object(WATCHER_NAME, WATCHER_PATH)
        print(json.dumps(plain(watcher.Get(WATCHER_NAME, "RegisteredStatusNotifierItems", dbus_interface=dbus.PROPERTIES_IFACE))))
    elif command == "props":
        obj = item_object(bus, argv[1])
        props = plain(obj.GetAll("org.kde.StatusNotifierItem", dbus_interface=dbus.PROPERTIES_IFACE))
        props.pop("IconPixmap", None)
        print(json.dumps(props, ensure_ascii=False))
    elif command == "pixmap":
        # The largest image of the item's IconPixmap: ARGB32 in network byte order, as hex.
        obj = item_object(bus, argv[1])
        pixmaps = obj.Get("org.kde.StatusNotifierItem", "IconPixmap", dbus_interface=dbus.PROPERTIES_IFACE)
        if not pixmaps:
            print(json.dumps(None))
            return
        width, height, data = max(pixmaps, key=lambda p: int(p[0]) * int(p[1]))
        print(json.dumps({"width": int(width), "height": int(height), "sizes": [int(p[0]) for p in pixmaps],
                          "argb": bytes(bytearray(data)).hex()}))
    elif command in ("layout", "click"):
        obj = item_object(bus, argv[1])
        menu_path = obj.Get("org.kde.StatusNotifierItem", "Menu", dbus_interface=dbus.PROPERTIES_IFACE)
        menu = bus.get_object(argv[1].partition("/")[0], menu_path)
        _, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface="com.canonical.dbusmenu")
        tree = layout_json(layout)
        if command == "layout":
            print(json.dumps(tree, ensure_ascii=False))
            return
        def find(node):
            if node["label"] == argv[2]:
                return node
            for child in node["children"]:
                hit = find(child)
                if hit:
                    return hit
            return None
        hit = find(tree)
        if not hit:
            print(json.dumps({"error": "no item labelled " + argv[2]}, ensure_ascii=False))
            sys.exit(1)
        menu.Event(dbus.Int32(hit["id"]), "clicked", dbus.Int32(0), dbus.UInt32(0), dbus_interface="com.canonical.dbusmenu")
        print(json.dumps({"clicked": hit["id"]}))
    elif command == "invoke":
        bus.get_object(CONTROL_NAME, CONTROL_PATH).InvokeAction(dbus.UInt32(int(argv[1])), argv[2], dbus_interface=CONTROL_NAME)
        print("{}")
    elif command == "hang-next":
        bus.get_object(CONTROL_NAME, CONTROL_PATH).HangNext(dbus.UInt32(int(argv[1])), dbus_interface=CONTROL_NAME)
        print("{}")
    elif command == "refuse":
        # refuse SECONDS: every Notify call fails (an error answer) for that long from now.
        now = time.time()
        bus.get_object(CONTROL_NAME, CONTROL_PATH).Refuse(now, now + float(argv[1]), dbus_interface=CONTROL_NAME)
        print("{}")
    elif command == "start-notifications":
        bus.get_object(CONTROL_NAME, CONTROL_PATH).StartNotifications(dbus_interface=CONTROL_NAME)
        print("{}")
    elif command == "start-watcher":
        bus.get_object(CONTROL_NAME, CONTROL_PATH).StartWatcher(dbus_interface=CONTROL_NAME)
        print("{}")
    else:
        sys.exit("unknown command " + command)


def logind(address):
    import dbus.lowlevel

    bus = dbus.bus.BusConnection(address)
    name = dbus.service.BusName("org.freedesktop.login1", bus)
    print("ready", flush=True)
    for line in sys.stdin:
        signal = dbus.lowlevel.SignalMessage("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep")
        signal.append(dbus.Boolean(line.strip() == "sleep"), signature="b")
        bus.send_message(signal)
        bus.flush()
        print("sent", flush=True)
    del name


if __name__ == "__main__":
    if sys.argv[1] == "logind":
        logind(sys.argv[2])
    elif sys.argv[1] == "serve":
        serve(sys.argv[sys.argv.index("--record") + 1], "--no-notifications" not in sys.argv, "--no-watcher" not in sys.argv)
    else:
        client(sys.argv[1:])
