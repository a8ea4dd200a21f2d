import Testing
@testable import HTTPLayer

@Suite struct CommonStringsTests {
    func lookUp(_ text: String, _ table: (UnsafeRawBufferPointer) -> String?) -> String? {
        Array(text.utf8).withUnsafeBytes { table($0) }
    }

    @Test func everyCommonStringComesBackForItsOwnBytes() {
        for text in CommonStrings.all {
            let found = [lookUp(text, CommonStrings.method), lookUp(text, CommonStrings.fieldName), lookUp(text, CommonStrings.fieldValue)]
            #expect(found.compactMap { $0 } == [text], "\(text)")
        }
    }

    @Test func otherBytesOfTheSameLengthAreNotTakenForThem() {
        #expect(lookUp("HOST", CommonStrings.fieldName) == nil)
        #expect(lookUp("Content-type", CommonStrings.fieldName) == nil)
        #expect(lookUp("GOT", CommonStrings.method) == nil)
        #expect(lookUp("application/jsoN", CommonStrings.fieldValue) == nil)
        #expect(lookUp("", CommonStrings.fieldValue) == nil)
    }
}
