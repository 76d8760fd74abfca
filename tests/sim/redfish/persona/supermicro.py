"""The Supermicro persona: an X12/X13 BMC (X13DEI by default; --model
X11... has no usable Redfish update path).  README "Personas" has each
behaviour's source.

An upload says OnStartUpdateRequest and which settings to preserve
(Oem.Supermicro.BMC or .BIOS); the BMC answers with a verify task named in
the 202 body's Accepted message, keeps the verified image and the BMC "in
update mode" until UpdateService.StartUpdate starts the update task (or a
manager reset drops it).  BIOS images need the out-of-band licence, shown
by the LicenseManager's QueryLicense.
"""
import json
import os

from .. import update
from ..messages import BASE, message, register
from ..tree import MANAGER, SYSTEM, V1, err, general, res
from .base import Persona

MGR1, SYS1 = V1 + "/Managers/1", V1 + "/Systems/1"
UPLOAD = V1 + "/UpdateService/upload"
START = V1 + "/UpdateService/Actions/UpdateService.StartUpdate"
LICENSES = MANAGER + "/LicenseManager"
QUERY = LICENSES + "/QueryLicense"
# Targets as bmclib's x12 provider sends them, and the inventory's.
TARGETS = {MGR1: "bmc", SYS1 + "/Bios": "bios",
           V1 + "/UpdateService/FirmwareInventory/BMC": "bmc",
           V1 + "/UpdateService/FirmwareInventory/BIOS": "bios"}
PRESERVE = {"bmc": ("BMC", ["PreserveCfg", "PreserveSdr", "PreserveSsl"]),
            "bios": ("BIOS", ["PreserveME", "PreserveNVRAM", "PreserveSMBIOS", "BackupBIOS"])}
SMC = "SMC.1.0."

register({
    SMC + "OemSimpleupdateAcceptedMessage": ("OK", "The update request is accepted; task %1 follows it.", "None."),
    SMC + "OemLicenseNotPassed": ("Critical", "The out-of-band licence (SFT-OOB-LIC or SFT-DCMS-SINGLE) is not activated.",
                                  "Activate the licence through LicenseManager.ActivateLicense."),
    SMC + "OemFirmwareAlreadyInUpdateMode": ("Critical", "The firmware is already in update mode.",
                                             "Reset the BMC (Manager.Reset) and upload again."),
    SMC + "OemVerifyCompleted": ("OK", "The image %1 is verified; send UpdateService.StartUpdate to write it.", "None."),
})


class Supermicro(Persona):
    NAME = "supermicro"
    VENDOR = "Supermicro"
    PRODUCT = "X13DEI"
    BMC_VERSION = "01.01.10"
    BIOS_VERSION = "2.1"
    FAULTS = {"no-oob-licence": "flag", "already-update-mode": "flag",
              "licence-query-missing": "flag"}
    RENAMES = ((MANAGER, MGR1), (SYSTEM, SYS1))

    def __init__(self, config):
        super().__init__(config)
        self.pending = None     # the verified image waiting for StartUpdate

    @classmethod
    def options(cls, model, ilo, no_oob_licence, pre_delay):
        model = model or cls.PRODUCT
        return {"model": model, "product": model, "oob_licence": not no_oob_licence}

    def x11(self):
        return self.config.get("model", "").startswith("X11")

    def licensed(self, st):
        return self.config.get("oob_licence", True) and "no-oob-licence" not in st.faults.current()

    # ---------------------------------------------------------- bodies --
    def decorate(self, st, path, body):
        if path == SYSTEM:
            body["Manufacturer"] = "Supermicro"
        elif path == MANAGER:
            body["Model"] = self.config.get("model")
            body["Oem"] = {"Supermicro": {"LicenseManager": {"@odata.id": LICENSES}}}
        elif path == V1 + "/UpdateService":
            for k in ("HttpPushUri", "HttpPushUriOptions", "MultipartHttpPushUri", "Actions"):
                body.pop(k, None)
            if not self.x11():
                body["MultipartHttpPushUri"] = UPLOAD
                body["Actions"] = {"#UpdateService.StartUpdate": {"target": START}}
        return body

    def resource(self, st, path):
        if path == LICENSES:
            return res(LICENSES, "#LicenseManager.v1_0_0.LicenseManager", "License Manager",
                       Actions={"#LicenseManager.ActivateLicense": {"target": LICENSES + "/ActivateLicense"},
                                "#LicenseManager.QueryLicense": {"target": QUERY}})
        if path == QUERY and "licence-query-missing" in st.faults.current():
            return None
        if path == QUERY:
            held = [json.dumps({"ProductKey": {"Node": {"LicenseID": "6", "LicenseName": "SFT-OOB-LIC",
                                                         "CreateDate": "2024-01-01"}}})]
            return res(QUERY, "#LicenseManager.QueryLicense", "Query License",
                       Licenses=held if self.licensed(st) else [])
        return None

    # --------------------------------------------------------- updates --
    def uploads(self, st):
        return {UPLOAD: self.receive}

    def receive(self, st, handler, request_restart):
        if self.x11():
            return err(404, BASE + "ResourceMissingAtURI", [handler.public_route])
        if "already-update-mode" in st.faults.current() or self.pending:
            return err(400, SMC + "OemFirmwareAlreadyInUpdateMode")

        def accept(values, part_path):
            params = values["UpdateParameters"]
            when = params.get("@Redfish.OperationApplyTime")
            if when != "OnStartUpdateRequest":
                return err(400, BASE + "PropertyValueNotInList",
                           [json.dumps(when), "@Redfish.OperationApplyTime"],
                           text="This service takes @Redfish.OperationApplyTime OnStartUpdateRequest only.")
            targets = params.get("Targets") or []
            if not isinstance(targets, list) or any(t not in TARGETS for t in targets):
                return err(400, BASE + "PropertyValueNotInList", [json.dumps(targets), "Targets"])
            header = update.read_header(part_path)
            named = {TARGETS[t] for t in targets}
            component = named.pop() if len(named) == 1 else (header[0] if header else None)
            if component not in PRESERVE:
                return err(400, BASE + "PropertyMissing", ["Targets"])
            key, flags = PRESERVE[component]
            oem = ((params.get("Oem") or {}).get("Supermicro") or {}).get(key)
            if not isinstance(oem, dict):
                return err(400, BASE + "PropertyMissing", ["Oem/Supermicro/" + key])
            for f in flags:
                if not isinstance(oem.get(f), bool):
                    return err(400, BASE + "PropertyValueTypeError",
                               [json.dumps(oem.get(f)), "Oem/Supermicro/%s/%s" % (key, f)])
            if component == "bios" and not self.licensed(st):
                return err(400, SMC + "OemLicenseNotPassed")
            st.log.event("smc-preserve", component=component, preserve=oem)

            def setup(task):
                task.extra.update(stage="verify", preserve=oem)
            return update.start_task(st, component, "OnReset" if component == "bios" else "Immediate",
                                     UPLOAD, part_path, request_restart, setup=setup)

        return update.read_form(st, handler, {"UpdateParameters": "json", "UpdateFile": "file"},
                                "MultipartHttpPushUri", accept)

    def accepted(self, st, task):
        m = message(SMC + "OemSimpleupdateAcceptedMessage", [task.uri])
        body = {"Accepted": {"code": "Base.1.8.Accepted", "Message": m["Message"],
                             "@Message.ExtendedInfo": [m]}}
        return 202, body, ({"Location": task.uri} if task.extra.get("stage") == "update" else {})

    def complete(self, st, task, target, version, request_restart):
        if task.extra.get("stage") != "verify":
            return False
        with st.lock:
            self.pending = {"payload": task.payload, "component": target, "version": version,
                            "apply": task.apply_time}
        update.set_state(st, task, state="Completed", percent=100,
                         msg=message(SMC + "OemVerifyCompleted", [os.path.basename(task.payload)]))
        update.finish(st, task)
        return True

    def post(self, st, path, body, request_restart):
        if path != START:
            return None
        if self.x11():
            return err(404, BASE + "ResourceMissingAtURI", [path])
        busy = update.busy_reply(st)
        if busy:
            return busy
        with st.lock:
            pending, self.pending = self.pending, None
        if not pending:
            return general(400, "No verified image waits for StartUpdate.",
                           "Upload an image with OnStartUpdateRequest first.")
        part = pending["payload"] + ".start"
        os.link(pending["payload"], part)
        st.log.event("start-update", component=pending["component"], version=pending["version"])
        return update.start_task(st, pending["component"], pending["apply"], START, part,
                                 request_restart, setup=lambda t: t.extra.update(stage="update"))

    def on_manager_reset(self, st):
        with st.lock:
            self.pending = None
        if "already-update-mode" in st.faults.current():
            st.faults.update({"already-update-mode": None})
            st.log.event("update-mode-cleared")
