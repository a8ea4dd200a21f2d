import Foundation

/// A processor this test process may run on, for `taskset -c N`: the first of its
/// `Cpus_allowed_list` (CPU 0 need not be in a container's cpuset); "0" when it cannot be read.
public enum AllowedCPU {
    public static let first: String = {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
            let list = line.split(separator: ":").last
        else { return "0" }
        let digits = list.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }
        return digits.isEmpty ? "0" : String(digits)
    }()
}
