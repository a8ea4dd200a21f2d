import Foundation
import Glibc
import Model
import Store
import Synchronization

/// The child process of the store's crash test (Tests/StoreTests/CrashTests.swift): ingests
/// batches `0..<batches` (all of them again on every start, as kube-apiserver retries what it
/// got no answer for) with concurrent submitters, and prints `committed <n>` only after batch
/// `n`'s transaction has committed. The parent kills it with SIGKILL at random moments.
///
/// Batch `n` creates the Services `crash/s-<n>-<i>` for `i` in `0..<batchSize`.
struct StoreCrashChild {
    var path: String
    var batches: Int
    var batchSize: Int
    var submitters: Int
    var durability: Store.Durability

    static func batch(_ index: Int, size: Int) -> [AuditEvent] {
        (0..<size).map { item in
            let name = "s-\(index)-\(item)"
            let service = Service(
                metadata: ObjectMeta(name: name, namespace: "crash", uid: "uid-\(name)", resourceVersion: "\(index * 10_000 + item + 1)"),
                spec: ServiceSpec(type: "ClusterIP", clusterIP: "10.\(100 + index / 250).\(index % 250).\(item % 250 + 1)", ports: [ServicePort(name: "http", port: 80)]))
            var ref = ObjectReference(resource: "services", namespace: "crash", name: name)
            ref.apiVersion = "v1"
            return AuditEvent(auditID: "crash-\(index)-\(item)", verb: "create", objectRef: ref, code: 201, responseObject: [.service(service)])
        }
    }

    func run() throws {
        let store = try Store(path: path, configuration: Store.Configuration(durability: durability))
        let committer = GroupCommitter(store: store)
        let next = Atomic<Int>(0)
        let finished = DispatchGroup()
        for _ in 0..<submitters {
            finished.enter()
            Thread { [batches, batchSize] in
                defer { finished.leave() }
                let done = DispatchSemaphore(value: 0)
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < batches else { return }
                    committer.submit(Self.batch(index, size: batchSize)) { result in
                        switch result {
                        case .success: Self.say("committed \(index)")
                        case .failure(let error): Self.say("failed \(index) \(error)")
                        }
                        done.signal()
                    }
                    done.wait()
                }
            }.start()
        }
        finished.wait()
        committer.shutdown()
        Self.say("done")
    }

    /// One unbuffered write per line: nothing printed can be lost in a buffer at SIGKILL.
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
