/// A binary trie over IPv4 prefixes: one value per prefix, and every stored prefix that
/// contains an address, longest first, in at most 33 steps whatever the number of prefixes.
///
/// Nodes live in one flat array (indices instead of references), so the trie is a value type
/// with copy-on-write like `Array`, cheap to share across threads as part of a snapshot.
/// Prefixes are keyed by their network: `10.1.2.1/24` and `10.1.2.0/24` are the same key.
public struct PrefixTrie<Value: Sendable>: Sendable {
    struct Node: Sendable {
        /// Child index for the next bit 0 and 1; `none` when absent.
        var zero: Int32 = noChild
        var one: Int32 = noChild
        var value: Value?
    }

    /// `nodes[0]` is the root, the /0 prefix.
    private var nodes: [Node] = [Node()]
    /// Indices of pruned nodes, reused before the array grows.
    private var freeList: [Int32] = []

    /// How many prefixes hold a value.
    public private(set) var count = 0

    /// An empty trie.
    public init() {}

    /// The value stored for exactly this prefix (by network and length).
    public subscript(prefix: IPv4Prefix) -> Value? {
        get {
            var index: Int32 = 0
            for depth in 0..<prefix.length {
                index = child(of: index, bit: Self.bit(prefix.address.value, depth))
                if index == noChild { return nil }
            }
            return nodes[Int(index)].value
        }
        set {
            if let newValue {
                updateValue(newValue, for: prefix)
            } else {
                removeValue(for: prefix)
            }
        }
    }

    /// Stores `value` for `prefix`; returns the value it replaced.
    @discardableResult
    public mutating func updateValue(_ value: Value, for prefix: IPv4Prefix) -> Value? {
        var index: Int32 = 0
        for depth in 0..<prefix.length {
            let bit = Self.bit(prefix.address.value, depth)
            var next = child(of: index, bit: bit)
            if next == noChild {
                next = allocateNode()
                if bit == 0 { nodes[Int(index)].zero = next } else { nodes[Int(index)].one = next }
            }
            index = next
        }
        let old = nodes[Int(index)].value
        nodes[Int(index)].value = value
        if old == nil { count += 1 }
        return old
    }

    /// Removes the value of `prefix`, pruning branches left empty; returns the removed value.
    @discardableResult
    public mutating func removeValue(for prefix: IPv4Prefix) -> Value? {
        // The path from the root, so empty nodes can be unlinked bottom-up afterwards.
        var path: [Int32] = [0]
        path.reserveCapacity(prefix.length + 1)
        var index: Int32 = 0
        for depth in 0..<prefix.length {
            index = child(of: index, bit: Self.bit(prefix.address.value, depth))
            if index == noChild { return nil }
            path.append(index)
        }
        guard let old = nodes[Int(index)].value else { return nil }
        nodes[Int(index)].value = nil
        count -= 1
        var depth = prefix.length
        while depth > 0 {
            let node = nodes[Int(path[depth])]
            guard node.value == nil, node.zero == noChild, node.one == noChild else { break }
            let parent = Int(path[depth - 1])
            if Self.bit(prefix.address.value, depth - 1) == 0 { nodes[parent].zero = noChild } else { nodes[parent].one = noChild }
            freeList.append(path[depth])
            depth -= 1
        }
        return old
    }

    /// Every stored prefix of length ≥ `minimumLength` that contains `address`, longest first.
    /// Allocates only when something matches.
    public func matches(containing address: IPv4Address, minimumLength: Int = 0) -> [(prefix: IPv4Prefix, value: Value)] {
        var found: [(prefix: IPv4Prefix, value: Value)] = []
        var index: Int32 = 0
        var depth = 0
        while true {
            if depth >= minimumLength, let value = nodes[Int(index)].value {
                found.append((IPv4Prefix(address: Self.network(address, depth), length: depth), value))
            }
            guard depth < 32 else { break }
            index = child(of: index, bit: Self.bit(address.value, depth))
            guard index != noChild else { break }
            depth += 1
        }
        found.reverse()
        return found
    }

    /// Calls `body` for every stored prefix, in address order, shorter before longer at one address.
    public func forEach(_ body: (IPv4Prefix, Value) throws -> Void) rethrows {
        var stack: [(index: Int32, network: UInt32, depth: Int)] = [(0, 0, 0)]
        while let (index, network, depth) = stack.popLast() {
            let node = nodes[Int(index)]
            if let value = node.value { try body(IPv4Prefix(address: IPv4Address(network), length: depth), value) }
            // Pushed one before zero so zero is visited first.
            if node.one != noChild { stack.append((node.one, network | UInt32(1) << UInt32(31 - depth), depth + 1)) }
            if node.zero != noChild { stack.append((node.zero, network, depth + 1)) }
        }
    }

    /// Trie nodes in use, the root included (for memory accounting in benchmarks and tests).
    public var nodeCount: Int { nodes.count - freeList.count }

    private func child(of index: Int32, bit: UInt32) -> Int32 {
        bit == 0 ? nodes[Int(index)].zero : nodes[Int(index)].one
    }

    private mutating func allocateNode() -> Int32 {
        if let reused = freeList.popLast() {
            nodes[Int(reused)] = Node()
            return reused
        }
        nodes.append(Node())
        return Int32(nodes.count - 1)
    }

    /// Bit `depth` of `value`, counting from the most significant (depth 0).
    private static func bit(_ value: UInt32, _ depth: Int) -> UInt32 {
        value >> UInt32(31 - depth) & 1
    }

    private static func network(_ address: IPv4Address, _ length: Int) -> IPv4Address {
        IPv4Address(length == 0 ? 0 : address.value & UInt32.max << UInt32(32 - length))
    }
}

/// The child index of an absent branch (static stored properties cannot live in a generic type).
private let noChild: Int32 = -1
