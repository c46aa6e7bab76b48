// swift-tools-version:6.0
import Foundation
import PackageDescription

// Brotli compresses when the system library's headers are there at build time (Debian:
// libbrotli-dev); without them Strata offers gzip and deflate, through the zlib every Swift
// image has. Set STRATA_NO_BROTLI=1 to build without it anyway (e.g. for a runtime image
// without libbrotli).
let hasBrotli = FileManager.default.fileExists(atPath: "/usr/include/brotli/encode.h")
    && ProcessInfo.processInfo.environment["STRATA_NO_BROTLI"] == nil

// Strata has no package dependencies, by design: the toolchain is everything it builds on.
let package = Package(
    name: "Strata",
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataTesting", targets: ["StrataTesting"]),
        .library(name: "StrataCodecs", targets: ["StrataCodecs"]),
        .library(name: "StrataMustache", targets: ["StrataMustache"]),
    ],
    dependencies: [],
    targets: [
        .systemLibrary(name: "CStrataSystem"),
        .systemLibrary(name: "CStrataZlib"),
        .target(name: "StrataHTTP", dependencies: ["CStrataSystem", "CStrataZlib"] + (hasBrotli ? ["CStrataBrotli"] : []),
                swiftSettings: hasBrotli ? [.define("STRATA_BROTLI")] : []),
        .target(name: "StrataCodecs", dependencies: ["StrataHTTP"]),
        .target(name: "StrataMustache", dependencies: ["StrataCodecs", "StrataHTTP"]),
        // Async functions and closures run on their caller's executor: a request never leaves its
        // loop thread between a guard, a middleware, a dependency and the handler.
        .target(name: "Strata", dependencies: ["StrataHTTP", "StrataCodecs", "StrataMustache"],
                swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]),
        .target(name: "StrataTesting", dependencies: ["Strata"]),
        .executableTarget(name: "Hello", dependencies: ["Strata"], path: "Examples/Hello"),
        .executableTarget(name: "Layers", dependencies: ["Strata", "StrataTesting"], path: "Examples/Layers"),
        .executableTarget(name: "Files", dependencies: ["Strata"], path: "Examples/Files", exclude: ["Public"]),
        .executableTarget(name: "Streaming", dependencies: ["Strata"], path: "Examples/Streaming"),
        .executableTarget(name: "BackgroundTasks", dependencies: ["Strata"], path: "Examples/BackgroundTasks"),
        .executableTarget(name: "Bookshelf", dependencies: ["Strata"], path: "Examples/Bookshelf"),
        .executableTarget(name: "Chat", dependencies: ["Strata"], path: "Examples/Chat"),
        .executableTarget(name: "StrataBenchmarks", dependencies: ["Strata", "StrataTesting"], path: "Benchmarks"),
        .testTarget(name: "StrataHTTPTests", dependencies: ["StrataHTTP"], swiftSettings: hasBrotli ? [.define("STRATA_BROTLI")] : []),
        .testTarget(name: "StrataCodecsTests", dependencies: ["StrataCodecs"]),
        .testTarget(name: "StrataMustacheTests", dependencies: ["StrataMustache"]),
        .testTarget(name: "StrataTests", dependencies: ["Strata", "StrataTesting"]),
        .testTarget(name: "StrataTestingTests", dependencies: ["Strata", "StrataTesting"]),
        .testTarget(name: "BookshelfTests", dependencies: ["Bookshelf", "Strata", "StrataTesting"]),
        .testTarget(name: "ChatTests", dependencies: ["Chat", "Strata", "StrataTesting"]),
    ],
    swiftLanguageModes: [.v6]
)

if hasBrotli {
    package.targets.append(.systemLibrary(name: "CStrataBrotli"))
}
