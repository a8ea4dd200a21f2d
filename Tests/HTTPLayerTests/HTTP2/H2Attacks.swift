/// A Python script (Debian's python3 with `hpack`) that speaks raw HTTP/2 frames over TLS to
/// misbehave in one of several ways, then reads until the server closes. It prints
/// "goaway=<error code or None> closed=<True|False> frames=<count>".
enum H2Attacks {
    static let script = #"""
import socket, ssl, struct, sys, time
import hpack

mode, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
ctx.set_alpn_protocols(['h2'])
raw = socket.create_connection(('127.0.0.1', port), timeout=30)
s = ctx.wrap_socket(raw, server_hostname='localhost')
assert s.selected_alpn_protocol() == 'h2', s.selected_alpn_protocol()

def frame(kind, flags, stream, payload=b''):
    return struct.pack('>I', len(payload))[1:] + bytes([kind, flags]) + struct.pack('>I', stream) + payload

encoder = hpack.Encoder()
def request_headers():
    return encoder.encode([(':method', 'GET'), (':scheme', 'https'), (':path', '/'), (':authority', 'localhost')])

def send(data):
    try:
        s.sendall(data)
        return True
    except (OSError, ssl.SSLError):
        return False

PREFACE = b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'
HEADERS, RST_STREAM, SETTINGS, GOAWAY, CONTINUATION = 1, 3, 4, 7, 9
END_STREAM, END_HEADERS = 0x1, 0x4

if mode == 'badpreface':
    send(b'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')
else:
    send(PREFACE + frame(SETTINGS, 0, 0))
    if mode == 'rapidreset':
        stream = 1
        for batch in range(50):
            data = b''
            for _ in range(100):
                data += frame(HEADERS, END_HEADERS | END_STREAM, stream, request_headers())
                data += frame(RST_STREAM, 0, stream, struct.pack('>I', 8))
                stream += 2
            if not send(data):
                break
    elif mode == 'continuation':
        send(frame(HEADERS, 0, 1, request_headers()))
        for i in range(2000):
            if not send(frame(CONTINUATION, 0, 1, encoder.encode([('x-filler-%d' % i, 'a')]))):
                break
    elif mode == 'settings':
        send(frame(SETTINGS, 0, 0, struct.pack('>HI', 3, 100)) * 50000)
    elif mode == 'polite':
        send(frame(HEADERS, END_HEADERS | END_STREAM, 1, request_headers()))

goaway, closed, frames, buffer = None, False, 0, b''
deadline = time.time() + 30
try:
    while time.time() < deadline:
        chunk = s.recv(65536)
        if not chunk:
            closed = True
            break
        buffer += chunk
        while len(buffer) >= 9:
            length = int.from_bytes(buffer[0:3], 'big')
            if len(buffer) < 9 + length:
                break
            frames += 1
            if buffer[3] == GOAWAY:
                goaway = int.from_bytes(buffer[13:17], 'big')
            buffer = buffer[9 + length:]
        if mode == 'polite' and frames >= 4:
            break
except (ConnectionResetError, BrokenPipeError, ssl.SSLError, OSError):
    closed = True
print('goaway=%s closed=%s frames=%d' % (goaway, closed, frames))
"""#
}
