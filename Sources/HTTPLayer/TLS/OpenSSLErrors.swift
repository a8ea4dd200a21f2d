internal import COpenSSL

/// Reading OpenSSL's per-thread error queue into text for thrown errors.
enum OpenSSLErrors {
    /// Empties the calling thread's error queue and returns its entries, oldest first, joined.
    /// Called after every failed OpenSSL call: a stale entry would confuse the next SSL_get_error.
    static func drain() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL error queued" : messages.joined(separator: "; ")
    }

    /// An error with `what` and the drained queue as its reason.
    static func error(_ code: HTTPLayerError.Code, _ what: String) -> HTTPLayerError {
        HTTPLayerError(code, "\(what): \(drain())")
    }
}
