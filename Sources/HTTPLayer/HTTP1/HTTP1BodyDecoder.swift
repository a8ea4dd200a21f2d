/// Collects a message body delimited by Content-Length, chunked coding or connection close,
/// enforcing a size limit (413) as bytes arrive. Chunk sizes are checked against the limit
/// before their data is read.
struct HTTP1BodyDecoder {
    /// Longest chunk-size line (size, extensions) accepted.
    static let maxChunkLineBytes = 4096
    /// Trailer section bytes accepted (trailers are read and dropped).
    static let maxTrailerBytes = 16 * 1024

    private enum State {
        case length(remaining: Int)
        case chunkSize(size: Int, digits: Int, inExtension: Bool, lineBytes: Int)
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailer(lineBytes: Int, totalBytes: Int)
        case untilClose
        case done
    }

    let maxBytes: Int
    private(set) var body: [UInt8] = []
    private var state: State
    private var previousWasCR = false

    init(framing: BodyFraming, maxBytes: Int) throws(HTTPParseError) {
        self.maxBytes = maxBytes
        switch framing {
        case .none:
            state = .done
        case .length(let length):
            guard length <= maxBytes else {
                throw HTTPParseError(413, "body_too_large", "body of \(length) bytes exceeds \(maxBytes)")
            }
            body.reserveCapacity(length)
            state = length == 0 ? .done : .length(remaining: length)
        case .chunked:
            state = .chunkSize(size: 0, digits: 0, inExtension: false, lineBytes: 0)
        case .untilClose:
            state = .untilClose
        }
    }

    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Takes the body out once complete.
    mutating func takeBody() -> [UInt8] {
        defer { body = [] }
        return body
    }

    /// Consumes body bytes from the front of `bytes`; returns how many were consumed.
    /// Bytes after the end of the body are left for the next message.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var index = 0
        while index < bytes.count {
            switch state {
            case .done:
                return index
            case .length(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = remaining == take ? .done : .length(remaining: remaining - take)
            case .untilClose:
                let take = bytes.count - index
                guard body.count + take <= maxBytes else {
                    throw HTTPParseError(413, "body_too_large", "body exceeds \(maxBytes) bytes")
                }
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index...]))
                index += take
            case .chunkData(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = remaining == take ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - take)
            case .chunkDataEnd(let sawCR):
                let byte = bytes[index]
                index += 1
                if !sawCR {
                    guard byte == HTTPBytes.cr else { throw .bad("invalid_chunk", "chunk data not followed by CRLF") }
                    state = .chunkDataEnd(sawCR: true)
                } else {
                    guard byte == HTTPBytes.lf else { throw .bad("invalid_chunk", "chunk data not followed by CRLF") }
                    state = .chunkSize(size: 0, digits: 0, inExtension: false, lineBytes: 0)
                }
            case .chunkSize(let size, let digits, let inExtension, let lineBytes):
                let byte = bytes[index]
                index += 1
                try chunkSizeByte(byte, size: size, digits: digits, inExtension: inExtension, lineBytes: lineBytes)
            case .trailer(let lineBytes, let totalBytes):
                let byte = bytes[index]
                index += 1
                try trailerByte(byte, lineBytes: lineBytes, totalBytes: totalBytes)
            }
        }
        return index
    }

    /// The peer closed: completes an until-close body; any other unfinished body is an error.
    mutating func finishAtEndOfStream() throws(HTTPParseError) {
        switch state {
        case .untilClose, .done: state = .done
        default: throw .bad("truncated_body", "connection closed before the end of the body")
        }
    }

    private mutating func chunkSizeByte(_ byte: UInt8, size: Int, digits: Int, inExtension: Bool,
                                        lineBytes: Int) throws(HTTPParseError) {
        guard lineBytes < Self.maxChunkLineBytes else { throw .bad("invalid_chunk", "chunk-size line too long") }
        let wasCR = previousWasCR
        previousWasCR = byte == HTTPBytes.cr
        if wasCR {
            guard byte == HTTPBytes.lf else { throw .bad("invalid_chunk", "bare CR in chunk-size line") }
            guard digits > 0 else { throw .bad("invalid_chunk", "chunk-size without digits") }
            if size == 0 {
                state = .trailer(lineBytes: 0, totalBytes: 0)
            } else {
                guard body.count + size <= maxBytes else {
                    throw HTTPParseError(413, "body_too_large", "chunked body exceeds \(maxBytes) bytes")
                }
                state = .chunkData(remaining: size)
            }
            return
        }
        if byte == HTTPBytes.cr { return }
        if byte == HTTPBytes.lf { throw .bad("invalid_chunk", "bare LF in chunk-size line") }
        if inExtension {
            guard HTTPBytes.isFieldValueByte(byte) else { throw .bad("invalid_chunk", "control byte in chunk extension") }
            state = .chunkSize(size: size, digits: digits, inExtension: true, lineBytes: lineBytes + 1)
            return
        }
        if let value = RequestTarget.hexValue(byte) {
            guard digits < 15 else { throw .bad("invalid_chunk", "chunk-size too large") }
            state = .chunkSize(size: size << 4 | Int(value), digits: digits + 1, inExtension: false, lineBytes: lineBytes + 1)
        } else if byte == UInt8(ascii: ";") || byte == HTTPBytes.space || byte == HTTPBytes.tab, digits > 0 {
            state = .chunkSize(size: size, digits: digits, inExtension: byte == UInt8(ascii: ";"), lineBytes: lineBytes + 1)
        } else {
            throw .bad("invalid_chunk", "invalid byte in chunk-size")
        }
    }

    private mutating func trailerByte(_ byte: UInt8, lineBytes: Int, totalBytes: Int) throws(HTTPParseError) {
        guard totalBytes < Self.maxTrailerBytes else {
            throw HTTPParseError(431, "trailers_too_large", "trailer section larger than \(Self.maxTrailerBytes) bytes")
        }
        let wasCR = previousWasCR
        previousWasCR = byte == HTTPBytes.cr
        if wasCR {
            guard byte == HTTPBytes.lf else { throw .bad("invalid_chunk", "bare CR in trailer section") }
            state = lineBytes == 0 ? .done : .trailer(lineBytes: 0, totalBytes: totalBytes + 1)
            return
        }
        if byte == HTTPBytes.lf { throw .bad("invalid_chunk", "bare LF in trailer section") }
        if byte == HTTPBytes.cr {
            state = .trailer(lineBytes: lineBytes, totalBytes: totalBytes + 1)
            return
        }
        state = .trailer(lineBytes: lineBytes + 1, totalBytes: totalBytes + 1)
    }
}
