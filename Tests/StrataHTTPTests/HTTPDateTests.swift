import FoundationEssentials
import Testing
@testable import StrataHTTP

@Suite struct HTTPDateTests {
    struct Known: Sendable, CustomTestStringConvertible {
        let seconds: Int
        let text: String
        var testDescription: String { text }
    }

    static let known: [Known] = [
        Known(seconds: 0, text: "Thu, 01 Jan 1970 00:00:00 GMT"),
        Known(seconds: 784_111_777, text: "Sun, 06 Nov 1994 08:49:37 GMT"),
        Known(seconds: -1, text: "Wed, 31 Dec 1969 23:59:59 GMT"),
        Known(seconds: -86_400, text: "Wed, 31 Dec 1969 00:00:00 GMT"),
        Known(seconds: -86_401, text: "Tue, 30 Dec 1969 23:59:59 GMT"),
        Known(seconds: 951_782_400, text: "Tue, 29 Feb 2000 00:00:00 GMT"),
        Known(seconds: 951_868_800, text: "Wed, 01 Mar 2000 00:00:00 GMT"),
        Known(seconds: 1_709_208_000, text: "Thu, 29 Feb 2024 12:00:00 GMT"),
        Known(seconds: -57_974_401, text: "Thu, 29 Feb 1968 23:59:59 GMT"),
        Known(seconds: -2_208_988_800, text: "Mon, 01 Jan 1900 00:00:00 GMT"),
        Known(seconds: -2_203_977_600, text: "Wed, 28 Feb 1900 00:00:00 GMT"),
        Known(seconds: -2_203_891_200, text: "Thu, 01 Mar 1900 00:00:00 GMT"),
        Known(seconds: 4_107_456_000, text: "Sun, 28 Feb 2100 00:00:00 GMT"),
        Known(seconds: 4_107_542_400, text: "Mon, 01 Mar 2100 00:00:00 GMT"),
        Known(seconds: -11_670_998_400, text: "Tue, 29 Feb 1600 00:00:00 GMT"),
        Known(seconds: -12_187_756_800, text: "Sat, 15 Oct 1583 00:00:00 GMT"),
        Known(seconds: 2_147_483_648, text: "Tue, 19 Jan 2038 03:14:08 GMT"),
        Known(seconds: -62_135_596_800, text: "Mon, 01 Jan 0001 00:00:00 GMT"),
        Known(seconds: -62_167_219_200, text: "Sat, 01 Jan 0000 00:00:00 GMT"),
        Known(seconds: 253_402_300_799, text: "Fri, 31 Dec 9999 23:59:59 GMT"),
    ]

    @Test(arguments: known)
    func formatsExactIMFFixdate(_ known: Known) {
        #expect(HTTPDate.format(secondsSince1970: known.seconds) == known.text)
        #expect(HTTPDate.format(Date(timeIntervalSince1970: Double(known.seconds))) == known.text)
    }

    @Test(arguments: known)
    func parsesWhatItFormats(_ known: Known) {
        #expect(HTTPDate.parse(known.text) == Date(timeIntervalSince1970: Double(known.seconds)))
    }

    @Test func clampsToFourDigitYears() {
        #expect(HTTPDate.format(secondsSince1970: 253_402_300_800) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: .max) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: -62_167_219_201) == "Sat, 01 Jan 0000 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: .min) == "Sat, 01 Jan 0000 00:00:00 GMT")
        #expect(HTTPDate.format(Date.distantFuture) == "Mon, 01 Jan 4001 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1e300)) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: .infinity)) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: -.infinity)) == "Sat, 01 Jan 0000 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: .nan)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func dropsFractionsTowardThePast() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0.999)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: -0.5)) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777.75)) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    /// Walks the calendar day by day from 1968 to 2040 with an independent counter of days,
    /// weekdays and month lengths, checking the exact string and the parse round trip.
    @Test func everyDayFrom1968To2040RoundTrips() {
        let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var days = -731 // 1968-01-01, a Monday
        var weekday = 1
        var failures = 0
        for year in 1968...2040 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            for month in 0..<12 {
                for day in 1...lengths[month] {
                    // Vary the time of day so hours, minutes and seconds are covered too.
                    let secondOfDay = (days &* 7_919) % 86_400
                    let timeOfDay = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
                    let seconds = days * 86_400 + timeOfDay
                    let expected = "\(dayNames[weekday]), \(pad(day, 2)) \(monthNames[month]) \(year) "
                        + "\(pad(timeOfDay / 3600, 2)):\(pad(timeOfDay / 60 % 60, 2)):\(pad(timeOfDay % 60, 2)) GMT"
                    let text = HTTPDate.format(secondsSince1970: seconds)
                    if text != expected || HTTPDate.parse(text) != Date(timeIntervalSince1970: Double(seconds)) {
                        failures += 1
                        if failures < 5 { Issue.record("\(seconds): \(text) != \(expected)") }
                    }
                    days += 1
                    weekday = (weekday + 1) % 7
                }
            }
        }
        #expect(failures == 0)
        #expect(days == 25_933) // 2041-01-01
    }

    @Test func civilArithmeticIsInverseOverCenturies() {
        // Every 97th day across years -400...10400 covers every era offset of the 400-year cycle.
        var mismatches: [Int] = []
        for days in stride(from: -866_000, through: 3_078_000, by: 97) {
            let (year, month, day) = CivilCalendar.civil(fromDays: days)
            if CivilCalendar.days(fromCivilYear: year, month: month, day: day) != days
                || !(1...CivilCalendar.daysInMonth(month, year: year)).contains(day) {
                mismatches.append(days)
            }
        }
        #expect(mismatches.isEmpty)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
