/// The nodes `JSONParser` appends to: raw storage that grows by doubling and is handed to the
/// `JSONDocument` as it is (an `Array` cost a uniqueness check per append and a copy at the end).
/// Not a class and not freed by itself: whoever holds it last calls `release()` (the document)
/// or `deallocate()` (a parse that failed), exactly once.
struct JSONNodeBuffer {
    private var base: UnsafeMutablePointer<JSONNode>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ node: JSONNode) {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    /// A node already appended (nodes are plain values: no deinitialization is ever needed).
    @inline(__always) subscript(index: Int) -> JSONNode {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<JSONNode>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// The nodes, for their new owner to deallocate.
    func release() -> UnsafeMutableBufferPointer<JSONNode> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Frees the storage (a parse that failed).
    func deallocate() { base.deallocate() }
}
