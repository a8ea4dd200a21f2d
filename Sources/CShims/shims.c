#define _GNU_SOURCE
#include "CShims.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <signal.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <spawn.h>

long CShims_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
long CShims_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
long CShims_SSL_CTX_set_options(SSL_CTX *ctx, long options) { return SSL_CTX_set_options(ctx, options); }
void CShims_SSL_CTX_set_read_ahead(SSL_CTX *ctx, int yes) { SSL_CTX_set_read_ahead(ctx, yes); }
long CShims_SSL_set_tlsext_host_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
int CShims_TLS1_2_VERSION(void) { return TLS1_2_VERSION; }
long CShims_SSL_OP_hardening(void) {
    return (long)(SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
}

uint32_t CShims_EPOLLIN(void) { return EPOLLIN; }
uint32_t CShims_EPOLLOUT(void) { return EPOLLOUT; }
uint32_t CShims_EPOLLERR(void) { return EPOLLERR; }
uint32_t CShims_EPOLLHUP(void) { return EPOLLHUP; }
uint32_t CShims_EPOLLRDHUP(void) { return EPOLLRDHUP; }

int CShims_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int CShims_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = 0;
    ev.data.fd = fd;
    int cop = op == 0 ? EPOLL_CTL_ADD : (op == 1 ? EPOLL_CTL_MOD : EPOLL_CTL_DEL);
    return epoll_ctl(epfd, cop, fd, &ev);
}

int CShims_epoll_wait(int epfd, int *fds, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event buf[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, buf, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        fds[i] = buf[i].data.fd;
        events[i] = buf[i].events;
    }
    return n;
}

int CShims_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int CShims_accept_nonblocking(int fd, void *addr, unsigned int *len) {
    socklen_t l = *len;
    int r = accept4(fd, (struct sockaddr *)addr, &l, SOCK_NONBLOCK | SOCK_CLOEXEC);
    *len = l;
    return r;
}

static int shutdown_pipe[2] = {-1, -1};

static void on_shutdown_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    ssize_t ignored = write(shutdown_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int CShims_install_shutdown_signals(void) {
    if (shutdown_pipe[0] < 0 && pipe2(shutdown_pipe, O_CLOEXEC) != 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_shutdown_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0) return -1;
    /* A process started by a parent whose thread blocked these signals inherits that mask (seen
       with Foundation's Process under a test runner): unblock them on the calling thread so the
       handler runs. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return shutdown_pipe[0];
}

void CShims_wake_shutdown_pipe(void) {
    unsigned char byte = 0;
    if (shutdown_pipe[1] >= 0) {
        ssize_t ignored = write(shutdown_pipe[1], &byte, 1);
        (void)ignored;
    }
}

void CShims_restore_shutdown_signals(void) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
}

int CShims_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int CShims_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
