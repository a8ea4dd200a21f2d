// http-bench: a constant JSON response over HTTPLayer, for scripts/bench-http.sh.
//
//   http-bench --port 8443 [--cert F --key F] [--loops N]
//
// Without --cert it serves plain HTTP/1.1. SIGTERM/SIGINT stop it gracefully.
import Glibc
import HTTPLayer
import Logging

/// Answers every request with the same small JSON document.
struct ConstantHandler: HTTPHandler {
    let body = Array(#"{"kind":"Status","status":"Success","code":200}"#.utf8)

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        responder.respond(.json(body: body))
    }
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

var logger = Logger(label: "http-bench")
logger.logLevel = .notice
let port = option("--port").flatMap(Int.init) ?? 8443
let loops = option("--loops").flatMap(Int.init) ?? ServerConfiguration.coreCount
var tls: TLSConfiguration?
if let certificate = option("--cert"), let key = option("--key") {
    tls = TLSConfiguration(certificateFile: certificate, privateKeyFile: key)
}
let configuration = ServerConfiguration(host: "127.0.0.1", port: port, tls: tls, loops: loops)
do {
    let server = try HTTPServer(configuration: configuration, handler: ConstantHandler(), logger: logger)
    try server.start()
    let signals = ShutdownSignals.install(for: [server], logger: logger)
    logger.notice("http-bench listening", metadata: ["port": "\(server.boundPort)"])
    server.waitUntilStopped()
    signals.cancel()
} catch {
    logger.critical("http-bench failed", metadata: ["error": "\(error)"])
    exit(1)
}
