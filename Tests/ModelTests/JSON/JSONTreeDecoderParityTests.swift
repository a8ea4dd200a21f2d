import Foundation
@testable import Model
import TestSupport
import Testing

/// The same documents through Foundation's `JSONDecoder` and `JSONTreeDecoder`: equal results, or
/// errors that `DecodeError` reads as the same path and reason.
@Suite struct JSONTreeDecoderParityTests {
    /// What a decode produced, in comparable form.
    enum Outcome<T: Equatable>: Equatable, CustomStringConvertible {
        case value(T)
        case error(DecodeError)

        var normalized: Outcome {
            switch self {
            case .value(let v):
                if let list = v as? ListSummary, let same = ListSummary(
                    apiVersion: list.apiVersion, kind: list.kind,
                    items: list.items.map { if case .failure(let e) = $0 { .failure(JSONTreeDecoderParityTests.normalized(e)) } else { $0 } }) as? T
                {
                    return .value(same)
                }
                return self
            case .error(let e): return .error(JSONTreeDecoderParityTests.normalized(e))
            }
        }

        var description: String {
            switch self {
            case .value(let v): "value \(v)"
            case .error(let e): "error \(e)"
            }
        }
    }

    static func both<T: Decodable, R: Equatable>(_ type: T.Type, _ bytes: [UInt8], _ project: (T) -> R) -> (foundation: Outcome<R>, ours: Outcome<R>) {
        let foundation: Outcome<R>
        do { foundation = .value(project(try JSONDecoder().decode(T.self, from: Data(bytes)))) } catch { foundation = .error(DecodeError(error)) }
        let ours: Outcome<R>
        do { ours = .value(project(try JSONTreeDecoder().decode(T.self, from: bytes))) } catch { ours = .error(DecodeError(error)) }
        return (foundation.normalized, ours.normalized)
    }

    /// The one intended difference in errors: a number that does not fit its integer type. Foundation
    /// reports it without a path ("not valid JSON" for the document, a bare `JSONError` inside a
    /// `Lossy` item); we report `dataCorrupted` at the field. Both become one comparable error here
    /// (the paths are checked by `bigNumbersAreErrorsWithThePath` and `numberErrorsHaveAPath`).
    static func normalized(_ error: DecodeError) -> DecodeError {
        if error.path.isEmpty && error.reason == "The given data was not valid JSON."
            || error.reason.hasPrefix("numberIsNotRepresentableInSwift")
            || error.reason.hasPrefix("Parsed JSON number <")
        {
            return DecodeError(path: "", reason: "number does not fit")
        }
        return error
    }

    // MARK: Comparable projections of the non-Equatable types

    struct RequestSummary: Equatable {
        var uid: String
        var kind: GroupVersionKind
        var subResource: String?
        var name: String?
        var namespace: String?
        var operation: String
        var object: KubernetesObject?
        var oldObject: KubernetesObject?
        var dryRun: Bool
    }

    struct ReviewSummary: Equatable {
        var apiVersion: String
        var kind: String
        var request: RequestSummary?
    }

    static func summary(_ review: AdmissionReview) -> ReviewSummary {
        ReviewSummary(apiVersion: review.apiVersion, kind: review.kind, request: review.request.map {
            RequestSummary(
                uid: $0.uid, kind: $0.kind, subResource: $0.subResource, name: $0.name, namespace: $0.namespace,
                operation: $0.operation, object: $0.object, oldObject: $0.oldObject, dryRun: $0.dryRun)
        })
    }

    struct EventSummary: Equatable {
        var level: String
        var auditID: String
        var stage: String
        var verb: String
        var objectRef: ObjectReference?
        var responseStatus: ResponseStatus?
        var responseObject: [KubernetesObject]?
        var stageTimestamp: String?
    }

    enum ItemSummary: Equatable {
        case event(EventSummary)
        case failure(DecodeError)
    }

    struct ListSummary: Equatable {
        var apiVersion: String?
        var kind: String?
        var items: [ItemSummary]
    }

    static func summary(_ list: AuditEventList) -> ListSummary {
        ListSummary(apiVersion: list.apiVersion, kind: list.kind, items: list.items.map {
            switch $0 {
            case .success(let e):
                .event(EventSummary(
                    level: e.level, auditID: e.auditID, stage: e.stage, verb: e.verb, objectRef: e.objectRef,
                    responseStatus: e.responseStatus, responseObject: e.responseObject, stageTimestamp: e.stageTimestamp))
            case .failure(let error): .failure(error)
            }
        })
    }

    // MARK: Fixtures

    static func reviews() throws -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        let folder = Fixtures.kubernetes.appendingPathComponent("admissionreview")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
            result.append((file, try Fixtures.review(file)))
            result.append((file + " v1beta1", try Fixtures.review(file, apiVersion: AdmissionReview.v1beta1)))
        }
        for version in ["v1", "v1beta1"] {
            result.append(("roundtrip \(version)", Array(try Fixtures.data("roundtrip/admission.k8s.io.\(version).AdmissionReview.json"))))
        }
        return result
    }

    static func objectDocuments() throws -> [(String, [UInt8])] {
        try ["core.v1.Service.json", "core.v1.Endpoints.json", "core.v1.Node.json", "core.v1.Pod.json", "discovery.k8s.io.v1.EndpointSlice.json"]
            .map { ($0, Array(try Fixtures.data("roundtrip/\($0)"))) }
    }

    /// Every audit fixture line that is an Event, wrapped one per EventList, plus all of each file in one list.
    static func eventLists() throws -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        let folder = Fixtures.kubernetes.appendingPathComponent("audit")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
            if file.hasSuffix(".jsonl") || file.hasSuffix(".log") {
                let lines = text.split(separator: "\n").filter { $0.hasPrefix("{") }
                for (i, line) in lines.enumerated() {
                    result.append(("\(file):\(i + 1)", Array(#"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":["#.utf8) + Array(line.utf8) + Array("]}".utf8)))
                }
                result.append((file, Array((#"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":["# + lines.joined(separator: ",") + "]}").utf8)))
            } else if file.hasSuffix(".json") {
                // Whole documents: some are EventLists (of other versions), some single events.
                result.append((file, Array(text.utf8)))
                result.append((file + " wrapped", Array((#"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":["# + text + "]}").utf8)))
            }
        }
        return result
    }

    @Test func reviewFixturesDecodeTheSame() throws {
        let documents = try Self.reviews()
        #expect(documents.count >= 8)
        for (name, bytes) in documents {
            let (foundation, ours) = Self.both(AdmissionReview.self, bytes, Self.summary)
            #expect(foundation == ours, "\(name)")
            if case .error(let e) = foundation { Issue.record("fixture \(name) does not decode: \(e)") }
        }
    }

    @Test func objectFixturesDecodeTheSame() throws {
        for (name, bytes) in try Self.objectDocuments() {
            let (foundation, ours) = Self.both(KubernetesJSON.AnyObject.self, bytes, \.object)
            #expect(foundation == ours, "\(name)")
            if case .error(let e) = foundation { Issue.record("fixture \(name) does not decode: \(e)") }
        }
    }

    @Test func auditFixturesDecodeTheSame() throws {
        let documents = try Self.eventLists()
        #expect(documents.count >= 6)
        var decoded = 0
        for (name, bytes) in documents {
            let (foundation, ours) = Self.both(AuditEventList.self, bytes, Self.summary)
            #expect(foundation == ours, "\(name)")
            if case .value = foundation { decoded += 1 }
        }
        #expect(decoded >= 5)
    }

    // MARK: Mutations: every leaf of every fixture replaced by values of the wrong type or range

    static let replacements: [String] = [
        "null", #""x""#, "3.5", "1e400", "1180591620717411303424", "-9223372036854775809", "9223372036854775807", "2.0", "1e2",
        "true", "[]", "{}", "[1,\"a\",null]", #"{"a":1}"#, "-1",
    ]

    /// Paths (as arrays of object keys and array indices) of every value in `value`.
    static func paths(_ value: JSONValue, prefix: [JSONPathStep] = []) -> [[JSONPathStep]] {
        var result = [prefix]
        switch value {
        case .object(let fields):
            for (key, child) in fields.sorted(by: { $0.key < $1.key }) { result += paths(child, prefix: prefix + [.key(key)]) }
        case .array(let items):
            for (i, child) in items.enumerated() { result += paths(child, prefix: prefix + [.index(i)]) }
        default: break
        }
        return result
    }

    enum JSONPathStep { case key(String), index(Int) }

    static let marker = "\u{1}REPLACED\u{1}"

    static func replacing(_ value: JSONValue, at path: ArraySlice<JSONPathStep>, with replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        switch (step, value) {
        case (.key(let key), .object(var fields)):
            if path.count == 1, replacement == nil {
                fields[key] = nil
            } else if let child = fields[key] {
                fields[key] = replacing(child, at: path.dropFirst(), with: replacement)
            }
            return .object(fields)
        case (.index(let i), .array(var items)) where i < items.count:
            if path.count == 1, replacement == nil {
                items.remove(at: i)
            } else {
                items[i] = replacing(items[i], at: path.dropFirst(), with: replacement)
            }
            return .array(items)
        default:
            return value
        }
    }

    /// Each path of `bytes` removed, and replaced by each of `replacements`. A large document
    /// (the 61 KB Pod: thousands of paths, each mutation decoded twice) gets `maxPaths` of its
    /// paths, evenly spread: every path of it cost 90 s of CPU per test run.
    static func mutations(of bytes: [UInt8], maxPaths: Int = 150) throws -> [[UInt8]] {
        let original = try JSONValue(parsing: bytes)
        var result: [[UInt8]] = []
        let markerText = JSONValue.string(marker).serialized
        let all = paths(original).filter { !$0.isEmpty }
        let step = max(1, (all.count + maxPaths - 1) / maxPaths)
        for path in stride(from: 0, to: all.count, by: step).map({ all[$0] }) {
            result.append(replacing(original, at: path[...], with: nil).bytes)
            let marked = replacing(original, at: path[...], with: .string(marker)).serialized
            for replacement in replacements {
                result.append(Array(marked.replacingOccurrences(of: markerText, with: replacement).utf8))
            }
        }
        return result
    }

    /// Decodes each mutation both ways, off the cooperative pool (thousands of decodes: see
    /// `onOwnThread`): (compared, Foundation failures, the mutations decoded differently).
    static func compareMutations<T: Decodable & SendableMetatype, R: Equatable & Sendable>(
        _ type: T.Type, of documents: [(String, [UInt8])], _ project: @escaping @Sendable (T) -> R
    ) async throws -> (compared: Int, failures: Int, differing: [String]) {
        try await onOwnThread {
            var compared = 0, failures = 0
            var differing: [String] = []
            for (name, document) in documents {
                for bytes in try Self.mutations(of: document) {
                    let (foundation, ours) = Self.both(T.self, bytes, project)
                    compared += 1
                    if case .error = foundation { failures += 1 }
                    if foundation != ours { differing.append("\(name): \(String(decoding: bytes, as: UTF8.self))") }
                }
            }
            return (compared, failures, differing)
        }
    }

    @Test func mutatedReviewsFailOrSucceedTheSame() async throws {
        let base = try Fixtures.review("kubewarden-service_nodeport.create.request.json")
        let result = try await Self.compareMutations(AdmissionReview.self, of: [("review", base)], Self.summary)
        #expect(result.differing.isEmpty, "\(result.differing.prefix(5))")
        #expect(result.compared > 500)
        #expect(result.failures > 100)
    }

    @Test func mutatedObjectsFailOrSucceedTheSame() async throws {
        let result = try await Self.compareMutations(KubernetesJSON.AnyObject.self, of: try Self.objectDocuments(), \.object)
        #expect(result.differing.isEmpty, "\(result.differing.prefix(5))")
        #expect(result.compared > 1_000)
    }

    @Test func mutatedEventListsFailOrSucceedTheSame() async throws {
        let list = #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"auditID":"a","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"services","namespace":"d","name":"s"},"responseStatus":{"code":201},"responseObject":{"kind":"Service","metadata":{"name":"s","namespace":"d","labels":{"a":"b"}},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":80,"targetPort":"http"}]}}},{"auditID":"c","stage":"ResponseComplete","verb":"deletecollection","objectRef":{"resource":"pods","namespace":"d"},"responseStatus":{"code":200},"responseObject":{"kind":"PodList","items":[{"metadata":{"name":"p1","namespace":"d"}}]}}]}"#
        let result = try await Self.compareMutations(AuditEventList.self, of: [("list", Array(list.utf8))], Self.summary)
        #expect(result.differing.isEmpty, "\(result.differing.prefix(5))")
        #expect(result.compared > 100)
    }

    // MARK: Invalid UTF-8 in strings and other encoding forms

    /// The invalid sequences of the reliability corpus: a byte that never starts one, an overlong
    /// encoding, a UTF-8 surrogate, beyond U+10FFFF, a lone continuation byte, truncated sequences.
    static let invalidSequences: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xC3]]

    static func value(_ value: JSONValue, at path: ArraySlice<JSONPathStep>) -> JSONValue? {
        guard let step = path.first else { return value }
        switch (step, value) {
        case (.key(let key), .object(let fields)): return fields[key].flatMap { Self.value($0, at: path.dropFirst()) }
        case (.index(let i), .array(let items)) where i < items.count: return Self.value(items[i], at: path.dropFirst())
        default: return nil
        }
    }

    /// Each string value of `bytes` with `sequence` inside it, and each object with one more member
    /// whose name has it.
    static func invalidUTF8Mutations(of bytes: [UInt8], sequence: [UInt8]) throws -> [[UInt8]] {
        let original = try JSONValue(parsing: bytes)
        let markerText = JSONValue.string(marker).serialized
        let invalid = Array("\"ev".utf8) + sequence + Array("l\"".utf8)
        var result: [[UInt8]] = []
        for path in paths(original) {
            let marked: JSONValue
            switch value(original, at: path[...]) {
            case .string?: marked = replacing(original, at: path[...], with: .string(marker))
            case .object(var fields)?:
                fields[marker] = 1
                marked = replacing(original, at: path[...], with: .object(fields))
            default: continue
            }
            let parts = marked.serialized.components(separatedBy: markerText)
            guard parts.count == 2 else { continue }
            result.append(Array(parts[0].utf8) + invalid + Array(parts[1].utf8))
        }
        return result
    }

    /// A batch as a whole failed, or which items did (nil) and what the others read as.
    enum BatchOutcome: Equatable {
        case failed
        case items([EventSummary?])
    }

    static func batchOutcome(_ outcome: Outcome<ListSummary>) -> BatchOutcome {
        guard case .value(let list) = outcome else { return .failed }
        return .items(list.items.map { if case .event(let e) = $0 { e } else { nil } })
    }

    /// Foundation reads strings lazily: invalid UTF-8 fails what reads that string (or, in a member
    /// name, the object's keyed container), so an audit item with it is skipped alone. We fail the
    /// same items and batches; our errors carry the path where Foundation's carry none.
    @Test func invalidUTF8FailsTheSameItemsAsFoundation() throws {
        let list = #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{"resourceVersion":"1"},"items":[{"level":"RequestResponse","auditID":"a","stage":"ResponseComplete","verb":"create","user":{"username":"admin"},"objectRef":{"resource":"services","namespace":"d","name":"s","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"responseObject":{"kind":"Service","metadata":{"name":"s","namespace":"d","labels":{"a":"b"}},"spec":{"clusterIP":"10.96.0.1","ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"}]}},"stageTimestamp":"2024-01-01T00:00:00Z"},{"auditID":"c","stage":"ResponseComplete","verb":"deletecollection","objectRef":{"resource":"pods","namespace":"d"},"responseStatus":{"code":200},"responseObject":{"kind":"PodList","items":[{"metadata":{"name":"p1","namespace":"d"},"spec":{"nodeName":"n1"}}]}}]}"#
        var compared = 0, itemFailures = 0, batchFailures = 0
        for sequence in Self.invalidSequences {
            for bytes in try Self.invalidUTF8Mutations(of: Array(list.utf8), sequence: sequence) {
                let (foundation, ours) = Self.both(AuditEventList.self, bytes, Self.summary)
                let expected = Self.batchOutcome(foundation)
                #expect(expected == Self.batchOutcome(ours), "\(String(decoding: bytes, as: UTF8.self))")
                compared += 1
                switch ours {
                case .error(let error):
                    batchFailures += 1
                    #expect(error.reason.contains("not valid UTF-8"), "\(error)")
                case .value(let decoded):
                    for (i, item) in decoded.items.enumerated() {
                        guard case .failure(let error) = item else { continue }
                        itemFailures += 1
                        #expect(error.path.hasPrefix("items[\(i)]"), "\(error)")
                        #expect(error.reason.contains("not valid UTF-8"), "\(error)")
                    }
                }
            }
        }
        #expect(compared > 300)
        #expect(itemFailures > 100)
        #expect(batchFailures > 0)
    }

    @Test func reviewFixturesDecodeTheSameInUTF16AndUTF32() throws {
        for (name, bytes) in try Self.reviews() {
            let text = String(decoding: bytes, as: UTF8.self)
            let (_, utf8) = Self.both(AdmissionReview.self, bytes, Self.summary)
            for form in JSONDocumentEncodingTests.forms where form != .utf8 {
                for mark in [false, true] {
                    let encoded = JSONDocumentEncodingTests.encoded(text, as: form, byteOrderMark: mark)
                    let (foundation, ours) = Self.both(AdmissionReview.self, encoded, Self.summary)
                    if JSONDocumentEncodingTests.foundationReads(form, byteOrderMark: mark) {
                        #expect(foundation == ours, "\(name) \(form) mark \(mark)")
                    }
                    #expect(ours == utf8, "\(name) \(form) mark \(mark)")
                }
            }
        }
    }

    // MARK: Specific cases

    struct Numbers: Decodable, Equatable {
        var i: Int?
        var i8: Int8?
        var u: UInt32?
        var d: Double?
        var list: [Int]?
        var nested: [[Int]]?
        var map: [String: Int]?
        var strings: [String: String]?
    }

    static let numberCases: [String] = [
        #"{"i":1}"#, #"{"i":-0}"#, #"{"i":3.5}"#, #"{"i":1e400}"#, #"{"i":1180591620717411303424}"#, #"{"i":9223372036854775807}"#,
        #"{"i":-9223372036854775808}"#, #"{"i":9223372036854775808}"#, #"{"i":"1"}"#, #"{"i":true}"#, #"{"i":1.0}"#, #"{"i":1e2}"#,
#"{"i8":127}"#, #"{"i8":128}"#, #"{"u":-1}"#, #"{"u":4294967295}"#, #"{"d":0.1}"#, #"{"d":-2}"#,
        #"{"d":"x"}"#, #"{"list":[1,2,null]}"#, #"{"list":[1,"x"]}"#, #"{"nested":[[1],{}]}"#, #"{"nested":[[1],null]}"#,
        #"{"nested":[[1],[2,3.5]]}"#, #"{"map":{"a":1,"b":"x"}}"#, #"{"map":[]}"#, #"{"strings":{"a":"b","c":1}}"#,
        #"{"strings":null}"#, #"{"strings":"x"}"#, "[]", "null", #""x""#,
    ]

    @Test(arguments: numberCases)
    func numbersAndContainersFailTheSame(json: String) {
        let (foundation, ours) = Self.both(Numbers.self, Array(json.utf8), { $0 })
        #expect(foundation == ours)
    }

    /// Where we differ from Foundation on purpose: integers are exact, and a repeated key keeps its
    /// last value (as Go's encoding/json, hence kube-apiserver, reads it; Foundation keeps the first).
    @Test func numberErrorsHaveAPath() {
        for (json, path) in [
            (#"{"i":3.5}"#, "i"), (#"{"i":1e-400}"#, "i"), (#"{"i":1e400}"#, "i"), (#"{"i8":128}"#, "i8"), (#"{"u":-1}"#, "u"),
            (#"{"nested":[[1],[2,3.5]]}"#, "nested[1][1]"), (#"{"map":{"a":2.5}}"#, "map.a"),
        ] {
            do {
                _ = try JSONTreeDecoder().decode(Numbers.self, from: Array(json.utf8))
                Issue.record("\(json) decoded")
            } catch {
                let decodeError = DecodeError(error)
                #expect(decodeError.path == path, "\(json)")
                #expect(decodeError.reason.hasPrefix("Parsed JSON number <"), "\(json)")
            }
        }
    }

    @Test func repeatedKeysKeepTheLastValue() throws {
        let decoded = try JSONTreeDecoder().decode(Numbers.self, from: Array(#"{"i":1,"strings":{"a":"b","a":"c"},"i":2}"#.utf8))
        #expect(decoded.i == 2)
        #expect(decoded.strings == ["a": "c"])
    }

    @Test func bigNumbersAreErrorsWithThePath() {
        for number in ["1e400", "3.5", "1180591620717411303424"] {
            let json = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":80},{"port":\#(number)}]}}}}"#
            do {
                _ = try AdmissionReview.decode(Array(json.utf8))
                Issue.record("\(number) decoded")
            } catch {
                #expect(error.path == "request.object.spec.ports[1].port")
            }
        }
    }

    @Test func codingPathsSpellIndicesLikeFoundation() {
        struct Probe: Decodable {
            var paths: [String]
            init(from decoder: any Decoder) throws {
                var list = try decoder.container(keyedBy: JSONStringKey.self).nestedUnkeyedContainer(forKey: JSONStringKey("a"))
                let first = try list.superDecoder()
                let second = try list.superDecoder()
                paths = [first, second].map { $0.codingPath.map { "\($0.stringValue)/\($0.intValue.map(String.init) ?? "-")" }.joined(separator: ",") }
            }
        }
        let json = Array(#"{"a":[1,2]}"#.utf8)
        let foundation = try? JSONDecoder().decode(Probe.self, from: Data(json)).paths
        let ours = try? JSONTreeDecoder().decode(Probe.self, from: json).paths
        #expect(foundation == ["a/-,Index 0/0", "a/-,Index 1/1"])
        #expect(ours == foundation)
    }

    @Test func malformedJSONIsNotValidJSONAtTheRoot() throws {
        for text in ["", "{", #"{"apiVersion":"admission.k8s.io/v1"} x"#, "[1,]", #"{"a":"\ud800"}"#] {
            do {
                _ = try AdmissionReview.decode(Array(text.utf8))
                Issue.record("\(text) decoded")
            } catch {
                #expect(error.path == "")
                #expect(error.reason.hasPrefix("not valid JSON"), "\(error)")
            }
        }
    }
}
