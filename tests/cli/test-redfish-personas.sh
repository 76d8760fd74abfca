#!/usr/bin/env bash
# fwd-redfish-sim's vendor personas (--persona dell|supermicro|hpe|lenovo),
# driven by the test's own client (tests/cli/rf_client.py), not fwdispatch:
# each persona's bodies and URIs, a full update per persona (upload, task or
# job or Oem progress, the new version), and each persona fault observed.
# The default persona is test-redfish-sim.sh's.
. "$FWD_TOP/tests/cli/lib.sh"
rf_require
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
export PYTHONPATH=$FWD_TOP/tests/cli PYTHONDONTWRITEBYTECODE=1

# persona_check WHAT: runs the Python on stdin against the emulator rf_start
# started last (FWD_RF_* exported for it).
persona_check() {
	export FWD_RF_PORT FWD_RF_CACERT FWD_RF_PASSWORD_FILE FWD_RF_LOG FWD_RF_DIR RFSIM
	"$PY" - || fail "$1"
}

# usage errors: a persona's option or fault on another persona
if "$RFSIM" start --persona hpe --model X13DEI >/dev/null 2>"$T/err"; then
	fail "--model accepted for hpe"
fi
expect_in "$T/err" "--model is for --persona supermicro"
if "$RFSIM" start --persona dell --fault already-update-mode >/dev/null 2>"$T/err"; then
	fail "a supermicro fault accepted for dell"
fi
expect_in "$T/err" "supermicro persona's"
ok "persona options and faults are refused on the wrong persona"

# ------------------------------------------------------------------ dell --
rf_start --persona dell --task-seconds 1 --reset-silence 1
persona_check "dell" <<'PY'
import subprocess, os, time
from rf_client import run, check, image, log_events
P = "PowerEdge R650"
def t(c):
    root = c.get_ok("/redfish/v1/")
    check(root["Vendor"] == "Dell" and "Dell" in root["Oem"], "service root Vendor/Oem.Dell")
    sysb = c.get_ok("/redfish/v1/Systems/System.Embedded.1")
    check(sysb["Model"] == P and isinstance(sysb["Oem"]["Dell"]["DellSystem"]["SystemID"], int), "system")
    m = c.get_ok("/redfish/v1/Managers/iDRAC.Embedded.1")
    check(m["Id"] == "iDRAC.Embedded.1", "manager Id %s" % m["Id"])
    check(c.get("/redfish/v1/Managers/BMC")[0] == 404, "the generic manager path is gone")
    us = c.get_ok("/redfish/v1/UpdateService")
    check(us["MultipartHttpPushUri"] == "/redfish/v1/UpdateService/MultipartUpload", "push URI")
    up = us["MultipartHttpPushUri"]
    lc = "/redfish/v1/Dell/Managers/iDRAC.Embedded.1/DellLCService/Actions/DellLCService.GetRemoteServicesAPIStatus"
    s, b, _ = c.post(lc)
    check(s == 200 and b["LCStatus"] == "Ready", "LC ready: %s %s" % (s, b))
    # Targets refused
    s, b, _ = c.push(up, {"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/BMC"]},
                     image("bmc", "7.00.00.00", P))
    check(s == 400, "non-empty Targets: %s" % s)
    # iDRAC: JID task, purged after completion, job stays Completed; sessions end
    c.login()
    s, b, h = c.push(up, {"@Redfish.OperationApplyTime": "Immediate"}, image("bmc", "7.00.00.00", P))
    check(s == 202, "iDRAC upload %s %s" % (s, b))
    loc = h["location"]
    check(loc.startswith("/redfish/v1/TaskService/Tasks/JID_") and len(loc.rsplit("_", 1)[1]) == 12, loc)
    jid = loc.rsplit("/", 1)[1]
    job = "/redfish/v1/Managers/iDRAC.Embedded.1/Jobs/" + jid
    check(c.get(loc)[0] == 200, "the running task answers")
    c.wait("session ends with the iDRAC restart", lambda: c.get("/redfish/v1/Managers/iDRAC.Embedded.1")[0] == 401)
    c.token = None
    c.wait("iDRAC job Completed", lambda: c.get_ok(job)["JobState"] == "Completed")
    c.wait("task purged (404)", lambda: c.get(loc)[0] == 404)
    jb = c.get_ok(job)
    check(jb["MessageId"] == "RED001" and jb["PercentComplete"] == 100, "job %s" % jb)
    c.wait("new iDRAC version", lambda: c.get_ok("/redfish/v1/Managers/iDRAC.Embedded.1")["FirmwareVersion"] == "7.00.00.00")
    # BIOS: Scheduled until the host resets
    s, b, h = c.push(up, {"@Redfish.OperationApplyTime": "OnReset"}, image("bios", "2.0.1", P))
    check(s == 202, "BIOS upload %s" % s)
    bjob = "/redfish/v1/Managers/iDRAC.Embedded.1/Jobs/" + h["location"].rsplit("/", 1)[1]
    c.wait("BIOS job Scheduled", lambda: c.get_ok(bjob)["JobState"] == "Scheduled")
    time.sleep(1)
    check(c.get_ok(bjob)["JobState"] == "Scheduled", "the BIOS job ran without a reset")
    check(c.get_ok("/redfish/v1/Systems/System.Embedded.1")["BiosVersion"] == "1.9.2", "BIOS changed early")
    s, b, h2 = c.push(up, {"@Redfish.OperationApplyTime": "OnReset"}, image("bios", "2.0.2", P))
    check(s == 409, "a second BIOS job while one is Scheduled: %s" % s)
    s, _, _ = c.post("/redfish/v1/Systems/System.Embedded.1/Actions/ComputerSystem.Reset", {"ResetType": "ForceRestart"})
    check(s == 204, "host reset %s" % s)
    c.wait("BIOS job Completed", lambda: c.get_ok(bjob)["JobState"] == "Completed")
    check(c.get_ok("/redfish/v1/Systems/System.Embedded.1")["BiosVersion"] == "2.0.1", "BIOS version after the job")
    members = [m["@odata.id"] for m in c.get_ok("/redfish/v1/Managers/iDRAC.Embedded.1/Jobs")["Members"]]
    check(job in members and bjob in members, "jobs listed: %s" % members)
    # faults
    rf = os.environ["RFSIM"]; d = os.environ["FWD_RF_DIR"]
    subprocess.run([rf, "fault", d, "red007"], check=True)
    s, b, h = c.push(up, {}, image("bmc", "7.10.00.00", P))
    check(s == 202, "red007 upload %s" % s)
    j = "/redfish/v1/Managers/iDRAC.Embedded.1/Jobs/" + h["location"].rsplit("/", 1)[1]
    c.wait("red007 job Failed", lambda: c.get_ok(j)["JobState"] == "Failed")
    check(c.get_ok(j)["MessageId"] == "RED007", "RED007 message")
    subprocess.run([rf, "fault", d, "job-active"], check=True)
    js = c.get_ok("/redfish/v1/Managers/iDRAC.Embedded.1/Jobs")["Members"]
    active = [c.get_ok(x["@odata.id"]) for x in js]
    check(any(a["JobState"] == "Scheduled" and "BIOS" in a["Name"] for a in active), "job-active lists a BIOS job")
    s, _, _ = c.push(up, {"@Redfish.OperationApplyTime": "OnReset"}, image("bios", "2.0.3", P))
    check(s == 409, "BIOS upload with job-active: %s" % s)
    subprocess.run([rf, "fault", d, "job-active=off", "lc-not-ready"], check=True)
    s, b, _ = c.post(lc)
    check(b["LCStatus"] == "NotReady", "lc-not-ready")
    s, _, _ = c.push(up, {}, image("bmc", "7.20.00.00", P))
    check(s == 503, "upload while LC not ready: %s" % s)
    subprocess.run([rf, "fault", d, "lc-not-ready=off"], check=True)
    # NIC attributes, PATCH with ETag
    attrs = "/redfish/v1/Managers/iDRAC.Embedded.1/Attributes"
    a = c.get_ok(attrs)
    check(a["Attributes"]["NIC.1.Selection"] == "Dedicated", "NIC.1.Selection")
    s, _, _ = c.request("PATCH", attrs, {"Attributes": {"NIC.1.Selection": "LOM1"}}, {"If-Match": '"stale"'})
    check(s == 412, "stale ETag %s" % s)
    s, _, _ = c.request("PATCH", attrs, {"Attributes": {"NIC.1.Failover": "LOM9"}}, {"If-Match": a["@odata.etag"]})
    check(s == 400, "bad failover value %s" % s)
    s, b, _ = c.request("PATCH", attrs, {"Attributes": {"NIC.1.Selection": "LOM1", "NIC.1.Failover": "All"}},
                        {"If-Match": a["@odata.etag"]})
    check(s == 200 and b["Attributes"]["NIC.1.Selection"] == "LOM1", "PATCH NIC %s %s" % (s, b))
run(t)
PY
ok "dell: bodies, Targets refused, JID task purged + job, sessions end, BIOS Scheduled until reset, red007, job-active, lc-not-ready, NIC attributes"

# ------------------------------------------------------------ supermicro --
rf_start --persona supermicro --task-seconds 1 --reset-silence 1
persona_check "supermicro" <<'PY'
import subprocess, os
from rf_client import run, check, image, log_events
P = "X13DEI"
BMC = {"BMC": {"PreserveCfg": True, "PreserveSdr": False, "PreserveSsl": True}}
def t(c):
    check(c.get_ok("/redfish/v1/")["Vendor"] == "Supermicro", "Vendor")
    check(c.get_ok("/redfish/v1/Systems/1")["Model"] == P, "Model")
    us = c.get_ok("/redfish/v1/UpdateService")
    up = us["MultipartHttpPushUri"]
    check(up == "/redfish/v1/UpdateService/upload", up)
    start = us["Actions"]["#UpdateService.StartUpdate"]["target"]
    s, b, _ = c.push(up, {"Targets": [], "Oem": {"Supermicro": BMC}}, image("bmc", "01.02.00", P))
    check(s == 400, "without OnStartUpdateRequest: %s" % s)
    s, b, _ = c.push(up, {"@Redfish.OperationApplyTime": "OnStartUpdateRequest"}, image("bmc", "01.02.00", P))
    check(s == 400 and "Oem/Supermicro/BMC" in b["error"]["@Message.ExtendedInfo"][0]["MessageArgs"], "missing Oem: %s" % s)
    params = {"Targets": ["/redfish/v1/Managers/1"], "@Redfish.OperationApplyTime": "OnStartUpdateRequest",
              "Oem": {"Supermicro": BMC}}
    s, b, h = c.push(up, params, image("bmc", "01.02.00", P))
    check(s == 202, "upload %s %s" % (s, b))
    info = b["Accepted"]["@Message.ExtendedInfo"][0]
    check(info["MessageId"] == "SMC.1.0.OemSimpleupdateAcceptedMessage", info["MessageId"])
    verify = info["MessageArgs"][0]
    c.wait("verify task Completed/OK", lambda: c.get_ok(verify)["TaskState"] == "Completed")
    check(c.get_ok(verify)["TaskStatus"] == "OK", "verify task status")
    check(log_events("smc-preserve")[-1]["preserve"] == BMC["BMC"], "preserve flags recorded")
    check(c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "01.01.10", "version changed before StartUpdate")
    s, b, h = c.post(start)
    check(s == 202, "StartUpdate %s" % s)
    task = b["Accepted"]["@Message.ExtendedInfo"][0]["MessageArgs"][0]
    check(task != verify, "a new update task")
    c.wait("update task Completed", lambda: c.get_ok(task)["TaskState"] == "Completed")
    c.wait("new BMC version", lambda: c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "01.02.00")
    # licence
    q = c.get_ok("/redfish/v1/Managers/1/LicenseManager/QueryLicense")
    check(q["Licenses"], "licensed board lists a licence")
    rf = os.environ["RFSIM"]; d = os.environ["FWD_RF_DIR"]
    subprocess.run([rf, "fault", d, "no-oob-licence"], check=True)
    check(c.get_ok("/redfish/v1/Managers/1/LicenseManager/QueryLicense")["Licenses"] == [], "no licence shown")
    bios = {"Targets": ["/redfish/v1/Systems/1/Bios"], "@Redfish.OperationApplyTime": "OnStartUpdateRequest",
            "Oem": {"Supermicro": {"BIOS": {"PreserveME": True, "PreserveNVRAM": True, "PreserveSMBIOS": True, "BackupBIOS": False}}}}
    s, b, _ = c.push(up, bios, image("bios", "2.2", P))
    check(s == 400 and b["error"]["@Message.ExtendedInfo"][0]["MessageId"] == "SMC.1.0.OemLicenseNotPassed", "licence: %s" % s)
    subprocess.run([rf, "fault", d, "no-oob-licence=off", "already-update-mode"], check=True)
    s, b, _ = c.push(up, bios, image("bios", "2.2", P))
    check(s == 400 and b["error"]["@Message.ExtendedInfo"][0]["MessageId"] == "SMC.1.0.OemFirmwareAlreadyInUpdateMode", "update mode: %s" % s)
    s, _, _ = c.post("/redfish/v1/Managers/1/Actions/Manager.Reset", {"ResetType": "GracefulRestart"})
    check(s == 204, "reset")
    c.wait("back after reset", lambda: c.get("/redfish/v1/")[0] == 200 and log_events("reset-end"))
    s, b, _ = c.push(up, bios, image("bios", "2.2", P))
    check(s == 202, "BIOS upload after the reset: %s" % s)
run(t)
PY
ok "supermicro: bodies, OnStartUpdateRequest + Oem preserve flags, verify task then StartUpdate, new version, licence refusal + QueryLicense, already-update-mode until reset"

rf_start --persona supermicro --model X11SSH-F
persona_check "supermicro X11" <<'PY'
from rf_client import run, check, image
def t(c):
    us = c.get_ok("/redfish/v1/UpdateService")
    check("MultipartHttpPushUri" not in us and "HttpPushUri" not in us and "Actions" not in us, "X11 offers no path: %s" % us)
    s, _, _ = c.push("/redfish/v1/UpdateService/upload", {}, image("bmc", "1", "X11SSH-F"))
    check(s == 404, "X11 upload %s" % s)
run(t)
PY
ok "supermicro X11: no update path (no push URIs, upload 404)"

# ------------------------------------------------------------------- hpe --
rf_start --persona hpe --task-seconds 1 --reset-silence 1
persona_check "hpe" <<'PY'
import json
from rf_client import run, check, image
P = "ProLiant DL380 Gen10"
def t(c):
    check(c.get_ok("/redfish/v1/")["Vendor"] == "HPE", "Vendor")
    check(c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "iLO 5 v2.72", "iLO version string")
    us = c.get_ok("/redfish/v1/UpdateService")
    check(us["HttpPushUri"] == "/cgi-bin/uploadFile" and us["Oem"]["Hpe"]["State"] == "Idle", "UpdateService %s" % us)
    token = c.login()
    params = json.dumps({"UpdateRepository": False, "UpdateTarget": True}).encode()
    def form(key, img):
        return c.form("/cgi-bin/uploadFile", [("sessionKey", key.encode(), "text/plain", None),
                                              ("parameters", params, "application/json", None),
                                              ("files[]", img, "application/octet-stream", "fw.bin")])
    s, _, _ = form("0" * 32, image("bmc", "2.80", P))
    check(s == 401, "wrong sessionKey: %s" % s)
    s, _, _ = form(token, image("bmc", "2.80", P))
    check(s == 200, "upload %s" % s)
    check(c.get("/redfish/v1/TaskService/Tasks")[1]["Members"] == [], "no task shown")
    seen = set()
    def done():
        st = c.get_ok("/redfish/v1/UpdateService")["Oem"]["Hpe"]
        seen.add(st["State"])
        return st["State"] == "Complete" and st
    final = c.wait("Oem.Hpe State Complete", done)
    check(final["FlashProgressPercent"] == 100 and final["Result"]["MessageId"], "result %s" % final)
    check(seen & {"Verifying", "Writing"}, "progress states seen: %s" % seen)
    c.token = None
    c.wait("iLO 5 v2.80", lambda: c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "iLO 5 v2.80")
run(t)
PY
ok "hpe: iLO 5 bodies, sessionKey checked, form upload 200, Oem.Hpe State to Complete, version 'iLO 5 v2.80'"

# ---------------------------------------------------------------- lenovo --
rf_start --persona lenovo --task-seconds 1 --reset-silence 2 --reset-pre-delay 2 --max-image-bytes 100000
persona_check "lenovo" <<'PY'
import time
from rf_client import run, check, image, log_events
P = "ThinkSystem SR650 V2"
def t(c):
    check(c.get_ok("/redfish/v1/")["Vendor"] == "Lenovo", "Vendor")
    check(c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "11A-1.02", "XCC version")
    us = c.get_ok("/redfish/v1/UpdateService")
    check(us["MultipartHttpPushUri"] == "/mfwupdate", "push URI %s" % us.get("MultipartHttpPushUri"))
    s, _, _ = c.push("/mfwupdate", {}, image("bmc", "11B-1.10", P, 200000))
    check(s == 413, "oversize %s" % s)
    s, b, h = c.push("/mfwupdate", {"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/*"]}, image("bmc", "11B-1.10", P))
    check(s == 202, "wildcard push %s %s" % (s, b))
    s2, _, _ = c.push("/mfwupdate", {}, image("bmc", "11B-1.10", P))
    check(s2 == 503, "concurrent push %s" % s2)
    mon = h["location"]
    c.wait("task done", lambda: c.get(mon)[0] == 200)
    t_ = c.get_ok(mon)
    check(t_["Messages"][-1]["MessageId"].endswith("ResetRequired"), "ResetRequired: %s" % t_["Messages"])
    check(c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "11A-1.02", "version before the reset")
    s, _, _ = c.post("/redfish/v1/Managers/1/Actions/Manager.Reset", {"ResetType": "GracefulRestart"})
    check(s == 204, "reset %s" % s)
    t0 = time.time()
    time.sleep(1)
    check(c.get("/redfish/v1/")[0] == 200, "still answers during the pre-delay")
    c.wait("down", lambda: log_events("reset"))
    check(time.time() - t0 >= 1.5, "went down before the pre-delay")
    c.wait("XCC 11B-1.10", lambda: c.get_ok("/redfish/v1/Managers/1")["FirmwareVersion"] == "11B-1.10")
run(t)
PY
ok "lenovo: /mfwupdate, wildcard Targets, 413 oversize, 503 concurrent, ResetRequired, pre-delay then silence, 11B-1.10"
