/// Decides `/validate`: whether a Service, Endpoints or EndpointSlice may be stored without
/// conflicting with what MidoNet holds or will hold. Pure: reads the object and a `ClusterState`.
///
/// DESIGN.md "Validation" is the list of rules; each is in `Validator+Service.swift` or
/// `Validator+Endpoints.swift`. Every violation is reported, not just the first.
public enum Validator {
    /// The verdict on one admission request.
    ///
    /// - DELETE and CONNECT are always allowed; so are kinds other than Service, Endpoints and
    ///   EndpointSlice. `dryRun` changes nothing: the verdict is the same.
    /// - An UPDATE of an object being deleted (`deletionTimestamp` set) is allowed: it can only be
    ///   finalizers going away, and refusing them would wedge the deletion.
    /// - On UPDATE, a violation the old object already had (same code, path and value) is reported
    ///   as a warning instead: the conflict exists in MidoNet already, and refusing every later
    ///   change (labels, status, finalizers) would not remove it, only block controllers.
    public static func review(_ request: AdmissionRequest, state: ClusterState) -> AdmissionVerdict {
        if request.operation == "DELETE" || request.operation == "CONNECT" { return .allowed }
        guard let object = request.object else {
            guard let kind = ObjectKind(kind: request.kind.kind), Self.validatedKinds.contains(kind),
                kind.group == request.kind.group
            else { return .allowed }
            return .denied([
                Violation(
                    code: .missingObject, path: "request.object", value: "",
                    reason: "an \(request.operation) of a \(kind.rawValue) must carry the object")
            ])
        }
        if request.operation == "UPDATE", object.metadata?.deletionTimestamp != nil { return .allowed }
        guard let verdict = validate(object, namespace: request.namespace, state: state) else { return .allowed }
        guard request.operation == "UPDATE", !verdict.isAllowed, let old = request.oldObject,
            let oldVerdict = validate(old, namespace: request.namespace, state: state)
        else { return verdict }
        return verdict.ratcheted(against: oldVerdict)
    }

    /// The kinds whose CREATE and UPDATE are checked.
    static let validatedKinds: Set<ObjectKind> = [.service, .endpoints, .endpointSlice]

    /// The verdict on one object; nil for kinds the Validator does not check.
    /// `namespace` (the request's) fills in an object that does not carry its own.
    static func validate(_ object: KubernetesObject, namespace: String?, state: ClusterState) -> AdmissionVerdict? {
        // Copied (a retain per string) only when the namespace must be filled in.
        switch object {
        case .service(let service):
            guard service.metadata.namespace == nil else { return validate(service, state: state) }
            var filled = service
            filled.metadata.namespace = namespace
            return validate(filled, state: state)
        case .endpoints(let endpoints):
            guard endpoints.metadata.namespace == nil else { return validate(endpoints, state: state) }
            var filled = endpoints
            filled.metadata.namespace = namespace
            return validate(filled, state: state)
        case .endpointSlice(let slice):
            guard slice.metadata.namespace == nil else { return validate(slice, state: state) }
            var filled = slice
            filled.metadata.namespace = namespace
            return validate(filled, state: state)
        case .node, .pod, .other:
            return nil
        }
    }
}

extension AdmissionVerdict {
    /// This verdict with the violations `old` already had turned into warnings.
    func ratcheted(against old: AdmissionVerdict) -> AdmissionVerdict {
        let existing = Set(old.violations.map { ViolationIdentity($0) })
        var result = AdmissionVerdict(warnings: warnings)
        for violation in violations {
            if existing.contains(ViolationIdentity(violation)) {
                result.add(warning: "\(violation.path): unchanged, still \(violation.reason)")
            } else {
                result.add(violation: violation)
            }
        }
        return result
    }

    /// What makes two violations "the same" across an UPDATE: the text may differ (a new owner name).
    private struct ViolationIdentity: Hashable {
        var code: Violation.Code
        var path: String
        var value: String
        init(_ violation: Violation) {
            code = violation.code
            path = violation.path
            value = violation.value
        }
    }
}
