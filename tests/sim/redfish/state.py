"""The emulator's folder: what the BMC remembers (state/state.json), the
start options (config.json), the faults (faults.json), the request log.

Layout of DIR (made by fwd-redfish-sim start):
  password, key.pem, cert.pem   secrets and the TLS identity (0600)
  config.json                   this start's options (vendor, limits, ...)
  faults.json, faults.lock      faults in force; flock'd read-modify-write
  state/state.json              versions, staged images, LAN and protocol
                                settings, next task number: survives a stop --keep
  state/requests.log            one JSON line per request or event
  state/payload-<n>.bin, payload-last.bin   images received
The server owns state/; the command line only reads it, and writes faults.json
under the lock (the server consumes one-shot faults under the same lock).
"""
import fcntl
import json
import os
import threading
import time
import uuid

# name -> kind: "flag" lasts until cleared, "once" is used up by the next
# update or upload, "count" is a number of requests used up one by one,
# "seconds" a lasting number.
FAULTS = {
    "verify-fail": "once",
    "apply-fail": "once",
    "drop-upload": "once",
    "stuck-task": "flag",
    "vanish-task": "flag",
    "busy": "flag",
    "unsaid-max-size": "flag",
    "no-new-version": "flag",
    "refuse-reset": "flag",
    "http-500": "count",
    "etag-race": "count",
    "late-version": "seconds",
    "reset-silence": "seconds",
}


def _kind(name):
    """A fault's kind: the generic ones here, a persona's in its FAULTS."""
    if name in FAULTS:
        return FAULTS[name]
    from .persona import PERSONAS
    for p in PERSONAS.values():
        if name in p.FAULTS:
            return p.FAULTS[name]
    return None


def all_faults():
    from .persona import PERSONAS
    names = set(FAULTS)
    for p in PERSONAS.values():
        names |= set(p.FAULTS)
    return sorted(names)


def parse_fault(spec):
    """'name[=value]' -> (name, value); value True for flags, an int for
    numbers, None to remove the fault ('name=off').  Raises ValueError."""
    name, sep, value = spec.partition("=")
    kind = _kind(name)
    if kind is None:
        raise ValueError("unknown fault '%s': one of %s" % (name, ", ".join(all_faults())))
    if value == "off":
        return name, None
    if kind in ("flag", "once"):
        if sep and value not in ("1", "on"):
            raise ValueError("fault '%s' takes no value (or =off)" % name)
        return name, True
    if not value.isdigit() or len(value) > 6:
        raise ValueError("fault '%s' takes a whole number, as %s=N" % (name, name))
    return name, int(value)


def atomic_write(path, text, mode=0o600):
    tmp = "%s.tmp.%d.%d" % (path, os.getpid(), threading.get_ident())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Faults:
    """faults.json, read on every request (a test changes it at run time)."""

    def __init__(self, folder):
        self.path = os.path.join(folder, "faults.json")
        self.lock_path = os.path.join(folder, "faults.lock")

    def _locked(self):
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    def _read(self):
        try:
            with open(self.path) as f:
                data = json.load(f)
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def current(self):
        return self._read()

    def update(self, changes, clear=False):
        """Apply {name: value or None}; returns the faults now in force."""
        fd = self._locked()
        try:
            data = {} if clear else self._read()
            for name, value in changes.items():
                if value is None:
                    data.pop(name, None)
                else:
                    data[name] = value
            atomic_write(self.path, json.dumps(data, sort_keys=True) + "\n")
            return data
        finally:
            os.close(fd)

    def take(self, name):
        """Use up one of a fault: True when it was in force (a "once" fault
        is removed, a "count" one decremented); lasting ones stay."""
        if name not in self._read():   # the common case: no lock taken
            return False
        fd = self._locked()
        try:
            data = self._read()
            if name not in data:
                return False
            kind = _kind(name)
            if kind == "once" or (kind == "count" and int(data[name]) <= 1):
                del data[name]
            elif kind == "count":
                data[name] = int(data[name]) - 1
            atomic_write(self.path, json.dumps(data, sort_keys=True) + "\n")
            return True
        finally:
            os.close(fd)


class RequestLog:
    """state/requests.log: JSON lines, never a secret (see handler.py)."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, record):
        record = dict(record)
        record.setdefault("time", round(time.time(), 3))
        line = json.dumps(record, sort_keys=True) + "\n"
        with self.lock:
            with open(self.path, "a") as f:
                f.write(line)

    def event(self, name, **fields):
        fields["event"] = name
        self.write(fields)


DEFAULT_ETH = {
    "MACAddress": "02:00:5e:10:00:01",
    "HostName": "bmc",
    "FQDN": "bmc.example.test",
    "DHCPEnabled": False,
    "IPv4StaticAddresses": [
        {"Address": "192.0.2.10", "SubnetMask": "255.255.255.0", "Gateway": "192.0.2.1"}
    ],
    "VLANEnable": False,
    "VLANId": 1,
    "StaticNameServers": ["192.0.2.53"],
}

DEFAULT_PROTOCOLS = {
    "HostName": "bmc",
    "HTTPS": {"ProtocolEnabled": True, "Port": 443},
    "SSH": {"ProtocolEnabled": True, "Port": 22},
    "IPMI": {"ProtocolEnabled": True, "Port": 623},
    "SNMP": {"ProtocolEnabled": False, "Port": 161},
    "NTP": {"ProtocolEnabled": True, "NTPServers": ["192.0.2.123"]},
}


class State:
    """What the BMC remembers across restarts, plus the run-time parts
    (sessions, tasks) a BMC restart or a stop forgets."""

    def __init__(self, folder):
        self.folder = folder
        self.state_dir = os.path.join(folder, "state")
        self.path = os.path.join(self.state_dir, "state.json")
        self.lock = threading.RLock()
        with open(os.path.join(folder, "config.json")) as f:
            self.config = json.load(f)
        # user -> (password, RoleId); the operator exists so a client can
        # meet 403 InsufficientPrivilege (tree.py, OPERATOR_DENIED).
        self.users = {}
        for user, file, role in (("admin", "password", "Administrator"),
                                 ("operator", "operator-password", "Operator")):
            with open(os.path.join(folder, file)) as f:
                self.users[user] = (f.readline().rstrip("\n"), role)
        self.faults = Faults(folder)
        from .persona import load
        self.persona = load(self.config)
        self.log = RequestLog(os.path.join(self.state_dir, "requests.log"))
        self.data = self._load()
        self.sessions = {}      # token -> {"id", "user", "role"}
        self.next_session = 1
        self.tasks = {}         # id (str) -> update.Task
        self.active_task = None # the update task not yet ended, if any
        self.uploading = 0      # images being received now

    def _load(self):
        try:
            with open(self.path) as f:
                data = json.load(f)
        except FileNotFoundError:
            data = {}
        c = self.config
        data.setdefault("uuid", str(uuid.uuid4()))
        data.setdefault("bmc_version", c["bmc_version"])
        data.setdefault("bios_version", c["bios_version"])
        data.setdefault("staged_bios", None)
        data.setdefault("pending_bmc", None)
        data.setdefault("old_bmc_until", 0)
        data.setdefault("old_bmc_version", None)
        data.setdefault("power_state", "On")
        data.setdefault("next_task", 1)
        data.setdefault("eth", json.loads(json.dumps(DEFAULT_ETH)))
        data.setdefault("protocols", json.loads(json.dumps(DEFAULT_PROTOCOLS)))
        self.data = data
        self.persona.init_state(self)
        self.save()
        return data

    def save(self):
        with self.lock:
            atomic_write(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")

    def bmc_version_reported(self):
        """The version the manager and the inventory show: the old one
        while a late-version fault holds it back."""
        with self.lock:
            if self.data["old_bmc_version"] and time.time() < self.data["old_bmc_until"]:
                return self.data["old_bmc_version"]
            return self.data["bmc_version"]

    def fault_seconds(self, name, default):
        value = self.faults.current().get(name)
        return int(value) if isinstance(value, int) else default
