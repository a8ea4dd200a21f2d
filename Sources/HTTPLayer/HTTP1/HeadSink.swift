/// Where `HTTP1Serializer.writeHead` writes a response head: a buffer on the stack
/// (`FixedHead`), or the output array itself when the head does not fit there.
protocol HeadSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer)
}

extension HeadSink {
    @inline(__always) mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// "name: value" and CRLF.
    mutating func writeField(_ name: String, _ value: String) {
        write(name)
        write(": ")
        write(value)
        write("\r\n")
    }

    /// `value` (not negative) in decimal.
    mutating func writeDecimal(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value.magnitude
            var first = buffer.count
            repeat {
                first -= 1
                buffer[first] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            write(UnsafeRawBufferPointer(rebasing: buffer[first...]))
        }
    }
}

extension Array: HeadSink where Element == UInt8 {
    @inline(__always) mutating func write(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

/// A head written into fixed memory (a stack buffer); bytes that do not fit set `overflowed`
/// and are dropped, and the caller writes the head again elsewhere.
struct FixedHead: HeadSink {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var count = 0
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    @inline(__always) mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard !overflowed, bytes.count <= buffer.count - count, let base = buffer.baseAddress, let source = bytes.baseAddress else {
            overflowed = overflowed || !bytes.isEmpty
            return
        }
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}
