/* The Unix stream socket behind "lvsd --status" and "pulse --status".
 *
 * Protocol: the client sends one request line ("status" or "status json"),
 * the daemon answers with the text and closes. The server side runs on the
 * daemon's event loop and never blocks: a client is read and written only
 * when its socket is ready, the answer is kept until it has all gone out,
 * and a client that has not finished in STATUS_CLIENT_TIMEOUT seconds is
 * dropped. */
#ifndef LVS_STATUS_SOCK_H
#define LVS_STATUS_SOCK_H

#include <stddef.h>

#include "evloop.h"
#include "strbuf.h"

#define STATUS_CLIENT_TIMEOUT 5.0
#define STATUS_MAX_CLIENTS 16
#define STATUS_REQUEST_MAX 128

/* Renders the answer to one request line (without its newline) into out.
 * Returns 0, or -1 to close the connection without an answer. */
typedef int (*status_handler)(void *ctx, const char *request, struct strbuf *out);

struct status_server;

/* Binds path with mode 0600 and listens on loop. A stale socket file (no
 * one answers on it) is replaced; a live one is left alone: NULL with
 * errno EADDRINUSE. NULL with errno set on any other failure. */
struct status_server *status_server_open(struct evloop *loop, const char *path,
					 status_handler fn, void *ctx);
/* Drops every client, closes the socket and removes its file, unless
 * another socket has replaced it since. NULL is fine. */
void status_server_close(struct status_server *s);
/* Clients being served now (for tests). */
size_t status_server_clients(const struct status_server *s);
/* Another time-out for the clients that connect from now on (tests). */
void status_server_set_timeout(struct status_server *s, double seconds);

/* The client: sends request, copies the answer to out. Blocking, with a
 * timeout of STATUS_CLIENT_TIMEOUT seconds. 0, or 1 with a message on
 * stderr that starts with prog. */
int status_query(const char *prog, const char *path, const char *request, int out_fd);

#endif
