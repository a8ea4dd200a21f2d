import Foundation
import Model
import Testing

/// Golden IDs: computed independently (Python's uuid.uuid5, hashlib) from the scheme in DESIGN.md.
@Suite struct DeterministicIDTests {
    @Test func mainChainIsTheTenantID() {
        #expect(DeterministicID.idForTenant("midonetkube").lowerText == "2ac9940c-9031-52ff-94ea-c36e18cdba9d")
        #expect(DeterministicID.idForTenant("tenant-b").lowerText == "9f81a82f-2908-54ab-bc87-553052e079a2")
    }

    @Test(arguments: [
        ("Pre Chain", "cd073c07-acd3-5400-b93c-1028b343c3c3"),
        ("Services Chain", "2fda962b-7810-5440-a199-6e3e9f419509"),
        ("Cluster Router", "78fe8706-f930-577c-9516-2aad6bdb36f4"),
        ("Default Tunnel Zone", "7aa937f6-2ba6-5719-b7ca-24b6ef563e85"),
        ("Jump To Pre", "58cbc33e-be7c-5305-b383-520796c8681b"),
        ("Jump To Services", "18968ad7-cc02-5b7a-84aa-7518fbbbbb65"),
        ("Reverse DNAT", "47964153-a5e1-5e81-9992-631f5a0c1c58"),
        ("Reverse SNAT", "4dadb4d0-06a1-5271-bb15-8f97bcd8cce4"),
    ])
    func globalSubIDs(name: String, expected: String) {
        let main = DeterministicID.idForTenant("midonetkube")
        #expect(DeterministicID.subID(main, name).lowerText == expected)
    }

    @Test func globalIDsUseTheSubIDs() {
        let ids = GlobalIDs()
        #expect(ids.clusterRouter.lowerText == "78fe8706-f930-577c-9516-2aad6bdb36f4")
        #expect(ids.servicesChain.lowerText == "2fda962b-7810-5440-a199-6e3e9f419509")
        #expect(ids.reverseSNAT.lowerText == "4dadb4d0-06a1-5271-bb15-8f97bcd8cce4")
    }

    @Test func nodeIDs() {
        let ids = NodeIDs(node: "worker-1")
        #expect(ids.bridge.lowerText == "a48636ab-8017-507c-a2ad-517834551988")
        #expect(ids.bridgePort.lowerText == "0e07fa63-fc7a-5df9-8d8b-ce9936807447")
        #expect(ids.routerPort.lowerText == "22dbcc87-1ee5-5858-aede-2b20c6334545")
        #expect(ids.route.lowerText == "036bf4dd-cfae-5897-80dc-b1847fd2d8ac")
        #expect(ids.nodePort.lowerText == "dd81738f-5229-5ca9-a750-0dd1d15cbade")
        #expect(ids.nodePortChain.lowerText == "0da69228-f789-57e9-830d-6c012c051e1e")
        #expect(ids.nodePortSNATRule.lowerText == "b583da12-75ff-5b98-8ae6-2e4e7bae96e7")
        let address = NodeIDs.addressRoute(node: "worker-1", type: "InternalIP", address: IPv4Address("192.168.10.11")!)
        #expect(address.lowerText == "b10c21a2-fcd3-5ea4-b940-5c5a2bace2b8")
    }

    @Test func podPortAndInterface() {
        #expect(Translator.podPortID("default/web-0").lowerText == "7f12c077-43ac-5650-ad82-0d8b50965d73")
        #expect(DeterministicID.podInterfaceName("default/web-0") == "mido24d07f86e30")
        #expect(DeterministicID.podInterfaceName("default/web-0").count == 15)
    }

    @Test func routerPortMACMatchesTheOriginal() {
        // The original's own test (pkg/converter/id_test.go): MACForKey("hey") = ac:ca:ba:fa:69:0b.
        #expect(DeterministicID.macForKey("hey") == "ac:ca:ba:fa:69:0b")
        #expect(DeterministicID.macForKey("worker-1") == "ac:ca:ba:13:02:9f")
    }

    @Test func serviceAndEndpointIDs() {
        #expect(Translator.servicePortChainID("default/web/http").lowerText == "e7e62470-6a61-5116-9bad-06bd58b813a3")
        let jump = Translator.serviceJumpID(portKey: "default/web/http", address: IPv4Address("10.96.0.10")!, protocolNumber: 6, port: 80)
        #expect(jump.lowerText == "da896689-b3a3-5371-bdb4-1235a9ec7950")
        let endpoint = DeterministicID.idForKey("Endpoint", "web/http/10.96.0.10/10.1.1.5/8080/TCP")
        #expect(endpoint.lowerText == "08ce91ac-51c7-57bc-b2a4-9eb00280deb7")
        #expect(DeterministicID.subID(endpoint, "Jump to Endpoint").lowerText == "5fe32ba1-46e3-5c86-b227-ee07ec5b2366")
        #expect(DeterministicID.subID(endpoint, "SNAT").lowerText == "f4acad10-c710-5269-a64e-2071b23f806a")
    }

    @Test func sha1AndSHA256KnownAnswers() {
        #expect(SHA1.hash(Array("abc".utf8)).hexString == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hash([UInt8]()).hexString == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256.hash(long).hexString == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
