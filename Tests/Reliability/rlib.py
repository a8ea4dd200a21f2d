"""Shared pieces of the reliability suite: processes, ports, certificates, TLS connections with full
control (ssl.MemoryBIO over a plain socket, so the test can half-close TCP and still read), the
store digest, and a reader of the emulator's topology. Stdlib only (python3 >= 3.9)."""
import hashlib
import http.client
import json
import os
import signal
import socket
import sqlite3
import ssl
import struct
import subprocess
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("RELIABILITY_BIN", os.path.join(ROOT, ".build", "debug"))


class Checks:
    """One line per check; `N passed, M failed` at the end."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def xfail(self, ok, name, bug):
        """A check of a known, reported bug: failing prints `xfail` (not counted as a failure);
        passing prints `XPASS` and counts as a failure, so the marker is removed with the fix."""
        if ok:
            self.failed += 1
            self.failures.append(name)
            print(f"XPASS - {name} (known bug fixed? remove the xfail: {bug})", flush=True)
        else:
            self.xfailed = getattr(self, "xfailed", 0) + 1
            print(f"xfail - {name}\n       known bug: {bug}", flush=True)
        return ok

    def skip(self, name, reason):
        """A check this machine cannot make (printed, counted apart, never as passed)."""
        self.skipped = getattr(self, "skipped", 0) + 1
        print(f"skip - {name}\n       {reason}", flush=True)

    def check(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   - {name}", flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print(f"FAIL - {name}" + (f"\n       {detail}" if detail else ""), flush=True)
        return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30.0, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


ALL_PROCS = []


class Proc:
    """A child process with its log in the work directory; `kill()` is SIGKILL, `stop()` SIGTERM."""

    def __init__(self, name, argv, workdir, env=None):
        ALL_PROCS.append(self)
        self.name, self.argv, self.workdir = name, argv, workdir
        self.env = dict(os.environ, **(env or {}))
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.proc = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"---- start {self.starts}: {' '.join(self.argv)}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True)
        log.close()
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout=10):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


def make_certs(directory):
    subprocess.run([os.path.join(ROOT, "certs", "make-certs.sh"), "generate", directory, "--dev"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {k: os.path.join(directory, f) for k, f in [("ca", "ca.crt"), ("cert", "tls.crt"), ("key", "tls.key"),
                                                         ("client_cert", "audit-client.crt"), ("client_key", "audit-client.key")]}


def make_rogue_client(directory):
    """A self-signed client certificate from a CA the webhook does not trust."""
    key, crt = os.path.join(directory, "rogue.key"), os.path.join(directory, "rogue.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                    "-out", crt, "-days", "2", "-subj", "/CN=kube-apiserver-audit", "-addext", "extendedKeyUsage=clientAuth"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return crt, key


def client_context(certs, alpn=("http/1.1",), client=True, cert=None, minimum=None, maximum=None):
    ctx = ssl.create_default_context(cafile=certs["ca"])
    if alpn:
        ctx.set_alpn_protocols(list(alpn))
    if cert is not None:
        ctx.load_cert_chain(*cert)
    elif client:
        ctx.load_cert_chain(certs["client_cert"], certs["client_key"])
    if minimum is not None:
        ctx.minimum_version = minimum
    if maximum is not None:
        ctx.maximum_version = maximum
    return ctx


class TLSConn:
    """TLS over a plain socket through memory BIOs: the test decides when TCP is half-closed."""

    def __init__(self, port, ctx, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.incoming, self.outgoing, server_hostname="localhost")
        self.eof = False
        deadline = time.time() + timeout
        while True:
            try:
                self.obj.do_handshake()
                self._flush()
                break
            except ssl.SSLWantReadError:
                self._flush()
                if time.time() > deadline or not self._fill():
                    raise ConnectionError("handshake: peer closed or timed out")

    @property
    def alpn(self):
        return self.obj.selected_alpn_protocol()

    def _flush(self):
        data = self.outgoing.read()
        if data:
            self.sock.sendall(data)

    def _fill(self, timeout=None):
        if timeout is not None:
            self.sock.settimeout(max(0.01, timeout))
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return None
        except OSError:
            data = b""
        if not data:
            self.incoming.write_eof()
            self.eof = True
            return False
        self.incoming.write(data)
        return True

    def send(self, data):
        try:
            for i in range(0, len(data), 16384):
                self.obj.write(data[i:i + 16384])
                self._flush()
            return True
        except (OSError, ssl.SSLError):
            return False

    def half_close(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def recv(self, timeout):
        """Decrypted bytes, b'' at end of stream, None on timeout."""
        deadline = time.time() + timeout
        while True:
            try:
                return self.obj.read(65536)
            except ssl.SSLWantReadError:
                if self.eof:
                    return b""
                left = deadline - time.time()
                if left <= 0:
                    return None
                got = self._fill(left)
                if got is None:
                    return None
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""
            except ssl.SSLError:
                return b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def http1_request(method, path, body=b"", headers=None):
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost"]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    if body or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def parse_http1_response(buf):
    """(status, headers, body) once `buf` holds a complete response with Content-Length, else None."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buf[:end].decode("latin-1").split("\r\n")
    try:
        status = int(head[0].split(" ")[1])
    except (IndexError, ValueError):
        return ("garbage", {}, buf)
    headers = {}
    for line in head[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0"))
    if len(buf) < end + 4 + length:
        return None
    return (status, headers, buf[end + 4:end + 4 + length])


def exchange_h1(conn, data, wait=3.0, then_eof_wait=3.0):
    """Sends raw bytes; returns ('status', code, body) for the first response, ('closed',) if the
    server closed without one, or ('timeout',). Half-closes TCP if nothing came within `wait`."""
    conn.send(data)
    buf = b""
    half_closed = False
    deadline = time.time() + wait
    while True:
        chunk = conn.recv(max(0.01, deadline - time.time()))
        if chunk is None:
            if half_closed:
                return ("timeout",)
            conn.half_close()
            half_closed = True
            deadline = time.time() + then_eof_wait
            continue
        if chunk == b"":
            parsed = parse_http1_response(buf) if buf else None
            if parsed:
                return ("status", parsed[0], parsed[2])
            return ("closed",) if not buf else ("status", "garbage", buf)
        buf += chunk
        parsed = parse_http1_response(buf)
        if parsed:
            return ("status", parsed[0], parsed[2])


def https_request(port, certs, method, path, body=b"", client=True, timeout=30.0, headers=None, cert=None):
    """One request over a fresh TLS connection (http.client); returns (status, body bytes, seconds)."""
    ctx = client_context(certs, client=client, cert=cert)
    started = time.time()
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=timeout)
    try:
        hdrs = {"Content-Type": "application/json"}
        hdrs.update(headers or {})
        c.request(method, path, body=body, headers=hdrs)
        r = c.getresponse()
        data = r.read()
        return r.status, data, time.time() - started
    finally:
        c.close()


class KeepAlive:
    """A persistent HTTPS connection for load (reconnects on failure)."""

    def __init__(self, port, certs, client=True):
        self.port, self.ctx = port, client_context(certs, client=client)
        self.conn = None

    def request(self, method, path, body=b"", timeout=30.0):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 1:
                    raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def healthz_seconds(port, certs, timeout=5.0):
    try:
        status, _, seconds = https_request(port, certs, "GET", "/healthz", client=False, timeout=timeout)
        return seconds if status == 200 else None
    except (OSError, http.client.HTTPException, ssl.SSLError):
        return None


def store_digest(path, tables=("objects", "translations", "outbox_runs", "outbox_progress", "outbox_parked", "audit_ids")):
    """SHA-256 over the rows of the tables that input can change (read while the webhook runs)."""
    db = sqlite3.connect(path, timeout=10)
    try:
        h = hashlib.sha256()
        for t in tables:
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})")]
            order = ", ".join(cols)
            for row in db.execute(f"SELECT {order} FROM {t} ORDER BY {order}"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        db.close()


def store_counts(path):
    db = sqlite3.connect(path, timeout=10)
    try:
        # Ops waiting: each run's ops from the first the applier has not done (the Store's queueDepth).
        pending = db.execute(
            "SELECT COALESCE(SUM(r.op_count - COALESCE(p.done, 0)), 0) FROM outbox_runs r LEFT JOIN outbox_progress p ON p.seq = r.seq"
        ).fetchone()[0]
        parked = db.execute("SELECT count(*) FROM outbox_parked").fetchone()[0]
        reasons = [r[0] for r in db.execute("SELECT parked_reason FROM outbox_parked ORDER BY seq LIMIT 5")]
        return pending, parked, reasons
    except sqlite3.OperationalError:
        return None, None, []
    finally:
        db.close()


# ---------------------------------------------------------------- the emulator's topology
VND = "application/vnd.org.midonet.collection."


class MidoNetReader:
    def __init__(self, port, username=None, password=None):
        self.port = port
        self.token = None
        if username:
            import base64
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            auth = base64.b64encode(f"{username}:{password}".encode()).decode()
            c.request("POST", "/midonet-api/login", headers={"Authorization": "Basic " + auth})
            r = c.getresponse()
            self.token = json.loads(r.read())["key"]
            c.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def get(self, path, media):
        headers = {"Accept": VND + media}
        if self.token:
            headers["X-Auth-Token"] = self.token
        # The fault profiles reset connections and answer 502/503 (also to us): retry those.
        for attempt in range(12):
            try:
                self.conn.request("GET", "/midonet-api" + path, headers=headers)
                r = self.conn.getresponse()
                body = r.read()
                if r.status >= 500 and attempt < 11:
                    raise ConnectionResetError(f"{r.status}")
                if r.status != 200:
                    raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
                return json.loads(body)
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                if attempt == 11:
                    raise

    def topology(self):
        """The set of facts comparable with `translate` output, plus rule order per chain."""
        facts, order = set(), {}
        for c in self.get("/chains", "Chain-v1+json"):
            facts.add(("Chain", c["id"], c.get("name")))
            rules = self.get(f"/chains/{c['id']}/rules", "Rule-v2+json")
            order[c["id"]] = [r["id"] for r in rules]
            for r in rules:
                facts.add(("Rule", r["id"], c["id"]))
        links = set()
        for b in self.get("/bridges", "Bridge-v4+json"):
            facts.add(("Bridge", b["id"], b.get("name")))
            for p in self.get(f"/bridges/{b['id']}/ports", "Port-v3+json"):
                facts.add(("Port", p["id"], b["id"]))
                if p.get("peerId"):
                    links.add(frozenset((p["id"], p["peerId"])))
        for rt in self.get("/routers", "Router-v3+json"):
            facts.add(("Router", rt["id"], rt.get("name")))
            for p in self.get(f"/routers/{rt['id']}/ports", "Port-v3+json"):
                facts.add(("Port", p["id"], rt["id"]))
                if p.get("peerId"):
                    links.add(frozenset((p["id"], p["peerId"])))
            for r in self.get(f"/routers/{rt['id']}/routes", "Route-v1+json"):
                if r.get("learned") or r.get("type") == "Local" or r.get("nextHopPort") and r.get("dstNetworkLength") == 32 and r.get("srcNetworkLength") == 0 and r.get("id") is None:
                    continue
                facts.add(("Route", r["id"], rt["id"]))
        for link in links:
            a, b = sorted(link)
            facts.add(("PortLink", a, b))
        for tz in self.get("/tunnel_zones", "TunnelZone-v1+json"):
            facts.add(("TunnelZone", tz["id"], tz.get("name")))
            for h in self.get(f"/tunnel_zones/{tz['id']}/hosts", "TunnelZoneHost-v1+json"):
                facts.add(("TunnelZoneHost", tz["id"], h.get("hostId")))
        for h in self.get("/hosts", "Host-v3+json"):
            for p in self.get(f"/hosts/{h['id']}/ports", "HostInterfacePort-v1+json"):
                facts.add(("HostInterfacePort", p.get("portId"), h["id"]))
        return facts, order


def desired_topology(objects, workdir, host_ids):
    """`midonet-webhook translate --global` of the objects, as the same facts."""
    path = os.path.join(workdir, "desired.json")
    with open(path, "w") as f:
        json.dump({"apiVersion": "v1", "kind": "List", "items": objects}, f)
    out = subprocess.run([os.path.join(BIN, "midonet-webhook"), "translate", "--global", path], check=True,
                         capture_output=True, text=True).stdout
    facts, rules = set(), {}
    for line in out.splitlines():
        o = json.loads(line)
        kind, oid, parent, body = o["kind"], o["id"], o.get("parentId"), o["body"]
        if kind in ("Chain", "Bridge", "Router", "TunnelZone"):
            facts.add((kind, oid, body.get("name")))
        elif kind in ("Rule", "Port", "Route"):
            facts.add((kind, oid, parent))
            if kind == "Rule":
                rules.setdefault(parent, []).append((body.get("position", 1), oid))
        elif kind == "PortLink":
            a, b = sorted((oid, body["peerId"]))
            facts.add(("PortLink", a, b))
        elif kind == "TunnelZoneHost":
            facts.add(("TunnelZoneHost", parent, body.get("hostId")))
        elif kind == "HostInterfacePort":
            facts.add(("HostInterfacePort", body.get("portId"), body.get("hostId")))
        elif kind in ("MacPort", "IP4Mac"):
            pass  # the workload has no pods with MAC annotations
    # Positions are per translation unit: in a chain shared by units (KUBE-SERVICES holds every
    # Service's jump rules, disjoint matches) they repeat and only the set matters.
    order = {chain: [rid for _, rid in sorted(items)] for chain, items in rules.items()
             if len({pos for pos, _ in items}) == len(items)}
    return facts, order


def compare_topology(actual, desired):
    (afacts, aorder), (dfacts, dorder) = actual, desired
    missing = sorted(dfacts - afacts)
    extra = sorted(afacts - dfacts)
    misordered = [(c, aorder.get(c), ids) for c, ids in dorder.items() if aorder.get(c) != ids]
    return missing, extra, misordered
