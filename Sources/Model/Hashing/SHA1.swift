/// SHA-1 (FIPS 180-4), used only for name-based UUIDs (RFC 4122 v5) and interface names,
/// where the original controllers fixed the algorithm. Not for security.
public enum SHA1 {
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        let h = message.withContiguousStorageIfAvailable { digestWords(of: UnsafeRawBufferPointer($0)) }
            ?? Array(message).withUnsafeBytes { digestWords(of: $0) }
        var digest = [UInt8]()
        digest.reserveCapacity(20)
        for word in [h.0, h.1, h.2, h.3, h.4] { digest += word.bigEndianBytes }
        return digest
    }

    /// The five digest words of `message`, without heap allocation: whole blocks are read in
    /// place, the padded tail is built in a 128-byte stack buffer.
    static func digestWords(of message: UnsafeRawBufferPointer) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        let count = message.count
        let whole = count / 64 * 64
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            var offset = 0
            while offset < whole {
                compress(&h, UnsafeRawBufferPointer(rebasing: message[offset..<offset + 64]), w)
                offset += 64
            }
            // The rest, 0x80, zeros, the 64-bit big-endian bit length: one or two blocks.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                let rest = count - whole
                let tailLength = rest + 9 <= 64 ? 64 : 128
                for i in 0..<rest { tail[i] = message[whole + i] }
                tail[rest] = 0x80
                for i in (rest + 1)..<tailLength { tail[i] = 0 }
                let bitLength = UInt64(count) &* 8
                for i in 0..<8 { tail[tailLength - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(i * 8)) }
                let bytes = UnsafeRawBufferPointer(tail)
                compress(&h, UnsafeRawBufferPointer(rebasing: bytes[0..<64]), w)
                if tailLength == 128 { compress(&h, UnsafeRawBufferPointer(rebasing: bytes[64..<128]), w) }
            }
        }
        return h
    }

    @inline(__always)
    static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawBufferPointer, _ w: UnsafeMutableBufferPointer<UInt32>) {
        for i in 0..<16 {
            let p = i * 4
            w[i] = UInt32(block[p]) << 24 | UInt32(block[p + 1]) << 16 | UInt32(block[p + 2]) << 8 | UInt32(block[p + 3])
        }
        for i in 16..<80 { w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotatedLeft(1) }
        var (a, b, c, d, e) = h
        for i in 0..<20 {
            let t = a.rotatedLeft(5) &+ ((b & c) | (~b & d)) &+ e &+ 0x5A82_7999 &+ w[i]
            (e, d, c, b, a) = (d, c, b.rotatedLeft(30), a, t)
        }
        for i in 20..<40 {
            let t = a.rotatedLeft(5) &+ (b ^ c ^ d) &+ e &+ 0x6ED9_EBA1 &+ w[i]
            (e, d, c, b, a) = (d, c, b.rotatedLeft(30), a, t)
        }
        for i in 40..<60 {
            let t = a.rotatedLeft(5) &+ ((b & c) | (b & d) | (c & d)) &+ e &+ 0x8F1B_BCDC &+ w[i]
            (e, d, c, b, a) = (d, c, b.rotatedLeft(30), a, t)
        }
        for i in 60..<80 {
            let t = a.rotatedLeft(5) &+ (b ^ c ^ d) &+ e &+ 0xCA62_C1D6 &+ w[i]
            (e, d, c, b, a) = (d, c, b.rotatedLeft(30), a, t)
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
}

/// SHA-256 (FIPS 180-4), used for the router-port MAC of the original scheme.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var w = [UInt32](repeating: 0, count: 64)
        for block in MessagePadding.blocks(of: message, lengthBytes: 8) {
            for i in 0..<16 {
                w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16 | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
        }
        return h.flatMap(\.bigEndianBytes)
    }
}

/// Merkle–Damgård padding into 64-byte blocks (shared by SHA-1 and SHA-256).
enum MessagePadding {
    /// The message, 0x80, zeros and the 64-bit big-endian bit length: a multiple of 64 bytes.
    static func padded(_ message: some Collection<UInt8>) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity((message.count + 72) / 64 * 64 + 64)
        bytes.append(contentsOf: message)
        let bitLength = UInt64(message.count) * 8
        bytes.append(0x80)
        while bytes.count % 64 != 56 { bytes.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        return bytes
    }

    static func blocks(of message: some Collection<UInt8>, lengthBytes: Int) -> [[UInt8]] {
        var bytes = Array(message)
        let bitLength = UInt64(bytes.count) * 8
        bytes.append(0x80)
        while bytes.count % 64 != 64 - lengthBytes { bytes.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        return stride(from: 0, to: bytes.count, by: 64).map { Array(bytes[$0..<$0 + 64]) }
    }
}

extension UInt32 {
    @inline(__always) func rotatedLeft(_ n: UInt32) -> UInt32 { self << n | self >> (32 - n) }
    @inline(__always) func rotatedRight(_ n: UInt32) -> UInt32 { self >> n | self << (32 - n) }
    @inline(__always) var bigEndianBytesTuple: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(self >> 24), UInt8(self >> 16 & 0xff), UInt8(self >> 8 & 0xff), UInt8(self & 0xff))
    }
    var bigEndianBytes: [UInt8] { [UInt8(self >> 24), UInt8(self >> 16 & 0xff), UInt8(self >> 8 & 0xff), UInt8(self & 0xff)] }
}

extension Array where Element == UInt8 {
    /// Lower-case hex.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
