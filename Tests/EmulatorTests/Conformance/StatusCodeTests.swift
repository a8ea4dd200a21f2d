import Foundation
import HTTPLayer
import Model
import Testing
@testable import Emulator

/// One test per status code of the specification (midonet-rest-api.md §3–§5), over HTTP.
@Suite struct StatusCodeTests {
    /// A request that must get a given status, with the error body MidoNet sends.
    enum Case: String, CaseIterable, Sendable {
        case ok200GetRouter
        case okEmpty200HostPut
        case created201
        case noContent204Put
        case badRequest400Violations
        case unauthorized401WithoutToken
        case forbidden403DeleteActiveHost
        case notFound404MissingParent
        case methodNotAllowed405RulePut
        case notAcceptable406ListWithSingleType
        case conflict409DuplicateId
        case unsupported415LinkWithWrongType
        case serverError500LinkWithPortId
        case unavailable503InjectedFault

        var expected: Int {
            switch self {
            case .ok200GetRouter, .okEmpty200HostPut: 200
            case .created201: 201
            case .noContent204Put: 204
            case .badRequest400Violations: 400
            case .unauthorized401WithoutToken: 401
            case .forbidden403DeleteActiveHost: 403
            case .notFound404MissingParent: 404
            case .methodNotAllowed405RulePut: 405
            case .notAcceptable406ListWithSingleType: 406
            case .conflict409DuplicateId: 409
            case .unsupported415LinkWithWrongType: 415
            case .serverError500LinkWithPortId: 500
            case .unavailable503InjectedFault: 503
            }
        }

        var configuration: EmulatorConfiguration {
            let host = EmulatorConfiguration.parseHost("node-1=\(IDs.host)").map { [$0] } ?? []
            switch self {
            case .unauthorized401WithoutToken: return EmulatorConfiguration(hosts: host, auth: AuthConfiguration(username: "u", password: "p"))
            case .unavailable503InjectedFault: return EmulatorConfiguration(hosts: host, faults: FaultConfiguration(failRate: 1, seed: 7))
            default: return EmulatorConfiguration(hosts: host)
            }
        }

        func run(_ live: LiveEmulator) async throws -> ClientResponse {
            switch self {
            case .ok200GetRouter:
                try await live.expect(201, live.post("/routers", ["id": .string(IDs.router)], type: Types.router))
                return try await live.get("/routers/\(IDs.router)", accept: Types.router)
            case .okEmpty200HostPut:
                return try await live.put("/hosts/\(IDs.host)", ["floodingProxyWeight": 2, "containerWeight": 1, "containerLimit": 3, "enforceContainerLimit": true], type: Types.host)
            case .created201:
                return try await live.post("/chains", ["name": "KUBE-MAIN"], type: Types.chain)
            case .noContent204Put:
                try await live.expect(201, live.post("/bridges", ["id": .string(IDs.bridge)], type: Types.bridge))
                return try await live.put("/bridges/\(IDs.bridge)", ["name": "renamed"], type: Types.bridge)
            case .badRequest400Violations:
                try await live.expect(201, live.post("/chains", ["id": .string(IDs.chain)], type: Types.chain))
                return try await live.addRule(["type": "jump"])
            case .unauthorized401WithoutToken:
                return try await live.get("/routers", accept: Types.routers)
            case .forbidden403DeleteActiveHost:
                return try await live.delete("/hosts/\(IDs.host)")
            case .notFound404MissingParent:
                return try await live.post("/bridges/\(IDs.missing)/ports", ["type": "Bridge"], type: Types.port)
            case .methodNotAllowed405RulePut:
                try await live.expect(201, live.post("/chains", ["id": .string(IDs.chain)], type: Types.chain))
                let created = try await live.expect(201, live.addRule(["type": "accept"]))
                return try await live.put(created.headers["Location"] ?? "", ["type": "drop"], type: Types.rule)
            case .notAcceptable406ListWithSingleType:
                return try await live.get("/routers", accept: Types.router)
            case .conflict409DuplicateId:
                try await live.expect(201, live.post("/routers", ["id": .string(IDs.router)], type: Types.router))
                return try await live.post("/routers", ["id": .string(IDs.router)], type: Types.router)
            case .unsupported415LinkWithWrongType:
                return try await live.post("/ports/\(IDs.bridgePort)/link", ["peerId": .string(IDs.routerPort)], type: Types.port)
            case .serverError500LinkWithPortId:
                try await live.expect(201, live.post("/routers", ["id": .string(IDs.router)], type: Types.router))
                try await live.expect(201, live.post("/bridges", ["id": .string(IDs.bridge)], type: Types.bridge))
                try await live.addRouterPort()
                try await live.addBridgePort()
                return try await live.post("/ports/\(IDs.bridgePort)/link", ["portId": .string(IDs.bridgePort), "peerId": .string(IDs.routerPort)], type: Types.link)
            case .unavailable503InjectedFault:
                return try await live.post("/chains", ["name": "x"], type: Types.chain)
            }
        }

        /// The body MidoNet sends with it: nil = empty, else (message, code).
        var expectedError: (message: String?, hasViolations: Bool)? {
            switch self {
            case .ok200GetRouter, .okEmpty200HostPut, .created201, .noContent204Put, .methodNotAllowed405RulePut,
                .notAcceptable406ListWithSingleType, .unsupported415LinkWithWrongType:
                nil
            case .badRequest400Violations: ("Validation error(s) found", true)
            case .unauthorized401WithoutToken: ("No token was passed in.", false)
            case .forbidden403DeleteActiveHost: ("Cannot delete host \(IDs.host) because it is active.", false)
            case .notFound404MissingParent: ("There is no Network with ID \(IDs.missing).", false)
            case .conflict409DuplicateId: ("A(n) Router with ID \(IDs.router) already exists.", false)
            case .serverError500LinkWithPortId: (nil, false)
            case .unavailable503InjectedFault: ("Resource read timeout", false)
            }
        }
    }

    @Test(arguments: Case.allCases)
    func statusCode(_ testCase: Case) async throws {
        let live = try LiveEmulator(testCase.configuration)
        let response = try await testCase.run(live)
        #expect(response.status == testCase.expected, "\(response.text)")
        if let expected = testCase.expectedError {
            #expect(response.headers["Content-Type"] == Types.error)
            #expect(response.json["code"] == .int(testCase.expected))
            if let message = expected.message { #expect(response.message == message) }
            #expect((response.json["violations"] != nil) == expected.hasViolations)
        } else if testCase.expected >= 400 || testCase.expected == 201 || testCase.expected == 204 {
            #expect(response.body.isEmpty)
        }
    }
}
