"""The Dell persona: an iDRAC9 on a PowerEdge R650 (README "Personas" has
each behaviour's source).

What differs from the DMTF persona: the iDRAC's resource names, one
multipart URI that takes no Targets, JID_ task ids whose tasks are purged
a second after they end while the job stays in the iDRAC's job queue, a
BIOS job that waits Scheduled for the host's reset, the Lifecycle
Controller's readiness action, the iDRAC NIC attributes, and the faults
red007, job-active and lc-not-ready.
"""
import threading
import time

from .. import update
from ..messages import BASE, message, register
from ..tree import MANAGER, SYSTEM, V1, err, res, collection
from .base import Persona

IDRAC = V1 + "/Managers/iDRAC.Embedded.1"
JOBS = MANAGER + "/Jobs"                # internal path: shown under IDRAC
ATTRS = MANAGER + "/Attributes"
UPLOAD = V1 + "/UpdateService/MultipartUpload"
LC_STATUS = (V1 + "/Dell/Managers/iDRAC.Embedded.1/DellLCService/Actions/"
             "DellLCService.GetRemoteServicesAPIStatus")
PURGE_SECONDS = 1.0
BLOCKER = "JID_000000000001"            # the job-active fault's job

# Job states from the task's (DellJob JobState).
JOB_STATE = {"New": "New", "Running": "Running", "Pending": "Scheduled",
             "Completed": "Completed", "Exception": "Failed", "Cancelled": "Failed"}
NIC_SELECTION = ["Dedicated", "LOM1", "LOM2", "LOM3", "LOM4"]
NIC_FAILOVER = ["None", "LOM1", "LOM2", "LOM3", "LOM4", "All"]

register({
    "RED001": ("OK", "Job completed successfully.", "None."),
    "RED007": ("Critical", "Unable to verify Update Package signature.",
               "Download the package again from the Dell support site and retry."),
    "JCP001": ("OK", "Task successfully scheduled.", "None."),
    "SUP0108": ("Warning", "The Lifecycle Controller is not ready to take an update.",
                "Wait until GetRemoteServicesAPIStatus reports LCStatus Ready and retry."),
    "SUP0518": ("Critical", "A job for this component is already scheduled or running.",
                "Wait for the job to end or delete it from the job queue."),
})


class Dell(Persona):
    NAME = "dell"
    VENDOR = "Dell"
    PRODUCT = "PowerEdge R650"
    BMC_VERSION = "6.10.30.00"
    BIOS_VERSION = "1.9.2"
    FAULTS = {"red007": "once", "job-active": "flag", "lc-not-ready": "flag",
              "nic-reset": "once"}
    RENAMES = ((MANAGER, IDRAC), (SYSTEM, V1 + "/Systems/System.Embedded.1"))

    def __init__(self, config):
        super().__init__(config)
        self.jobs = {}          # JID -> update.Task, kept after the task is purged

    def init_state(self, st):
        st.data.setdefault("idrac_attrs", {"NIC.1.Selection": "Dedicated",
                                           "NIC.1.Failover": "None",
                                           "NIC.1.Enable": "Enabled"})

    # ---------------------------------------------------------- bodies --
    def decorate(self, st, path, body):
        if path == V1:
            body["Product"] = "Integrated Dell Remote Access Controller"
            body["Oem"] = {"Dell": {"@odata.type": "#DellServiceRoot.v1_0_0.DellServiceRoot",
                                    "ServiceTag": "FWD0001", "IsBranded": 0}}
        elif path == SYSTEM:
            body["Manufacturer"] = "Dell Inc."
            body["Oem"] = {"Dell": {"DellSystem": {
                "@odata.type": "#DellSystem.v1_0_0.DellSystem", "SystemID": 2300,
                "ChassisServiceTag": "FWD0001", "Id": "System.Embedded.1"}}}
        elif path == MANAGER:
            body["Model"] = "15G Monolithic"
            body["Links"]["Oem"] = {"Dell": {"Jobs": {"@odata.id": JOBS},
                                             "Attributes": {"@odata.id": ATTRS}}}
        elif path == V1 + "/UpdateService":
            body["MultipartHttpPushUri"] = UPLOAD
            body.pop("HttpPushUri", None)
            body.pop("HttpPushUriOptions", None)
        return body

    def resource(self, st, path):
        if path == JOBS:
            ids = sorted(self.jobs) + ([BLOCKER] if self._blocker(st) else [])
            return collection(JOBS, "#DellJobCollection.DellJobCollection", "JobQueue",
                              ["%s/%s" % (JOBS, j) for j in ids])
        if path.startswith(JOBS + "/"):
            jid = path[len(JOBS) + 1:]
            if jid == BLOCKER and self._blocker(st):
                return self._job(jid, "BIOS", "Scheduled", 0, message("JCP001"), time.time())
            task = self.jobs.get(jid)
            if task:
                last = task.messages[-1] if task.messages else None
                return self._job(jid, task.extra.get("what", "unknown"),
                                 JOB_STATE.get(task.state, "New"), task.percent, last,
                                 task.start, task.end)
        if path == ATTRS:
            return res(ATTRS, "#DellAttributes.v1_0_0.DellAttributes", "iDRAC Attributes",
                       Id="iDRAC.Embedded.1", Attributes=dict(st.data["idrac_attrs"]))
        return None

    @staticmethod
    def _job(jid, what, state, percent, msg, start, end=None):
        return {"@odata.id": "%s/%s" % (JOBS, jid), "@odata.type": "#DellJob.v1_5_0.DellJob",
                "Id": jid, "Name": "Firmware Update: %s" % what, "JobType": "FirmwareUpdate",
                "JobState": state, "PercentComplete": percent,
                "Message": msg["Message"] if msg else "Job in progress.",
                "MessageId": msg["MessageId"] if msg else "",
                "MessageArgs": msg["MessageArgs"] if msg else [],
                "StartTime": update._stamp(start),
                "CompletionTime": update._stamp(end) if end else None}

    def patchable(self):
        spec = {"Attributes": {"NIC.1.Selection": ("enum", NIC_SELECTION),
                               "NIC.1.Failover": ("enum", NIC_FAILOVER)}}

        def apply(st, body):
            st.data["idrac_attrs"].update(body["Attributes"])
            st.log.event("idrac-attributes", changed=sorted(body["Attributes"]))
        return {ATTRS: (spec, apply)}

    def post(self, st, path, body, request_restart):
        if path == LC_STATUS:
            ready = "NotReady" if "lc-not-ready" in st.faults.current() else "Ready"
            return 200, {"LCStatus": ready, "RTStatus": "Ready", "Status": ready,
                         "ServerStatus": "OutOfPOST", "TelemetryStatus": "Ready"}, {}
        return None

    # --------------------------------------------------------- updates --
    def _blocker(self, st):
        return "job-active" in st.faults.current()

    def _bios_job_active(self, st):
        return self._blocker(st) or any(
            t.extra.get("what") == "BIOS" and t.state in ("New", "Running", "Pending")
            for t in self.jobs.values())

    def uploads(self, st):
        return {UPLOAD: self.receive}

    def receive(self, st, handler, request_restart):
        if "lc-not-ready" in st.faults.current():
            return err(503, "SUP0108", headers={"Retry-After": "30"})

        def accept(values, part_path):
            params = values["UpdateParameters"]
            if params.get("Targets"):
                return err(400, BASE + "ActionParameterNotSupported", ["Targets", "MultipartUpload"],
                           text="Targets is not supported by this service: send an empty list; "
                                "the package names its component.")
            _, apply_time = update.targets_and_time(params)
            header = update.read_header(part_path)
            component = header[0] if header else None
            bad = update.apply_rules(component, apply_time)
            if bad:
                return bad
            if component == "bios" and self._bios_job_active(st):
                return err(409, "SUP0518")
            red007 = st.faults.take("red007")

            def setup(task):
                task.extra["what"] = {"bios": "BIOS", "bmc": "iDRAC"}.get(component, "unknown")
                task.extra["red007"] = red007
                task.verify_fail = task.verify_fail or red007   # fails where verification does
                self.jobs[task.n] = task
            return update.start_task(st, None, apply_time, UPLOAD, part_path, request_restart,
                                     setup=setup)

        return update.read_form(st, handler, {"UpdateParameters": "json", "UpdateFile": "file"},
                                "MultipartHttpPushUri", accept)

    def task_id(self, st, n):
        return "JID_%010d%02d" % (int(time.time()) % 10 ** 10, n % 100)

    def accepted(self, st, task):
        return 202, None, {"Location": task.uri}

    def task_message(self, st, task, kind, default):
        if kind == "verification-failed" and task.extra.get("red007"):
            return message("RED007")
        if kind == "completed":
            return message("RED001")
        return default

    def complete(self, st, task, target, version, request_restart):
        if target != "bios":
            return False
        task.extra["bios_version"] = version
        update.set_state(st, task, state="Pending", percent=0, msg=message("JCP001"))
        st.log.event("job-scheduled", task=task.n, version=version)
        return True

    def task_ended(self, st, task):
        # An iDRAC image whose update put the NIC back to its defaults.
        header = update.read_header(task.payload) if task.payload else None
        what = task.component or (header[0] if header else None)
        if what == "bmc" and task.state == "Completed" and st.faults.take("nic-reset"):
            with st.lock:
                st.data["idrac_attrs"].update({"NIC.1.Selection": "Dedicated",
                                               "NIC.1.Failover": "None"})
            st.save()
            st.log.event("nic-reset")

        def purge():
            with st.lock:
                gone = st.tasks.pop(task.n, None)
            if gone:
                st.log.event("task-purged", task=task.n)
        timer = threading.Timer(PURGE_SECONDS, purge)
        timer.daemon = True
        timer.start()

    def on_host_reset(self, st):
        for task in list(self.jobs.values()):
            if task.state == "Pending":
                threading.Thread(target=self._run_bios_job, args=(st, task), daemon=True).start()

    def _run_bios_job(self, st, task):
        update.set_state(st, task, state="Running", percent=50)
        time.sleep(max(float(st.config["task_seconds"]) / 2, 0.2))
        with st.lock:
            old = st.data["bios_version"]
            st.data["bios_version"] = task.extra["bios_version"]
            st.save()
        st.log.event("bios-activated", old=old, new=task.extra["bios_version"], reason="job " + task.n)
        update.set_state(st, task, state="Completed", percent=100, msg=message("RED001"))
        update.finish(st, task)
