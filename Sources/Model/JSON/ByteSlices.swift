import Foundation

extension ArraySlice where Element == UInt8 {
    /// Whether both hold the same bytes, compared by `memcmp` (`elementsEqual` and `==` go byte
    /// by byte: the store compares whole stored translations and each of their objects).
    public func sameBytes(as other: ArraySlice<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBufferPointer { mine in
            other.withUnsafeBufferPointer { theirs in
                guard let a = mine.baseAddress, let b = theirs.baseAddress else { return true }
                return memcmp(a, b, mine.count) == 0
            }
        }
    }
}

extension Array where Element == UInt8 {
    /// `==` by `memcmp` (see `ArraySlice.sameBytes(as:)`).
    public func sameBytes(as other: [UInt8]) -> Bool { self[...].sameBytes(as: other[...]) }
}
