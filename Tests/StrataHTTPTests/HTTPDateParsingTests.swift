import FoundationEssentials
import Testing
import StrataHTTP

@Suite struct HTTPDateParsingTests {
    static let rfcExample = Date(timeIntervalSince1970: 784_111_777) // 1994-11-06 08:49:37 UTC
    static let mid2025 = Date(timeIntervalSince1970: 1_748_736_000) // 2025-06-01

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850
        "Sun Nov  6 08:49:37 1994", // asctime, SP DIGIT day
        "Sun Nov 06 08:49:37 1994", // asctime, 2DIGIT day
    ])
    func readsTheThreeFormatsOfRFC9110(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.mid2025) == Self.rfcExample)
    }

    @Test func readsAsctimeWithTwoDigitDay() {
        #expect(HTTPDate.parse("Wed Nov 16 08:49:37 1994") == Date(timeIntervalSince1970: 784_975_777))
    }

    @Test func readsEveryLongDayName() {
        for name in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] {
            #expect(HTTPDate.parse("\(name), 06-Nov-94 08:49:37 GMT", now: Self.mid2025) == Self.rfcExample)
        }
    }

    @Test(arguments: [
        // (two-digit year text, now, expected seconds)
        ("94", 1_748_736_000, 784_111_777), // 2094 is > 50 years after 2025: 1994
        ("76", 1_748_736_000, 216_118_177), // 2076 is 51 years ahead: 1976
        ("75", 1_748_736_000, 3_340_255_777), // 2075 is exactly 50 years ahead: kept
        ("25", 1_748_736_000, 1_762_418_977), // this year
        ("10", 4_083_955_200, 4_444_706_977), // now 2099: 2110 is 11 years ahead, not 2010
        ("94", 770_428_800, 784_111_777), // now 1994
        ("44", 770_428_800, 2_362_034_977), // now 1994: 2044 is 50 years ahead
        ("45", 770_428_800, -762_189_023), // now 1994: 2045 is 51 years ahead, so 1945
    ])
    func windowsRFC850TwoDigitYears(_ year: String, now: Int, expected: Int) {
        let text = "Sunday, 06-Nov-\(year) 08:49:37 GMT"
        #expect(HTTPDate.parse(text, now: Date(timeIntervalSince1970: Double(now)))
            == Date(timeIntervalSince1970: Double(expected)))
    }

    @Test func acceptsALeapSecondAsTheNextSecond() {
        let newYear2017 = Date(timeIntervalSince1970: 1_483_228_800)
        #expect(HTTPDate.parse("Sat, 31 Dec 2016 23:59:60 GMT") == newYear2017)
        #expect(HTTPDate.parse("Sat Dec 31 23:59:60 2016") == newYear2017)
    }

    @Test func ignoresAWeekdayThatDoesNotMatchTheDate() {
        // RFC 9110 §5.6.7 lets recipients ignore the weekday; it must still be a valid name.
        #expect(HTTPDate.parse("Mon, 06 Nov 1994 08:49:37 GMT") == Self.rfcExample)
        #expect(HTTPDate.parse("Friday, 06-Nov-94 08:49:37 GMT", now: Self.mid2025) == Self.rfcExample)
        #expect(HTTPDate.parse("Thu Nov  6 08:49:37 1994") == Self.rfcExample)
    }

    @Test func readsLeapDaysOnlyInLeapYears() {
        #expect(HTTPDate.parse("Tue, 29 Feb 2000 00:00:00 GMT") == Date(timeIntervalSince1970: 951_782_400))
        #expect(HTTPDate.parse("Thu, 29 Feb 1968 23:59:59 GMT") == Date(timeIntervalSince1970: -57_974_401))
        #expect(HTTPDate.parse("Thu, 29 Feb 1900 00:00:00 GMT") == nil)
        #expect(HTTPDate.parse("Mon, 29 Feb 2100 00:00:00 GMT") == nil)
        #expect(HTTPDate.parse("Mon, 29 Feb 2023 00:00:00 GMT") == nil)
        #expect(HTTPDate.parse("Mon Feb 29 00:00:00 2023") == nil)
    }

    @Test func readsTheFourDigitYearExtremes() {
        #expect(HTTPDate.parse("Sat, 01 Jan 0000 00:00:00 GMT") == Date(timeIntervalSince1970: -62_167_219_200))
        #expect(HTTPDate.parse("Fri, 31 Dec 9999 23:59:59 GMT") == Date(timeIntervalSince1970: 253_402_300_799))
    }

    @Test(arguments: [
        "",
        "Sun, 06 Nov 1994 08:49:37",  // no GMT
        "Sun, 06 Nov 1994 08:49:37 UTC", // only GMT is allowed
        "Sun, 06 Nov 1994 08:49:37 gmt", // case-sensitive
        "sun, 06 Nov 1994 08:49:37 GMT", // case-sensitive day name
        "Sun, 06 nov 1994 08:49:37 GMT", // case-sensitive month name
        "Sun, 06 NOV 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT", // day must be 2DIGIT
        "Sun, 06 Nov 94 08:49:37 GMT", // IMF year must be 4DIGIT
        "Sun, 06 Nov 1994 8:49:37 GMT", // hour must be 2DIGIT
        "Sun, 00 Nov 1994 08:49:37 GMT", // day 0
        "Sun, 31 Nov 1994 08:49:37 GMT", // November has 30 days
        "Sun, 32 Jan 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", // hour 24
        "Sun, 06 Nov 1994 08:60:37 GMT", // minute 60
        "Sun, 06 Nov 1994 08:49:61 GMT", // second 61
        "Sun, 06 Nov 1994 08:49:37 GMT ", // trailing space
        " Sun, 06 Nov 1994 08:49:37 GMT", // leading space
        "Sun,  06 Nov 1994 08:49:37 GMT", // doubled space
        "Sun, 06-Nov-1994 08:49:37 GMT", // mixed formats
        "Sun, 06 Nov 1994 08.49.37 GMT", // wrong separators
        "Sun, 06 Xyz 1994 08:49:37 GMT", // unknown month
        "Sunday, 06 Nov 1994 08:49:37 GMT", // long day name in IMF-fixdate
        "Sun, 06-Nov-94 08:49:37 GMT", // short day name in RFC 850
        "Sunday, 06-Nov-94 08:49:37", // RFC 850 without GMT
        "Sunday, 06-Nov-94 08:49:37 GMT+1",
        "Someday, 06-Nov-94 08:49:37 GMT", // unknown long day name
        "Sunday, 6-Nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", // RFC 850 year must be 2DIGIT
        "Sun Nov 6 08:49:37 1994", // asctime day needs SP DIGIT
        "Sun Nov  6 08:49:37 1994 GMT", // asctime has no zone
        "Sun Nov  6 08:49:37 94", // asctime year must be 4DIGIT
        "Sun Nov 31 08:49:37 1994",
        "Sun Nov  6 08:49:37 19x4",
        "Sun, 06 Nov 1994 08:49:37 GMT\r\n",
        "Sun, 06 Nov 1994 08:49:37 GMT\0",
        "Sun, 06 Nov 1994 08:49:37 G\u{00C9}T",
        "Sun, ０6 Nov 1994 08:49:37 GMT", // full-width digit
        "Sun, -6 Nov 1994 08:49:37 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT",
        "1994-11-06T08:49:37Z", // ISO 8601 is not an HTTP date
        "784111777",
    ])
    func rejectsMalformedDates(_ text: String) {
        #expect(HTTPDate.parse(text, now: Self.mid2025) == nil)
    }
}
