"""fwd-redfish-sim's program (tests/sim/fwd-redfish-sim runs it with python3):
start and stop an emulated Redfish BMC for fwdispatch's
tests and demo: HTTPS on 127.0.0.1, a self-signed certificate, sessions,
ETags, firmware uploads with tasks, BMC restarts, and faults.

  fwd-redfish-sim start [--dir DIR] [--owner PID] [--port N] [--wait S]
                        [--persona dmtf|dell|supermicro|hpe|lenovo] [--model NAME]
                        [--ilo 5|6] [--no-oob-licence] [--reset-pre-delay S]
                        [--vendor TEXT] [--product TEXT] [--bmc-version V] [--bios-version V]
                        [--max-image-bytes N] [--reset-silence S] [--task-seconds S]
                        [--bmc-activation self|reset-required] [--no-multipart] [--no-sessions]
                        [--no-simple-update]
                        [--fault NAME[=VALUE]]...
  fwd-redfish-sim stop DIR [--keep]
  fwd-redfish-sim status DIR
  fwd-redfish-sim env DIR
  fwd-redfish-sim fault DIR NAME[=VALUE]... | fwd-redfish-sim fault DIR --clear
  fwd-redfish-sim new-cert DIR
  fwd-redfish-sim power-cycle DIR

start makes DIR (default: a new mktemp folder, mode 0700) with a random
password (0600) for user admin and a certificate for 127.0.0.1, runs the
server detached, waits until GET /redfish/v1/ answers over TLS and prints
FWD_RF_* lines for eval, kept in DIR/sim.env.  stop signals only the pid
recorded in DIR (checked in /proc) and removes DIR unless --keep; start
--dir on a kept folder reuses password, certificate, port and state.
The password is never in an argv.  tests/sim/README.md has the details.
Exit status: 0 ok, 1 failure, 2 usage error, 3 python3 or openssl missing.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import http.client

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
SELF = os.path.realpath(__file__)
sys.path.insert(0, os.path.dirname(os.path.dirname(SELF)))

from redfish import state as rfstate          # noqa: E402
from redfish.server import MARKER, fingerprint  # noqa: E402
from redfish.persona import PERSONAS, fault_owner  # noqa: E402

HOST = "127.0.0.1"
SAFE_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")
VERSION = re.compile(r"^[A-Za-z0-9._+-]{1,64}$")


def die(msg, code=1):
    print("fwd-redfish-sim: " + msg, file=sys.stderr)
    sys.exit(code)


def usage_error(msg):
    print("fwd-redfish-sim: " + msg, file=sys.stderr)
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    sys.exit(2)


class Parser(argparse.ArgumentParser):
    def error(self, message):
        usage_error(message)


# ------------------------------------------------------------- processes --

def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError, ValueError):
        return False


def ours(pid, folder):
    """A live pid running this folder's server: never signal a pid that
    was recycled for something else."""
    if not pid or not alive(pid):
        return False
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            args = f.read().split(b"\0")
    except OSError:
        return False
    return b"__serve" in args and folder.encode() in args


def read_pid(folder):
    try:
        with open(os.path.join(folder, "server.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def check_dir(folder):
    if not folder or not os.path.isdir(folder) or not os.path.isfile(os.path.join(folder, MARKER)):
        die("'%s' is not a fwd-redfish-sim folder" % folder)
    return os.path.realpath(folder)


def stop_server(folder, pid=None):
    pid = pid or read_pid(folder)
    if not ours(pid, folder):
        return True
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        if not ours(pid, folder):
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    for _ in range(20):
        if not ours(pid, folder):
            return True
        time.sleep(0.1)
    return False


# ----------------------------------------------------------- certificate --

def make_cert(folder, suffix=""):
    """A P-256 key and a self-signed certificate for 127.0.0.1 and
    localhost, 30 days, written as key.pem/cert.pem (+suffix)."""
    key, cert = os.path.join(folder, "key.pem" + suffix), os.path.join(folder, "cert.pem" + suffix)
    out = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=fwd-redfish-sim",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if out.returncode != 0:
        die("openssl could not make a certificate: " + out.stdout.strip())
    os.chmod(key, 0o600)
    os.chmod(cert, 0o644)
    return key, cert


# ------------------------------------------------------------------ env --

def env_lines(folder):
    with open(os.path.join(folder, "sim.env")) as f:
        return f.read()


def write_env(folder, values):
    text = "".join("%s=%s\n" % (k, shlex.quote(str(v))) for k, v in values)
    rfstate.atomic_write(os.path.join(folder, "sim.env"), text, 0o600)
    return text


def read_env(folder):
    values = []
    for line in env_lines(folder).splitlines():
        k, _, v = line.partition("=")
        values.append([k, (shlex.split(v) or [""])[0]])
    return values


# ---------------------------------------------------------------- start --

def probe(port, cafile):
    """True when GET /redfish/v1/ answers 200 over verified TLS."""
    ctx = ssl.create_default_context(cafile=cafile)
    conn = http.client.HTTPSConnection(HOST, port, context=ctx, timeout=2)
    try:
        conn.request("GET", "/redfish/v1/")
        return conn.getresponse().status == 200
    except (OSError, ssl.SSLError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def positive_int(text, what, low=0):
    if not re.fullmatch(r"[0-9]{1,12}", text or "") or int(text) < low:
        usage_error("%s takes a whole number%s, not '%s'" % (what, " from %d" % low if low else "", text))
    return int(text)


def cmd_start(argv):
    p = Parser(prog="fwd-redfish-sim start")
    p.add_argument("--dir")
    p.add_argument("--owner")
    p.add_argument("--port")
    p.add_argument("--wait", default="20")
    p.add_argument("--persona", default="dmtf", choices=sorted(PERSONAS))
    p.add_argument("--model")
    p.add_argument("--ilo", choices=["5", "6"])
    p.add_argument("--no-oob-licence", action="store_true")
    p.add_argument("--reset-pre-delay")
    p.add_argument("--vendor")
    p.add_argument("--product")
    p.add_argument("--bmc-version")
    p.add_argument("--bios-version")
    p.add_argument("--max-image-bytes", default=str(512 * 1024 * 1024))
    p.add_argument("--reset-silence")
    p.add_argument("--task-seconds", default="2")
    p.add_argument("--bmc-activation", default="self", choices=["self", "reset-required"])
    p.add_argument("--no-multipart", action="store_true")
    p.add_argument("--no-sessions", action="store_true")
    p.add_argument("--no-simple-update", action="store_true")
    p.add_argument("--fault", action="append", default=[])
    a = p.parse_args(argv)
    persona = PERSONAS[a.persona]
    # The persona's options: refused on a persona they mean nothing to.
    for opt, value, who in (("--model", a.model, "supermicro"), ("--ilo", a.ilo, "hpe"),
                            ("--no-oob-licence", a.no_oob_licence, "supermicro"),
                            ("--reset-pre-delay", a.reset_pre_delay, "lenovo")):
        if value and a.persona != who:
            usage_error("%s is for --persona %s, not %s" % (opt, who, a.persona))
    if a.model is not None and not re.fullmatch(r"[A-Z][A-Za-z0-9-]{1,31}", a.model):
        usage_error("--model takes a board name such as X13DEI or X11SSH-F, not '%s'" % a.model)
    pre_delay = positive_int(a.reset_pre_delay, "--reset-pre-delay") \
        if a.reset_pre_delay is not None else None
    extra = persona.options(a.model, a.ilo, a.no_oob_licence, pre_delay)
    a.vendor = a.vendor or extra.get("vendor", persona.VENDOR)
    a.product = a.product or extra.get("product", persona.PRODUCT)
    a.bmc_version = a.bmc_version or extra.get("bmc_version", persona.BMC_VERSION)
    a.bios_version = a.bios_version or extra.get("bios_version", persona.BIOS_VERSION)
    a.reset_silence = a.reset_silence or str(persona.RESET_SILENCE)

    owner = positive_int(a.owner, "--owner", 1) if a.owner is not None else None
    port = positive_int(a.port, "--port") if a.port is not None else None
    if port is not None and not 1024 <= port <= 65535:
        usage_error("--port takes a number from 1024 to 65535, not '%s'" % a.port)
    wait = positive_int(a.wait, "--wait", 1)
    max_bytes = positive_int(a.max_image_bytes, "--max-image-bytes", 1)
    silence = positive_int(a.reset_silence, "--reset-silence")
    if not re.fullmatch(r"[0-9]{1,4}(\.[0-9]{1,3})?", a.task_seconds) or float(a.task_seconds) <= 0:
        usage_error("--task-seconds takes seconds (0.5, 2 ...), not '%s'" % a.task_seconds)
    for opt, v in (("--bmc-version", a.bmc_version), ("--bios-version", a.bios_version)):
        if not VERSION.match(v):
            usage_error("%s takes letters, digits and . _ + -, not '%s'" % (opt, v))
    for opt, v in (("--vendor", a.vendor), ("--product", a.product)):
        if not re.fullmatch(r"[ -~]{1,64}", v) or v != v.strip():
            usage_error("%s takes 1 to 64 printable ASCII characters, not '%s'" % (opt, v))
    faults = {}
    for spec in a.fault:
        try:
            name, value = rfstate.parse_fault(spec)
        except ValueError as e:
            usage_error(str(e))
        owner_of = fault_owner(name)
        if owner_of and owner_of != a.persona:
            usage_error("fault '%s' is the %s persona's, not %s's" % (name, owner_of, a.persona))
        if value is not None:
            faults[name] = value
    if owner is not None and not alive(owner):
        die("owner pid %d is not running" % owner)
    if not shutil.which("openssl"):
        die("'openssl' not found: install the Debian package 'openssl'", 3)

    created = made_up = reuse = False
    folder = a.dir
    if folder is None:
        folder = tempfile.mkdtemp(prefix="fwd-redfish-sim.", dir=os.environ.get("TMPDIR") or "/tmp")
        created = made_up = True
    elif os.path.exists(folder):
        if not os.path.isdir(folder):
            die("'%s' exists and is not a folder" % folder)
        if os.path.isfile(os.path.join(folder, MARKER)):
            reuse = True
        elif os.listdir(folder):
            die("'%s' is not empty and not a fwd-redfish-sim folder" % folder)
    else:
        if not SAFE_PATH.match(folder):
            die("paths with spaces or special characters are not supported: '%s'" % folder)
        try:
            os.mkdir(folder, 0o700)
        except OSError as e:
            die("cannot create '%s': %s" % (folder, e.strerror))
        created = True
    folder = os.path.realpath(folder)
    if not SAFE_PATH.match(folder):
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        die("paths with spaces or special characters are not supported: '%s'" % folder)
    os.chmod(folder, 0o700)

    prev_port = None
    if reuse:
        pid = read_pid(folder)
        if ours(pid, folder):
            die("'%s' is already running (pid %d)" % (folder, pid))
        try:
            with open(os.path.join(folder, "port")) as f:
                prev_port = int(f.read().strip())
        except (OSError, ValueError):
            pass

    proc = None

    def fail(msg, show_log=True):
        print("fwd-redfish-sim: " + msg, file=sys.stderr)
        if show_log:
            try:
                with open(os.path.join(folder, "server.log")) as f:
                    tail = f.read()[-4000:]
                print("--- server log (%s/server.log) ---\n%s" % (folder, tail), file=sys.stderr, end="")
            except OSError:
                pass
        if proc is not None:
            stop_server(folder, proc.pid)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        sys.exit(1)

    signal.signal(signal.SIGTERM, lambda n, f: fail("interrupted", False))
    signal.signal(signal.SIGINT, lambda n, f: fail("interrupted", False))

    with open(os.path.join(folder, MARKER), "w") as f:
        f.write("mktemp\n" if made_up else "")
    os.makedirs(os.path.join(folder, "state"), mode=0o700, exist_ok=True)
    pw_path = os.path.join(folder, "password")
    if not os.path.isfile(pw_path) or os.path.getsize(pw_path) == 0:
        rfstate.atomic_write(pw_path, os.urandom(12).hex() + "\n", 0o600)
    os.chmod(pw_path, 0o600)
    op_path = os.path.join(folder, "operator-password")
    if not os.path.isfile(op_path) or os.path.getsize(op_path) == 0:
        rfstate.atomic_write(op_path, os.urandom(12).hex() + "\n", 0o600)
    if not (os.path.isfile(os.path.join(folder, "cert.pem")) and os.path.isfile(os.path.join(folder, "key.pem"))):
        make_cert(folder)
    config = {
        "vendor": a.vendor, "product": a.product,
        "bmc_version": a.bmc_version, "bios_version": a.bios_version,
        "max_image_bytes": max_bytes, "reset_silence": silence,
        "task_seconds": float(a.task_seconds), "bmc_activation": a.bmc_activation,
        "multipart": not a.no_multipart, "sessions": not a.no_sessions,
        "simple_update": not a.no_simple_update,
        "owner": owner, "port": port, "prefer_port": prev_port,
        "persona": a.persona,
    }
    config.update(extra)
    rfstate.atomic_write(os.path.join(folder, "config.json"), json.dumps(config, indent=1) + "\n")
    rfstate.Faults(folder).update(faults, clear=True)
    for stale in ("server.pid", "port", "cert.loaded", "power-cycle.request"):
        try:
            os.unlink(os.path.join(folder, stale))
        except FileNotFoundError:
            pass

    with open(os.path.join(folder, "server.log"), "a") as log:
        log.write("--- %s start\n" % time.strftime("%F %T"))
        log.flush()
        proc = subprocess.Popen([sys.executable, "-B", SELF, "__serve", folder], stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                close_fds=True)
    cafile = os.path.join(folder, "cert.pem")
    deadline = time.time() + wait
    bound = None
    while True:
        if proc.poll() is not None:
            fail("the server exited at start-up (status %d)" % proc.returncode)
        if bound is None:
            try:
                with open(os.path.join(folder, "port")) as f:
                    bound = int(f.read().strip())
            except (OSError, ValueError):
                pass
        if bound is not None and probe(bound, cafile):
            break
        if time.time() > deadline:
            fail("GET https://%s:%s/redfish/v1/ did not answer within %ds" % (HOST, bound, wait))
        time.sleep(0.05)

    with open(os.path.join(folder, "state", "state.json")) as f:
        st = json.load(f)
    state_dir = os.path.join(folder, "state")
    text = write_env(folder, [
        ("FWD_RF_DIR", folder), ("FWD_RF_HOST", HOST), ("FWD_RF_PORT", bound),
        ("FWD_RF_USER", "admin"), ("FWD_RF_PASSWORD_FILE", pw_path),
        ("FWD_RF_OPERATOR_PASSWORD_FILE", op_path),
        ("FWD_RF_CACERT", cafile), ("FWD_RF_FINGERPRINT", fingerprint(cafile)),
        ("FWD_RF_PID", proc.pid), ("FWD_RF_LOG", os.path.join(state_dir, "requests.log")),
        ("FWD_RF_STATE", state_dir), ("FWD_RF_PAYLOAD", os.path.join(state_dir, "payload-last.bin")),
        ("FWD_RF_BMC_FW", st["bmc_version"]), ("FWD_RF_BIOS_FW", st["bios_version"]),
    ])
    sys.stdout.write(text)
    return 0


# ---------------------------------------------------------- the others --

def cmd_stop(argv):
    p = Parser(prog="fwd-redfish-sim stop")
    p.add_argument("dir")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args(argv)
    folder = check_dir(a.dir)
    if not stop_server(folder):
        die("the server in '%s' does not stop" % folder)
    try:
        os.unlink(os.path.join(folder, "server.pid"))
    except FileNotFoundError:
        pass
    if not a.keep:
        shutil.rmtree(folder)
    return 0


def running_pid(folder):
    pid = read_pid(folder)
    return pid if ours(pid, folder) else None


def cmd_status(argv):
    if len(argv) != 1:
        usage_error("status takes DIR")
    folder = check_dir(argv[0])
    pid = running_pid(folder)
    if pid:
        port = dict(read_env(folder)).get("FWD_RF_PORT", "?") if os.path.exists(os.path.join(folder, "sim.env")) else "?"
        print("running pid=%d FWD_RF_PORT=%s" % (pid, port))
        return 0
    print("stopped")
    return 1


def cmd_env(argv):
    if len(argv) != 1:
        usage_error("env takes DIR")
    sys.stdout.write(env_lines(check_dir(argv[0])))
    return 0


def cmd_fault(argv):
    if len(argv) < 2:
        usage_error("fault takes DIR and NAME[=VALUE]... or --clear")
    folder = check_dir(argv[0])
    faults = rfstate.Faults(folder)
    if argv[1:] == ["--clear"]:
        faults.update({}, clear=True)
        return 0
    changes = {}
    with open(os.path.join(folder, "config.json")) as f:
        persona = json.load(f).get("persona", "dmtf")
    for spec in argv[1:]:
        try:
            name, value = rfstate.parse_fault(spec)
        except ValueError as e:
            usage_error(str(e))
        owner_of = fault_owner(name)
        if owner_of and owner_of != persona:
            usage_error("fault '%s' is the %s persona's, not %s's" % (name, owner_of, persona))
        changes[name] = value
    faults.update(changes)
    return 0


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def cmd_new_cert(argv):
    if len(argv) != 1:
        usage_error("new-cert takes DIR")
    folder = check_dir(argv[0])
    key, cert = make_cert(folder, ".new")
    fp = fingerprint(cert)
    os.replace(key, os.path.join(folder, "key.pem"))
    os.replace(cert, os.path.join(folder, "cert.pem"))
    if running_pid(folder):
        def served():
            try:
                with open(os.path.join(folder, "cert.loaded")) as f:
                    return f.read().strip() == fp
            except OSError:
                return False
        if not wait_for(served, 5):
            die("the server did not take the new certificate within 5 s")
    values = read_env(folder)
    for kv in values:
        if kv[0] == "FWD_RF_FINGERPRINT":
            kv[1] = fp
    sys.stdout.write(write_env(folder, values))
    return 0


def cmd_power_cycle(argv):
    if len(argv) != 1:
        usage_error("power-cycle takes DIR")
    folder = check_dir(argv[0])
    if not running_pid(folder):
        die("'%s' is not running" % folder)
    request = os.path.join(folder, "power-cycle.request")
    rfstate.atomic_write(request, "power-cycle\n")
    if not wait_for(lambda: not os.path.exists(request), 5):
        die("the server did not take the power cycle within 5 s")
    return 0


def main():
    os.umask(0o077)     # the folder's files are the test's alone (cert.pem: 0644)
    cmds = {"start": cmd_start, "stop": cmd_stop, "status": cmd_status, "env": cmd_env,
            "fault": cmd_fault, "new-cert": cmd_new_cert, "power-cycle": cmd_power_cycle}
    if len(sys.argv) >= 3 and sys.argv[1] == "__serve":
        from redfish import server
        return server.main(sys.argv[2])
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        if len(sys.argv) >= 2 and sys.argv[1] in ("-h", "--help", "help"):
            print(__doc__)
            return 0
        usage_error("expected a command: " + ", ".join(cmds))
    return cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
