extension JSONDocument {
    /// The path from the root to the value at `target`, spelled as `DecodeError` spells a coding
    /// path: member names joined by `.`, array positions as `[i]` (`request.object.spec.ports[1].port`).
    /// Walks down from the root, jumping over siblings by their `end`: O(depth × width), for errors
    /// only. Where a member name repeats, the value belongs to the occurrence whose subtree holds it.
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
                while element < n.end {
                    if target >= element && target < nodes[element].end {
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
