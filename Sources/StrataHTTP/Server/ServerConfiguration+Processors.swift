import CStrataSystem
import Glibc

extension ServerConfiguration {
    /// The CPUs this process may run on (`sched_getaffinity`), so `taskset -c 0` gives one
    /// loop; the online CPU count if the mask cannot be read.
    public static func availableProcessors() -> Int {
        // cpu_set_t is 1024 bits.
        var mask = [UInt64](repeating: 0, count: 16)
        let result = mask.withUnsafeMutableBytes { raw in
            sched_getaffinity(0, raw.count, raw.baseAddress)
        }
        if result == 0 {
            let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
            if count > 0 { return count }
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
