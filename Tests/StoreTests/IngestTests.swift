import Foundation
import Model
import Store
import Testing

@Suite struct IngestTests {
    let temp: TemporaryStore
    var store: Store { temp.store }

    init() throws { temp = try TemporaryStore() }

    func expected(_ key: TranslationKey, _ objects: [KubernetesObject]) -> [MidoNetObject] {
        Translator().translate(key, lookup: ClusterObjects(objects)).objects
    }

    @Test func createdServiceIsTranslatedAndItsCreatesQueuedUnderItsOwner() throws {
        let service = Audit.service(resourceVersion: "10")
        let report = try store.ingest([Audit.event("create", service)])
        #expect(report.events["Service", .applied] == 1)
        let objects = expected(.service("default/web"), [service])
        #expect(!objects.isEmpty)
        #expect(try store.translation(.service("default/web")).objects == objects)
        let queued = try store.queuedOperations()
        #expect(queued.map(\.operation) == Plan.operations(from: [], to: objects))
        #expect(queued.allSatisfy { $0.owner == "svc/default/web" && $0.translationKey == .service("default/web") })
        #expect(report.operationsQueued == queued.count)
        #expect(try store.queueDepth() == queued.count)
    }

    @Test func aRetriedBatchChangesNothing() throws {
        let batch = [Audit.event("create", Audit.service(resourceVersion: "10")), Audit.event("create", Audit.node(resourceVersion: "11"))]
        _ = try store.ingest(batch)
        let before = try store.queuedOperations()
        let revision = try store.changeRevision()
        let report = try store.ingest(batch)
        #expect(report.events[.duplicate] == 2)
        #expect(report.events[.applied] == 0)
        #expect(report.operationsQueued == 0)
        #expect(try store.queuedOperations() == before)
        #expect(try store.changeRevision() == revision)
    }

    @Test func theSameAuditIDTwiceInOneBatchCountsOnce() throws {
        let event = Audit.event("create", Audit.service(resourceVersion: "10"))
        let report = try store.ingest([event, event])
        #expect(report.events["Service", .applied] == 1)
        #expect(report.events["Service", .duplicate] == 1)
    }

    @Test func anOlderStateArrivingLateIsStale() throws {
        _ = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.20", resourceVersion: "20"))])
        let depth = try store.queueDepth()
        let report = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "19"))])
        #expect(report.events["Service", .stale] == 1)
        #expect(try store.queueDepth() == depth)
        let jump = try store.translation(.service("default/web")).objects.first { $0.kind == .rule }
        #expect(jump?.body["nwDstAddress"] == "10.96.0.20")
    }

    @Test func resourceVersionsCompareAsNumbersNotText() throws {
        _ = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.9", resourceVersion: "9"))])
        let report = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10"))])
        #expect(report.events["Service", .applied] == 1)
    }

    /// A damaged translation row (a disk, a hand edit) is written anew from the current objects
    /// by the next change of its unit, with the creates of all its objects: it failed every batch
    /// with a change of the unit (503), for good. A delete of such a unit removes the row.
    @Test func anUnreadableStoredTranslationIsWrittenAnewByTheNextChange() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10"))])
        let damage = "UPDATE translations SET objects = CAST('[{' AS BLOB) WHERE translation_key = 'Service/default/web'"
        try temp.execute(damage)
        #expect(throws: StoreError.self) { try store.translation(.service("default/web")) }
        let depth = try store.queuedOperations().count

        let service = Audit.service(clusterIP: "10.96.0.20", resourceVersion: "11")
        let report = try store.ingest([Audit.event("update", service)])
        #expect(report.events["Service", .applied] == 1)
        #expect(report.warnings.contains { $0.contains("Service/default/web") && $0.contains("unreadable") }, "\(report.warnings)")
        let objects = expected(.service("default/web"), [service])
        #expect(try store.translation(.service("default/web")).objects == objects)
        #expect(Array(try store.queuedOperations().dropFirst(depth)).map(\.operation) == Plan.operations(from: [], to: objects))

        try temp.execute(damage)
        _ = try store.ingest([Audit.delete(.service, name: "web")])
        #expect(try store.translation(.service("default/web")).objects.isEmpty)
    }

    @Test func anUpdateQueuesOnlyTheDifferenceAfterTheCreates() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10"))])
        let created = try store.queuedOperations()
        _ = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.20", resourceVersion: "11"))])
        let all = try store.queuedOperations()
        let old = expected(.service("default/web"), [Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10")])
        let new = expected(.service("default/web"), [Audit.service(clusterIP: "10.96.0.20", resourceVersion: "11")])
        #expect(Array(all.dropFirst(created.count)).map(\.operation) == Plan.operations(from: old, to: new))
        #expect(all.map(\.seq) == all.map(\.seq).sorted())
    }

    @Test func anUpdateOfWhatNoTranslatorReadsIsSavedButQueuesNothing() throws {
        _ = try store.ingest([Audit.event("create", Audit.node(hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "10"))])
        let queued = try store.queuedOperations()
        let translation = try store.translation(.node("worker-1"))
        // A heartbeat-like update: new resourceVersion, labels and another controller's annotation.
        guard case .node(var node) = Audit.node(hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "11") else { return }
        node.metadata.labels = ["topology.kubernetes.io/zone": "a"]
        node.metadata.annotations?["node.alpha.kubernetes.io/ttl"] = "0"
        let report = try store.ingest([Audit.event("update", .node(node))])
        #expect(report.events["Node", .applied] == 1)
        #expect(report.operationsQueued == 0)
        #expect(try store.queuedOperations() == queued)
        #expect(try store.translation(.node("worker-1")) == translation)
        // The new version was stored: the version before it is now stale...
        let late = try store.ingest([Audit.event("update", Audit.node(hostID: "6c2e5b1d-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "10"))])
        #expect(late.events["Node", .stale] == 1)
        // ...and a change of what translation reads (the host annotation) is translated and queued.
        node.metadata.resourceVersion = "12"
        node.metadata.annotations?[Annotation.hostID] = "6c2e5b1d-0f4a-4d8e-9a51-3c0c1e7d2a11"
        let changed = try store.ingest([Audit.event("update", .node(node))])
        #expect(changed.operationsQueued > 0)
        #expect(try store.translation(.node("worker-1")) != translation)
    }

    @Test func aDeleteRemovesTheTranslationAndQueuesItsDeletes() throws {
        let service = Audit.service(resourceVersion: "10")
        _ = try store.ingest([Audit.event("create", service)])
        let created = try store.queuedOperations().count
        let report = try store.ingest([Audit.delete(.service, name: "web")])
        #expect(report.events["Service", .applied] == 1)
        #expect(try store.translations().isEmpty)
        let deletes = try store.queuedOperations().dropFirst(created).map(\.operation)
        #expect(deletes == Plan.operations(from: expected(.service("default/web"), [service]), to: []))
        #expect(deletes.allSatisfy { if case .delete = $0 { true } else { false } })
        #expect(try store.objects(of: .service).isEmpty)
    }

    @Test func anUpdateOfADeletedObjectArrivingLateDoesNotResurrectIt() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(resourceVersion: "10"))])
        _ = try store.ingest([Audit.delete(.service, name: "web")])
        let depth = try store.queueDepth()
        // The update's batch failed once and was retried after the delete's batch succeeded.
        let report = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.30", resourceVersion: "11"))])
        #expect(report.events["Service", .stale] == 1)
        #expect(try store.translations().isEmpty)
        #expect(try store.queueDepth() == depth)
    }

    @Test func aCreateArrivingAfterItsDeleteIsStale() throws {
        _ = try store.ingest([Audit.delete(.service, name: "web", uid: "uid-web", resourceVersion: "12")])
        let report = try store.ingest([Audit.event("create", Audit.service(resourceVersion: "10"))])
        #expect(report.events["Service", .stale] == 1)
        #expect(try store.queueDepth() == 0)
    }

    @Test func aNewIncarnationAfterADeleteIsApplied() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(uid: "uid-1", resourceVersion: "10"))])
        _ = try store.ingest([Audit.delete(.service, name: "web")])
        let report = try store.ingest([Audit.event("create", Audit.service(uid: "uid-2", resourceVersion: "30"))])
        #expect(report.events["Service", .applied] == 1)
        #expect(try store.translations().map(\.key) == [.service("default/web")])
    }

    @Test func aLateDeleteOfAnEarlierIncarnationKeepsTheNewOne() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(uid: "uid-2", resourceVersion: "30"))])
        let report = try store.ingest([Audit.delete(.service, name: "web", uid: "uid-1")])
        #expect(report.events["Service", .stale] == 1)
        #expect(try store.objects(of: .service).count == 1)
    }

    @Test func endpointsBeforeTheirServiceAreTranslatedWhenTheServiceArrives() throws {
        let endpoints = Audit.endpoints(ips: ["10.1.1.5", "10.1.2.7"], resourceVersion: "11")
        let first = try store.ingest([Audit.event("create", endpoints)])
        #expect(first.events["Endpoints", .applied] == 1)
        #expect(first.operationsQueued == 0)
        let service = Audit.service(resourceVersion: "10")
        _ = try store.ingest([Audit.event("create", service)])
        let objects = expected(.serviceEndpoints("default/web"), [service, endpoints])
        #expect(!objects.isEmpty)
        #expect(try store.translation(.serviceEndpoints("default/web")).objects == objects)
        let queued = try store.queuedOperations(owner: "svc/default/web")
        // The Service's chain is created before the endpoint rules that live in it.
        let serviceOps = Plan.operations(from: [], to: expected(.service("default/web"), [service]))
        #expect(Array(queued.prefix(serviceOps.count)).map(\.operation) == serviceOps)
        #expect(Array(queued.dropFirst(serviceOps.count)).map(\.operation) == Plan.operations(from: [], to: objects))
    }

    @Test func aNodeChangeRetranslatesThePodsOnIt() throws {
        _ = try store.ingest([Audit.event("create", Audit.pod("a", resourceVersion: "5")), Audit.event("create", Audit.pod("b", node: "worker-2", resourceVersion: "6"))])
        let before = try store.translation(.pod("default/a")).objects
        #expect(before.contains { $0.host == .named("worker-1") })
        let hostID = "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11"
        _ = try store.ingest([Audit.event("create", Audit.node(hostID: hostID, resourceVersion: "7"))])
        let after = try store.translation(.pod("default/a")).objects
        #expect(after.contains { $0.host == .id(UUID(uuidString: hostID)!) })
        #expect(try store.translation(.pod("default/b")).objects.contains { $0.host == .named("worker-2") })
        let podOps = try store.queuedOperations().filter { $0.translationKey == .pod("default/a") }
        #expect(podOps.allSatisfy { $0.owner == "node/worker-1" })
        #expect(podOps.count > before.count)
    }

    @Test func aDeletedPodsOpsStayWithItsNode() throws {
        _ = try store.ingest([Audit.event("create", Audit.pod("a", resourceVersion: "5"))])
        _ = try store.ingest([Audit.delete(.pod, name: "a")])
        let ops = try store.queuedOperations().filter { $0.translationKey == .pod("default/a") }
        #expect(ops.count == 4)
        #expect(ops.allSatisfy { $0.owner == "node/worker-1" })
        #expect(try store.translations().isEmpty)
    }

    @Test func deletecollectionDeletesEveryListedObject() throws {
        _ = try store.ingest([
            Audit.event("create", Audit.service("a", clusterIP: "10.96.0.1", uid: "ua", resourceVersion: "1")),
            Audit.event("create", Audit.service("b", clusterIP: "10.96.0.2", uid: "ub", resourceVersion: "2")),
            Audit.event("create", Audit.service("c", clusterIP: "10.96.0.3", uid: "uc", resourceVersion: "3")),
        ])
        var ref = ObjectReference(resource: "services", namespace: "default")
        ref.apiVersion = "v1"
        let deleted = [Audit.service("a", clusterIP: "10.96.0.1", uid: "ua", resourceVersion: "1"), Audit.service("b", clusterIP: "10.96.0.2", uid: "ub", resourceVersion: "2")]
        let report = try store.ingest([AuditEvent(auditID: "dc-1", verb: "deletecollection", objectRef: ref, responseObject: deleted)])
        #expect(report.events["Service", .applied] == 1)
        #expect(try store.translations().map(\.key) == [.service("default/c"), .serviceEndpoints("default/c")].filter { key in
            !expected(key, [Audit.service("c", clusterIP: "10.96.0.3", uid: "uc", resourceVersion: "3")]).isEmpty
        })
        #expect(try store.objects(of: .service).compactMap { $0.metadata?.name } == ["c"])
    }

    @Test func eventsWithoutBodyAreCountedAndWarnedOncePerKind() throws {
        let first = try store.ingest([
            Audit.event("create", Audit.service(resourceVersion: "1"), level: "Metadata"),
            Audit.event("update", Audit.service(resourceVersion: "2"), level: "Request"),
        ])
        #expect(first.events["Service", .noBody] == 2)
        #expect(first.warnings.count == 1)
        #expect(first.warnings.first?.contains("RequestResponse") == true)
        let second = try store.ingest([Audit.event("create", Audit.service(resourceVersion: "3"), level: "Metadata")])
        #expect(second.events["Service", .noBody] == 1)
        #expect(second.warnings.isEmpty)
        let nodes = try store.ingest([Audit.event("create", Audit.node(resourceVersion: "4"), level: "Metadata")])
        #expect(nodes.warnings.count == 1)
        #expect(try store.queueDepth() == 0)
    }

    @Test(arguments: [
        ("get", "ResponseComplete", 200, nil as String?, nil as String?),
        ("watch", "ResponseComplete", 200, nil, nil),
        ("create", "RequestReceived", 200, nil, nil),
        ("create", "ResponseComplete", 409, nil, nil),
        ("create", "ResponseComplete", 200, "binding", nil),
        ("create", "ResponseComplete", 200, nil, "serving.knative.dev"),
    ])
    func eventsThatAreNotOursAreIgnored(verb: String, stage: String, code: Int, subresource: String?, group: String?) throws {
        var event = Audit.event(verb, Audit.service(resourceVersion: "1"), code: code, stage: stage)
        event.objectRef?.subresource = subresource
        event.objectRef?.apiGroup = group
        let report = try store.ingest([event])
        #expect(report.events[.ignored] == 1)
        #expect(try store.objects(of: .service).isEmpty)
    }

    @Test func eventsOfOtherResourcesAreIgnoredAsOther() throws {
        let event = AuditEvent(auditID: "x", verb: "create", objectRef: ObjectReference(resource: "configmaps", namespace: "default", name: "c"), responseObject: nil)
        let report = try store.ingest([event])
        #expect(report.events[EventCounts.otherKind, .ignored] == 1)
    }

    @Test func aBodyOfAnotherKindThanItsObjectRefIsInvalid() throws {
        var event = Audit.event("create", Audit.node(resourceVersion: "1"))
        event.objectRef?.resource = "services"
        let report = try store.ingest([event])
        #expect(report.events["Service", .invalid] == 1)
    }

    @Test func anUnreadableEventInAGoodBatchIsCountedAndTheOthersApplied() throws {
        let body = #"""
            {"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[
              {"level":"RequestResponse","auditID":"ok-1","stage":"ResponseComplete","verb":"create",
               "objectRef":{"resource":"services","namespace":"default","name":"web","apiVersion":"v1"},
               "responseStatus":{"metadata":{},"code":201},
               "responseObject":{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default","uid":"u1","resourceVersion":"7"},
                 "spec":{"clusterIP":"10.96.0.10","ports":[{"name":"http","port":80,"protocol":"TCP"}]}}},
              {"level":"RequestResponse","stage":"ResponseComplete","verb":"create"},
              {"level":"RequestResponse","auditID":"bad-port","stage":"ResponseComplete","verb":"create",
               "objectRef":{"resource":"services","namespace":"default","name":"api","apiVersion":"v1"},
               "responseStatus":{"code":201},
               "responseObject":{"kind":"Service","metadata":{"name":"api","namespace":"default"},"spec":{"ports":[{"port":"eighty"}]}}}
            ]}
            """#
        let list = try AuditEventList.decode(Array(body.utf8))
        let report = try store.ingest(list)
        #expect(report.events["Service", .applied] == 1)
        #expect(report.events[EventCounts.otherKind, .invalid] == 2)
        #expect(try store.objects(of: .service).count == 1)
    }

    @Test func translationsChangedByTheOtherProcessAreSeenByTheNextIngest() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10"))])
        // The applier's process replaces the translation (as drift repair would).
        let other = try temp.reopen()
        _ = try other.setTranslation(Translation(key: .service("default/web"), objects: []))
        let depth = try store.queueDepth()
        // A change translation reads (a second port; an update of only the resourceVersion
        // would translate nothing again).
        let ports = [ServicePort(name: "http", port: 80), ServicePort(name: "https", port: 443)]
        _ = try store.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.10", ports: ports, resourceVersion: "11"))])
        // Planned from the stored (empty) translation, not from the writer's memory.
        let new = try store.queuedOperations().dropFirst(depth).map(\.operation)
        #expect(new == Plan.operations(from: [], to: expected(.service("default/web"), [Audit.service(ports: ports, resourceVersion: "11")])))
    }

    @Test func aReopenedStoreContinuesFromWhatIsOnDisk() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10"))])
        let reopened = try temp.reopen()
        let depth = try reopened.queueDepth()
        _ = try reopened.ingest([Audit.event("update", Audit.service(clusterIP: "10.96.0.20", resourceVersion: "11"))])
        let old = expected(.service("default/web"), [Audit.service(clusterIP: "10.96.0.10", resourceVersion: "10")])
        let new = expected(.service("default/web"), [Audit.service(clusterIP: "10.96.0.20", resourceVersion: "11")])
        #expect(try reopened.queuedOperations().dropFirst(depth).map(\.operation) == Plan.operations(from: old, to: new))
    }

    @Test func statisticsCountEventsAndCommits() throws {
        _ = try store.ingest([Audit.event("create", Audit.service(resourceVersion: "10")), Audit.event("get", Audit.service(resourceVersion: "10"))])
        let statistics = try store.statistics()
        #expect(statistics.events["Service", .applied] == 1)
        #expect(statistics.events["Service", .ignored] == 1)
        #expect(statistics.commitLatency.count == 1)
        #expect(statistics.queueDepth == statistics.operationsQueued)
        #expect(statistics.queueDepth > 0)
    }

    /// A batch touching more units than one thread prepares alone: their stored translations
    /// are read, compared, planned and encoded on several threads (`TranslationPipeline`).
    /// Each unit still queues exactly the plan from its stored translation to its new one, the
    /// units in their order, and an unchanged unit queues nothing.
    @Test func manyUnitsChangedInOneBatchQueueExactlyTheirPlans() throws {
        let names = (0..<12).map { "web-\($0)" }
        func service(_ index: Int) -> KubernetesObject {
            Audit.service(names[index], clusterIP: "10.96.1.\(index + 1)", uid: "uid-\(names[index])", resourceVersion: "\(10 + index)")
        }
        func endpoints(_ index: Int, ips: [String], version: Int) -> KubernetesObject {
            Audit.endpoints(names[index], ips: ips, uid: "uid-\(names[index])-ep", resourceVersion: "\(version)")
        }
        let old = names.indices.map { endpoints($0, ips: ["10.1.1.\($0 + 1)"], version: 100 + $0) }
        _ = try store.ingest(names.indices.flatMap { [Audit.event("create", service($0)), Audit.event("create", old[$0])] })
        let before = try store.queuedOperations().count
        // Every Endpoints moves to new addresses but the last, whose address only gains a
        // hostname: read as translation input, so translated again, to the same translation.
        var new = names.indices.map { endpoints($0, ips: ["10.1.2.\($0 + 1)", "10.1.3.\($0 + 1)"], version: 200 + $0) }
        if case .endpoints(var last) = endpoints(names.count - 1, ips: ["10.1.1.\(names.count)"], version: 300) {
            last.subsets?[0].addresses?[0].hostname = "web-pod"
            new[names.count - 1] = .endpoints(last)
        }
        let report = try store.ingest(new.map { Audit.event("update", $0) })
        #expect(report.events["Endpoints", .applied] == names.count)
        let queued = Array(try store.queuedOperations().dropFirst(before))
        var wanted: [QueuedOperationSummary] = []
        for index in names.indices.sorted(by: { "default/\(names[$0])" < "default/\(names[$1])" }) {
            let key = TranslationKey.serviceEndpoints("default/\(names[index])")
            let plan = Plan.operations(from: expected(key, [service(index), old[index]]), to: expected(key, [service(index), new[index]]))
            wanted += plan.map { QueuedOperationSummary(translationKey: key, operation: $0) }
        }
        #expect(Set(queued.map(\.translationKey)).count == names.count - 1)
        #expect(queued.map { QueuedOperationSummary(translationKey: $0.translationKey, operation: $0.operation) } == wanted)
        for index in names.indices {
            let key = TranslationKey.serviceEndpoints("default/\(names[index])")
            #expect(try store.translation(key).objects == expected(key, [service(index), new[index]]))
        }
    }

    struct QueuedOperationSummary: Equatable {
        var translationKey: TranslationKey
        var operation: MidoNetOperation
    }
}
