#!/usr/bin/env python3
"""Writes the hostile-input corpus: one file per input under corpus/<family>/, and corpus/manifest.jsonl.

Run it again after editing; it rewrites every generated file (hand-written regression inputs live
in corpus/regressions/ and are listed in corpus/regressions.jsonl, which this script never touches).
Stdlib only. Each manifest line: {"file", "protocol", "endpoint", "expect", "note"}.

protocol: h1 (raw bytes over TLS, ALPN http/1.1), h2 (raw frames over TLS, ALPN h2, client preface
included in the file), tcp (raw bytes over plain TCP to the TLS port), validate / audit (a JSON body
POSTed with a well-formed HTTP/1.1 request; audit with the audit client certificate).
expect: reject (HTTP 4xx or connection closed), refused (HTTP 4xx, or HTTP 200 with an
AdmissionReview that echoes the uid, allowed=false and status.code 4xx), answered (HTTP 200 with an
AdmissionReview that echoes the uid), skipped (HTTP 200; every item is unreadable so the store must
not change), h2-reject (GOAWAY, RST_STREAM, a 4xx, or close), h2-survive (the server answers a
PING after the flood, or sends GOAWAY/closes), closed (TLS port: the connection is closed,
possibly after a TLS alert).
"""
import json, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
entries = []


def put(family, name, data, protocol, expect, note, endpoint=None):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    rel = f"{family}/{name}"
    path = os.path.join(CORPUS, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    entries.append({"file": rel, "protocol": protocol, "endpoint": endpoint, "expect": expect, "note": note})


# ---------------------------------------------------------------- HTTP/1.1 framing and smuggling
def req(head_lines, body=b"", method_line="POST /validate HTTP/1.1"):
    head = method_line + "\r\n" + "".join(l + "\r\n" for l in head_lines) + "\r\n"
    return head.encode("latin-1") + body


J = b'{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}'
h1 = [
    ("cl-and-te", req(["Host: x", "Content-Length: 5", "Transfer-Encoding: chunked"], b"0\r\n\r\n"), "CL.TE smuggling shape"),
    ("te-and-cl", req(["Host: x", "Transfer-Encoding: chunked", "Content-Length: 4"], b"0\r\n\r\n"), "TE.CL smuggling shape"),
    ("two-cl-differ", req(["Host: x", "Content-Length: 2", "Content-Length: 3"], b"{}x"), "two differing Content-Length"),
    ("cl-list", req(["Host: x", "Content-Length: 2, 3"], b"{}x"), "Content-Length list"),
    ("cl-negative", req(["Host: x", "Content-Length: -1"], b""), "negative Content-Length"),
    ("cl-plus", req(["Host: x", "Content-Length: +2"], b"{}"), "Content-Length with a plus sign"),
    ("cl-hex", req(["Host: x", "Content-Length: 0x2"], b"{}"), "hex Content-Length"),
    ("cl-space-inside", req(["Host: x", "Content-Length: 1 2"], b"{}"), "Content-Length with inner space"),
    ("cl-overflow", req(["Host: x", "Content-Length: 99999999999999999999999999"], b"{}"), "Content-Length overflowing Int64"),
    ("cl-too-large", req(["Host: x", "Content-Length: 9000000"], b"{}"), "declared body beyond the 8 MiB /validate cap"),
    ("cl-empty", req(["Host: x", "Content-Length: "], b""), "empty Content-Length"),
    ("te-xchunked", req(["Host: x", "Transfer-Encoding: xchunked"], b"0\r\n\r\n"), "unknown transfer coding"),
    ("te-chunked-identity", req(["Host: x", "Transfer-Encoding: chunked, identity"], b"0\r\n\r\n"), "chunked not last"),
    ("te-gzip-chunked", req(["Host: x", "Transfer-Encoding: gzip, chunked"], b"0\r\n\r\n"), "unsupported coding before chunked"),
    ("te-double-header", req(["Host: x", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], b"0\r\n\r\n"), "chunked twice"),
    ("te-space-before-colon", req(["Host: x", "Transfer-Encoding : chunked"], b"0\r\n\r\n"), "space before the colon"),
    ("te-obs-fold", req(["Host: x", "Transfer-Encoding:", " chunked"], b"0\r\n\r\n"), "obs-fold continuation line"),
    ("te-tab-value", req(["Host: x", "Transfer-Encoding:\tchunked\t", "Content-Length: 3"], b"0\r\n\r\n"), "tabbed TE with CL"),
    ("te-http10", req(["Host: x", "Transfer-Encoding: chunked"], b"0\r\n\r\n", "POST /validate HTTP/1.0"), "Transfer-Encoding in HTTP/1.0"),
    ("chunk-size-overflow", req(["Host: x", "Transfer-Encoding: chunked"], b"ffffffffffffffffffff\r\nab\r\n0\r\n\r\n"), "chunk size overflow"),
    ("chunk-size-not-hex", req(["Host: x", "Transfer-Encoding: chunked"], b"zz\r\nab\r\n0\r\n\r\n"), "chunk size not hex"),
    ("chunk-size-negative", req(["Host: x", "Transfer-Encoding: chunked"], b"-2\r\nab\r\n0\r\n\r\n"), "negative chunk size"),
    ("chunk-size-too-large", req(["Host: x", "Transfer-Encoding: chunked"], b"1000000\r\nab\r\n0\r\n\r\n"), "one chunk larger than the body cap"),
    ("chunk-missing-crlf", req(["Host: x", "Transfer-Encoding: chunked"], b"2\r\nabcd\r\n0\r\n\r\n"), "chunk data longer than its size"),
    ("chunk-bare-lf", req(["Host: x", "Transfer-Encoding: chunked"], b"2\nab\n0\n\n"), "chunked body with bare LF"),
    ("chunk-ext-garbage", req(["Host: x", "Transfer-Encoding: chunked"], b"2;\x00\x01\r\nab\r\n0\r\n\r\n"), "control bytes in a chunk extension"),
    ("bare-lf-head", b"POST /validate HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}", "bare LF line endings"),
    ("bare-cr-head", b"POST /validate HTTP/1.1\rHost: x\r\n\r\n", "bare CR in the head"),
    ("header-no-colon", req(["Host: x", "Content-Length 2"], b"{}"), "header line without a colon"),
    ("header-name-space", req(["Host: x", "Content Length: 2"], b"{}"), "space inside a header name"),
    ("header-empty-name", req(["Host: x", ": 2"], b""), "empty header name"),
    ("leading-whitespace-header", req(["Host: x", " Content-Length: 2"], b"{}"), "first header line starts with space"),
    ("missing-host", req(["Content-Length: 2"], b"{}"), "HTTP/1.1 without Host"),
    ("two-hosts", req(["Host: a", "Host: b", "Content-Length: 2"], b"{}"), "two Host headers"),
    ("expect-102", req(["Host: x", "Expect: 102-processing", "Content-Length: 2"], b"{}"), "unsupported Expect"),
    ("lowercase-method", req(["Host: x"], b"", "post /validate HTTP/1.1"), "lowercase method"),
    ("unknown-method", req(["Host: x"], b"", "BREW /validate HTTP/1.1"), "unknown method"),
    ("method-with-ctl", req(["Host: x"], b"", "PO\x01ST /validate HTTP/1.1"), "control byte in the method"),
    ("no-version", req(["Host: x"], b"", "GET /healthz"), "request line without version (HTTP/0.9)"),
    ("http09-style", b"GET /healthz\r\n\r\n", "HTTP/0.9 request"),
    ("http12", req(["Host: x"], b"", "GET /healthz HTTP/1.2"), "HTTP/1.2"),
    ("http20-in-h1", req(["Host: x"], b"", "GET /healthz HTTP/2.0"), "HTTP/2.0 on an http/1.1 connection"),
    ("http3-in-h1", req(["Host: x"], b"", "GET /healthz HTTP/3"), "HTTP/3 version token"),
    ("version-lowercase", req(["Host: x"], b"", "GET /healthz http/1.1"), "lowercase version"),
    ("version-garbage", req(["Host: x"], b"", "GET /healthz HTTP/1.1x"), "garbage after the version"),
    ("double-space-request-line", req(["Host: x"], b"", "GET  /healthz HTTP/1.1"), "two spaces in the request line"),
    ("tab-request-line", req(["Host: x"], b"", "GET\t/healthz\tHTTP/1.1"), "tabs in the request line"),
    ("target-empty", req(["Host: x"], b"", "GET  HTTP/1.1"), "empty target"),
    ("target-no-slash", req(["Host: x"], b"", "GET healthz HTTP/1.1"), "target without a leading slash"),
    ("target-with-space-encoded-nul", req(["Host: x"], b"", "GET /healthz\x00 HTTP/1.1"), "NUL in the target"),
    ("target-8bit", req(["Host: x"], b"", "GET /h\xe9althz HTTP/1.1"), "8-bit byte in the target"),
    ("target-too-long", req(["Host: x"], b"", "GET /" + "a" * 20000 + " HTTP/1.1"), "20 kB target"),
    ("connect-method", req(["Host: x"], b"", "CONNECT localhost:443 HTTP/1.1"), "CONNECT"),
    ("headers-too-large", req(["Host: x", "X-Big: " + "a" * 17000], b""), "17 kB header"),
    ("headers-too-many", req(["Host: x"] + [f"X-H{i}: {i}" for i in range(150)], b""), "150 header fields"),
    ("headers-huge-total", req(["Host: x"] + [f"X-H{i}: " + "b" * 400 for i in range(60)], b""), "24 kB of headers"),
    ("post-validate-no-length", req(["Host: x"], b"", "POST /validate HTTP/1.1"), "POST /validate without a body"),
    ("get-validate", req(["Host: x"], b"", "GET /validate HTTP/1.1"), "GET on /validate"),
    ("delete-audit", req(["Host: x"], b"", "DELETE /audit HTTP/1.1"), "DELETE on /audit"),
    ("post-healthz-body", req(["Host: x", "Content-Length: 2"], b"{}", "POST /healthz HTTP/1.1"), "body on /healthz"),
    ("unknown-path", req(["Host: x"], b"", "GET /admin HTTP/1.1"), "unknown path"),
    ("path-traversal", req(["Host: x"], b"", "GET /../../etc/passwd HTTP/1.1"), "path traversal"),
    ("absolute-form-other-host", req(["Host: x"], b"", "GET http://evil.example/healthz/../x HTTP/1.1"), "absolute-form target to another path"),
    ("asterisk-form", req(["Host: x"], b"", "OPTIONS * HTTP/1.1"), "asterisk-form (OPTIONS *)"),
    ("h2-preface-on-h1", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HTTP/2 preface on an http/1.1 connection"),
    ("h2c-upgrade", req(["Host: x", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA"], b"", "GET /nowhere HTTP/1.1"), "h2c upgrade to an unknown path"),
    ("websocket-upgrade", req(["Host: x", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"], b"", "GET /ws HTTP/1.1"), "websocket upgrade to an unknown path"),
    ("only-crlf", b"\r\n\r\n\r\n\r\n", "empty lines only"),
    ("nul-bytes", b"\x00" * 64, "NUL bytes"),
    ("binary-garbage", bytes(range(256)), "every byte value"),
    ("json-without-head", J, "a JSON body without any head"),
    ("smuggle-in-body-cl0-te", req(["Host: x", "Content-Length: 0", "Transfer-Encoding: chunked"], b"5\r\nGET /\r\n0\r\n\r\n"), "CL:0 with TE"),
    ("te-capitalized-chunked-cl", req(["Host: x", "transfer-encoding: CHUNKED", "content-length: 6"], b"0\r\n\r\nX"), "mixed-case TE with CL"),
    ("te-quoted", req(["Host: x", 'Transfer-Encoding: "chunked"'], b"0\r\n\r\n"), "quoted coding"),
    ("te-comma-empty", req(["Host: x", "Transfer-Encoding: ,chunked"], b"0\r\n\r\n"), "empty list element in TE"),
    ("trailer-too-large", req(["Host: x", "Transfer-Encoding: chunked"], b"0\r\nX-T: " + b"t" * 20000 + b"\r\n\r\n"), "20 kB trailer"),
    ("trailer-bare-lf", req(["Host: x", "Transfer-Encoding: chunked"], b"0\r\nX-T: t\n\r\n"), "bare LF in a trailer"),
    ("cl-body-shorter-then-garbage", req(["Host: x", "Content-Length: 2"], b"{}\x16\x03\x01garbage"), "garbage pipelined after a body"),
]
for name, data, note in h1:
    put("h1", name + ".bin", data, "h1", "reject", note)

# Bytes no header field may contain: every control byte except HTAB, and DEL, in a name and in a value.
for b in list(range(0x00, 0x20)) + [0x7F]:
    if b in (0x09, 0x0A, 0x0D):
        continue
    put("h1-ctl", f"value-{b:02x}.bin", req(["Host: x", "X-Ctl: a" + chr(b) + "b", "Content-Length: 2"], b"{}"), "h1", "reject", f"byte 0x{b:02x} in a header value")
for b in list(range(0x00, 0x21)) + [0x22, 0x28, 0x29, 0x2C, 0x2F, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D, 0x7F]:
    if b in (0x0A, 0x0D):
        continue
    put("h1-ctl", f"name-{b:02x}.bin", req(["Host: x", "X" + chr(b) + "Y: a", "Content-Length: 2"], b"{}"), "h1", "reject", f"byte 0x{b:02x} in a header name")

# ---------------------------------------------------------------- TLS layer: garbage on the TLS port
def record(content_type, version, payload):
    return bytes([content_type]) + struct.pack(">HH", version, len(payload)) + payload


def client_hello(version, cipher_suites, extensions=b"", legacy=None):
    body = struct.pack(">H", legacy or version) + b"\x11" * 32 + b"\x00"
    body += struct.pack(">H", len(cipher_suites) * 2) + b"".join(struct.pack(">H", c) for c in cipher_suites)
    body += b"\x01\x00" + struct.pack(">H", len(extensions)) + extensions
    hs = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return record(0x16, 0x0301, hs)


tls = [
    ("plaintext-http", b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", "plaintext HTTP on the TLS port"),
    ("plaintext-post-audit", b"POST /audit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}", "plaintext POST /audit"),
    ("sslv2-hello", b"\x80\x2e\x01\x00\x02\x00\x15\x00\x00\x00\x10" + b"\x07\x00\xc0\x05\x00\x80\x03\x00\x80\x01\x00\x80\x06\x00\x40\x04\x00\x80\x02\x00\x80" + b"\x22" * 16, "SSLv2 ClientHello"),
    ("sslv3-hello", client_hello(0x0300, [0x000A, 0x002F]), "SSLv3 ClientHello"),
    ("tls10-hello", client_hello(0x0301, [0xC014, 0x002F]), "TLS 1.0-only ClientHello"),
    ("tls11-hello", client_hello(0x0302, [0xC014, 0x002F]), "TLS 1.1-only ClientHello"),
    ("tls12-null-ciphers", client_hello(0x0303, [0x0000, 0x0001, 0x0002]), "TLS 1.2 with NULL ciphers only"),
    ("tls12-export-rc4", client_hello(0x0303, [0x0003, 0x0004, 0x0005, 0x0017]), "TLS 1.2 with EXPORT and RC4 ciphers only"),
    ("tls12-des-3des", client_hello(0x0303, [0x0009, 0x000A, 0x0015]), "TLS 1.2 with DES and 3DES only"),
    ("tls12-anon", client_hello(0x0303, [0x0018, 0x001B, 0x0034, 0xC018]), "TLS 1.2 with anonymous suites only"),
    ("hello-zero-ciphers", client_hello(0x0303, []), "ClientHello without cipher suites"),
    ("record-too-long", record(0x16, 0x0303, b"") [:3] + b"\xff\xff" + b"\x01" * 64, "record header claiming 65535 bytes then garbage"),
    ("record-bad-type", record(0x99, 0x0303, b"\x00" * 32), "unknown record type"),
    ("alert-first", record(0x15, 0x0303, b"\x02\x28"), "an alert before any handshake"),
    ("appdata-first", record(0x17, 0x0303, b"\x00" * 64), "application data before the handshake"),
    ("ccs-first", record(0x14, 0x0303, b"\x01"), "ChangeCipherSpec first"),
    ("heartbeat-request", record(0x18, 0x0302, b"\x01\x40\x00" + b"A" * 3), "heartbeat request claiming 16 kB (Heartbleed shape)"),
    ("handshake-bad-length", record(0x16, 0x0303, b"\x01\xff\xff\xff" + b"\x00" * 40), "handshake message longer than its record"),
    ("hello-truncated-then-garbage", client_hello(0x0303, [0x1301, 0xC02F])[:30] + b"\x15" * 200, "truncated ClientHello then garbage"),
    ("random-bytes", bytes((i * 7919 + 13) & 0xFF for i in range(2048)), "2 kB of pseudo-random bytes"),
    ("nul-bytes", b"\x00" * 512, "NUL bytes"),
    ("ff-bytes", b"\xff" * 512, "0xFF bytes"),
    ("h2-preface-cleartext", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "cleartext HTTP/2 preface (h2c prior knowledge)"),
    ("many-tiny-records", b"".join(record(0x16, 0x0303, b"\x01") for _ in range(500)), "500 one-byte handshake records"),
]
for name, data, note in tls:
    put("tls", name + ".bin", data, "tcp", "closed", note)

# ---------------------------------------------------------------- HTTP/2 frames
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST, SETTINGS, PUSH, PING, GOAWAY, WINDOW, CONT = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
END_STREAM, END_HEADERS, PADDED, PRIO = 0x1, 0x4, 0x8, 0x20


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hint(value, prefix_bits, first=0):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first | value])
    out = [first | limit]
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def literal(name, value):  # literal without indexing, new name, no Huffman
    n, v = name.encode(), value.encode("utf-8", "surrogateescape")
    return b"\x00" + hint(len(n), 7) + n + hint(len(v), 7) + v


def hblock(path="/validate", method="POST", extra=()):
    out = literal(":method", method) + b"\x87" + literal(":path", path) + literal(":authority", "localhost")
    for k, v in extra:
        out += literal(k, v)
    return out


START = PREFACE + frame(SETTINGS, 0, 0)
POST = hblock(extra=[("content-type", "application/json")])
h2 = [
    ("bad-preface", b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n" + frame(SETTINGS, 0, 0), "h2-reject", "wrong client preface"),
    ("h1-on-h2", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "h2-reject", "HTTP/1.1 after ALPN h2"),
    ("settings-bad-length", PREFACE + frame(SETTINGS, 0, 0, b"\x00\x03\x00\x00\x00"), "h2-reject", "SETTINGS length not a multiple of 6"),
    ("settings-on-stream", PREFACE + frame(SETTINGS, 0, 1), "h2-reject", "SETTINGS on stream 1"),
    ("settings-ack-payload", START + frame(SETTINGS, 1, 0, b"\x00\x03\x00\x00\x00\x64"), "h2-reject", "SETTINGS ACK with a payload"),
    ("settings-enable-push-2", PREFACE + frame(SETTINGS, 0, 0, struct.pack(">HI", 2, 2)), "h2-reject", "ENABLE_PUSH=2"),
    ("settings-window-too-big", PREFACE + frame(SETTINGS, 0, 0, struct.pack(">HI", 4, 1 << 31)), "h2-reject", "INITIAL_WINDOW_SIZE 2^31"),
    ("settings-frame-size-small", PREFACE + frame(SETTINGS, 0, 0, struct.pack(">HI", 5, 100)), "h2-reject", "MAX_FRAME_SIZE 100"),
    ("settings-frame-size-huge", PREFACE + frame(SETTINGS, 0, 0, struct.pack(">HI", 5, 1 << 24)), "h2-reject", "MAX_FRAME_SIZE 2^24"),
    ("ping-bad-length", START + frame(PING, 0, 0, b"\x00" * 7), "h2-reject", "PING of 7 bytes"),
    ("ping-on-stream", START + frame(PING, 0, 1, b"\x00" * 8), "h2-reject", "PING on stream 1"),
    ("window-zero-conn", START + frame(WINDOW, 0, 0, struct.pack(">I", 0)), "h2-reject", "WINDOW_UPDATE 0 on the connection"),
    ("window-overflow", START + frame(WINDOW, 0, 0, struct.pack(">I", 0x7FFFFFFF)) * 2, "h2-reject", "connection window past 2^31-1"),
    ("window-bad-length", START + frame(WINDOW, 0, 0, b"\x00\x00\x01"), "h2-reject", "WINDOW_UPDATE of 3 bytes"),
    ("data-stream-0", START + frame(DATA, 0, 0, b"x"), "h2-reject", "DATA on stream 0"),
    ("data-idle-stream", START + frame(DATA, END_STREAM, 5, b"x"), "h2-reject", "DATA on an idle stream"),
    ("headers-stream-0", START + frame(HEADERS, END_HEADERS | END_STREAM, 0, hblock("/healthz", "GET")), "h2-reject", "HEADERS on stream 0"),
    ("headers-even-stream", START + frame(HEADERS, END_HEADERS | END_STREAM, 2, hblock("/healthz", "GET")), "h2-reject", "HEADERS on an even stream"),
    ("headers-bad-hpack-index", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, b"\xff\xff\xff\x0f"), "h2-reject", "HPACK index out of range"),
    ("headers-bad-hpack-length", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, b"\x00\x7f\xff\xff\xff\x0f"), "h2-reject", "HPACK string longer than the block"),
    ("headers-table-size-too-big", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, b"\x3f\xe1\xff\xff\x0f" + hblock("/healthz", "GET")), "h2-reject", "dynamic table size update beyond SETTINGS"),
    ("headers-padding-too-long", START + frame(HEADERS, END_HEADERS | END_STREAM | PADDED, 1, b"\xff" + hblock("/healthz", "GET")), "h2-reject", "pad length longer than the frame"),
    ("headers-self-dependency", START + frame(HEADERS, END_HEADERS | END_STREAM | PRIO, 1, struct.pack(">IB", 1, 15) + hblock("/healthz", "GET")), "h2-reject", "stream depends on itself"),
    ("headers-missing-method", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, b"\x87" + literal(":path", "/healthz")), "h2-reject", "no :method"),
    ("headers-missing-path", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, literal(":method", "GET") + b"\x87"), "h2-reject", "no :path"),
    ("headers-uppercase-name", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [("X-Upper", "a")])), "h2-reject", "uppercase header name"),
    ("headers-connection-header", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [("connection", "keep-alive")])), "h2-reject", "connection-specific header"),
    ("headers-te-gzip", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [("te", "gzip")])), "h2-reject", "te other than trailers"),
    ("headers-pseudo-after-regular", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, literal("x-a", "b") + hblock("/healthz", "GET")), "h2-reject", "pseudo-header after a regular one"),
    ("headers-unknown-pseudo", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [(":evil", "1")])), "h2-reject", "unknown pseudo-header"),
    ("headers-newline-value", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [("x-a", "b\r\nx-b: c")])), "h2-reject", "CRLF in a header value"),
    ("headers-nul-value", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [("x-a", "b\x00c")])), "h2-reject", "NUL in a header value"),
    ("headers-too-large", START + frame(HEADERS, END_STREAM, 1, hblock("/healthz", "GET", [("x-big", "a" * 17000)])[:16000]) + frame(CONT, END_HEADERS, 1, hblock("/healthz", "GET", [("x-big", "a" * 17000)])[16000:]), "h2-reject", "17 kB header value over HEADERS + CONTINUATION (16 KiB limit)"),
    ("headers-too-many", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET", [(f"x-h{i}", "v") for i in range(300)])), "h2-reject", "300 header fields"),
    ("headers-twice-no-end", START + frame(HEADERS, 0, 1, POST) + frame(HEADERS, END_HEADERS, 3, hblock("/healthz", "GET")), "h2-reject", "HEADERS interleaved with an open header block"),
    ("continuation-without-headers", START + frame(CONT, END_HEADERS, 1, hblock("/healthz", "GET")), "h2-reject", "CONTINUATION without HEADERS"),
    ("continuation-wrong-stream", START + frame(HEADERS, 0, 1, hblock("/healthz", "GET")) + frame(CONT, END_HEADERS, 3, b""), "h2-reject", "CONTINUATION on another stream"),
    ("continuation-flood", START + frame(HEADERS, 0, 1, POST) + b"".join(frame(CONT, 0, 1, literal(f"x-f{i}", "a")) for i in range(3000)), "h2-reject", "3000 CONTINUATION frames (CVE-2024-27316 shape)"),
    ("push-from-client", START + frame(PUSH, END_HEADERS, 1, struct.pack(">I", 2) + hblock("/healthz", "GET")), "h2-reject", "PUSH_PROMISE from a client"),
    ("rst-idle-stream", START + frame(RST, 0, 7, struct.pack(">I", 8)), "h2-reject", "RST_STREAM on an idle stream"),
    ("rst-bad-length", START + frame(HEADERS, END_HEADERS, 1, POST) + frame(RST, 0, 1, b"\x00\x00\x08"), "h2-reject", "RST_STREAM of 3 bytes"),
    ("goaway-stream", START + frame(GOAWAY, 0, 1, struct.pack(">II", 0, 0)), "h2-reject", "GOAWAY on stream 1"),
    ("frame-too-large", START + frame(DATA, 0, 1, b"x" * 20000), "h2-reject", "20 kB frame beyond the default MAX_FRAME_SIZE"),
    ("data-after-end-stream", START + frame(HEADERS, END_HEADERS | END_STREAM, 1, hblock("/healthz", "GET")) + frame(DATA, 0, 1, b"x"), "h2-reject", "DATA after END_STREAM"),
    ("content-length-mismatch", START + frame(HEADERS, END_HEADERS, 1, hblock(extra=[("content-length", "9000000")])) + frame(DATA, END_STREAM, 1, b"{}"), "h2-reject", "content-length 9000000, 2 bytes sent"),
    ("content-length-short", START + frame(HEADERS, END_HEADERS, 1, hblock(extra=[("content-length", "1")])) + frame(DATA, END_STREAM, 1, b"{}"), "h2-reject", "content-length 1, 2 bytes sent"),
    ("validate-garbage-body", START + frame(HEADERS, END_HEADERS, 1, POST) + frame(DATA, END_STREAM, 1, b"\xff\xfe{{{"), "h2-reject", "POST /validate with garbage over h2"),
    ("validate-deep-json", START + frame(HEADERS, END_HEADERS, 1, POST) + frame(DATA, END_STREAM, 1, b"[" * 16000), "h2-reject", "16000-deep JSON over h2"),
    ("validate-whitespace-64k", START + frame(HEADERS, END_HEADERS, 1, POST) + b"".join(frame(DATA, 0, 1, b" " * 16384) for _ in range(3)) + frame(DATA, END_STREAM, 1, b" " * 16383), "h2-reject", "a 64 kB body of whitespace (the whole initial window)"),
    ("many-streams-unfinished", START + b"".join(frame(HEADERS, END_HEADERS, 2 * i + 1, POST) for i in range(150)), "h2-reject", "150 open streams beyond MAX_CONCURRENT_STREAMS 100"),
    ("rapid-reset", START + b"".join(frame(HEADERS, END_HEADERS | END_STREAM, 2 * i + 1, hblock("/healthz", "GET")) + frame(RST, 0, 2 * i + 1, struct.pack(">I", 8)) for i in range(2000)), "h2-survive", "2000 HEADERS+RST_STREAM (CVE-2023-44487 shape)"),
    ("ping-flood", START + frame(PING, 0, 0, b"\x00" * 8) * 5000, "h2-survive", "5000 PINGs"),
    ("settings-flood", START + frame(SETTINGS, 0, 0, struct.pack(">HI", 3, 100)) * 5000, "h2-survive", "5000 SETTINGS"),
    ("empty-data-flood", START + frame(HEADERS, END_HEADERS, 1, POST) + frame(DATA, 0, 1, b"") * 5000, "h2-survive", "5000 empty DATA frames"),
    ("window-update-flood", START + frame(WINDOW, 0, 0, struct.pack(">I", 1)) * 5000, "h2-survive", "5000 one-byte WINDOW_UPDATEs"),
    ("priority-flood", START + b"".join(frame(PRIORITY, 0, 2 * i + 1, struct.pack(">IB", 0, 15)) for i in range(5000)), "h2-survive", "5000 PRIORITY frames on idle streams"),
    ("unknown-frame-flood", START + frame(0xEE, 0, 0, b"junk") * 5000, "h2-survive", "5000 frames of an unknown type (must be ignored)"),
    ("hpack-table-churn", START + b"".join(frame(HEADERS, END_HEADERS | END_STREAM, 2 * i + 1, hblock("/healthz", "GET") + b"\x40" + hint(5, 7) + b"x-big" + hint(4000, 7) + b"z" * 4000) for i in range(50)), "h2-survive", "50 requests each inserting a 4 kB header into the HPACK table"),
]
for name, data, expect, note in h2:
    put("h2", name + ".bin", data, "h2", expect, note)

# ---------------------------------------------------------------- /validate bodies
UID = "0b1e5f5e-7e2a-4e0c-9a0a-1f2e3d4c5b6a"


def review(**overrides):
    r = {
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {
            "uid": UID, "kind": {"group": "", "version": "v1", "kind": "Service"},
            "resource": {"group": "", "version": "v1", "resource": "services"},
            "name": "web", "namespace": "default", "operation": "CREATE",
            "userInfo": {"username": "admin"},
            "object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
                       "spec": {"type": "ClusterIP", "clusterIP": "10.96.7.7", "clusterIPs": ["10.96.7.7"],
                                "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}]}},
            "oldObject": None, "dryRun": False,
        },
    }
    return r


def dumps(v):
    return json.dumps(v, separators=(",", ":")).encode()


def with_path(doc, path, value, delete=False):
    cur = doc
    for p in path[:-1]:
        cur = cur[p]
    if delete:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return doc


V = lambda name, body, expect, note: put("validate", name + ".json", body, "validate", expect, note, "/validate")
V("empty", b"", "refused", "empty body")
V("null", b"null", "refused", "JSON null")
V("array", b"[]", "refused", "JSON array")
V("string", b'"AdmissionReview"', "refused", "JSON string")
V("number", b"12345", "refused", "JSON number")
V("bom", b"\xef\xbb\xbf" + dumps(review()), "answered", "UTF-8 BOM before the review (Foundation skips it, RFC 8259 8.1 allows that)")
V("utf16", dumps(review()).decode().encode("utf-16"), "answered", "UTF-16 encoded review (Foundation detects it; read correctly)")
V("trailing-garbage", dumps(review()) + b"}}", "refused", "garbage after the review")
V("two-documents", dumps(review()) + dumps(review()), "refused", "two reviews back to back")
V("comments", b"/* hi */" + dumps(review()), "refused", "a comment before the review")
V("nan", dumps(review()).replace(b'"port":80', b'"port":NaN'), "refused", "NaN literal")
V("infinity", dumps(review()).replace(b'"port":80', b'"port":Infinity'), "refused", "Infinity literal")
V("single-quotes", dumps(review()).replace(b'"', b"'"), "refused", "single-quoted JSON")
V("unquoted-keys", b'{apiVersion:"admission.k8s.io/v1"}', "refused", "unquoted keys")
V("unterminated-string", b'{"apiVersion":"admission.k8s.io/v1', "refused", "unterminated string")
V("ctl-in-string", dumps(review()).replace(b'"web"', b'"w\x01b"', 1), "refused", "raw control byte inside a string")
V("bad-escape", dumps(review()).replace(b'"web"', b'"w\\qb"', 1), "refused", "invalid escape \\q")
V("lone-surrogate", dumps(review()).replace(b'"web"', b'"\\ud800"', 1), "refused", "lone UTF-16 surrogate escape in a name")
full = dumps(review())
for i, cut in enumerate([1, 2, 10, len(full) // 4, len(full) // 2, len(full) - 30, len(full) - 2, len(full) - 1]):
    V(f"truncated-{i}", full[:cut], "refused", f"review cut at byte {cut}")
for i, seq in enumerate([b"\xff", b"\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98"]):
    V(f"bad-utf8-name-{i}", full.replace(b'"name":"web"', b'"name":"w' + seq + b'b"', 1), "refused", f"invalid UTF-8 {seq.hex()} in request.name")
    V(f"bad-utf8-uid-{i}", full.replace(UID.encode(), UID.encode()[:8] + seq, 1), "refused", f"invalid UTF-8 {seq.hex()} in request.uid")
for depth in [64, 512, 5000, 30000]:
    V(f"deep-array-{depth}", b"[" * depth + b"]" * depth, "refused", f"arrays nested {depth} deep")
    V(f"deep-object-in-review-{depth}", full[:-2] + b',"x":' + b'{"a":' * depth + b"1" + b"}" * depth + b"}}", "refused" if depth >= 512 else "answered", f"objects nested {depth} deep inside request (Foundation stops at 512)")
    V(f"deep-unclosed-{depth}", b'{"a":' * depth, "refused", f"unclosed objects {depth} deep")
for name, num in [("huge-int", "123456789012345678901234567890"), ("exp-overflow", "1e400"), ("neg-zero", "-0"), ("float", "80.5"),
                  ("negative", "-80"), ("zero", "0"), ("too-big-port", "65536"), ("int64-max", "9223372036854775807"),
                  ("int64-over", "9223372036854775808"), ("long-digits", "1" * 5000), ("exp-neg", "8e-400"), ("hex", "0x50"),
                  ("leading-zero", "080"), ("plus", "+80")]:
    V(f"port-{name}", full.replace(b'"port":80', b'"port":' + num.encode()), "refused", f"spec.ports[0].port = {num}")
wrong = [
    ("apiversion-v2", ["apiVersion"], "admission.k8s.io/v2"), ("apiversion-empty", ["apiVersion"], ""), ("apiversion-number", ["apiVersion"], 1),
    ("apiversion-v1beta2", ["apiVersion"], "admission.k8s.io/v1beta2"), ("kind-list", ["kind"], "List"), ("kind-null", ["kind"], None),
    ("request-array", ["request"], []), ("request-string", ["request"], "x"), ("request-null", ["request"], None),
    ("uid-number", ["request", "uid"], 42), ("uid-empty", ["request", "uid"], ""), ("uid-object", ["request", "uid"], {}),
("operation-number", ["request", "operation"], 3),
    ("object-string", ["request", "object"], "svc"), ("object-array", ["request", "object"], [1, 2]),
    ("spec-array", ["request", "object", "spec"], []), ("ports-object", ["request", "object", "spec", "ports"], {"port": 80}),
    ("clusterip-bad", ["request", "object", "spec", "clusterIP"], "10.96.300.1"), ("clusterip-number", ["request", "object", "spec", "clusterIP"], 10),
    ("clusterips-bad", ["request", "object", "spec", "clusterIPs"], ["999.999.999.999"]), ("protocol-sctp-bogus", ["request", "object", "spec", "ports", 0, "protocol"], "QUIC"),
    ("externalips-garbage", ["request", "object", "spec", "externalIPs"], ["not-an-ip", "1.2.3.4/33"]),
    ("dryrun-string", ["request", "dryRun"], "yes"), ("kind-gvk-string", ["request", "kind"], "Service"),
    ("metadata-array", ["request", "object", "metadata"], []), ("port-string", ["request", "object", "spec", "ports", 0, "port"], "80"),
    ("targetport-object", ["request", "object", "spec", "ports", 0, "targetPort"], {"a": 1}),
    ("loadbalancerip-bad", ["request", "object", "spec", "loadBalancerIP"], "1.1.1"),
    ("ingress-bad", ["request", "object", "status"], {"loadBalancer": {"ingress": [{"ip": "::zz"}]}}),
]
for name, path, value in wrong:
    V(f"wrong-{name}", dumps(with_path(review(), path, value)), "refused", f"{'.'.join(map(str, path))} = {json.dumps(value)}")
V("wrong-operation-unknown", dumps(with_path(review(), ["request", "operation"], "EXPLODE")), "answered", "request.operation EXPLODE: only CREATE and UPDATE are judged")
for path in (["apiVersion"], ["kind"], ["request"], ["request", "uid"], ["request", "kind"], ["request", "operation"],
             ["request", "object"], ["request", "object", "spec"], ["request", "object", "metadata"]):
    expect = "answered" if path in (["request", "object", "spec"],) else "refused"
    V("missing-" + "-".join(path), dumps(with_path(review(), path, None, delete=True)), expect, f"{'.'.join(path)} missing")
# Kinds and versions the webhook is not registered for: answered (allowed), never a crash.
for kind, res, group, ver in [("Deployment", "deployments", "apps", "v1"), ("ConfigMap", "configmaps", "", "v1"),
                              ("Service", "services", "", "v2"), ("Widget", "widgets", "example.com", "v1alpha1")]:
    r = review()
    r["request"]["kind"] = {"group": group, "version": ver, "kind": kind}
    r["request"]["resource"] = {"group": group, "version": ver, "resource": res}
    r["request"]["object"] = {"apiVersion": (group + "/" if group else "") + ver, "kind": kind, "metadata": {"name": "x"}, "data": {"a": [1, {"b": None}]}}
    V(f"other-kind-{kind.lower()}-{ver}", dumps(r), "answered", f"a {kind} {group}/{ver} review")
r = review(); r["request"]["object"]["kind"] = "Endpoints"
V("object-kind-mismatch", dumps(r), "answered", "request.kind Service, object kind Endpoints (request.kind decides)")
r = review(); r["request"]["object"]["spec"]["ports"] = [{"name": f"p{i}", "port": 1 + i, "protocol": "TCP"} for i in range(5000)]
V("five-thousand-ports", dumps(r), "answered", "a Service with 5000 ports (about 230 kB)")
r = review(); r["request"]["name"] = "n" * 300_000
V("long-name", dumps(r), "answered", "a 300 kB request.name")
V("duplicate-keys", full.replace(b'"name":"web"', b'"name":"web","name":"other"', 1), "answered", "duplicate key in request (one of them wins; answered)")

# ---------------------------------------------------------------- /audit bodies
def event(**o):
    e = {"level": "RequestResponse", "auditID": "6a3a4a8e-0000-4000-8000-00000000beef", "stage": "ResponseComplete",
         "verb": "create", "objectRef": {"resource": "services", "namespace": "default", "name": "evil", "apiVersion": "v1"},
         "responseStatus": {"metadata": {}, "code": 201},
         "responseObject": {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default", "resourceVersion": "5"},
                            "spec": {"type": "ClusterIP", "clusterIP": "10.96.9.9", "ports": [{"name": "x", "port": 80, "protocol": "TCP"}]}},
         "requestReceivedTimestamp": "2024-01-01T00:00:00.000000Z", "stageTimestamp": "2024-01-01T00:00:00.100000Z"}
    e.update(o)
    return e


def elist(items, **o):
    d = {"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "metadata": {}, "items": items}
    d.update(o)
    return dumps(d)


A = lambda name, body, expect, note: put("audit", name + ".json", body, "audit", expect, note, "/audit")
A("empty", b"", "reject", "empty body")
A("null", b"null", "reject", "JSON null")
A("array", b"[]", "reject", "JSON array")
A("kind-list", elist([event()], kind="List"), "reject", "kind List")
A("apiversion-v1beta1", elist([event()], apiVersion="audit.k8s.io/v1beta1"), "reject", "audit.k8s.io/v1beta1")
A("apiversion-v1alpha1", elist([event()], apiVersion="audit.k8s.io/v1alpha1"), "reject", "audit.k8s.io/v1alpha1")
A("apiversion-other-group", elist([event()], apiVersion="admission.k8s.io/v1"), "reject", "wrong group")
A("kind-admissionreview", dumps(review()), "reject", "an AdmissionReview posted to /audit")
A("items-missing", dumps({"kind": "EventList", "apiVersion": "audit.k8s.io/v1"}), "reject", "no items")
A("items-null", elist(None), "reject", "items null")
A("items-object", elist({"a": 1}), "reject", "items an object")
A("items-string", elist("x"), "reject", "items a string")
fullA = elist([event()])
for i, cut in enumerate([1, 5, len(fullA) // 3, len(fullA) // 2, len(fullA) - 3, len(fullA) - 1]):
    A(f"truncated-{i}", fullA[:cut], "reject", f"EventList cut at byte {cut}")
for i, seq in enumerate([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82"]):
    A(f"bad-utf8-{i}", fullA.replace(b'"name":"evil"', b'"name":"ev' + seq + b'l"'), "skipped", f"invalid UTF-8 {seq.hex()} in names: the item is unreadable and skipped")
for depth in [512, 5000, 30000]:
    A(f"deep-{depth}", b'{"items":' + b"[" * depth + b"]" * depth + b"}", "reject", f"items nested {depth} deep")
    A(f"deep-item-field-{depth}", fullA[:-2] + b',"x":' + b"[" * depth + b"]" * depth + b"}", "reject" if depth >= 512 else "skipped", f"an extra field {depth} deep")
A("trailing-garbage", fullA + b"]", "reject", "garbage after the list")
A("bom-between-tokens", fullA.replace(b'"items":', b'\xef\xbb\xbf"items":', 1), "reject", "UTF-8 BOM between tokens")
A("nan-code", fullA.replace(b'"code":201', b'"code":NaN'), "reject", "NaN status code")
# Lists whose every item is unreadable: answered 200 (one bad item must not lose a batch that
# kube-apiserver would otherwise retry and drop) and the store stays unchanged.
broken_items = [
    ("item-number", 5), ("item-string", "x"), ("item-null", None), ("item-array", [event()]),
    ("no-auditid", {k: v for k, v in event().items() if k != "auditID"}), ("no-stage", {k: v for k, v in event().items() if k != "stage"}),
    ("auditid-number", event(auditID=12)), ("auditid-null", event(auditID=None)), ("stage-number", event(stage=3)),
    ("verb-object", event(verb={"v": 1})), ("objectref-string", event(objectRef="services/x")),
    ("objectref-resource-number", event(objectRef={"resource": 7, "name": "evil"})), ("responsestatus-string", event(responseStatus="OK")),
    ("code-string", event(responseStatus={"code": "201"})), ("code-huge", event(responseStatus={"code": 10 ** 30})),
    ("code-float", event(responseStatus={"code": 201.5})),
    ("response-object-string", event(responseObject="svc")), ("response-object-array", event(responseObject=[1, 2])),
    ("response-spec-array", event(responseObject={"kind": "Service", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "spec": []})),
    ("response-ports-string", event(responseObject={"kind": "Service", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "spec": {"ports": "80"}})),
    ("response-port-huge", event(responseObject={"kind": "Service", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "spec": {"clusterIP": "10.96.9.9", "ports": [{"port": 10 ** 25}]}})),
    ("response-metadata-number", event(responseObject={"kind": "Service", "apiVersion": "v1", "metadata": 5})),
    ("endpoints-subsets-string", event(objectRef={"resource": "endpoints", "namespace": "default", "name": "evil"}, responseObject={"kind": "Endpoints", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "subsets": "x"})),
    ("endpoints-address-number", event(objectRef={"resource": "endpoints", "namespace": "default", "name": "evil"}, responseObject={"kind": "Endpoints", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "subsets": [{"addresses": [{"ip": 5}], "ports": [{"port": 80}]}]})),
    ("node-podcidr-number", event(objectRef={"resource": "nodes", "name": "evil-node"}, responseObject={"kind": "Node", "apiVersion": "v1", "metadata": {"name": "evil-node"}, "spec": {"podCIDR": 10}})),
    ("pod-status-string", event(objectRef={"resource": "pods", "namespace": "default", "name": "evil"}, responseObject={"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "evil", "namespace": "default"}, "status": "Running"})),
    ("slice-endpoints-object", event(objectRef={"resource": "endpointslices", "apiGroup": "discovery.k8s.io", "namespace": "default", "name": "evil-x"}, responseObject={"kind": "EndpointSlice", "apiVersion": "discovery.k8s.io/v1", "metadata": {"name": "evil-x", "namespace": "default"}, "addressType": "IPv4", "endpoints": {"a": 1}})),
    ("deletecollection-items-string", event(verb="deletecollection", objectRef={"resource": "services", "namespace": "default"}, responseObject={"kind": "ServiceList", "apiVersion": "v1", "items": "x"})),
]
for name, item in broken_items:
    A(f"broken-{name}", elist([item]), "skipped", f"the only item: {name}")
A("broken-mixed-many", elist([it for _, it in broken_items] * 10), "skipped", f"{len(broken_items) * 10} broken items")
A("broken-items-10000", elist([5] * 10000), "skipped", "10000 numbers as items")

# ---------------------------------------------------------------- manifest
os.makedirs(CORPUS, exist_ok=True)
with open(os.path.join(CORPUS, "manifest.jsonl"), "w") as f:
    for e in entries:
        f.write(json.dumps(e, sort_keys=True) + "\n")
counts = {}
for e in entries:
    counts[e["file"].split("/")[0]] = counts.get(e["file"].split("/")[0], 0) + 1
print(f"{len(entries)} inputs: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
