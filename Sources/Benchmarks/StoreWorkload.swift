import Model

/// Audit traffic of a cluster of `services` Services, each with an Endpoints object, as
/// kube-apiserver posts it: full `RequestResponse` events (user, requestObject, managedFields,
/// annotations), so that decoding costs what it costs in production.
///
/// Batch `i` holds events `i*batchSize ..< (i+1)*batchSize`. The first `2*services` events
/// create every Service and its Endpoints; the rest are updates, three Endpoints updates (one
/// endpoint replaced: a new endpoint chain, a new balancing rule, the old ones deleted) for
/// each Service update (half of them add or remove an externalIP, half only touch an annotation).
struct StoreWorkload: Sendable {
    var services: Int
    var endpointsPerService: Int
    var batchSize: Int
    /// Distinguishes runs on one database (audit IDs).
    var runID: String

    var createBatches: Int { (2 * services + batchSize - 1) / batchSize }

    func batchJSON(_ index: Int) -> [UInt8] {
        var out = #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":["#
        for event in index * batchSize..<(index + 1) * batchSize {
            if event > index * batchSize { out += "," }
            out += eventJSON(event)
        }
        out += "]}"
        return Array(out.utf8)
    }

    func eventJSON(_ event: Int) -> String {
        let resourceVersion = 1_000_000 + event
        if event < 2 * services {
            let service = event / 2
            return event % 2 == 0
                ? serviceEvent(event, service: service, verb: "create", version: 0, resourceVersion: resourceVersion)
                : endpointsEvent(event, service: service, verb: "create", version: 0, resourceVersion: resourceVersion)
        }
        let update = event - 2 * services
        // Spread consecutive updates over the Services (7919 is prime, coprime with most sizes).
        let service = (update &* 7919) % services
        let version = update / services + 1
        return update % 4 == 3
            ? serviceEvent(event, service: service, verb: "update", version: version, resourceVersion: resourceVersion)
            : endpointsEvent(event, service: service, verb: "update", version: version, resourceVersion: resourceVersion)
    }

    func namespace(_ service: Int) -> String { "team-\(service % 64)" }
    func clusterIP(_ service: Int) -> String { "10.96.\(service / 250 % 256).\(service % 250 + 1)" }

    func envelope(_ event: Int, resource: String, service: Int, verb: String, uid: String, resourceVersion: Int, user: String, agent: String, body: String) -> String {
        let ns = namespace(service)
        let code = verb == "create" ? 201 : 200
        let path = verb == "create" ? "/api/v1/namespaces/\(ns)/\(resource)" : "/api/v1/namespaces/\(ns)/\(resource)/svc-\(service)"
        return """
            {"level":"RequestResponse","auditID":"\(runID)-\(event)-3f1c2a8e-5b7d-4e61-9c0a","stage":"ResponseComplete","requestURI":"\(path)","verb":"\(verb)",\
            "user":{"username":"\(user)","uid":"0c8f6e2b-7a41-4d0e-b8a5-2f9d1c3e4b5a","groups":["system:serviceaccounts","system:serviceaccounts:kube-system","system:authenticated"]},\
            "sourceIPs":["172.18.0.2"],"userAgent":"\(agent)",\
            "objectRef":{"resource":"\(resource)","namespace":"\(ns)","name":"svc-\(service)","uid":"\(uid)","apiVersion":"v1","resourceVersion":"\(resourceVersion - 1)"},\
            "responseStatus":{"metadata":{},"code":\(code)},"requestObject":\(body),"responseObject":\(body),\
            "requestReceivedTimestamp":"2025-03-14T09:26:53.589793Z","stageTimestamp":"2025-03-14T09:26:53.597241Z",\
            "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \\"system:controller:\(resource)-controller\\" of ClusterRole \\"system:controller:\(resource)-controller\\" to ServiceAccount \\"\(resource)-controller/kube-system\\""}}
            """
    }

    func serviceEvent(_ event: Int, service: Int, verb: String, version: Int, resourceVersion: Int) -> String {
        let ns = namespace(service)
        let ip = clusterIP(service)
        let uid = "5e0c\(String(service, radix: 16).leftPadded(to: 4))-9b2d-4c7e-a1f3-6d8e2b4c0a1f"
        let external = version % 4 == 1 ? #","externalIPs":["192.0.2.\#(service % 250 + 1)"]"# : ""
        let body = """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"svc-\(service)","namespace":"\(ns)","uid":"\(uid)","resourceVersion":"\(resourceVersion)",\
            "creationTimestamp":"2025-03-14T09:20:11Z","labels":{"app.kubernetes.io/name":"svc-\(service)","app.kubernetes.io/part-of":"shop","team":"\(ns)"},\
            "annotations":{"deployment.kubernetes.io/revision":"\(version + 1)","kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Service\\",\\"metadata\\":{\\"annotations\\":{},\\"labels\\":{\\"app.kubernetes.io/name\\":\\"svc-\(service)\\"},\\"name\\":\\"svc-\(service)\\",\\"namespace\\":\\"\(ns)\\"},\\"spec\\":{\\"ports\\":[{\\"name\\":\\"http\\",\\"port\\":80,\\"targetPort\\":8080},{\\"name\\":\\"https\\",\\"port\\":443,\\"targetPort\\":8443}],\\"selector\\":{\\"app.kubernetes.io/name\\":\\"svc-\(service)\\"}}}\\n"},\
            "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1","time":"2025-03-14T09:20:11Z","fieldsType":"FieldsV1",\
            "fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app.kubernetes.io/name":{}}},\
            "f:spec":{"f:internalTrafficPolicy":{},"f:ports":{".":{},"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{},"f:targetPort":{}},\
            "k:{\\"port\\":443,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{},"f:targetPort":{}}},"f:selector":{},"f:sessionAffinity":{},"f:type":{}}}}]},\
            "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"https","protocol":"TCP","port":443,"targetPort":8443}],\
            "selector":{"app.kubernetes.io/name":"svc-\(service)"},"clusterIP":"\(ip)","clusterIPs":["\(ip)"],"type":"ClusterIP"\(external),"sessionAffinity":"None",\
            "ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
            """
        return envelope(
            event, resource: "services", service: service, verb: verb, uid: uid, resourceVersion: resourceVersion, user: "kubernetes-admin",
            agent: "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46", body: body)
    }

    func endpointsEvent(_ event: Int, service: Int, verb: String, version: Int, resourceVersion: Int) -> String {
        let ns = namespace(service)
        let uid = "7a1d\(String(service, radix: 16).leftPadded(to: 4))-3c5e-4f20-8b6d-1e9a7c2f4d3b"
        var addresses: [String] = []
        for slot in 0..<endpointsPerService {
            // Each version replaces one endpoint: a sliding window over the pod addresses.
            let pod = version + slot
            let ip = "10.\(128 + service % 64).\(service / 64 % 256).\(pod % 250 + 2)"
            addresses.append(
                #"{"ip":"\#(ip)","nodeName":"worker-\#(pod % 20)","targetRef":{"kind":"Pod","namespace":"\#(ns)","name":"svc-\#(service)-7d9f8c6b5-\#(pod)","uid":"9e3b\#(String(pod, radix: 16).leftPadded(to: 4))-1f2a-4b3c-8d4e-5f6a7b8c9d0e"}}"#)
        }
        let body = """
            {"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"svc-\(service)","namespace":"\(ns)","uid":"\(uid)","resourceVersion":"\(resourceVersion)",\
            "creationTimestamp":"2025-03-14T09:20:11Z","labels":{"app.kubernetes.io/name":"svc-\(service)","endpoints.kubernetes.io/managed-by":"endpoint-controller"},\
            "annotations":{"endpoints.kubernetes.io/last-change-trigger-time":"2025-03-14T09:26:53Z"},\
            "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2025-03-14T09:26:53Z","fieldsType":"FieldsV1",\
            "fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:endpoints.kubernetes.io/last-change-trigger-time":{}},"f:labels":{".":{},"f:app.kubernetes.io/name":{}}},"f:subsets":{}}}]},\
            "subsets":[{"addresses":[\(addresses.joined(separator: ","))],"ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"https","port":8443,"protocol":"TCP"}]}]}
            """
        return envelope(
            event, resource: "endpoints", service: service, verb: verb, uid: uid, resourceVersion: resourceVersion,
            user: "system:serviceaccount:kube-system:endpoint-controller",
            agent: "kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:endpoint-controller", body: body)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? String(suffix(width)) : String(repeating: "0", count: width - count) + self
    }
}
