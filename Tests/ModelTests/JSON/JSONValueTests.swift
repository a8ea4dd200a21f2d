import Foundation
import Model
import Testing

@Suite struct JSONValueTests {
    @Test func serializationSortsKeysAndEscapes() {
        let value: JSONValue = ["b": 1, "a": ["x\"y\n", true, .null]]
        #expect(value.serialized == #"{"a":["x\"y\n",true,null],"b":1}"#)
    }

    @Test func subsetIgnoresFieldsMidoNetAdds() throws {
        let sent: JSONValue = ["id": "r", "type": "jump", "position": 1]
        let got = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"id":"r","type":"jump","position":1,"fragmentPolicy":"any","uri":"http://x/rules/r"}"#.utf8))
        #expect(sent.isSubset(of: got))
        #expect(!(["id": "r", "type": "dnat"] as JSONValue).isSubset(of: got))
    }

    @Test func roundTripsThroughFoundation() throws {
        let value: JSONValue = ["n": 3, "d": .double(1.5), "s": "é", "l": [1, 2]]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized.utf8))
        #expect(decoded == value)
    }
}
