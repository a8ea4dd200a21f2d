#ifndef CSHIMS_H
#define CSHIMS_H
#include <openssl/ssl.h>

/// OpenSSL exposes these as macros; Swift cannot call macros.
long CShims_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
long CShims_SSL_CTX_set_mode(SSL_CTX *ctx, long mode);
long CShims_SSL_CTX_set_options(SSL_CTX *ctx, long options);
long CShims_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
int CShims_TLS1_2_VERSION(void);
#endif
