import Glibc

/// This process's CPU time (user and system, every thread) and thread switches (voluntary and involuntary) so far,
/// from `getrusage`: what a stretch of calls cost beyond its wall time.
struct ProcessUsage {
    /// CPU time in nanoseconds.
    let cpuNanoseconds: Double
    /// Context switches.
    let switches: Double

    /// The figures now.
    static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = [usage.ru_utime, usage.ru_stime].reduce(0.0) {
            $0 + Double($1.tv_sec) * 1e9 + Double($1.tv_usec) * 1e3
        }
        return ProcessUsage(cpuNanoseconds: cpu, switches: Double(usage.ru_nvcsw + usage.ru_nivcsw))
    }

    /// What was spent between `earlier` and this, per one of `calls`.
    func perCall(since earlier: ProcessUsage, calls: Int) -> ProcessUsage {
        ProcessUsage(
            cpuNanoseconds: (cpuNanoseconds - earlier.cpuNanoseconds) / Double(calls),
            switches: (switches - earlier.switches) / Double(calls))
    }
}
