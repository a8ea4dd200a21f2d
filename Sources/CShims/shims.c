#define _GNU_SOURCE
#include "CShims.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdlib.h>
#include <sys/socket.h>

long CShims_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
long CShims_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
long CShims_SSL_CTX_set_options(SSL_CTX *ctx, long options) { return SSL_CTX_set_options(ctx, options); }
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
