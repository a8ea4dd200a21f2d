internal import Glibc

/// Small text files of the kernel's (`/proc`, `/sys`): read whole, nil when absent or unreadable.
enum TextFile {
    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes += buffer[0..<count] }
            // Kernel files are small; 1 MiB is more than any of them.
            if count < buffer.count || bytes.count > 1 << 20 { break }
        }
        guard ferror(file) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
