import StrataMustache
import Testing

@Suite struct TemplateValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let string: TemplateValue = "hi"
        let int: TemplateValue = 42
        let double: TemplateValue = 1.5
        let bool: TemplateValue = true
        let null: TemplateValue = nil
        let array: TemplateValue = [1, "two", nil]
        let object: TemplateValue = ["a": 1, "b": ["c": false]]
        #expect(string == .string("hi"))
        #expect(int == .int(42))
        #expect(double == .double(1.5))
        #expect(bool == .bool(true))
        #expect(null == .null)
        #expect(array == .array([.int(1), .string("two"), .null]))
        #expect(object == .object(["a": .int(1), "b": .object(["c": .bool(false)])]))
    }

    @Test func dictionaryLiteralKeepsTheLastOfARepeatedKey() {
        let object: TemplateValue = ["a": 1, "a": 2]
        #expect(object == .object(["a": 2]))
    }

    @Test func subscriptReadsObjectMembersOnly() {
        let object: TemplateValue = ["a": 1, "n": nil]
        #expect(object["a"] == .int(1))
        #expect(object["n"] == .null)
        #expect(object["missing"] == nil)
        #expect(TemplateValue.array([1])["a"] == nil)
        #expect(TemplateValue.string("a")["a"] == nil)
    }

    @Test(arguments: [
        (TemplateValue.null, false),
        (.bool(false), false),
        (.bool(true), true),
        (.array([]), false),
        (.array([.null]), true),
        (.string(""), false),
        (.string(" "), true),
        (.string("false"), true),
        (.int(0), true),
        (.int(-1), true),
        (.double(0), true),
        (.object([:]), true),
        (.object(["a": .null]), true),
    ])
    func truthiness(value: TemplateValue, truthy: Bool) {
        #expect(value.isTruthy == truthy)
    }

    @Test(arguments: [
        (TemplateValue.null, ""),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.int(85), "85"),
        (.int(-7), "-7"),
        (.int(Int.max), "9223372036854775807"),
        (.double(1.21), "1.21"),
        (.double(2), "2.0"),
        (.double(-0.5), "-0.5"),
        (.double(1e21), "1e+21"),
        (.string("a & b"), "a & b"),
        (.array([1, 2]), ""),
        (.object(["a": 1]), ""),
    ])
    func renderedText(value: TemplateValue, text: String) {
        #expect(value.renderedText == text)
    }
}
