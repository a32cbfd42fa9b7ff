/* lvsd's client of BIRD's control socket (announce_bfd): asks "show bfd
 * sessions" every poll interval on one connection, inside lvsd's event
 * loop, never blocking it (a non-blocking connect, a deadline on every
 * answer, reconnection with back-off). It says what it found through the
 * changed callback, only when that changes: BFD up (a session Up), no
 * session up, BIRD unreachable, BIRD not answering, or an error reply.
 * Everything but "up" means the VIPs are withdrawn. */
#ifndef LVSD_BIRD_CLIENT_H
#define LVSD_BIRD_CLIENT_H

#include <stdbool.h>

#include "evloop.h"

enum bird_bfd_state {
	BIRD_BFD_UNKNOWN = 0,   /* not asked yet */
	BIRD_BFD_UP,            /* at least one BFD session Up */
	BIRD_BFD_NONE_UP,       /* BFD sessions, none Up (or none at all) */
	BIRD_BFD_UNREACHABLE,   /* cannot connect, or BIRD closed the connection */
	BIRD_BFD_NO_ANSWER,     /* connected, no answer before the deadline */
	BIRD_BFD_ERROR,         /* BIRD answered with an error (no BFD protocol...), or garbage */
};

/* Defaults: why these values is in lvs.cf(5), announce_bfd. */
#define BIRD_POLL_INTERVAL 1.0    /* between two questions */
#define BIRD_REPLY_TIMEOUT 2.0    /* connect, greeting, answer */
#define BIRD_BACKOFF_MIN   0.5    /* first reconnection */
#define BIRD_BACKOFF_MAX   5.0

struct bird_client_opts {
	const char *path;          /* BIRD's control socket */
	double poll_interval, reply_timeout, backoff_min, backoff_max; /* 0: the default */
	/* Called when the state changes; why is one line for the log. */
	void (*changed)(void *ctx, enum bird_bfd_state state, const char *why);
	void *ctx;
};

struct bird_client;

/* Starts connecting at once. NULL if out of memory (or the path does not
 * fit a UNIX socket address: then errno is ENAMETOOLONG). */
struct bird_client *bird_client_new(struct evloop *loop, const struct bird_client_opts *o);
void bird_client_free(struct bird_client *c);
enum bird_bfd_state bird_client_state(const struct bird_client *c);
const char *bird_bfd_state_name(enum bird_bfd_state s);

/* Pure: the wait before the next connection attempt after one that failed
 * (prev 0: the first): min, then doubling, at most max. */
double bird_backoff_next(double prev, double min, double max);

#endif
