import Testing

@testable import Applier

@Suite struct MidoNetClientTests {
    @Test(arguments: [
        ("/routers", "routers"),
        ("/routers?tenant_id=midonetkube", "routers"),
        ("/routers/78fe8706-f930-577c-9516-2aad6bdb36f4/ports", "ports"),
        ("/routers/78fe8706-f930-577c-9516-2aad6bdb36f4/routes", "routes"),
        ("/routes/0a1b2c3d-0000-0000-0000-000000000001", "routes"),
        ("/bridges/0a1b2c3d-0000-0000-0000-000000000001", "bridges"),
        ("/ports/0a1b2c3d-0000-0000-0000-000000000001/link", "link"),
        ("/chains?tenant_id=midonetkube", "chains"),
        ("/chains/0a1b2c3d-0000-0000-0000-000000000001/rules", "rules"),
        ("/rules/0a1b2c3d-0000-0000-0000-000000000001", "rules"),
        ("/tunnel_zones", "tunnel_zones"),
        ("/tunnel_zones/0a1b2c3d-0000-0000-0000-000000000001/hosts", "tunnel_zone_hosts"),
        ("/tunnel_zones/0a1b2c3d-0000-0000-0000-000000000001/hosts/0a1b2c3d-0000-0000-0000-000000000002", "tunnel_zone_hosts"),
        ("/hosts", "hosts"),
        ("/hosts/0a1b2c3d-0000-0000-0000-000000000002", "hosts"),
        ("/hosts/0a1b2c3d-0000-0000-0000-000000000002/ports", "host_interface_ports"),
        ("/hosts/0a1b2c3d-0000-0000-0000-000000000002/ports/0a1b2c3d-0000-0000-0000-000000000001", "host_interface_ports"),
        ("/bridges/0a1b2c3d-0000-0000-0000-000000000001/mac_table/02-00-00-00-00-01_0a1b2c3d-0000-0000-0000-000000000003", "mac_table"),
        ("/bridges/0a1b2c3d-0000-0000-0000-000000000001/arp_table/10.1.1.10_02-00-00-00-00-01", "arp_table"),
        ("/login", "login"),
        ("/", "other"),
        ("/system_state", "other"),
    ])
    func metricsNameTheResourceAPathIsAbout(path: String, resource: String) {
        #expect(MidoNetClient.resource(of: path) == resource)
    }
}
