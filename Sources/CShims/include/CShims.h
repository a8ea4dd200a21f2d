#ifndef CSHIMS_H
#define CSHIMS_H
#include <openssl/ssl.h>
#include <stdint.h>
#include <spawn.h>

/// OpenSSL exposes these as macros; Swift cannot call macros.
long CShims_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
long CShims_SSL_CTX_set_mode(SSL_CTX *ctx, long mode);
/// SSL_CTX_set_read_ahead (a macro): read whole socket buffers, not a record header then its body.
void CShims_SSL_CTX_set_read_ahead(SSL_CTX *ctx, int yes);
long CShims_SSL_CTX_set_options(SSL_CTX *ctx, long options);
long CShims_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
int CShims_TLS1_2_VERSION(void);
/// SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION
/// (macros built from SSL_OP_BIT, which Swift cannot import).
long CShims_SSL_OP_hardening(void);

/// epoll and eventfd: Swift's Glibc module does not import <sys/epoll.h>, and
/// `struct epoll_event` is packed on x86_64, so the event loop goes through these.
/// Interest bits passed and returned are the kernel's EPOLL* values.
uint32_t CShims_EPOLLIN(void);
uint32_t CShims_EPOLLOUT(void);
uint32_t CShims_EPOLLERR(void);
uint32_t CShims_EPOLLHUP(void);
uint32_t CShims_EPOLLRDHUP(void);
/// Returns a new close-on-exec epoll descriptor, or -1 with errno set.
int CShims_epoll_create(void);
/// op: 0 add, 1 modify, 2 delete. Returns 0, or -1 with errno set.
int CShims_epoll_ctl(int epfd, int op, int fd, uint32_t events);
/// Waits up to timeout_ms; fills fds[i] and events[i]. Returns the count, or -1 with errno set.
int CShims_epoll_wait(int epfd, int *fds, uint32_t *events, int max, int timeout_ms);
/// Returns a non-blocking, close-on-exec eventfd, or -1 with errno set.
int CShims_eventfd(void);
/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC (a GNU extension Glibc's Swift module hides).
/// addr points to a sockaddr_storage, len to its size. Returns the fd, or -1 with errno set.
int CShims_accept_nonblocking(int fd, void *addr, unsigned int *len);

/// Installs SIGTERM and SIGINT handlers (sigaction, effective at once) that write the signal
/// number as one byte to a close-on-exec pipe, and returns the pipe's read end, or -1 with errno.
/// The handler only calls write(2), which is async-signal-safe.
int CShims_install_shutdown_signals(void);
/// Writes a 0 byte to that pipe (wakes the reader without a signal).
void CShims_wake_shutdown_pipe(void);
/// Restores the default dispositions of SIGTERM and SIGINT.
void CShims_restore_shutdown_signals(void);
/// glibc declares these only under _GNU_SOURCE, which Swift's Glibc module is not built with.
/// pipe2(fds, O_CLOEXEC): 0, or -1 with errno.
int CShims_pipe_cloexec(int fds[2]);
/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor
/// from `from` up. 0, or an error number.
int CShims_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

#endif
