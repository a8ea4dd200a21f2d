internal import CNghttp2

/// Building nghttp2_nv arrays; nghttp2 copies names and values during submit, so the storage
/// only needs to live for the call.
enum HTTP2HeaderBlock {
    static func withNameValues<Result>(
        _ fields: [(String, String)],
        _ body: (UnsafePointer<nghttp2_nv>, Int) -> Result
    ) -> Result {
        let total = fields.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, total))
        defer { storage.deallocate() }
        guard let base = storage.baseAddress else { preconditionFailure("allocation without a base address") }
        var nva: [nghttp2_nv] = []
        nva.reserveCapacity(fields.count)
        var offset = 0
        for (name, value) in fields {
            let namePointer = base + offset
            for byte in name.utf8 { storage[offset] = byte; offset += 1 }
            let valuePointer = base + offset
            for byte in value.utf8 { storage[offset] = byte; offset += 1 }
            nva.append(nghttp2_nv(name: namePointer, value: valuePointer, namelen: name.utf8.count,
                                  valuelen: value.utf8.count, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)))
        }
        return nva.withUnsafeBufferPointer { buffer in
            // Never empty: every response block carries :status.
            guard let nvaBase = buffer.baseAddress else { preconditionFailure("empty HTTP/2 header block") }
            return body(nvaBase, buffer.count)
        }
    }
}
