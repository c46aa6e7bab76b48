// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "StrataHTTP", dependencies: ["CStrataSystem"]),
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
        .executableTarget(name: "StrataBenchmarks", dependencies: ["Strata", "StrataTesting"], path: "Benchmarks"),
        .testTarget(name: "StrataHTTPTests", dependencies: ["StrataHTTP"]),
        .testTarget(name: "StrataCodecsTests", dependencies: ["StrataCodecs"]),
        .testTarget(name: "StrataMustacheTests", dependencies: ["StrataMustache"]),
        .testTarget(name: "StrataTests", dependencies: ["Strata", "StrataTesting"]),
        .testTarget(name: "StrataTestingTests", dependencies: ["Strata", "StrataTesting"]),
        .testTarget(name: "BookshelfTests", dependencies: ["Bookshelf", "Strata", "StrataTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
