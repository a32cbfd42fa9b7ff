/* ipvsadm: administer the kernel's IP Virtual Server table, a drop-in for
 * ipvsadm 1.31 built on the lvs-suite IPVS library. */
#include "config.h"

#include "ipvsadm.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process.h"

/* Like ipvsadm: try loading the module once before giving up. */
static int modprobe_ipvs(void)
{
	char *const argv[] = { "/sbin/modprobe", "--", "ip_vs", NULL };
	/* Silent when modprobe is missing, as ipvsadm 1.31 is. */
	struct spawn_opts o = spawn_defaults(NULL);
	int status;
	pid_t child;

	o.stdin_fd = SPAWN_INHERIT;
	child = process_spawn(argv, &o);
	if (child < 0)
		return 1;
	if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	return 0;
}

/* Help and version need no kernel: answer them before opening IPVS, so that
 * they work on a machine without the ip_vs module (ipvsadm 1.31 fails there). */
static int no_kernel_needed(int argc, char **argv)
{
	if (argc != 2)
		return -1;
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
		version(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return 0;
	}
	return -1;
}

static struct ipvs_handle *init(struct ipvs_info *info, int *err)
{
	struct ipvs_handle *h = ipvs_open(err);

	if (h && (*err = ipvs_get_info(h, info))) {
		ipvs_close(h);
		h = NULL;
	}
	return h;
}

int main(int argc, char **argv)
{
	struct ipvsadm ctx = { .prog = argv[0] };
	int err = 0, result;

	if ((result = no_kernel_needed(argc, argv)) >= 0)
		return result;
	ctx.h = init(&ctx.info, &err);
	if (!ctx.h && (modprobe_ipvs() || !(ctx.h = init(&ctx.info, &err)))) {
		fprintf(stderr, "Can't initialize ipvs: %s\n"
			"Are you sure that IP Virtual Server is built in the kernel or as module?\n",
			ipvs_strerror(IPVS_OP_GET, err));
		return 2;
	}

	if (argc == 1) {
		result = list_all(&ctx, FMT_NONE);
	} else {
		struct command c;

		if (command_parse(&ctx, argc, argv, &c) < 0)
			result = -1;
		else if (c.cmd == CMD_RESTORE)
			result = restore_table(&ctx);
		else
			result = command_run(&ctx, &c);
	}
	ipvs_close(ctx.h);
	return result < 0 ? 255 : result;
}
