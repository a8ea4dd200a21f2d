import Foundation
import Model
import Yams

/// Reads Kubernetes manifests: JSON, or YAML with one or more documents; objects or Lists.
enum ManifestReader {
    /// Why a file could not be read, with the path inside the document where that applies.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func objects(in file: String) throws -> [KubernetesObject] {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ReadError(description: "cannot read: \((error as NSError).localizedDescription)")
        }
        return try objects(from: data)
    }

    static func objects(from data: Data) throws -> [KubernetesObject] {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
            return try decode(data, document: nil)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ReadError(description: "not UTF-8 text") }
        var result: [KubernetesObject] = []
        var documents: [Any?] = []
        do {
            // Not `load_all`: its sequence ends silently at a syntax error.
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node.any) }
        } catch {
            throw ReadError(description: "not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        for (index, document) in documents.enumerated() {
            guard let document, !(document is NSNull) else { continue }
            guard JSONSerialization.isValidJSONObject(document),
                let json = try? JSONSerialization.data(withJSONObject: document)
            else { throw ReadError(description: "document \(index + 1): not a Kubernetes object") }
            result += try decode(json, document: documents.count > 1 ? index + 1 : nil)
        }
        return result
    }

    static func decode(_ json: Data, document: Int?) throws -> [KubernetesObject] {
        do {
            return try KubernetesJSON.decodeObjects(from: json)
        } catch {
            let prefix = document.map { "document \($0): " } ?? ""
            throw ReadError(description: prefix + error.description)
        }
    }
}
