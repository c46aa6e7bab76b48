// swift-tools-version:6.0
// Not part of Strata: a peer for Scripts/peer-guarded.sh, which measures what the request side
// of four layers costs in Hummingbird — the same /json and /guarded as Examples/Hello serves.
// Strata's own Package.swift keeps `dependencies: []`; this package is built only by that script.
import PackageDescription

let package = Package(
    name: "hummingbird-guarded",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        .executableTarget(name: "hummingbird-guarded", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
    ]
)
