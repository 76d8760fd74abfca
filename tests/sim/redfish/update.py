"""Firmware updates: the image format, the three ways in (multipart push,
raw push, SimpleUpdate pull), and the task that follows each one.

The image format (README "fwd-redfish-sim"): a first line
    FWD-REDFISH-IMAGE component=bmc|bios version=V product=TEXT\\n
then any bytes.  The upload itself only checks the request (parts,
UpdateParameters, size); the image is judged by the task afterwards, as a
BMC verifies what it received: a bad header, the wrong component or another
board's product ends the task in Exception, Update.1.0.VerificationFailed.

Apply times: the BMC's image applies Immediate (only), the BIOS's OnReset
(only, at the host's next reset); "@Redfish.OperationApplyTime" left out
means Immediate.  One update at a time: a push while another is received or
its task runs gets 503 with Retry-After.

Uploads are read in chunks and written straight to disk: memory stays the
same for any image size.
"""
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request

from . import tree
from .messages import BASE, UPDATE, message
from .tree import INVENTORY, MANAGER, TASKS, V1, err

CHUNK = 256 * 1024
TARGETS = {INVENTORY + "/BMC": "bmc", INVENTORY + "/BIOS": "bios"}
COMPONENT_URI = {"bmc": INVENTORY + "/BMC", "bios": INVENTORY + "/BIOS"}
APPLY_TIMES = ["Immediate", "OnReset"]
MONITORS = V1 + "/TaskService/TaskMonitors"
HEADER_RE = re.compile(rb"FWD-REDFISH-IMAGE component=(bmc|bios) version=([A-Za-z0-9._+-]{1,64}) product=([^\n]{1,128})\n")


class DropConnection(Exception):
    """The drop-upload fault: close the connection, answer nothing."""


class BadRequest(Exception):
    def __init__(self, reply):
        super().__init__(reply[0])
        self.reply = reply


def read_header(path):
    """(component, version, product) of the image at path, or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(256)
    except OSError:
        return None
    m = HEADER_RE.match(head)
    if not m:
        return None
    return m.group(1).decode(), m.group(2).decode(), m.group(3).decode("utf-8", "replace")


# ----------------------------------------------------------------- tasks --

class Task:
    def __init__(self, st, n, component, apply_time, source, payload, fetch_url=None):
        self.n = st.persona.task_id(st, n)
        self.component = component          # "bmc", "bios" or None (from the header)
        self.apply_time = apply_time
        self.source = source                # the URI the request went to
        self.payload = payload              # the stored image
        self.fetch_url = fetch_url
        self.state = "New"
        self.status = "OK"
        self.percent = 0
        self.messages = []
        self.start = time.time()
        self.end = None
        # Faults are decided when the task starts, as a BMC's fate is.
        self.verify_fail = st.faults.take("verify-fail")
        self.apply_fail = st.faults.take("apply-fail")
        current = st.faults.current()
        self.stuck = "stuck-task" in current
        self.vanish = "vanish-task" in current
        self.extra = {}                     # what a persona keeps per task

    @property
    def uri(self):
        return "%s/%s" % (TASKS, self.n)

    @property
    def monitor(self):
        return "%s/%s" % (MONITORS, self.n)

    def done(self):
        return self.state in ("Completed", "Exception", "Killed", "Cancelled")

    def body(self):
        b = {
            "@odata.id": self.uri, "@odata.type": "#Task.v1_4_3.Task",
            "Id": self.n, "Name": "Firmware update %s" % self.n,
            "TaskState": self.state, "TaskStatus": self.status,
            "PercentComplete": self.percent,
            "StartTime": _stamp(self.start), "TaskMonitor": self.monitor,
            "Messages": list(self.messages),
            "Payload": {"TargetUri": self.source, "HttpOperation": "POST"},
        }
        if self.end:
            b["EndTime"] = _stamp(self.end)
        return b


def _stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


def _set(st, task, state=None, percent=None, status=None, msg=None):
    with st.lock:
        if task.done():
            return                  # an ended task (cancelled by a restart) stays so
        old = task.state
        if state:
            task.state = state
        if percent is not None:
            task.percent = percent
        if status:
            task.status = status
        if msg:
            task.messages.append(msg)
        if task.done() and not task.end:
            task.end = time.time()
    if state and state != old:
        st.log.event("task-state", task=task.n, state=state, percent=task.percent,
                     message=msg["MessageId"] if msg else None)


def _fail(st, task, message_id, args):
    _set(st, task, state="Exception", status="Critical", msg=message(message_id, args))


def _fetch(st, task):
    """SimpleUpdate: the BMC pulls the image itself."""
    limit = st.config["max_image_bytes"]
    try:
        with urllib.request.urlopen(task.fetch_url, timeout=30) as r, open(task.payload + ".part", "wb") as out:
            total = 0
            while True:
                chunk = r.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise OSError("image larger than MaxImageSizeBytes %d" % limit)
                out.write(chunk)
        _store(st, task.payload + ".part", task.payload)
        return None
    except (OSError, ValueError, urllib.error.URLError) as e:
        try:
            os.unlink(task.payload + ".part")
        except OSError:
            pass
        return str(e)


def run_task(st, task, request_restart):
    """The task's life, on a thread of its own."""
    try:
        _run(st, task, request_restart)
    finally:
        with st.lock:
            if st.active_task is task:
                st.active_task = None


def _run(st, task, request_restart):
    seconds = max(float(st.config["task_seconds"]), 0.2)
    time.sleep(0.3)
    if task.done():
        return
    _set(st, task, state="Running", percent=0)
    image = os.path.basename(task.payload)
    if task.fetch_url:
        problem = _fetch(st, task)
        if problem:
            st.log.event("transfer-failed", task=task.n, reason=problem)
            _fail(st, task, UPDATE + "TransferFailed", [task.fetch_url, task.component or "unknown"])
            return _finish(st, task)
    header = read_header(task.payload)
    target = task.component
    steps = 20
    for i in range(1, steps + 1):
        time.sleep(seconds / steps)
        pct = i * 100 // steps
        if pct == 20:
            # The BMC verifies what it received.
            where = COMPONENT_URI.get(target or (header[0] if header else ""), INVENTORY)
            if task.verify_fail or header is None or (target and header[0] != target) \
                    or header[2] != st.config["product"]:
                why = "fault" if task.verify_fail else "no header" if header is None else \
                    "component %s for target %s" % (header[0], target) if target and header[0] != target \
                    else "product '%s'" % header[2]
                st.log.event("verification-failed", task=task.n, reason=why)
                msg = st.persona.task_message(st, task, "verification-failed",
                                              message(UPDATE + "VerificationFailed", [image, where]))
                _set(st, task, state="Exception", status="Critical", msg=msg)
                return _finish(st, task)
            target = header[0]
            if (target == "bios") != (task.apply_time == "OnReset"):
                # Only a pull without Targets learns the component this late.
                _fail(st, task, BASE + "PropertyValueNotInList",
                      [task.apply_time, "@Redfish.OperationApplyTime"])
                return _finish(st, task)
            _set(st, task, msg=message(UPDATE + "TargetDetermined", [COMPONENT_URI[target], image]))
        if task.done():
            return                 # cancelled by a BMC restart
        if pct == 40 and task.stuck:
            _set(st, task, percent=40)
            st.log.event("task-stuck", task=task.n)
            while not task.done():  # a hung job: only a BMC restart ends it
                time.sleep(0.2)
            return
        if pct == 60 and task.apply_fail:
            _fail(st, task, UPDATE + "ApplyFailed", [image, COMPONENT_URI[target]])
            return _finish(st, task)
        _set(st, task, percent=min(pct, 99))
    version = header[1]
    if st.persona.complete(st, task, target, version, request_restart):
        return
    with st.lock:
        if task.done():
            return
        if target == "bios":
            st.data["staged_bios"] = version
            st.save()
            msg = message(UPDATE + "AwaitToActivate", [image, COMPONENT_URI["bios"]])
        else:
            st.data["pending_bmc"] = version
            st.save()
            if st.config["bmc_activation"] == "reset-required":
                msg = message(BASE + "ResetRequired", [MANAGER, "GracefulRestart"])
            else:
                msg = message(UPDATE + "UpdateSuccessful", [COMPONENT_URI["bmc"], image])
    msg = st.persona.task_message(st, task, "completed", msg)
    _set(st, task, state="Completed", percent=100, msg=msg)
    _finish(st, task)
    if target == "bmc" and st.config["bmc_activation"] == "self":
        request_restart(1.0, "new BMC firmware %s" % version)


def cancel_running(st, why):
    """A BMC restart ends the task that has not ended (a hung one too)."""
    with st.lock:
        task = st.active_task
        if not task or task.done():
            return
    _set(st, task, state="Cancelled", status="Critical",
         msg=message(BASE + "GeneralError", [], text=why))


def _finish(st, task):
    st.persona.task_ended(st, task)
    if task.vanish and task.state == "Completed":
        with st.lock:
            st.tasks.pop(task.n, None)
        st.log.event("task-vanished", task=task.n)


def get_task(st, path):
    """GET on a task or a task monitor, or None when path is neither."""
    head, _, n = path.rpartition("/")
    if head not in (TASKS, MONITORS):
        return None
    with st.lock:
        task = st.tasks.get(n)
        if task and st.persona.hidden_task(task):
            task = None
        body = task.body() if task else None
    if body is None:
        return err(404, BASE + "ResourceNotFound", ["Task", n])
    if head == MONITORS and not task.done():
        return 202, body, {"Retry-After": "1", "Location": task.monitor}
    return 200, body, {}


def task_collection(st):
    with st.lock:
        ids = sorted((n for n, t in st.tasks.items() if not st.persona.hidden_task(t)),
                     key=lambda n: (len(n), n))
    return tree.collection(TASKS, "#TaskCollection.TaskCollection", "Task Collection",
                           ["%s/%s" % (TASKS, n) for n in ids])


# --------------------------------------------------------- the way in --

def busy_reply(st):
    """503 for a push while another is received or its task runs (or the
    busy fault), else None."""
    if "busy" in st.faults.current():
        return err(503, BASE + "ServiceTemporarilyUnavailable", ["2"], headers={"Retry-After": "2"})
    with st.lock:
        if st.uploading or (st.active_task and not st.active_task.done()):
            return err(503, BASE + "ServiceTemporarilyUnavailable", ["5"], headers={"Retry-After": "5"})
    return None


def _store(st, part, final):
    """The received image as payload-<n>.bin and payload-last.bin."""
    os.replace(part, final)
    last = os.path.join(st.state_dir, "payload-last.bin")
    tmp = last + ".tmp"
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    os.link(final, tmp)
    os.replace(tmp, last)


def start_task(st, component, apply_time, source, part, request_restart, fetch_url=None, setup=None):
    """A task for the image stored at part (or fetched from fetch_url);
    setup(task), when given, marks the task before it runs (a persona's
    flags in task.extra).  Returns the persona's "accepted" answer."""
    with st.lock:
        n = st.data["next_task"]
        st.data["next_task"] = n + 1
        st.save()
        payload = os.path.join(st.state_dir, "payload-%d.bin" % n)
        if part:
            _store(st, part, payload)
        task = Task(st, n, component, apply_time, source, payload, fetch_url)
        if setup:
            setup(task)
        st.tasks[task.n] = task
        st.active_task = task
    st.log.event("task-state", task=task.n, state="New", component=component,
                 apply_time=apply_time)
    threading.Thread(target=run_task, args=(st, task, request_restart), daemon=True).start()
    return st.persona.accepted(st, task)


def _apply_rules(component, apply_time):
    """400 when the apply time does not suit the component, else None."""
    if component == "bmc" and apply_time != "Immediate":
        return err(400, BASE + "PropertyValueNotInList", [apply_time, "@Redfish.OperationApplyTime"],
                   text="The BMC's image applies Immediate only, not %s." % apply_time)
    if component == "bios" and apply_time != "OnReset":
        return err(400, BASE + "PropertyValueNotInList", [apply_time, "@Redfish.OperationApplyTime"],
                   text="The BIOS cannot be updated Immediate: it is written at the host's next "
                        "reset; send \"@Redfish.OperationApplyTime\": \"OnReset\".")
    return None


def _targets_and_time(params):
    """(component or None, apply time) from UpdateParameters or a
    SimpleUpdate body; raises BadRequest."""
    targets = params.get("Targets", [])
    if targets is None:
        targets = []
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise BadRequest(err(400, BASE + "PropertyValueTypeError", [json.dumps(targets), "Targets"]))
    for t in targets:
        if t.rstrip("/") not in TARGETS:
            raise BadRequest(err(400, BASE + "PropertyValueNotInList", [t, "Targets"]))
    components = sorted({TARGETS[t.rstrip("/")] for t in targets})
    if len(components) > 1:
        raise BadRequest(err(400, BASE + "PropertyValueConflict", ["Targets/0", "Targets/1"],
                             text="One update names one target: the BMC or the BIOS."))
    apply_time = params.get("@Redfish.OperationApplyTime", "Immediate")
    if apply_time not in APPLY_TIMES:
        raise BadRequest(err(400, BASE + "PropertyValueNotInList",
                             [json.dumps(apply_time), "@Redfish.OperationApplyTime"]))
    return (components[0] if components else None), apply_time


class _FileSink:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.size = 0

    def write(self, data):
        self.f.write(data)
        self.size += len(data)

    def close(self):
        self.f.close()


class _MemSink:
    LIMIT = 64 * 1024

    def __init__(self):
        self.data = bytearray()
        self.size = 0

    def write(self, data):
        self.size += len(data)
        if self.size > self.LIMIT:
            raise BadRequest(tree.general(413, "UpdateParameters is larger than 64 KiB.",
                                          "Send a smaller UpdateParameters."))
        self.data += data

    def close(self):
        pass


class _NullSink(_MemSink):
    def write(self, data):
        self.size += len(data)


class BodyReader:
    """Reads exactly length bytes in chunks; the drop-upload fault cuts the
    connection once about half of them arrived."""

    def __init__(self, rfile, length, drop):
        self.rfile, self.left = rfile, length
        self.drop_at = length // 2 if drop else None
        self.got = 0

    def read(self):
        if self.left <= 0:
            return b""
        want = min(CHUNK, self.left)
        if self.drop_at is not None:
            if self.got >= self.drop_at:
                raise DropConnection()
            want = min(want, self.drop_at - self.got)
        data = self.rfile.read(want)
        if not data:
            raise ConnectionError("the client closed the connection mid-body")
        self.left -= len(data)
        self.got += len(data)
        return data


_DISPOSITION_NAME = re.compile(r'(?i)\bname="([^"]*)"')


def parse_multipart(reader, boundary, open_part):
    """Streams a multipart/form-data body: open_part(name, headers) gives a
    sink per part.  The delimiter may straddle two chunks: all but its
    length less one byte of the buffer is passed on each time."""
    delim = b"\r\n--" + boundary
    keep = len(delim) - 1
    buf = bytearray(b"\r\n")        # the first boundary has no CRLF before it
    sink = None
    stage = "preamble"

    def more():
        data = reader.read()
        if not data:
            raise BadRequest(err(400, BASE + "UnrecognizedRequestBody",
                                 text="The multipart body ends before its closing boundary."))
        buf.extend(data)

    while True:
        if stage in ("preamble", "body"):
            i = buf.find(delim)
            if i < 0:
                if len(buf) > keep:
                    if sink:
                        sink.write(bytes(buf[:-keep]))
                    del buf[:-keep]
                more()
                continue
            if sink:
                sink.write(bytes(buf[:i]))
                sink.close()
                sink = None
            del buf[:i + len(delim)]
            stage = "after"
        elif stage == "after":
            while len(buf) < 2:
                more()
            if buf[:2] == b"--":
                while reader.read():     # the epilogue, ignored
                    pass
                return
            j = buf.find(b"\r\n")
            if j < 0:
                if len(buf) > 1024:
                    raise BadRequest(err(400, BASE + "UnrecognizedRequestBody", text="Bad multipart boundary line."))
                more()
                continue
            if buf[:j].strip(b" \t"):
                raise BadRequest(err(400, BASE + "UnrecognizedRequestBody", text="Bad multipart boundary line."))
            del buf[:j + 2]
            stage = "headers"
        else:
            if buf.startswith(b"\r\n"):
                raw, cut = b"", 2
            else:
                j = buf.find(b"\r\n\r\n")
                if j < 0:
                    if len(buf) > 16384:
                        raise BadRequest(err(400, BASE + "UnrecognizedRequestBody", text="Multipart part headers too long."))
                    more()
                    continue
                raw, cut = bytes(buf[:j]), j + 4
            del buf[:cut]
            headers = {}
            for line in raw.decode("latin-1").split("\r\n"):
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            m = _DISPOSITION_NAME.search(headers.get("content-disposition", ""))
            sink = open_part(m.group(1) if m else "", headers)
            stage = "body"


def receive_multipart(st, handler, request_restart):
    """POST MultipartHttpPushUri (DMTF parts UpdateParameters, UpdateFile):
    prechecked (auth, size, busy) by the handler."""
    if not st.config["multipart"]:
        return err(404, BASE + "ResourceMissingAtURI", [handler.public_route])

    def accept(values, part_path):
        params = values["UpdateParameters"]
        component, apply_time = _targets_and_time(params)
        header = read_header(part_path)
        bad = _apply_rules(component or (header[0] if header else None), apply_time)
        if bad:
            return bad
        return start_task(st, component, apply_time, V1 + "/UpdateService/upload", part_path,
                          request_restart)

    return read_form(st, handler, {"UpdateParameters": "json", "UpdateFile": "file"},
                     "MultipartHttpPushUri", accept)


def read_form(st, handler, fields, what, accept):
    """Reads a multipart/form-data upload whose parts are fields {name:
    "json" (an object, logged as update_parameters), "text" (never
    logged: HPE's sessionKey is a token) or "file" (the image, streamed to
    disk)}; every one must be there.  accept(values, part_path) answers:
    values holds the JSON and text parts; start_task takes the file
    from part_path, anything left there is removed."""
    ctype = handler.headers.get("Content-Type", "")
    m = re.search(r'(?i)boundary="?([^";]{1,70})"?', ctype)
    if not ctype.lower().startswith("multipart/form-data") or not m:
        return err(400, BASE + "UnrecognizedRequestBody",
                   text="%s takes multipart/form-data with a boundary." % what)
    part_path = os.path.join(st.state_dir, "upload-%d.part" % threading.get_ident())
    parts, sinks = [], {}

    def open_part(name, headers):
        parts.append(name)
        if name in sinks or name not in fields:   # a second part of a name, or unknown: ignored
            return _NullSink()
        sinks[name] = _FileSink(part_path) if fields[name] == "file" else _MemSink()
        return sinks[name]

    handler.rec["parts"] = parts
    reader = BodyReader(handler.rfile, handler.length, st.faults.take("drop-upload"))
    try:
        try:
            parse_multipart(reader, m.group(1).encode("latin-1"), open_part)
        finally:
            handler.body_read = reader.left == 0
            handler.consumed = reader.got
            for sink in sinks.values():
                sink.close()
        for name in fields:
            if name not in sinks:
                return err(400, BASE + "ActionParameterMissing", [what, name])
        values = {}
        for name, kind in fields.items():
            if kind == "file":
                handler.rec["image_bytes"] = sinks[name].size
                continue
            try:
                text = bytes(sinks[name].data).decode("utf-8")
                values[name] = json.loads(text) if kind == "json" else text
            except (ValueError, UnicodeDecodeError):
                return err(400, BASE + "MalformedJSON", text="%s is not valid JSON." % name)
            if kind == "json":
                if not isinstance(values[name], dict):
                    return err(400, BASE + "MalformedJSON", text="%s is not a JSON object." % name)
                handler.rec["update_parameters"] = values[name]
        return accept(values, part_path)
    except BadRequest as e:
        return e.reply
    finally:
        try:
            os.unlink(part_path)
        except FileNotFoundError:
            pass


def receive_push(st, handler, request_restart):
    """POST HttpPushUri: the body is the image."""
    part_path = os.path.join(st.state_dir, "upload-%d.part" % threading.get_ident())
    reader = BodyReader(handler.rfile, handler.length, st.faults.take("drop-upload"))
    sink = _FileSink(part_path)
    try:
        try:
            while True:
                data = reader.read()
                if not data:
                    break
                sink.write(data)
        finally:
            sink.close()
            handler.body_read = reader.left == 0
            handler.consumed = reader.got
        handler.rec["image_bytes"] = sink.size
        header = read_header(part_path)
        component = header[0] if header else None
        apply_time = "OnReset" if component == "bios" else "Immediate"
        reply = start_task(st, component, apply_time, V1 + "/UpdateService/push", part_path,
                            request_restart)
        part_path = None
        return reply
    finally:
        if part_path:
            try:
                os.unlink(part_path)
            except FileNotFoundError:
                pass


def simple_update(st, body, request_restart):
    action = "UpdateService.SimpleUpdate"
    if not isinstance(body, dict):
        return err(400, BASE + "MalformedJSON")
    uri = body.get("ImageURI")
    if not isinstance(uri, str) or not uri:
        return err(400, BASE + "ActionParameterMissing", [action, "ImageURI"])
    proto = body.get("TransferProtocol")
    if proto is not None and proto not in ("HTTP", "HTTPS"):
        return err(400, BASE + "ActionParameterNotSupported", ["TransferProtocol", action])
    if "://" not in uri:
        uri = "%s://%s" % ((proto or "HTTP").lower(), uri)
    scheme = uri.split("://", 1)[0].lower()
    if scheme not in ("http", "https") or (proto and proto.lower() != scheme):
        return err(400, BASE + "ActionParameterNotSupported", ["ImageURI", action])
    try:
        component, apply_time = _targets_and_time(body)
    except BadRequest as e:
        return e.reply
    bad = _apply_rules(component, apply_time)
    if bad:
        return bad
    busy = busy_reply(st)
    if busy:
        return busy
    return start_task(st, component, apply_time, V1 + "/UpdateService/Actions/" + action, None,
                       request_restart, fetch_url=uri)


# What a persona (persona/*.py) uses to drive a task of its own.
set_state = _set
finish = _finish
targets_and_time = _targets_and_time
apply_rules = _apply_rules
