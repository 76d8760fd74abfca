"""The Persona interface: what one vendor's BMC changes in the emulator.

The base class is the DMTF persona (today's emulator, vendor Contoso): every
hook here leaves the generic behaviour as it is.  A vendor module subclasses
it and overrides only what its BMC does differently; tree.py, update.py and
handler.py call these hooks and never ask which persona runs.

Paths: the generic code serves the manager at /redfish/v1/Managers/BMC and
the system at /redfish/v1/Systems/System1 ("internal" paths).  A persona
that names them otherwise lists the pair in RENAMES; the handler maps the
vendor's path to the internal one on the way in and every URI in a body or
header back on the way out, so tree.py keeps one set of paths.  Hooks that
take a path get the internal one.
"""
from ..tree import V1


class Persona:
    NAME = "dmtf"
    VENDOR = "Contoso"
    PRODUCT = "Contoso BMC 1"
    BMC_VERSION = "1.0.0"
    BIOS_VERSION = "1.0.0"
    RESET_SILENCE = 3
    FAULTS = {}                 # fault name -> kind (state.FAULTS' kinds)
    RENAMES = ()                # ((internal prefix, vendor prefix), ...)

    def __init__(self, config):
        self.config = config

    @classmethod
    def options(cls, model, ilo, no_oob_licence, pre_delay):
        """config.json entries from the persona's own start options
        (cli.py refuses them for a persona they are not for)."""
        return {}

    # ---------------------------------------------------------- state --
    def init_state(self, st):
        """Vendor data that survives a restart: set defaults in st.data."""

    # ---------------------------------------------------------- paths --
    def inbound(self, path):
        """The internal path for a request's path; None when the path is
        an internal one this vendor does not have (answered 404)."""
        for internal, public in self.RENAMES:
            if path == public or path.startswith(public + "/"):
                return internal + path[len(public):]
            if path == internal or path.startswith(internal + "/"):
                return None
        return path

    def outbound(self, value):
        """A body or header value with internal paths made the vendor's."""
        if not self.RENAMES:
            return value
        if isinstance(value, str):
            for internal, public in self.RENAMES:
                if value == internal or value.startswith(internal + "/"):
                    return public + value[len(internal):]
            return value
        if isinstance(value, list):
            return [self.outbound(v) for v in value]
        if isinstance(value, dict):
            out = {k: self.outbound(v) for k, v in value.items()}
            old, new = value.get("@odata.id"), out.get("@odata.id")
            if isinstance(old, str) and old != new and value.get("Id") == old.rsplit("/", 1)[1]:
                out["Id"] = new.rsplit("/", 1)[1]
            return out
        return value

    # ------------------------------------------------------ resources --
    def decorate(self, st, path, body):
        """The body tree.py built for path, changed as this vendor shows it."""
        return body

    def resource(self, st, path):
        """A GET body for a path tree.py does not know, or None."""
        return None

    def patchable(self):
        """{internal path: (spec, apply)} added to tree.PATCHABLE."""
        return {}

    def post(self, st, path, body, request_restart):
        """An answer to a POST tree.py does not know (a vendor action), or
        None.  body is the parsed JSON."""
        return None

    # -------------------------------------------------------- updates --
    def uploads(self, st):
        """{internal path: receive(st, handler, request_restart)}: the
        URIs that take an image (prechecked for size and busy first)."""
        from .. import update
        return {V1 + "/UpdateService/upload": update.receive_multipart,
                V1 + "/UpdateService/push": update.receive_push}

    def task_id(self, st, n):
        return str(n)

    def accepted(self, st, task):
        """The answer to an accepted upload or SimpleUpdate."""
        return 202, task.body(), {"Location": task.monitor}

    def task_message(self, st, task, kind, default):
        """The message a task ends with; kind: "completed" or
        "verification-failed"."""
        return default

    def complete(self, st, task, target, version, request_restart):
        """Called when a task verified and wrote its image; True when the
        persona ended the task itself (else the generic end follows)."""
        return False

    def task_ended(self, st, task):
        """After a task ended (Completed, Exception)."""

    def hidden_task(self, task):
        """True for a task the TaskService does not show."""
        return False

    # --------------------------------------------------------- resets --
    def on_host_reset(self, st):
        """The host rebooted (ComputerSystem.Reset, power-cycle)."""

    def manager_reset_delay(self, st):
        """Seconds between Manager.Reset's answer and the BMC going down."""
        return 0.5

    def on_manager_reset(self, st):
        """Manager.Reset was accepted."""
