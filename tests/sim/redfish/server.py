"""The listening socket and the BMC's life: TLS, one thread per connection,
BMC restarts with the port closed, the owner watchdog, the commands that
reach a running emulator through files (new-cert, power-cycle).

The main thread accepts and wraps each connection with the SSLContext of
that moment, so a new certificate (fwd-redfish-sim new-cert) is served from
the next connection on without a restart.  The TLS handshake runs on the
connection's own thread: a slow client never holds up the accept.
"""
import hashlib
import os
import select
import shutil
import signal
import socket
import ssl
import sys
import threading
import time

from . import tree, update
from .handler import Handler
from .state import State, atomic_write

HOST = "127.0.0.1"
MARKER = "fwd-redfish-sim.dir"


def fingerprint(cert_path):
    with open(cert_path) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return hashlib.sha256(der).hexdigest()


class App:
    def __init__(self, folder):
        self.folder = folder
        self.state = State(folder)
        self.config = self.state.config
        self.lock = threading.Lock()
        self.conns = set()          # open connections: a restart cuts them
        self.generation = 0         # restarts so far
        self.ctx = None
        self.cert_id = None
        self.listener = None
        self.port = None
        self.restart_at = None
        self.restart_reason = None
        self.silent_until = None
        self.stopping = None

    # --------------------------------------------------------------- TLS --

    def load_cert(self):
        """A new SSLContext when cert.pem changed; the old one stays when
        the new files cannot be loaded yet (new-cert renames two files)."""
        cert = os.path.join(self.folder, "cert.pem")
        key = os.path.join(self.folder, "key.pem")
        try:
            s = os.stat(cert)
        except OSError:
            return
        ident = (s.st_ino, s.st_mtime_ns)
        if ident == self.cert_id:
            return
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            ctx.load_cert_chain(cert, key)
            fp = fingerprint(cert)
        except (ssl.SSLError, OSError, ValueError):
            return
        self.ctx, self.cert_id = ctx, ident
        atomic_write(os.path.join(self.folder, "cert.loaded"), fp + "\n")
        self.state.log.event("certificate", fingerprint=fp)

    # ------------------------------------------------------- connections --

    def serve(self, raw, addr, ctx, generation):
        conn = None
        try:
            conn = ctx.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
            # wrap_socket moved the descriptor into conn (raw is detached,
            # shutting it down would cut nothing): a restart must find conn.
            # One that came between the accept and now cuts it here.
            with self.lock:
                self.conns.discard(raw)
                self.conns.add(conn)
                cut = generation != self.generation
            if cut:
                self.drop(conn)
                return
            conn.settimeout(30)
            conn.do_handshake()
            conn.settimeout(Handler.timeout)
            Handler(conn, addr, self)
        except Exception:   # a client gone, a reset under way, a bad handshake
            pass
        finally:
            with self.lock:
                self.conns.discard(raw)
                self.conns.discard(conn)
            for s in (conn, raw):
                try:
                    if s is not None:
                        s.close()
                except OSError:
                    pass

    def drop(self, sock):
        """Cut a connection without a word (TCP FIN, no TLS close_notify)."""
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass

    def bind(self, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            s.listen(64)
        except OSError:
            s.close()
            raise
        self.listener = s
        self.port = s.getsockname()[1]

    # ----------------------------------------------------------- restart --

    def request_restart(self, delay, reason):
        with self.lock:
            at = time.time() + delay
            if self.restart_at is None or at < self.restart_at:
                self.restart_at, self.restart_reason = at, reason

    def go_silent(self):
        st = self.state
        silence = st.fault_seconds("reset-silence", int(self.config["reset_silence"]))
        st.log.event("reset", reason=self.restart_reason, silence=silence)
        self.listener.close()
        self.listener = None
        with self.lock:
            conns = list(self.conns)
            self.restart_at = None
            self.generation += 1
        for c in conns:
            self.drop(c)
        with st.lock:
            st.sessions.clear()
        update.cancel_running(st, "The BMC restarted before the task ended.")
        self.silent_until = time.time() + silence

    def come_back(self):
        st = self.state
        try:
            self.bind(self.port)
        except OSError:
            self.silent_until = time.time() + 0.5   # the port is not free yet
            return
        self.silent_until = None
        faults = st.faults.current()
        with st.lock:
            pending, old = st.data["pending_bmc"], st.data["bmc_version"]
            st.data["pending_bmc"] = None
            if pending and "no-new-version" in faults:
                st.log.event("image-did-not-take", kept=old, lost=pending)
            elif pending:
                st.data["bmc_version"] = pending
                late = st.fault_seconds("late-version", 0)
                st.data["old_bmc_version"] = old if late else None
                st.data["old_bmc_until"] = time.time() + late if late else 0
            st.save()
            version = st.data["bmc_version"]
        st.log.event("reset-end", version=version, port=self.port)

    # -------------------------------------------------------------- main --

    def owner_gone(self):
        owner = self.config.get("owner")
        if not owner:
            return False
        try:
            with open("/proc/%d/stat" % owner) as f:
                return f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except (OSError, IndexError):
            return True

    def run(self):
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda n, f: setattr(self, "stopping", "signal %d" % n))
        self.load_cert()
        if self.ctx is None:
            print("fwd-redfish-sim: cannot load %s/cert.pem and key.pem" % self.folder, file=sys.stderr)
            return 1
        fixed, prefer = self.config.get("port"), self.config.get("prefer_port")
        try:
            self.bind(fixed or prefer or 0)
        except OSError as e:
            if fixed or not prefer:
                print("fwd-redfish-sim: TCP port %s on %s: %s" % (fixed or 0, HOST, e), file=sys.stderr)
                return 1
            self.bind(0)
        atomic_write(os.path.join(self.folder, "server.pid"), "%d\n" % os.getpid())
        atomic_write(os.path.join(self.folder, "port"), "%d\n" % self.port)
        self.state.log.event("start", port=self.port, pid=os.getpid())
        request = os.path.join(self.folder, "power-cycle.request")
        next_owner_check = 0
        while not self.stopping:
            now = time.time()
            if now >= next_owner_check:
                next_owner_check = now + 0.5
                if self.owner_gone():
                    self.stopping = "owner %s is gone" % self.config["owner"]
                    break
            self.load_cert()
            if os.path.exists(request):
                tree.power_cycle(self.state, "power-cycle command")
                os.unlink(request)
            if self.listener is None:
                if now >= self.silent_until:
                    self.come_back()
                time.sleep(0.05)
                continue
            if self.restart_at is not None and now >= self.restart_at:
                self.go_silent()
                continue
            ready, _, _ = select.select([self.listener], [], [], 0.1)
            if ready:
                try:
                    raw, addr = self.listener.accept()
                except OSError:
                    continue
                with self.lock:
                    self.conns.add(raw)
                    generation = self.generation
                threading.Thread(target=self.serve, args=(raw, addr, self.ctx, generation),
                                 daemon=True).start()
        return self.shutdown()

    def shutdown(self):
        self.state.log.event("stop", reason=self.stopping)
        if self.listener:
            self.listener.close()
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            self.drop(c)
        try:
            os.unlink(os.path.join(self.folder, "server.pid"))
        except OSError:
            pass
        if self.stopping.startswith("owner"):
            try:
                with open(os.path.join(self.folder, MARKER)) as f:
                    made_up = f.read().strip() == "mktemp"
            except OSError:
                made_up = False
            if made_up:
                shutil.rmtree(self.folder, ignore_errors=True)
                # Nothing left to do: exit now, not after the interpreter's
                # clean-up, so that the folder and the process go together.
                os._exit(0)
        return 0


def main(folder):
    return App(folder).run()
