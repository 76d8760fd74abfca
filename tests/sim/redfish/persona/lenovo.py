"""The Lenovo persona: an XClarity Controller (XCC) on a ThinkSystem
SR650 V2.  README "Personas" has each behaviour's source.

Its push URIs sit outside /redfish (/mfwupdate multipart, /fwupdate raw),
Targets may be a wildcard, the XCC's own image waits for a Manager.Reset,
which the XCC carries out after a pre-delay (--reset-pre-delay, 10 s by
default) and from which it answers again after the post-delay (the reset
silence, 40 s by default).  Versions are milestone-style, 11A-1.02.
"""
from .. import update
from ..tree import MANAGER, SYSTEM, V1
from .base import Persona

MULTIPART, PUSH = "/mfwupdate", "/fwupdate"


class Lenovo(Persona):
    NAME = "lenovo"
    VENDOR = "Lenovo"
    PRODUCT = "ThinkSystem SR650 V2"
    BMC_VERSION = "11A-1.02"
    BIOS_VERSION = "U8E118J-1.10"
    RESET_SILENCE = 40
    RENAMES = ((MANAGER, V1 + "/Managers/1"), (SYSTEM, V1 + "/Systems/1"))

    @classmethod
    def options(cls, model, ilo, no_oob_licence, pre_delay):
        return {"reset_pre_delay": 10 if pre_delay is None else pre_delay,
                "bmc_activation": "reset-required"}

    def decorate(self, st, path, body):
        if path == V1:
            body["Oem"] = {"Lenovo": {"Product": "XClarity Controller"}}
        elif path == MANAGER:
            body["Model"] = "Lenovo XClarity Controller"
        elif path == V1 + "/UpdateService":
            body["MultipartHttpPushUri"] = MULTIPART
            body["HttpPushUri"] = PUSH
        return body

    def uploads(self, st):
        return {MULTIPART: self.receive, PUSH: update.receive_push}

    def receive(self, st, handler, request_restart):
        def accept(values, part_path):
            params = dict(values["UpdateParameters"])
            targets = params.get("Targets")
            if isinstance(targets, list) and targets and all(isinstance(t, str) and "*" in t
                                                              for t in targets):
                st.log.event("wildcard-targets", targets=targets)
                params["Targets"] = []          # the image decides
            component, apply_time = update.targets_and_time(params)
            header = update.read_header(part_path)
            bad = update.apply_rules(component or (header[0] if header else None), apply_time)
            if bad:
                return bad
            return update.start_task(st, component, apply_time, MULTIPART, part_path, request_restart)

        return update.read_form(st, handler, {"UpdateParameters": "json", "UpdateFile": "file"},
                                "MultipartHttpPushUri", accept)

    def manager_reset_delay(self, st):
        st.log.event("reset-pre-delay", seconds=self.config["reset_pre_delay"])
        return max(float(self.config["reset_pre_delay"]), 0.5)
