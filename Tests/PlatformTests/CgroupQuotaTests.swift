import Foundation
import Testing

@testable import Platform

/// The quota read from cgroup trees laid out as the kernel lays them out, in a temporary
/// directory standing for `/sys/fs/cgroup` (real files, read as the real ones are).
@Suite struct CgroupQuotaTests {
    /// A directory tree of `path: contents` under a fresh temporary root.
    final class Tree {
        let root: String

        init(_ files: [String: String]) throws {
            root = NSTemporaryDirectory() + "cgroup-\(UUID().uuidString)"
            for (path, contents) in files {
                let file = root + "/" + path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try contents.write(toFile: file, atomically: true, encoding: .utf8)
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func quota(_ procSelfCgroup: String) -> Double? { CgroupQuota.read(procSelfCgroup: procSelfCgroup, root: root) }
    }

    @Test(arguments: [
        ("max 100000\n", nil as Double?), ("150000 100000\n", 1.5), ("100000 100000", 1.0), ("50000 100000\n", 0.5),
        ("0 100000", nil), ("max", nil), ("", nil), ("x 100000", nil),
    ])
    func cpuMaxIsReadAsProcessors(text: String, quota: Double?) {
        #expect(CgroupQuota.v2Quota(cpuMax: text) == quota)
    }

    @Test func v2TheContainersOwnCgroupInItsNamespace() throws {
        // Inside a cgroup namespace: "0::/", the mount is the container's cgroup.
        let tree = try Tree(["cpu.max": "200000 100000\n", "cgroup.controllers": "cpu memory\n"])
        #expect(tree.quota("0::/\n") == 2.0)
    }

    @Test func v2TheSmallestQuotaOnThePathCounts() throws {
        let tree = try Tree([
            "kubepods.slice/cpu.max": "max 100000\n",
            "kubepods.slice/pod1.slice/cpu.max": "50000 100000\n",
            "kubepods.slice/pod1.slice/cri-abc.scope/cpu.max": "max 100000\n",
        ])
        #expect(tree.quota("0::/kubepods.slice/pod1.slice/cri-abc.scope\n") == 0.5)
        #expect(tree.quota("0::/kubepods.slice\n") == nil)
    }

    @Test func v1QuotaOverPeriodWithMinusOneForNone() throws {
        let tree = try Tree([
            "cpu,cpuacct/cpu.cfs_period_us": "100000\n", "cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
            "cpu,cpuacct/kubepods/pod1/c1/cpu.cfs_period_us": "100000\n", "cpu,cpuacct/kubepods/pod1/c1/cpu.cfs_quota_us": "250000\n",
        ])
        let cgroup = "12:memory:/kubepods/pod1/c1\n4:cpu,cpuacct:/kubepods/pod1/c1\n0::/\n"
        #expect(tree.quota(cgroup) == 2.5)
        #expect(tree.quota("4:cpu,cpuacct:/\n") == nil)
    }

    @Test func v1AHostPathMissingUnderTheMountReadsTheMountsRoot() throws {
        // A container without a cgroup namespace sees the host's path, its own cgroup mounted at the root.
        let tree = try Tree(["cpu/cpu.cfs_period_us": "100000\n", "cpu/cpu.cfs_quota_us": "100000\n"])
        #expect(tree.quota("3:cpu:/kubepods/burstable/pod9/abc\n") == 1.0)
    }

    @Test func noCgroupFilesNoQuota() throws {
        let tree = try Tree(["unrelated": ""])
        #expect(tree.quota("0::/user.slice\n") == nil)
        #expect(tree.quota("") == nil)
        #expect(tree.quota("garbage line\n") == nil)
    }
}
