import Dispatch

/// A micro-benchmark: runs `body` in batches until about `duration` has passed, five times,
/// and reports the median time per operation. No timed assertions: figures are printed.
struct Benchmark {
    let name: String
    let body: (Int) throws -> Void

    /// Nanoseconds per operation: the median of five runs.
    func run(duration: Duration = .milliseconds(400)) throws -> Double {
        // Warm-up, and a batch size that takes ~10 ms.
        var batch = 1
        while true {
            let start = ContinuousClock.now
            try body(batch)
            if ContinuousClock.now - start > .milliseconds(10) || batch >= 1 << 24 { break }
            batch *= 2
        }
        var samples: [Double] = []
        for _ in 0..<5 {
            var operations = 0
            let start = ContinuousClock.now
            while ContinuousClock.now - start < duration / 5 {
                try body(batch)
                operations += batch
            }
            let elapsed = ContinuousClock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            samples.append(nanoseconds / Double(operations))
        }
        return samples.sorted()[2]
    }
}

/// Keeps the optimizer from deleting work whose result is unused.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// `value` formatted with `digits` decimals.
func format(_ value: Double, digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}
