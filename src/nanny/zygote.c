/* nanny --zygote: lvsd's nanny starter as a nanny process. lvsd execs it
 * once with the starter's socket as descriptor 3; for every request to
 * start nanny it forks, and the child runs nanny's main on the request's
 * command line without an exec. In the emulated lab the exec of each of
 * 1,000 checkers was two thirds of the least a start-up can cost
 * (bench/results.md, "A nanny zygote"); a fork of a small process that
 * has not started yet is cheap. Requests for any other
 * program (a client_monitor) are exec'd as lvsd's plain starter does.
 *
 * The children share the zygote's address space layout, as children of
 * one process do, and its stack canary: lvsd --no-zygote gives each nanny
 * its own exec. */
#include "config.h"

#include "nanny.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "process.h"
#include "spawn_serve.h"

/* The zygote's own argument strings, one block the kernel shows as
 * /proc/PID/cmdline: each child writes its command line over it. */
static char *cmdline_at;
static size_t cmdline_room;
static nanny_main_fn zygote_run;

/* argv's strings, NUL-separated, into the block; what does not fit is cut,
 * and the rest of the block is NUL, which ps does not show. */
static void show_cmdline(char **argv)
{
	size_t used = 0;

	if (!cmdline_at || cmdline_room < 2)
		return;
	for (int i = 0; argv[i] && used < cmdline_room - 1; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (n > cmdline_room - 1 - used)
			n = cmdline_room - 1 - used;
		memcpy(cmdline_at + used, argv[i], n);
		used += n;
	}
	memset(cmdline_at + used, '\0', cmdline_room - used);
}

static int run_nanny(int argc, char **argv)
{
	show_cmdline(argv);
	return zygote_run(argc, argv);
}

int nanny_zygote(int argc, char **argv, nanny_main_fn run)
{
	char flag[] = "--zygote";
	struct spawn_serve_opts o = { .run_self = run_nanny, .signals_default = true };
	int type = 0;
	socklen_t len = sizeof(type);

	/* Only lvsd starts it: the socket it passes, and no terminal. */
	if (getsockopt(3, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_SEQPACKET) {
		fprintf(stderr, "nanny: --zygote is lvsd's: it needs lvsd's starter socket as descriptor 3\n");
		return 2;
	}
	/* lvsd's death kills it: the parent-death signal lvsd's starter set
	 * survives the exec. */
	cmdline_at = argv[0];
	cmdline_room = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
	/* A copy of argv[0]: the block it is in is written over. */
	o.self = strdup(argv[0]);
	if (!o.self)
		return 1;
	zygote_run = run;
	/* Once here rather than in every child: an exec keeps an ignored
	 * signal ignored (lvsd ignores SIGPIPE), and this process sets no
	 * handler. The time zone, read now, is every child's without a
	 * read of /etc/localtime each. */
	process_signals_default();
	tzset();
	show_cmdline((char *[]){ (char *)o.self, flag, NULL });
	prctl(PR_SET_NAME, "nanny-zygote");
	spawn_serve(3, &o);
}
