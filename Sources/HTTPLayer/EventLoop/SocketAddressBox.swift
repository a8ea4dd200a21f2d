internal import Glibc

/// A resolved address that can cross threads.
struct SocketAddressBox: @unchecked Sendable {
    // Reason: sockaddr_storage is a plain value; the box only moves it between threads.
    let storage: sockaddr_storage
}
