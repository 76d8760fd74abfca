"""Vendor personas of the emulated Redfish BMC (fwd-redfish-sim start
--persona NAME): one module each, all subclasses of base.Persona.  The
table of what each plays and from which public source is in
tests/sim/README.md, "Personas".
"""
from .base import Persona
from .dell import Dell
from .hpe import Hpe
from .lenovo import Lenovo
from .supermicro import Supermicro

PERSONAS = {p.NAME: p for p in (Persona, Dell, Supermicro, Hpe, Lenovo)}


def load(config):
    return PERSONAS[config.get("persona", "dmtf")](config)


def fault_owner(name):
    """The persona a vendor fault belongs to, or None for a generic one."""
    for p in PERSONAS.values():
        if name in p.FAULTS:
            return p.NAME
    return None
