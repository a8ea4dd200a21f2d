import Model
import Testing

@Suite struct IPv4Tests {
    @Test(arguments: ["10.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.10"])
    func validAddressesRoundTrip(text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", "fd00::1", " 1.2.3.4", "1.2.3.4 ", "clusterIPValue", "1.2.3.-4"])
    func invalidAddressesAreRejected(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func prefixContainmentAndHosts() {
        let prefix = IPv4Prefix("10.1.2.0/24")!
        #expect(prefix.contains(IPv4Address("10.1.2.255")!))
        #expect(!prefix.contains(IPv4Address("10.1.3.0")!))
        #expect(prefix.host(1).description == "10.1.2.1")
        #expect(prefix.host(2).description == "10.1.2.2")
        #expect(IPv4Prefix("0.0.0.0/0")!.contains(IPv4Address("8.8.8.8")!))
        #expect(IPv4Prefix("10.1.2.9/32")!.contains(IPv4Address("10.1.2.9")!))
        #expect(IPv4Prefix("10.1.2.0/33") == nil)
        #expect(IPv4Prefix("10.1.2.0") == nil)
        #expect(IPv4Prefix("10.1.2.0/+8") == nil)
    }
}
