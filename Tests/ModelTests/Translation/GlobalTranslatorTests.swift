import Model
import Testing

@Suite struct GlobalTranslatorTests {
    @Test func globalResourcesInTheOriginalsOrder() {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        #expect(objects.map(\.kind) == [.tunnelZone, .router, .chain, .chain, .chain, .rule, .rule, .rule, .rule])
        #expect(objects[0].body.serialized == #"{"id":"7aa937f6-2ba6-5719-b7ca-24b6ef563e85","name":"DefaultTunnelZone","type":"vxlan"}"#)
        #expect(objects[2].body["name"] == "KUBE-MAIN")
        // KUBE-MAIN = [jump to KUBE-PRE, jump to KUBE-SERVICES], with explicit positions.
        #expect(objects[5].body.serialized == #"{"id":"58cbc33e-be7c-5305-b383-520796c8681b","jumpChainId":"cd073c07-acd3-5400-b93c-1028b343c3c3","jumpChainName":"KUBE-PRE","position":1,"type":"jump"}"#)
        #expect(objects[6].body["position"] == 2)
        // KUBE-PRE = [rev_snat (continue), rev_dnat (accept)].
        #expect(objects[7].body.serialized == #"{"flowAction":"continue","id":"4dadb4d0-06a1-5271-bb15-8f97bcd8cce4","position":1,"type":"rev_snat"}"#)
        #expect(objects[8].body.serialized == #"{"flowAction":"accept","id":"47964153-a5e1-5e81-9992-631f5a0c1c58","position":2,"type":"rev_dnat"}"#)
    }

    @Test func tenantChangesEveryID() {
        let a = Translator(tenant: "a").translate(.global, lookup: ClusterObjects()).objects.map(\.id)
        let b = Translator(tenant: "b").translate(.global, lookup: ClusterObjects()).objects.map(\.id)
        #expect(Set(a).isDisjoint(with: Set(b)))
    }
}
