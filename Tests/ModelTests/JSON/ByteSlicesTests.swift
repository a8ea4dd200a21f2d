import Model
import Testing

@Suite struct ByteSlicesTests {
    @Test func sameBytesIsEquality() {
        let bytes: [UInt8] = Array("{\"kind\":\"Rule\",\"position\":12}".utf8)
        var generator = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            let a = Int.random(in: 0...bytes.count, using: &generator)
            let b = Int.random(in: a...bytes.count, using: &generator)
            let c = Int.random(in: 0...bytes.count, using: &generator)
            let d = Int.random(in: c...bytes.count, using: &generator)
            #expect(bytes[a..<b].sameBytes(as: bytes[c..<d]) == bytes[a..<b].elementsEqual(bytes[c..<d]))
        }
        var changed = bytes
        changed[changed.count - 2] = UInt8(ascii: "3")
        #expect(!bytes.sameBytes(as: changed))
        #expect(bytes.sameBytes(as: Array(bytes)))
        #expect([UInt8]().sameBytes(as: []))
        #expect(!bytes.sameBytes(as: []))
    }
}
