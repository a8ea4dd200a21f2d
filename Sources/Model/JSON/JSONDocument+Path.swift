import Synchronization

extension JSONDocument {
    /// The path from the root to the value at `target`, spelled as `DecodeError` spells a coding
    /// path: member names joined by `.`, array positions as `[i]` (`request.object.spec.ports[1].port`).
    /// Walks down from the root, jumping over siblings by their `end`: O(depth × width), for errors
    /// only; in an array it resumes from the element found last (`lastElementFound`), so the errors
    /// of many items in order cost O(width) in all. Where a member name repeats, the value belongs to the occurrence whose subtree holds it.
    func path(to target: Int) -> String {
        var result = ""
        var current = 0
        descent: while current != target {
            let n = nodes[current]
            switch n.kind {
            case .object:
                var key = current + 1
                while key < n.end {
                    let value = key + 1
                    if target >= value && target < nodes[value].end {
                        let name = string(at: key) ?? ""
                        result += result.isEmpty ? name : "." + name
                        current = value
                        continue descent
                    }
                    key = nodes[value].end
                }
                break descent  // `target` is a member name, or not inside this value
            case .array:
                var element = current + 1
                var index = 0
                let last = lastElementFound.withLock { $0 }
                if last.array == current, last.element <= target {
                    // At or after the element found last: no need to count from the first one.
                    element = last.element
                    index = last.index
                }
                while element < n.end {
                    if target >= element && target < nodes[element].end {
                        lastElementFound.withLock { $0 = (current, element, index) }
                        result += "[\(index)]"
                        current = element
                        continue descent
                    }
                    element = nodes[element].end
                    index += 1
                }
                break descent
            default:
                break descent
            }
        }
        return result
    }
}
