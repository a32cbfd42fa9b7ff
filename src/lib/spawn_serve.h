/* The serving end of a nanny starter: the loop that takes start requests
 * (spawn_msg.h) from one SOCK_SEQPACKET socket, each with the descriptor
 * it passes, starts each program as a sibling (CLONE_PARENT: the child of
 * the daemon that started the server) and answers with its pid or
 * -errno. lvsd's own starter runs it after a fork of lvsd; nanny runs it
 * as lvsd's zygote, where a request for nanny itself is forked and run
 * without an exec. */
#ifndef LVS_SPAWN_SERVE_H
#define LVS_SPAWN_SERVE_H

#include <stdbool.h>

/* What the child of a request runs without an exec: the program's main.
 * It returns the exit status. */
typedef int (*spawn_serve_main)(int argc, char **argv);

struct spawn_serve_opts {
	/* Requests whose program is self are run by run_self in a forked
	 * child; any other program (or all, when run_self is NULL) is
	 * exec'd. */
	const char *self;
	spawn_serve_main run_self;
	/* The server has every disposition at SIG_DFL and sets none
	 * (spawn_opts.signals_default). */
	bool signals_default;
};

/* Serve requests on sock until the daemon closes its end or a reply
 * cannot be sent; then _exit(0). The caller has already given up every
 * descriptor but sock (and 0-2) and every capability it will not pass on. */
void __attribute__((noreturn)) spawn_serve(int sock, const struct spawn_serve_opts *o);

#endif
