import Model
import Testing

@Suite struct PrefixTrieTests {
    /// The trie every lookup case below runs against: nested, overlapping, a /32, the default route.
    static func sample() -> PrefixTrie<String> {
        var trie = PrefixTrie<String>()
        for (text, name) in [
            ("0.0.0.0/0", "default"), ("10.0.0.0/8", "ten"), ("10.1.0.0/16", "ten-one"), ("10.1.2.0/24", "pods"),
            ("10.1.2.9/32", "host"), ("192.168.0.0/24", "lan"), ("255.255.255.255/32", "broadcast"),
        ] {
            trie[IPv4Prefix(text)!] = name
        }
        return trie
    }

    @Test(arguments: [
        ("10.1.2.9", ["host", "pods", "ten-one", "ten", "default"]),
        ("10.1.2.8", ["pods", "ten-one", "ten", "default"]),
        ("10.1.3.1", ["ten-one", "ten", "default"]),
        ("10.200.0.1", ["ten", "default"]),
        ("11.0.0.0", ["default"]),
        ("192.168.0.255", ["lan", "default"]),
        ("192.168.1.0", ["default"]),
        ("255.255.255.255", ["broadcast", "default"]),
        ("0.0.0.0", ["default"]),
    ])
    func matchesAreEveryContainingPrefixLongestFirst(address: String, expected: [String]) {
        let matches = Self.sample().matches(containing: IPv4Address(address)!)
        #expect(matches.map(\.value) == expected)
        #expect(matches.allSatisfy { $0.prefix.contains(IPv4Address(address)!) })
    }

    @Test func minimumLengthLeavesOutTheDefaultRoute() {
        let matches = Self.sample().matches(containing: IPv4Address("11.0.0.1")!, minimumLength: 1)
        #expect(matches.isEmpty)
        let nested = Self.sample().matches(containing: IPv4Address("10.1.2.9")!, minimumLength: 1)
        #expect(nested.map(\.value) == ["host", "pods", "ten-one", "ten"])
    }

    @Test func matchesReportTheNetworkOfEachPrefix() {
        let matches = Self.sample().matches(containing: IPv4Address("10.1.2.77")!)
        #expect(matches.map(\.prefix.description) == ["10.1.2.0/24", "10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0"])
    }

    @Test func hostBitsDoNotMakeADifferentKey() {
        var trie = PrefixTrie<Int>()
        trie[IPv4Prefix("10.1.2.1/24")!] = 1
        #expect(trie[IPv4Prefix("10.1.2.0/24")!] == 1)
        #expect(trie.updateValue(2, for: IPv4Prefix("10.1.2.200/24")!) == 1)
        #expect(trie.count == 1)
    }

    @Test func removingPrunesEmptyBranchesAndKeepsTheRest() {
        var trie = Self.sample()
        let nodes = trie.nodeCount
        #expect(trie.removeValue(for: IPv4Prefix("10.1.2.9/32")!) == "host")
        #expect(trie.nodeCount == nodes - 8)
        #expect(trie.removeValue(for: IPv4Prefix("10.1.2.9/32")!) == nil)
        // A prefix on the path of others loses its value but keeps its node.
        #expect(trie.removeValue(for: IPv4Prefix("10.0.0.0/8")!) == "ten")
        #expect(trie.matches(containing: IPv4Address("10.1.2.9")!).map(\.value) == ["pods", "ten-one", "default"])
        #expect(trie.count == 5)
    }

    @Test func removingEverythingLeavesOnlyTheRoot() {
        var trie = Self.sample()
        var prefixes: [IPv4Prefix] = []
        trie.forEach { prefix, _ in prefixes.append(prefix) }
        for prefix in prefixes { trie[prefix] = nil }
        #expect(trie.count == 0)
        #expect(trie.nodeCount == 1)
        // Freed nodes are reused.
        trie[IPv4Prefix("10.1.2.9/32")!] = "again"
        #expect(trie.nodeCount == 33)
        #expect(trie.matches(containing: IPv4Address("10.1.2.9")!).map(\.value) == ["again"])
    }

    @Test func forEachVisitsInAddressOrderShorterFirst() {
        var seen: [String] = []
        Self.sample().forEach { prefix, _ in seen.append(prefix.description) }
        #expect(seen == [
            "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.9/32", "192.168.0.0/24", "255.255.255.255/32",
        ])
    }

    /// Random prefixes, inserts and removals, checked against a plain scan of a dictionary.
    @Test(arguments: [1, 2, 3])
    func agreesWithAScanOfEveryPrefix(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var trie = PrefixTrie<Int>()
        var reference: [IPv4Prefix: Int] = [:]
        // Few distinct high bits so that prefixes nest and overlap a lot.
        func randomPrefix() -> IPv4Prefix {
            let length = Int(random.next() % 33)
            let address = UInt32(truncatingIfNeeded: random.next()) & 0xC0FF_00FF
            let prefix = IPv4Prefix(address: IPv4Address(address), length: length)
            return IPv4Prefix(address: prefix.network, length: length)
        }
        for step in 0..<3000 {
            let prefix = randomPrefix()
            if random.next() % 3 == 0 {
                #expect(trie.removeValue(for: prefix) == reference.removeValue(forKey: prefix))
            } else {
                #expect(trie.updateValue(step, for: prefix) == reference.updateValue(step, forKey: prefix))
            }
        }
        #expect(trie.count == reference.count)
        for _ in 0..<500 {
            let address = IPv4Address(UInt32(truncatingIfNeeded: random.next()) & 0xC0FF_00FF)
            let expected = reference.filter { $0.key.contains(address) }.sorted { $0.key.length > $1.key.length }.map(\.value)
            #expect(trie.matches(containing: address).map(\.value) == expected)
        }
    }
}
