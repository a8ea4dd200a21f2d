// libFuzzer target: the HTTP/1.1 request head scanner, head parser and body decoder, fed the
// way the server feeds them (the head incrementally, then the body under its framing and cap);
// each head is parsed alone and with the lines of the heads before it remembered, alike.
// Built only by `make fuzz` (debug, so `@testable` reaches the internal parser).
@testable import HTTPLayer

/// The heads of the inputs run so far, as one connection's (libFuzzer runs inputs one at a time).
nonisolated(unsafe) var connectionMemo = HTTP1HeadMemo(remembering: true)

// The test function: exported for libFuzzer (its archive's main references it), and handed to
// LLVMFuzzerRunDriver by main.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP1(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var scanner = HTTP1HeadScanner(maxHeaderBytes: 16 * 1024, maxHeaderCount: 100)
    // Feed the head in two steps when it is long enough, as a slow peer would.
    let split = size / 2
    var found: Int?
    do {
        found = try scanner.scan(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
        if found == nil { found = try scanner.scan(bytes) }
    } catch {
        return 0
    }
    guard let headLength = found else { return 0 }
    precondition(headLength <= size, "the head scanner reported a head longer than its input")
    let head = UnsafeRawBufferPointer(rebasing: bytes[..<headLength])
    // Differential: parsed with the lines of the inputs before it remembered (as a keep-alive
    // connection parses its heads, HTTP1HeadMemo), a head must parse as it does alone.
    let alone = Result { () throws(HTTPParseError) in try HTTP1RequestHeadParser.parse(head) }
    let remembered = Result { () throws(HTTPParseError) in try HTTP1RequestHeadParser.parse(head, memo: &connectionMemo) }
    switch (alone, remembered) {
    case (.success(let a), .success(let b)): precondition(a == b, "a head parsed differently with the previous heads remembered")
    case (.failure(let a), .failure(let b)): precondition(a.reason == b.reason, "a head was refused differently with the previous heads remembered")
    default: preconditionFailure("a head was refused only with or only without the previous heads remembered")
    }
    guard case .success(let parsed) = alone else { return 0 }
    guard var decoder = try? HTTP1BodyDecoder(framing: parsed.framing, maxBytes: 64 * 1024) else { return 0 }
    var rest = UnsafeRawBufferPointer(rebasing: bytes[headLength...])
    while !rest.isEmpty {
        guard let used = try? decoder.feed(rest), used > 0 else { break }
        precondition(used <= rest.count, "the body decoder consumed more than it was given")
        rest = UnsafeRawBufferPointer(rebasing: rest[used...])
    }
    try? decoder.finishAtEndOfStream()
    _ = decoder.takeBody()
    return 0
}
