/// The CPU quota of this process's cgroup and of every cgroup above it (the smallest counts), in
/// processors: cgroup v2 `cpu.max` ("max 100000": none; "150000 100000": 1.5), or v1
/// `cpu.cfs_quota_us` over `cpu.cfs_period_us` (-1: none).
///
/// The cgroup is found from `/proc/self/cgroup` under `/sys/fs/cgroup`. Inside a container's
/// cgroup namespace the path reads `/` and the mount is the container's own cgroup; where the
/// path is the host's (v1 without a cgroup namespace) and does not exist under the mount, the
/// mount's root is read instead.
enum CgroupQuota {
    static let root = "/sys/fs/cgroup"

    static func read(procSelfCgroup: String, root: String = CgroupQuota.root, reader: (String) -> String? = TextFile.read) -> Double? {
        var quotas: [Double] = []
        for line in procSelfCgroup.split(separator: "\n") {
            // hierarchy-ID:controllers:path
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let controllers = fields[1].split(separator: ",")
            let path = String(fields[2])
            if fields[0] == "0", controllers.isEmpty {
                quotas += directories(of: path, under: root, reader: reader, probe: "cpu.max").compactMap {
                    reader($0 + "/cpu.max").flatMap(v2Quota(cpuMax:))
                }
            } else if controllers.contains("cpu") {
                let mount = root + "/" + controllers.joined(separator: ",")
                let mounted = reader(mount + "/cpu.cfs_period_us") != nil ? mount : root + "/cpu"
                quotas += directories(of: path, under: mounted, reader: reader, probe: "cpu.cfs_period_us").compactMap { directory in
                    guard let quota = reader(directory + "/cpu.cfs_quota_us"), let period = reader(directory + "/cpu.cfs_period_us") else {
                        return nil
                    }
                    return v1Quota(quota: quota, period: period)
                }
            }
        }
        return quotas.min()
    }

    /// The cgroup at `path` and each one above it, as directories under `mount` that hold
    /// `probe`; the mount's root alone when `path` is not under it.
    static func directories(of path: String, under mount: String, reader: (String) -> String?, probe: String) -> [String] {
        var components = path.split(separator: "/").map(String.init)
        var result: [String] = []
        while true {
            let directory = components.isEmpty ? mount : mount + "/" + components.joined(separator: "/")
            if reader(directory + "/" + probe) != nil { result.append(directory) }
            guard !components.isEmpty else { break }
            components.removeLast()
        }
        return result
    }

    /// `cpu.max`: "$MAX $PERIOD", where $MAX may be "max".
    static func v2Quota(cpuMax: String) -> Double? {
        let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, fields[0] != "max", let quota = Double(fields[0]), let period = Double(fields[1]), quota > 0, period > 0
        else { return nil }
        return quota / period
    }

    /// `cpu.cfs_quota_us` (-1 for none) over `cpu.cfs_period_us`.
    static func v1Quota(quota: String, period: String) -> Double? {
        guard let quota = Double(Substring(quota).trimmingWhitespace()), let period = Double(Substring(period).trimmingWhitespace()),
            quota > 0, period > 0
        else { return nil }
        return quota / period
    }
}
