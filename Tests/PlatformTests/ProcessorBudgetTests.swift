import Foundation
import Testing
import TestSupport

@testable import Platform

@Suite struct ProcessorBudgetTests {
    @Test(arguments: [
        // online, allowed, quota → count
        (32, 32 as Int?, 1.0 as Double?, 1),
        (32, 32, 1.5, 2),
        (32, 32, 0.5, 1),
        (32, 32, 0.05, 1),
        (32, 4, nil, 4),
        (2, 2, nil, 2),
        (2, 2, 8.0, 2),
        (8, 2, 3.0, 2),
        (8, nil, nil, 8),
        (0, nil, nil, 1),
    ])
    func theCountIsTheSmallestOfOnlineAllowedAndTheQuotaRoundedUp(online: Int, allowed: Int?, quota: Double?, count: Int) {
        #expect(ProcessorBudget(online: online, allowed: allowed, quota: quota).count == count)
    }

    @Test(arguments: [
        ("0", 1 as Int?), ("0-1", 2), ("0-3,8,10-11", 7), (" 0-1\n", 2), ("5", 1),
        ("", nil), ("3-1", nil), ("a-b", nil), ("0-", nil), ("1-2-3", nil),
    ])
    func cpuListsAreCounted(list: String, count: Int?) {
        #expect(ProcessorBudget.cpuListCount(Substring(list)) == count)
    }

    @Test func theAffinityIsReadFromProcSelfStatusAsNprocSeesIt() throws {
        let status = try #require(TextFile.read("/proc/self/status"))
        let nproc = try ProcessRunner.run("/usr/bin/nproc", [], timeout: 10, environment: ["PATH": "/usr/bin:/bin"])
        #expect(ProcessorBudget.allowedCount(status: status) == Int(nproc.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessorBudget.current().allowed == ProcessorBudget.allowedCount(status: status))
    }

    @Test func aNarrowerAffinityIsSeenByAProcessStartedUnderTaskset() throws {
        // `taskset -c N` runs the command with one allowed processor; its own /proc/self/status says so.
        let result = try ProcessRunner.run("/usr/bin/taskset", ["-c", AllowedCPU.first, "/bin/grep", "^Cpus_allowed_list:", "/proc/self/status"], timeout: 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ProcessorBudget.allowedCount(status: result.stdout) == 1)
        #expect(ProcessorBudget(online: 64, allowed: ProcessorBudget.allowedCount(status: result.stdout), quota: nil).count == 1)
    }

    @Test func missingFieldsLeaveTheAffinityUnknown() {
        #expect(ProcessorBudget.allowedCount(status: "Name:\tx\nCpus_allowed:\t3\n") == nil)
        #expect(ProcessorBudget(online: 4, allowed: nil, quota: nil).count == 4)
    }
}
