#if canImport(Glibc)
import Glibc
#endif
// SwiftPM links an executable target with `main` aliased to `FuzzHTTP1_main`, which hides
// libFuzzer's own `main`; this top-level code is that entry point and hands over to libFuzzer's
// driver (LLVMFuzzerRunDriver, libFuzzer's public API since LLVM 11) with the test function.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
// A closure, not the @_cdecl function itself: referring to that as a C pointer would emit its C
// symbol a second time in this file.
exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzHTTP1(data, size) }))
