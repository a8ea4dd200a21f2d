// What every libFuzzer target's main.swift would otherwise repeat. Built only by `make fuzz`
// (Package.swift declares it with the Fuzz* targets, when MIDONET_FUZZ is set).
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer's driver, its public API since LLVM 11; `-sanitize=fuzzer` links it in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// Hands the process over to libFuzzer with `test` and exits with its status.
///
/// SwiftPM links an executable target with `main` aliased to `<Target>_main`, which hides
/// libFuzzer's own `main`; so each fuzz target's top-level code is the entry point and calls this.
public func runLibFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// For differential targets: traps (so libFuzzer keeps the input) unless two implementations
/// agree, both with values whose `summary` is equal or both with equal errors.
public func requireAgreement<Value, Failure: Error & Equatable, Summary: Equatable>(
    _ ours: Result<Value, Failure>, _ reference: Result<Value, Failure>, summary: (Value) -> Summary
) {
    switch (ours, reference) {
    case (.success(let mine), .success(let theirs)):
        if summary(mine) != summary(theirs) { fatalError("they disagree: \(summary(mine)) vs \(summary(theirs))") }
    case (.failure(let mine), .failure(let theirs)):
        if mine != theirs { fatalError("they fail differently: \(mine) vs \(theirs)") }
    default:
        fatalError("one of them failed: \(ours) vs \(reference)")
    }
}
