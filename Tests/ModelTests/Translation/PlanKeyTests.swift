import Foundation
@testable import Model
import Testing

/// The plan keys objects by `PlanKey`, not by the `key` string: equal exactly when keys are.
@Suite struct PlanKeyTests {
    @Test func planKeysAreEqualExactlyWhenKeysAre() {
        let ids = [UUID(), UUID()]
        var objects: [MidoNetObject] = []
        for kind in MidoNetKind.allCases {
            for id in ids {
                for parent in [nil, ids[0], ids[1]] {
                    for host in [nil, HostReference.named("worker-1"), .named("worker-2"), .id(ids[1])] {
                        for body: JSONBody in [
                            ["macAddr": "02:42:c0:a8:0a:0b", "portId": .string(ids[0].lowerText)], ["macAddr": "02:42:c0:a8:0a:0c", "portId": .string(ids[0].lowerText)],
                            ["ip": "10.1.1.2", "mac": "02:42:c0:a8:0a:0b"], ["ip": "10.1.1.3", "mac": "02:42:c0:a8:0a:0b"],
                        ] {
                            objects.append(MidoNetObject(kind: kind, id: id, parentId: parent, path: "/p", body: body, host: host))
                        }
                    }
                }
            }
        }
        let keys = objects.map(\.key)
        let planKeys = objects.map(\.planKey)
        var pairs = 0
        var mismatches: [String] = []
        for i in objects.indices {
            for j in objects.indices {
                if (planKeys[i] == planKeys[j]) != (keys[i] == keys[j]) { mismatches.append("\(keys[i]) vs \(keys[j])") }
                if keys[i] == keys[j], planKeys[i].hashValue != planKeys[j].hashValue { mismatches.append("hash of \(keys[i])") }
                pairs += 1
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(Set(keys).count == 52)
        #expect(pairs > 100_000)
    }
}
