"""A small Redfish client for the tests that drive fwd-redfish-sim
directly (tests/cli/test-redfish-personas.sh): Basic auth or a session
token, JSON in and out, multipart forms, polling.  Python's standard
library only; it verifies the emulator's certificate.  The password is
read from FWD_RF_PASSWORD_FILE, never taken from an argv.
"""
import base64
import json
import os
import ssl
import sys
import time
import uuid
import http.client


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


class Client:
    def __init__(self):
        self.port = int(os.environ["FWD_RF_PORT"])
        self.ctx = ssl.create_default_context(cafile=os.environ["FWD_RF_CACERT"])
        with open(os.environ["FWD_RF_PASSWORD_FILE"]) as f:
            self.password = f.readline().strip()
        self.token = None

    def request(self, method, path, body=None, headers=None, raw=None, ctype=None):
        """(status, JSON body or None, headers dict)."""
        h = dict(headers or {})
        if self.token:
            h["X-Auth-Token"] = self.token
        else:
            h["Authorization"] = "Basic " + base64.b64encode(
                ("admin:" + self.password).encode()).decode()
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if ctype:
            h["Content-Type"] = ctype
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=20)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            text = r.read()
            got = json.loads(text) if text.strip() else None
            return r.status, got, {k.lower(): v for k, v in r.getheaders()}
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def get_ok(self, path):
        status, body, _ = self.get(path)
        check(status == 200, "GET %s answered %s" % (path, status))
        return body

    def post(self, path, body=None, headers=None):
        return self.request("POST", path, body if body is not None else {}, headers)

    def login(self):
        status, _, h = self.post("/redfish/v1/SessionService/Sessions",
                                 {"UserName": "admin", "Password": self.password})
        check(status == 201, "session: %s" % status)
        self.token = h["x-auth-token"]
        return self.token

    def form(self, path, fields):
        """fields: [(name, bytes, content type, filename or None)]."""
        b = uuid.uuid4().hex
        out = bytearray()
        for name, data, ctype, fname in fields:
            disp = 'form-data; name="%s"' % name + ('; filename="%s"' % fname if fname else "")
            out += ("--%s\r\nContent-Disposition: %s\r\nContent-Type: %s\r\n\r\n" % (b, disp, ctype)).encode()
            out += data + b"\r\n"
        out += ("--%s--\r\n" % b).encode()
        return self.request("POST", path, raw=bytes(out), ctype="multipart/form-data; boundary=" + b)

    def push(self, path, params, image):
        return self.form(path, [("UpdateParameters", json.dumps(params).encode(), "application/json", None),
                                ("UpdateFile", image, "application/octet-stream", "image.bin")])

    def wait(self, what, fn, seconds=20):
        """Polls fn() (connection errors count as not yet) until it returns
        a true value; that value, or Fail after seconds."""
        deadline = time.time() + seconds
        last = None
        while time.time() < deadline:
            try:
                last = fn()
                if last:
                    return last
            except (OSError, http.client.HTTPException, ssl.SSLError) as e:
                last = e
            time.sleep(0.2)
        raise Fail("%s: not within %d s (last: %r)" % (what, seconds, last))


def image(component, version, product, size=4096):
    head = "FWD-REDFISH-IMAGE component=%s version=%s product=%s\n" % (component, version, product)
    return head.encode() + os.urandom(size)


def log_events(name):
    out = []
    with open(os.environ["FWD_RF_LOG"]) as f:
        for line in f:
            r = json.loads(line)
            if r.get("event") == name:
                out.append(r)
    return out


def run(checks):
    """Runs checks(Client()); prints the failure and exits 1 on one."""
    try:
        checks(Client())
    except Fail as e:
        print("FAIL: %s" % e, file=sys.stderr)
        sys.exit(1)
