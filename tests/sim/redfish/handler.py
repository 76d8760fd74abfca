"""One client connection: HTTP/1.1 with keep-alive, authentication, routing
to tree.py and update.py, and the request log.

Every answer has a Content-Length (204 has none, as HTTP wants).  A request
answered without its body read closes the connection afterwards, so an
unread body is never taken for the next request; what is left of it is read
and dropped for up to 2 s first, so that the client gets the answer rather
than a TCP reset.  Expect: 100-continue gets the final answer (401, 411,
413, 503, ...) instead of 100 when the request would be refused anyway,
before a byte of the body is read.

The request log holds, per request: method, path, status, how it was
authenticated, If-Match, Content-Length, Content-Type, the JSON body's
top-level keys (never values: a session's Password stays out), and for an
upload the part names and UpdateParameters.
"""
import base64
import binascii
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from . import tree, update
from .messages import BASE
from .tree import MANAGER, SESSIONS, SYSTEM, V1, err, general

PUBLIC = {"/redfish", V1}
JSON_LIMIT = 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fwd-redfish-sim"
    sys_version = ""
    timeout = 120               # an idle keep-alive connection ends after this
    disable_nagle_algorithm = True

    def __init__(self, sock, addr, app):
        self.app = app
        self.st = app.state
        super().__init__(sock, addr, app)

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        pass                    # the request log (state/requests.log) says it all

    # ------------------------------------------------------- plumbing --

    def handle_one_request(self):
        self.rec = None
        self.pre = None
        self.body_read = False
        super().handle_one_request()

    def begin(self):
        if self.rec is not None:
            return
        self.route = urlsplit(self.path).path
        if self.route != "/":
            self.route = self.route.rstrip("/")
        # The persona's paths become the generic code's (persona/base.py);
        # a generic path the vendor does not have answers 404.
        self.public_route = self.route
        self.route = self.st.persona.inbound(self.route)
        self.uploads = self.st.persona.uploads(self.st)
        self.auth = "none"
        self.role = None
        cl = self.headers.get("Content-Length")
        self.length = int(cl) if cl and cl.isdigit() else None
        self.bad_length = cl is not None and self.length is None
        self.consumed = 0           # body bytes read so far
        self.rec = {"method": self.command, "path": self.path, "auth": "none",
                    "if_match": self.headers.get("If-Match"),
                    "content_length": self.length,
                    "content_type": self.headers.get("Content-Type")}
        if self.headers.get("Expect"):
            self.rec["expect"] = self.headers.get("Expect")
        self.body_read = not self.length and not self.bad_length and \
            "Transfer-Encoding" not in self.headers

    def reply(self, status, body=None, headers=None, drain=True):
        body = self.st.persona.outbound(body)
        headers = self.st.persona.outbound(dict(headers or {}))
        data = b"" if body is None or status == 204 else \
            json.dumps(body, indent=1).encode() + b"\n"
        if not self.body_read:
            self.close_connection = True
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
        self.send_header("OData-Version", "4.0")
        self.send_header("Cache-Control", "no-store")
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="fwd-redfish-sim"')
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)
        self.rec["status"] = status
        self.rec["auth"] = self.auth
        self.st.log.write(self.rec)
        if not self.body_read and drain:
            self.drain()

    def drain(self):
        """Reads (at most 2 s of) what is left of a body answered unread
        before the connection closes: a socket closed with unread data
        sends a TCP reset, which can destroy the answer on its way."""
        left = None if self.length is None else self.length - self.consumed
        deadline = time.monotonic() + 2
        try:
            while left is None or left > 0:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    break
                self.connection.settimeout(wait)
                data = self.rfile.read1(65536 if left is None else min(65536, left))
                if not data:
                    break
                if left is not None:
                    left -= len(data)
        except (OSError, ValueError):
            pass

    def handle_expect_100(self):
        self.begin()
        pre = self.precheck()
        if pre:
            # No 100 Continue: the client sends no body, nothing to drain.
            self.reply(*pre, drain=False)
            return False
        return super().handle_expect_100()

    # --------------------------------------------------------- checks --

    def credentials_ok(self, user, password):
        """The account's RoleId when user and password match, else None."""
        known, role = self.st.users.get(user, ("", None))
        ok = hmac.compare_digest(password.encode(), known.encode())
        return role if ok and role else None

    def authenticate(self):
        """None when the request may go on, else the 401 answer."""
        token = self.headers.get("X-Auth-Token")
        if token is not None:
            with self.st.lock:
                session = self.st.sessions.get(token)
            if session:
                self.auth, self.role = "token", session["role"]
                return None
            return err(401, BASE + "NoValidSession")
        a = self.headers.get("Authorization", "")
        if a[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(a[6:].strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return err(401, BASE + "AccessDenied", [self.route])
            role = self.credentials_ok(user, password)
            if role:
                self.auth, self.role = "basic", role
                return None
            return err(401, BASE + "AccessDenied", [self.route])
        return err(401, BASE + "NoValidSession")

    def precheck(self):
        """What answers a request before its body is read: faults, auth,
        and for an upload its size and whether one may start now."""
        if self.pre is not None:
            return self.pre or None
        self.pre = False
        public = self.route in PUBLIC or (self.route == SESSIONS and self.command == "POST")
        if self.route not in PUBLIC and self.st.faults.take("http-500"):
            self.pre = err(500, BASE + "InternalError")
        elif not public:
            self.pre = self.authenticate() or False
        if not self.pre and "Transfer-Encoding" in self.headers:
            self.pre = general(411, "A chunked request body is not accepted.",
                               "Send the body with a Content-Length.")
        if not self.pre and self.bad_length:
            self.pre = general(400, "The Content-Length is not a number.", "Send a valid Content-Length.")
        if not self.pre and self.route is None:
            self.pre = err(404, BASE + "ResourceMissingAtURI", [self.public_route])
        if not self.pre and self.command == "POST" and self.route in self.uploads:
            if self.length is None:
                self.pre = general(411, "An image upload needs a Content-Length.",
                                   "Send the body with a Content-Length.")
            elif self.length > self.st.config["max_image_bytes"]:
                self.pre = general(413, "The image is larger than MaxImageSizeBytes (%d)."
                                   % self.st.config["max_image_bytes"],
                                   "Send an image no larger than MaxImageSizeBytes.")
            else:
                self.pre = update.busy_reply(self.st) or False
        return self.pre or None

    def read_json(self):
        """(body, None) or (None, error answer)."""
        if not self.length:
            self.body_read = True
            return None, None
        if self.length > JSON_LIMIT:
            return None, general(413, "The JSON body is larger than 1 MiB.", "Send a smaller body.")
        raw = self.rfile.read(self.length)
        self.consumed = len(raw)
        self.body_read = len(raw) == self.length
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None, err(400, BASE + "MalformedJSON")
        if isinstance(body, dict):
            self.rec["keys"] = sorted(body)
        return body, None

    # --------------------------------------------------------- routing --

    def do_GET(self):
        self.dispatch()

    do_HEAD = do_POST = do_PATCH = do_DELETE = do_PUT = do_GET

    def dispatch(self):
        self.begin()
        try:
            answer = self.precheck() or self.route_request()
        except update.DropConnection:
            self.rec["status"] = None
            self.rec["auth"] = self.auth
            self.rec["note"] = "connection dropped mid-upload (drop-upload fault)"
            self.st.log.write(self.rec)
            self.close_connection = True
            self.app.drop(self.connection)
            return
        except OSError as e:
            # The client went away (or a BMC restart cut it) mid-body.
            self.rec["status"] = None
            self.rec["auth"] = self.auth
            self.rec["note"] = "connection lost mid-request: %s" % (str(e) or e.__class__.__name__)
            self.st.log.write(self.rec)
            raise
        if answer is not None:
            self.reply(*answer)

    def route_request(self):
        st, path, method = self.st, self.route, self.command
        if method in ("GET", "HEAD"):
            if path == "/redfish":
                return 200, {"v1": V1 + "/"}, {}
            if path == tree.TASKS:
                return 200, update.task_collection(st), {}
            got = update.get_task(st, path)
            if got:
                return got
            body = tree.get(st, path)
            if body is None:
                return err(404, BASE + "ResourceMissingAtURI", [path])
            body, tag = tree.with_etag(body)
            return 200, body, {"ETag": tag}
        if method == "POST" and path in self.uploads:
            with st.lock:
                # Checked again where the slot is taken: two pushes that
                # passed precheck together must not both go on.
                busy = update.busy_reply(st)
                if not busy:
                    st.uploading += 1
            if busy:
                return busy
            try:
                return self.uploads[path](st, self, self.app.request_restart)
            finally:
                with st.lock:
                    st.uploading -= 1
        if self.role == "Operator" and tree.operator_denied(method, path):
            return err(403, BASE + "InsufficientPrivilege")
        if method in ("POST", "PATCH"):
            body, bad = self.read_json()
            if bad:
                return bad
            if method == "PATCH":
                return tree.patch(st, path, body, self.headers.get("If-Match"))
            answer = st.persona.post(st, path, body, self.app.request_restart)
            if answer:
                return answer
            if path == SESSIONS:
                return tree.create_session(st, body, self.credentials_ok)
            if path == MANAGER + "/Actions/Manager.Reset":
                return tree.manager_reset(st, body, self.app.request_restart)
            if path == SYSTEM + "/Actions/ComputerSystem.Reset":
                return tree.system_reset(st, body)
            if (path == V1 + "/UpdateService/Actions/UpdateService.SimpleUpdate" and
                    st.config.get("simple_update", True)):
                return update.simple_update(st, body, self.app.request_restart)
        if method == "DELETE" and path.startswith(SESSIONS + "/"):
            return tree.delete_session(st, path)
        if tree.get(st, path) is not None or update.get_task(st, path):
            allow = {"Allow": "GET, PATCH" if path in tree.PATCHABLE or
                     path in st.persona.patchable() else
                     "GET, POST" if path == SESSIONS else "GET"}
            if method == "POST":
                return err(405, BASE + "ActionNotSupported", [path], headers=allow)
            if method == "DELETE":
                return err(405, BASE + "ResourceCannotBeDeleted", headers=allow)
            return general(405, "%s is not allowed on this resource." % method,
                           "Use a method the Allow header names.", allow)
        return err(404, BASE + "ResourceMissingAtURI", [path])
