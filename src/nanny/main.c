#include "config.h"

#include "run.h"
#include "log.h"
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/* One nanny: from its exec, or forked by the zygote. */
static int nanny_main(int argc, char **argv)
{
	struct nanny_opts o = { 0 };
	int rc;

	rc = nanny_parse_options(argc, (const char **)argv, &o);
	if (rc) {
		nanny_free_options(&o);	/* what was parsed before the error */
		return rc < 0 ? 0 : rc;
	}
	if (o.report_fd >= 0)
		fcntl(o.report_fd, F_SETFD, FD_CLOEXEC);
	/* Without -n: leave the terminal (setsid) and, without -c, fork too.
	 * Descriptors 0-2 go to /dev/null except the report descriptor. */
	if (!o.nodaemon && process_detach(!o.nofork, o.report_fd) < 0) {
		fprintf(stderr, "nanny: cannot detach: %s\n", strerror(errno));
		nanny_free_options(&o);
		return 2;
	}
	log_open("nanny", o.nodaemon ? LOG_TO_BOTH : LOG_TO_SYSLOG, o.verbose ? LOG_DEBUG : LOG_NOTICE);
	if (caps_restrict(o.report_fd < 0 && !o.fos && !o.norun) < 0)
		log_warn("cannot drop capabilities: %m");
	/* Under lvsd (no fork of our own) we die with our parent. */
	if (o.report_fd >= 0 && (o.nodaemon || o.nofork))
		prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (o.fwmark)
		log_notice("starting LVS client monitor for fwmark %u -> %s:%d", o.fwmark,
			   o.server_str, o.rport);
	else
		log_notice("starting %s monitor for %s:%d -> %s:%d", o.fos ? "failover" : "LVS client",
			   o.vip ? o.vip : "-", o.port, o.server_str, o.rport);

	rc = nanny_run(&o);
	nanny_free_options(&o);
	log_close();
	return rc;
}

int main(int argc, char **argv)
{
	/* Before any option parsing: the zygote must stay as exec made it. */
	if (argc >= 2 && strcmp(argv[1], "--zygote") == 0)
		return nanny_zygote(argc, argv, nanny_main);
	return nanny_main(argc, argv);
}
