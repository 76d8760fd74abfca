"""The HPE persona: iLO 5 (ProLiant Gen10) or iLO 6 (Gen11, --ilo 6).
README "Personas" has each behaviour's source.

Firmware goes to HttpPushUri /cgi-bin/uploadFile as a multipart form:
sessionKey (the session's token, checked), parameters ({"UpdateRepository":
false, "UpdateTarget": true}) and files[].  It answers 200; there is no task
to follow: progress and the result are UpdateService's Oem.Hpe State,
FlashProgressPercent and Result.
"""
from .. import update
from ..messages import BASE
from ..tree import MANAGER, SYSTEM, V1, err
from .base import Persona

UPLOAD = "/cgi-bin/uploadFile"
GEN = {"5": ("ProLiant DL380 Gen10", "2.72", "U30"), "6": ("ProLiant DL380 Gen11", "1.55", "U54")}


class Hpe(Persona):
    NAME = "hpe"
    VENDOR = "HPE"
    PRODUCT = GEN["5"][0]
    BMC_VERSION = GEN["5"][1]
    BIOS_VERSION = "2.68"
    RENAMES = ((MANAGER, V1 + "/Managers/1"), (SYSTEM, V1 + "/Systems/1"))

    def __init__(self, config):
        super().__init__(config)
        self.last = None        # the last upload's task (hidden from the TaskService)

    @classmethod
    def options(cls, model, ilo, no_oob_licence, pre_delay):
        ilo = ilo or "5"
        return {"ilo": ilo, "product": GEN[ilo][0], "bmc_version": GEN[ilo][1]}

    def ilo(self):
        return "iLO " + self.config.get("ilo", "5")

    def decorate(self, st, path, body):
        if path == V1:
            body["Oem"] = {"Hpe": {"Manager": [{"ManagerType": self.ilo(),
                                                "ManagerFirmwareVersion": st.bmc_version_reported()}]}}
        elif path == MANAGER:
            body["Model"] = self.ilo()
            body["FirmwareVersion"] = "%s v%s" % (self.ilo(), body["FirmwareVersion"])
        elif path == SYSTEM:
            body["BiosVersion"] = "%s v%s" % (GEN[self.config.get("ilo", "5")][2], body["BiosVersion"])
        elif path == V1 + "/UpdateService":
            body.pop("MultipartHttpPushUri", None)
            body.pop("HttpPushUriOptions", None)
            body["HttpPushUri"] = UPLOAD
            body["Oem"] = {"Hpe": self.progress(st)}
        return body

    def progress(self, st):
        task = self.last
        if st.uploading:
            return {"State": "Uploading", "FlashProgressPercent": 0}
        if task is None:
            return {"State": "Idle", "FlashProgressPercent": 0}
        last = task.messages[-1] if task.messages else None
        if task.state in ("New", "Running"):
            state = "Verifying" if task.percent < 20 else "Writing"
            return {"State": state, "FlashProgressPercent": task.percent}
        state = "Complete" if task.state == "Completed" else "Error"
        return {"State": state, "FlashProgressPercent": task.percent, "Result": last}

    def uploads(self, st):
        return {UPLOAD: self.receive}

    def receive(self, st, handler, request_restart):
        def accept(values, part_path):
            with st.lock:
                live = values["sessionKey"] in st.sessions
            if not live:
                return err(401, BASE + "NoValidSession",
                           text="sessionKey is not the token of a live session.")
            p = values["parameters"]
            if p.get("UpdateTarget") is not True or p.get("UpdateRepository") not in (False, None):
                return err(400, BASE + "PropertyValueNotInList", ["parameters", "UpdateTarget"],
                           text='parameters must say "UpdateTarget": true, "UpdateRepository": false.')
            header = update.read_header(part_path)
            component = header[0] if header else None
            apply_time = "OnReset" if component == "bios" else "Immediate"

            def setup(task):
                task.extra["hpe"] = True
                self.last = task
            update.start_task(st, None, apply_time, UPLOAD, part_path, request_restart, setup=setup)
            return 200, {"Message": "The file was uploaded; UpdateService Oem.Hpe shows its progress."}, {}

        return update.read_form(st, handler, {"sessionKey": "text", "parameters": "json",
                                              "files[]": "file"}, UPLOAD, accept)

    def hidden_task(self, task):
        return task.extra.get("hpe", False)
