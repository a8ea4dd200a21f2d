internal import Glibc

/// The IMF-fixdate for the Date header, formatted at most once per second per thread.
enum HTTPDate {
    /// "Sun, 06 Nov 1994 08:49:37 GMT" for now. Loop threads cache their own copy.
    static func now(cache: inout (second: Int, text: String)) -> String {
        var seconds = time(nil)
        if seconds == cache.second { return cache.text }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        let text = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        cache = (seconds, text)
        return text
    }
}
