import Strata
import StrataTesting
import XCTest

/// The test client from XCTest, as many existing server-side Swift suites use it.
final class XCTestSupportTests: XCTestCase {
    func testGetFromXCTest() async throws {
        let client = try TestClient(App(routes: [Get("/ping") { _ in "pong" }]))
        let response = try await client.get("/ping")
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(response.text, "pong")
    }
}
