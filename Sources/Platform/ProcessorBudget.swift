internal import Glibc

/// How many processors this process may keep busy: the online CPUs, narrowed by its CPU affinity
/// (`taskset`, a cpuset) and by a CPU quota (cgroup v2 `cpu.max`, v1 `cpu.cfs_quota_us`: what a
/// Kubernetes `resources.limits.cpu` becomes), the quota rounded up. What the webhook's event
/// loops and the store's helper threads are sized by.
///
/// Foundation's `activeProcessorCount` and `sysconf(_SC_NPROCESSORS_ONLN)` see neither the
/// affinity nor the quota: a container limited to one CPU ran an event loop and a helper thread
/// per core of its node, and threads beyond the quota only spend it faster, after which the
/// kernel stops the container for the rest of each 100 ms period. Measured on 2 cores in a cgroup
/// of half a CPU: `/validate`'s p99 1.8-4.1 ms with two loops, 0.2 ms with one
/// (docs/deployment.md, "Sizing the webhook's CPU").
public struct ProcessorBudget: Sendable, Equatable, CustomStringConvertible {
    /// Online processors (`sysconf`).
    public var online: Int
    /// Processors in the affinity mask (`Cpus_allowed_list`); nil when it could not be read.
    public var allowed: Int?
    /// The CPU quota, in processors (1.5 for `150000 100000`); nil when there is none.
    public var quota: Double?

    public init(online: Int, allowed: Int?, quota: Double?) {
        self.online = online
        self.allowed = allowed
        self.quota = quota
    }

    /// Processors to size thread pools by: at least 1.
    public var count: Int {
        var count = max(1, online)
        if let allowed, allowed > 0 { count = min(count, allowed) }
        if let quota, quota > 0 {
            let rounded = quota.rounded(.up)
            if rounded < Double(count) { count = max(1, Int(rounded)) }
        }
        return count
    }

    public var description: String {
        let quotaText = quota.map { "\($0)" } ?? "none"
        return "\(count) (online \(online), allowed \(allowed.map(String.init) ?? "?"), quota \(quotaText))"
    }

    /// This process's budget, read at its first use: what its thread pools are sized by.
    public static let process = current()

    /// This process's budget, read now.
    public static func current() -> ProcessorBudget {
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let allowed = TextFile.read("/proc/self/status").flatMap(allowedCount(status:))
        let cgroups = TextFile.read("/proc/self/cgroup") ?? ""
        return ProcessorBudget(online: online, allowed: allowed, quota: CgroupQuota.read(procSelfCgroup: cgroups))
    }

    /// The processors `Cpus_allowed_list` in `/proc/self/status` names ("0-3,8,10-11" is 7).
    static func allowedCount(status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            return cpuListCount(line.dropFirst("Cpus_allowed_list:".count))
        }
        return nil
    }

    /// The number of processors in a Linux CPU list ("0-3,8"); nil when it is not one.
    static func cpuListCount(_ list: Substring) -> Int? {
        var count = 0
        for part in list.split(separator: ",") {
            let range = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.trimmingWhitespace() }
            switch range.count {
            case 1:
                guard Int(range[0]) != nil else { return nil }
                count += 1
            case 2:
                guard let low = Int(range[0]), let high = Int(range[1]), low <= high else { return nil }
                count += high - low + 1
            default:
                return nil
            }
        }
        return count > 0 ? count : nil
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
