import TestSupport
import Foundation

/// Certificates generated with the openssl CLI into a temporary directory: a CA, an ECDSA
/// P-256 and an RSA server certificate (SAN localhost, 127.0.0.1), a client certificate from
/// the CA, and a client certificate from a different CA.
struct TestCertificates: Sendable {
    let directory: String
    var caCertificate: String { directory + "/ca.pem" }
    var ecdsaCertificate: String { directory + "/server-ec.pem" }
    var ecdsaKey: String { directory + "/server-ec.key" }
    var rsaCertificate: String { directory + "/server-rsa.pem" }
    var rsaKey: String { directory + "/server-rsa.key" }
    var clientCertificate: String { directory + "/client.pem" }
    var clientKey: String { directory + "/client.key" }
    var otherCACertificate: String { directory + "/other-ca.pem" }
    var rogueClientCertificate: String { directory + "/rogue-client.pem" }
    var rogueClientKey: String { directory + "/rogue-client.key" }

    /// Generated once per test process.
    static let shared: TestCertificates = {
        do {
            return try generate()
        } catch {
            fatalError("certificate generation failed: \(error)")
        }
    }()

    static func makeTemporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func generate() throws -> TestCertificates {
        let directory = try makeTemporaryDirectory("httplayer-certs")
        let certificates = TestCertificates(directory: directory)
        try makeCA(directory, name: "ca", subject: "/CN=HTTPLayer Test CA")
        try makeCA(directory, name: "other-ca", subject: "/CN=Rogue CA")
        let serverExtensions = "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
        let clientExtensions = "extendedKeyUsage=clientAuth\n"
        try makeLeaf(directory, name: "server-ec", key: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
                     subject: "/CN=localhost", ca: "ca", extensions: serverExtensions)
        try makeLeaf(directory, name: "server-rsa", key: ["rsa:2048"], subject: "/CN=localhost", ca: "ca",
                     extensions: serverExtensions)
        try makeLeaf(directory, name: "client", key: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
                     subject: "/CN=kube-apiserver/O=system:masters", ca: "ca", extensions: clientExtensions)
        try makeLeaf(directory, name: "rogue-client", key: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
                     subject: "/CN=intruder", ca: "other-ca", extensions: clientExtensions)
        return certificates
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/usr/bin/openssl", arguments, timeout: 60)
        guard result.status == 0 else {
            throw CertificateError(message: "openssl \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    private static func makeCA(_ directory: String, name: String, subject: String) throws {
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem", "-days", "3",
                     "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// A key and a certificate signed by `ca`.
    static func makeLeaf(_ directory: String, name: String, key: [String], subject: String, ca: String,
                         extensions: String, days: Int = 3) throws {
        let extensionsFile = "\(directory)/\(name).ext"
        try extensions.write(toFile: extensionsFile, atomically: true, encoding: .utf8)
        try openssl(["req", "-newkey"] + key + ["-nodes", "-keyout", "\(directory)/\(name).key",
                     "-out", "\(directory)/\(name).csr", "-subj", subject])
        try openssl(["x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", "\(directory)/\(ca).pem",
                     "-CAkey", "\(directory)/\(ca).key", "-CAcreateserial", "-out", "\(directory)/\(name).pem",
                     "-days", String(days), "-extfile", extensionsFile])
    }
}

struct CertificateError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
