@testable import Strata
import Glibc
import Synchronization
import Testing

/// Keeps the events it is given, for tests to read.
final class LogRecorder: LogHandler {
    let events = Mutex<[LogEvent]>([])

    func log(_ event: LogEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [LogEvent] { events.withLock { $0 } }
}

@Suite("Logging")
struct LoggingTests {
    static func event(_ message: String = "book added", metadata: LogMetadata = [:], time: Int64 = 1_764_841_502_114_000_000) -> LogEvent {
        LogEvent(level: .info, message: message, metadata: metadata, label: "bookshelf", time: time)
    }

    @Test func logfmtLinesQuoteOnlyWhatNeedsIt() {
        let line = LogLineFormatter.line(Self.event(metadata: ["id": 7, "title": "Dune Messiah", "ok": true, "ratio": 0.5, "empty": ""]), format: .logfmt)
        #expect(String(decoding: line, as: UTF8.self)
            == #"time=2025-12-04T09:45:02.114Z level=info label=bookshelf msg="book added" id=7 title="Dune Messiah" ok=true ratio=0.5 empty="""#)
    }

    @Test func jsonLinesKeepTypes() {
        let line = LogLineFormatter.line(Self.event(metadata: ["id": 7, "title": "Dune", "ok": false, "ratio": 0.25]), format: .json)
        #expect(String(decoding: line, as: UTF8.self)
            == #"{"time":"2025-12-04T09:45:02.114Z","level":"info","label":"bookshelf","msg":"book added","id":7,"title":"Dune","ok":false,"ratio":0.25}"#)
    }

    /// A value a client wrote (a header, a path) cannot start a second line or break a field.
    @Test func controlCharactersAndQuotesAreEscaped() {
        let hostile = "x\nlevel=critical msg=\"forged\"\u{1B}[2J\\"
        let logfmt = String(decoding: LogLineFormatter.line(Self.event(hostile, metadata: ["path": .string(hostile), "bad key=\"": 1]), format: .logfmt), as: UTF8.self)
        #expect(!logfmt.contains("\n") && !logfmt.contains("\u{1B}"))
        #expect(logfmt.contains(#"msg="x\nlevel=critical msg=\"forged\"\u001b[2J\\""#))
        #expect(logfmt.hasSuffix(#" bad_key__=1"#))
        let json = String(decoding: LogLineFormatter.line(Self.event(hostile, metadata: ["path": .string(hostile)]), format: .json), as: UTF8.self)
        #expect(!json.contains("\n"))
        #expect(json.contains(#""path":"x\nlevel=critical msg=\"forged\"\u001b[2J\\""#))
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogLineFormatter.timestamp(0) == "1970-01-01T00:00:00.000Z")
        #expect(LogLineFormatter.timestamp(951_782_400_007_000_000) == "2000-02-29T00:00:00.007Z")
        #expect(LogLineFormatter.timestamp(-1_000_000) == "1969-12-31T23:59:59.999Z")
    }

    @Test func eventsBelowTheLevelAreNeitherBuiltNorWritten() {
        let recorder = LogRecorder()
        let logger = Logger(label: "test", level: .warning, handler: recorder)
        let built = Atomic<Int>(0)
        func message() -> String { built.add(1, ordering: .relaxed); return "built" }
        logger.info(message())
        logger.debug(message(), metadata: ["x": 1])
        logger.warning(message())
        logger.error("e")
        #expect(built.load(ordering: .relaxed) == 1)
        #expect(recorder.all.map(\.level) == [.warning, .error])
        #expect(!logger.logs(.notice) && logger.logs(.critical))
    }

    @Test func aLoggersMetadataComesFirstAndTheEventsWins() {
        let recorder = LogRecorder()
        let logger = Logger(label: "test", metadata: ["service": "books", "request_id": "a"], handler: recorder).with("loop", 1)
        logger.info("x", metadata: ["request_id": "b", "status": 200])
        let fields = recorder.all.first?.metadata.fields.map { "\($0.key)=\($0.value)" }
        #expect(fields == ["service=books", "request_id=b", "loop=1", "status=200"])
    }

    @Test func metadataKeepsOrderAndRemovesByNil() {
        var metadata: LogMetadata = ["b": 1, "a": 2, "b": 3]
        #expect(metadata.fields.map(\.key) == ["b", "a"] && metadata["b"] == 3)
        metadata["b"] = nil
        metadata["c"] = "x"
        #expect(metadata.fields.map(\.key) == ["a", "c"])
    }

    /// Made ids never repeat in a process and share no visible structure with the one before.
    @Test func generatedRequestIDsAreUniqueHex() {
        let ids = (0..<20_000).map { _ in RequestIDs.generate() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } })
        // Consecutive ids differ in about half their digits, not in the last one or two.
        let differing = zip(ids[0].utf8, ids[1].utf8).filter { $0 != $1 }.count
        #expect(differing > 16)
    }

    @Test func levelsParseByName() {
        #expect(LogLevel("WARNING") == .warning && LogLevel("info") == .info && LogLevel("loud") == nil)
        #expect(LogLevel.allCases.sorted() == LogLevel.allCases)
    }

    /// The default handler writes each line with one write: a pipe gets whole lines at once.
    @Test func theStandardErrorHandlerWritesWholeLines() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let handler = StandardErrorLogHandler(format: .json, descriptor: fds[1])
        handler.log(Self.event(metadata: ["id": 1]))
        handler.log(Self.event("second"))
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        var output: [UInt8] = []
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[..<count]
        }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0].hasSuffix(#""msg":"book added","id":1}"#) && lines[1].hasSuffix(#""msg":"second"}"#))
    }
}
