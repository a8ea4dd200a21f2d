/// The Unicode encoding form of a JSON text. RFC 8259 8.1 requires UTF-8 between systems, but
/// Foundation's `JSONDecoder` (what the webhook used before `JSONDocument`) also reads UTF-16 and
/// UTF-32, so a client that sends them keeps working.
enum JSONEncodingForm: Equatable {
    case utf8, utf16BigEndian, utf16LittleEndian, utf32BigEndian, utf32LittleEndian

    /// The form of `bytes` and the length of its byte order mark, decided as Foundation does: a
    /// byte order mark first (`FF FE 00 00` is UTF-32LE, not UTF-16LE and a NUL), else RFC 4627 3's
    /// pattern of zero bytes (the first two characters of a JSON text are ASCII):
    ///
    ///     00 00 00 xx  UTF-32BE     xx 00 00 00  UTF-32LE
    ///     00 xx 00 xx  UTF-16BE     xx 00 xx 00  UTF-16LE
    ///     00 xx (2–3 bytes) UTF-16BE  xx 00 (2–3 bytes) UTF-16LE    else UTF-8
    ///
    /// A UTF-8 byte order mark is left for the parser, which skips it.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> (form: JSONEncodingForm, byteOrderMark: Int) {
        let count = bytes.count
        if count >= 4 {
            switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
            case (0xFF, 0xFE, 0, 0): return (.utf32LittleEndian, 4)
            case (0, 0, 0xFE, 0xFF): return (.utf32BigEndian, 4)
            default: break
            }
        }
        if count >= 2 {
            switch (bytes[0], bytes[1]) {
            case (0xFF, 0xFE): return (.utf16LittleEndian, 2)
            case (0xFE, 0xFF): return (.utf16BigEndian, 2)
            default: break
            }
        }
        if count >= 4 {
            switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
            case (0, 0, 0, _): return (.utf32BigEndian, 0)
            case (_, 0, 0, 0): return (.utf32LittleEndian, 0)
            case (0, _, 0, _): return (.utf16BigEndian, 0)
            case (_, 0, _, 0): return (.utf16LittleEndian, 0)
            default: return (.utf8, 0)
            }
        }
        if count >= 2 {
            switch (bytes[0], bytes[1]) {
            case (0, _): return (.utf16BigEndian, 0)
            case (_, 0): return (.utf16LittleEndian, 0)
            default: break
            }
        }
        return (.utf8, 0)
    }
}

extension JSONDocument {
    /// A UTF-8 copy of `input` for the parser to own: the bytes themselves when they are UTF-8 (the
    /// usual case: one check of the first four bytes), else the text transcoded from UTF-16 or
    /// UTF-32 without its byte order mark. Ill-formed UTF-16/32 is an error for the whole document,
    /// as in Foundation (which cannot convert it to a string at all).
    static func utf8Copy(of input: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> UnsafeMutableBufferPointer<UInt8> {
        let (form, byteOrderMark) = JSONEncodingForm.detect(input)
        guard form != .utf8 else {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: input.count)
            _ = copy.initialize(from: input)
            return copy
        }
        let utf8 = try transcode(UnsafeBufferPointer(rebasing: input[byteOrderMark...]), from: form, offset: byteOrderMark)
        // The parser skips a UTF-8 byte order mark; one after a UTF-16/32 mark is content (Foundation refuses it too).
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { throw JSONParseError(offset: byteOrderMark, reason: "a second byte order mark") }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: utf8.count)
        _ = copy.initialize(from: utf8)
        return copy
    }

    /// `input` (after the byte order mark, which was `offset` bytes) from UTF-16 or UTF-32 to UTF-8.
    private static func transcode(
        _ input: UnsafeBufferPointer<UInt8>, from form: JSONEncodingForm, offset: Int
    ) throws(JSONParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        switch form {
        case .utf8:
            out.append(contentsOf: input)
        case .utf16BigEndian, .utf16LittleEndian:
            let bigEndian = form == .utf16BigEndian
            var units: [UInt16] = []
            units.reserveCapacity(input.count / 2)
            var i = 0
            while i + 1 < input.count {
                units.append(bigEndian ? UInt16(input[i]) << 8 | UInt16(input[i + 1]) : UInt16(input[i + 1]) << 8 | UInt16(input[i]))
                i += 2
            }
            guard i == input.count else { throw JSONParseError(offset: offset + i, reason: "UTF-16 text of an odd number of bytes") }
            var parser = Unicode.UTF16.ForwardParser()
            var iterator = units.makeIterator()
            var position = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let encoded):
                    out.append(contentsOf: UTF8.encode(UTF16.decode(encoded))!)
                    position += encoded.count
                case .emptyInput:
                    return out
                case .error:
                    throw JSONParseError(offset: offset + 2 * position, reason: "invalid UTF-16 (unpaired surrogate)")
                }
            }
        case .utf32BigEndian, .utf32LittleEndian:
            let bigEndian = form == .utf32BigEndian
            var i = 0
            while i + 3 < input.count {
                let value = bigEndian
                    ? UInt32(input[i]) << 24 | UInt32(input[i + 1]) << 16 | UInt32(input[i + 2]) << 8 | UInt32(input[i + 3])
                    : UInt32(input[i + 3]) << 24 | UInt32(input[i + 2]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i])
                guard let scalar = Unicode.Scalar(value) else {
                    throw JSONParseError(offset: offset + i, reason: "invalid UTF-32 (not a Unicode scalar)")
                }
                out.append(contentsOf: UTF8.encode(scalar)!)
                i += 4
            }
            guard i == input.count else { throw JSONParseError(offset: offset + i, reason: "UTF-32 text not a multiple of four bytes") }
        }
        return out
    }
}
