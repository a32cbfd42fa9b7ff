#include "config.h"

#include "nanny.h"
#include "escape.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef SBINDIR
#define SBINDIR "/usr/sbin"
#endif

/* What popt fills in; strings are malloc'd copies we free after use. */
struct raw_opts {
	char *interval, *check_interval, *timeout, *reentry, *adjust, *ipvsadm_timeout;
	char *ipvsadm, *method, *loadcmd, *load_program;
	char *server, *vip, *send, *expect, *send_program;
	char *startup, *shutdown;
	int port, rport, scale, weight, fwmark, rise, fall, report_fd;
	int nodaemon, nofork, test_start, norun, regex, suppress, quiesce;
	int udp, verbose, report, version, lvs, fos, initial_up, no_slow_start;
};

msec_t parse_seconds(const char *text)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || v < 0 || v > 86400.0 * 365)
		return -1;
	return (msec_t)(v * 1000.0 + 0.5);
}

/* Numeric IPv4 or IPv6 ("[...]" tolerated). */
static int parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST, .ai_family = AF_UNSPEC };
	struct addrinfo *res;
	char buf[INET6_ADDRSTRLEN + 32];
	size_t n = strlen(text);

	if (n >= sizeof(buf))
		return -1;
	if (text[0] == '[' && n > 2 && text[n - 1] == ']') {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
	} else {
		memcpy(buf, text, n + 1);
	}
	if (getaddrinfo(buf, NULL, &hints, &res) != 0)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static int parse_method(const char *m, char *out)
{
	if (*m == '-')
		m++;
	if (!strcmp(m, "g") || !strcmp(m, "m") || !strcmp(m, "i")) {
		*out = m[0];
		return 0;
	}
	if (!strcmp(m, "t")) {	/* the old man page's spelling of tunnelling */
		*out = 'i';
		return 0;
	}
	return -1;
}

static int parse_load(const char *l, enum nanny_load *out)
{
	static const struct { const char *name; enum nanny_load v; } names[] = {
		{ "none", LOAD_NONE }, { "rup", LOAD_RUP }, { "ruptime", LOAD_RUPTIME },
		{ "uptime", LOAD_RSH }, { "rsh", LOAD_RSH }, { "ssh", LOAD_SSH },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(l, names[i].name)) {
			*out = names[i].v;
			return 0;
		}
	return -1;
}

/* Escape translation unless -T; the result is always malloc'd. */
static char *translate(const char *raw, bool suppress, size_t *len, const char *what)
{
	unsigned col = 0;
	char *s;

	if (suppress) {
		s = strdup(raw);
		if (s)
			*len = strlen(s);
		return s;
	}
	s = lvs_unescape(raw, len, &col);
	if (!s && errno == EINVAL)
		fprintf(stderr, "nanny: %s string: lone backslash at column %u\n", what, col);
	return s;
}

static void free_raw(struct raw_opts *r)
{
	char **strs[] = { &r->interval, &r->check_interval, &r->timeout, &r->reentry,
		&r->adjust, &r->ipvsadm_timeout, &r->ipvsadm, &r->method, &r->loadcmd, &r->load_program,
		&r->server, &r->vip, &r->send, &r->expect, &r->send_program,
		&r->startup, &r->shutdown };

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "nanny: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

static int finish(struct raw_opts *r, struct nanny_opts *o)
{
	msec_t ms;

	if (!r->server)
		return bad("%s", "-h/--server is required");
	if (parse_addr(r->server, &o->server, &o->server_len) < 0)
		return bad("bad server address '%s' (numeric IPv4 or IPv6 expected)", r->server);
	if (getnameinfo((struct sockaddr *)&o->server, o->server_len, o->server_str,
			sizeof(o->server_str), NULL, 0, NI_NUMERICHOST) != 0)
		return bad("cannot format server address '%s'", r->server);
	if (r->port < 0 || r->port > 65535)
		return bad("%s", "bad -p/--port");
	o->port = r->port;
	o->rport = r->rport < 0 ? r->port : r->rport;
	if (o->rport < 0 || o->rport > 65535)
		return bad("%s", "bad -r/--rport");
	set_port(&o->server, o->rport);
	if (r->fwmark < 0)
		return bad("%s", "bad -f/--fwmark");
	o->fwmark = r->fwmark;
	o->udp = r->udp;

	if (r->vip) {
		if (parse_addr(r->vip, &o->vip_addr, &(socklen_t){ 0 }) < 0)
			return bad("bad virtual address '%s'", r->vip);
		o->vip = r->vip;
		r->vip = NULL;
	}

	/* -t is both interval and timeout (the original's meaning); the new
	 * options override either half. */
	o->interval_ms = o->timeout_ms = 10000;
	if (r->interval) {
		if ((ms = parse_seconds(r->interval)) <= 0)
			return bad("bad -t/--interval '%s'", r->interval);
		o->interval_ms = o->timeout_ms = ms;
	}
	if (r->check_interval) {
		if ((ms = parse_seconds(r->check_interval)) <= 0)
			return bad("bad --check-interval '%s'", r->check_interval);
		o->interval_ms = ms;
	}
	if (r->timeout) {
		if ((ms = parse_seconds(r->timeout)) <= 0)
			return bad("bad --timeout '%s'", r->timeout);
		o->timeout_ms = ms;
	}
	o->reentry_ms = 180000;
	if (r->fos)
		o->reentry_ms = o->interval_ms;
	if (r->reentry && (o->reentry_ms = parse_seconds(r->reentry)) < 0)
		return bad("bad -a/--reentrytime '%s'", r->reentry);
	o->adjust_ms = 20000;
	if (r->adjust && (o->adjust_ms = parse_seconds(r->adjust)) < 0)
		return bad("bad --adjust-interval '%s'", r->adjust);
	o->slow_start = !r->no_slow_start;
	o->ipvsadm_timeout_ms = 10000;
	if (r->ipvsadm_timeout && (o->ipvsadm_timeout_ms = parse_seconds(r->ipvsadm_timeout)) <= 0)
		return bad("bad --ipvsadm-timeout '%s'", r->ipvsadm_timeout);
	if (r->rise < 1 || r->fall < 1)
		return bad("%s", "--rise and --fall must be at least 1");
	o->rise = r->rise;
	o->fall = r->fall;

	if (r->weight < 0 || r->weight > 65535)
		return bad("%s", "bad -w/--weight");
	o->weight = r->weight;
	if (r->scale < 1)
		return bad("%s", "bad -S/--scale");
	o->scale = r->scale;
	if (r->loadcmd && parse_load(r->loadcmd, &o->load) < 0)
		return bad("unknown load command '%s' (rup, ruptime, uptime, rsh, ssh, none)", r->loadcmd);
	if (r->load_program) {
		o->load = LOAD_PROGRAM;
		o->load_program = r->load_program;
		r->load_program = NULL;
	}

	/* Port 80 with nothing configured means HTTP, as it always did. */
	if (o->rport == 80 && !o->udp && !r->send && !r->expect && !r->send_program) {
		r->send = strdup("GET / HTTP/1.0\\r\\n\\r\\n");
		r->expect = strdup("HTTP");
	}
	if (r->send && !(o->send = translate(r->send, r->suppress, &o->send_len, "send")))
		return 1;
	if (r->expect) {
		size_t len;

		if (!(o->expect = translate(r->expect, r->suppress, &len, "expect")))
			return 1;
		o->expect_any = !strcmp(o->expect, "*");
		if (r->regex && !o->expect_any) {
			int rc = regcomp(&o->regex, o->expect, REG_EXTENDED | REG_NOSUB);

			if (rc) {
				char msg[128];

				regerror(rc, &o->regex, msg, sizeof(msg));
				return bad("bad --regex expect string: %s", msg);
			}
			o->use_regex = true;
		}
	}
	if (r->send_program) {
		char **probe = cmdline_split(r->send_program, "x", 1);

		if (!probe)
			return bad("bad -e/--send_program '%s' (empty or unbalanced quote)", r->send_program);
		free(probe);
		o->send_program = r->send_program;
		r->send_program = NULL;
	}

	if (r->report_fd >= 0 && r->report)
		return bad("%s", "--report and --report-fd are exclusive");
	o->report_fd = r->report ? STDOUT_FILENO : r->report_fd;
	if (o->report_fd >= 0 && fcntl(o->report_fd, F_GETFD) < 0)
		return bad("%s", "--report-fd: not an open descriptor");
	o->fos = r->fos;
	o->initial_up = r->initial_up;
	if (r->fos && r->lvs)
		return bad("%s", "--lvs and --fos are exclusive");
	if (o->report_fd < 0 && !o->fos && !r->vip && !o->vip && !o->fwmark)
		return bad("%s", "standalone mode needs -V/--virtaddress or -f/--fwmark (or use --report-fd)");
	o->ipvsadm = r->ipvsadm;
	r->ipvsadm = NULL;
	if (parse_method(r->method ? r->method : "m", &o->method) < 0)
		return bad("bad -M/--method '%s' (g, m or i)", r->method);
	o->quiesce = r->quiesce;
	o->norun = r->norun || r->test_start;
	o->nodaemon = r->nodaemon;
	o->nofork = r->nofork;
	o->verbose = r->verbose;
	if (!o->ipvsadm)
		o->ipvsadm = strdup(SBINDIR "/ipvsadm");
	return 0;
}

int nanny_parse_options(int argc, const char **argv, struct nanny_opts *o)
{
	struct raw_opts r = {
		.port = 80, .rport = -1, .scale = 10, .weight = 1, .rise = 1, .fall = 1,
		.report_fd = -1,
	};
	struct poptOption table[] = {
		{ "interval", 't', POPT_ARG_STRING, &r.interval, 0,
		  "seconds between checks AND check timeout (default 10)", "SECS" },
		{ "check-interval", 0, POPT_ARG_STRING, &r.check_interval, 0,
		  "seconds from the end of one check to the start of the next", "SECS" },
		{ "timeout", 0, POPT_ARG_STRING, &r.timeout, 0,
		  "seconds one check may take", "SECS" },
		{ "reentrytime", 'a', POPT_ARG_STRING, &r.reentry, 0,
		  "seconds a failed server must stay healthy before re-entry (default 180)", "SECS" },
		{ "rise", 0, POPT_ARG_INT, &r.rise, 0,
		  "consecutive good checks to go up (default 1)", "N" },
		{ "fall", 0, POPT_ARG_INT, &r.fall, 0,
		  "consecutive failed checks to go down (default 1)", "N" },
		{ "adjust-interval", 0, POPT_ARG_STRING, &r.adjust, 0,
		  "seconds between slow-start / load weight steps (default 20)", "SECS" },
		{ "no-slow-start", 0, POPT_ARG_NONE, &r.no_slow_start, 0,
		  "a server back after a failure enters at full weight at once", NULL },
		{ "ipvsadm", 'I', POPT_ARG_STRING, &r.ipvsadm, 0,
		  "path to ipvsadm (default " SBINDIR "/ipvsadm)", "PATH" },
		{ "ipvsadm-timeout", 0, POPT_ARG_STRING, &r.ipvsadm_timeout, 0,
		  "seconds one ipvsadm run may take before it is killed (default 10)", "SECS" },
		{ "method", 'M', POPT_ARG_STRING, &r.method, 0,
		  "forwarding method g, m or i (default m)", "METHOD" },
		{ "loadcmd", 'U', POPT_ARG_STRING, &r.loadcmd, 0,
		  "how to get the remote load: rup, ruptime, uptime, rsh, ssh, none", "CMD" },
		{ "load-program", 0, POPT_ARG_STRING, &r.load_program, 0,
		  "program printing the server's load average (%h, %p expanded)", "CMDLINE" },
		{ "nodaemon", 'n', POPT_ARG_NONE, &r.nodaemon, 0,
		  "stay in the foreground, log to stderr too", NULL },
		{ "nofork", 'c', POPT_ARG_NONE, &r.nofork, 0,
		  "disassociate from the terminal but do not fork", NULL },
		{ "test-start", 0, POPT_ARG_NONE, &r.test_start, 0,
		  "print the ipvsadm commands instead of running them", NULL },
		{ "norun", 0, POPT_ARG_NONE, &r.norun, 0, "same as --test-start", NULL },
		{ "port", 'p', POPT_ARG_INT, &r.port, 0, "virtual service port (default 80)", "PORT" },
		{ "rport", 'r', POPT_ARG_INT, &r.rport, 0, "real server port (default: --port)", "PORT" },
		{ "scale", 'S', POPT_ARG_INT, &r.scale, 0,
		  "load scaling limit, a multiple of the weight (default 10)", "N" },
		{ "server", 'h', POPT_ARG_STRING, &r.server, 0, "real server address (IPv4 or IPv6)", "ADDR" },
		{ "fwmark", 'f', POPT_ARG_INT, &r.fwmark, 0, "firewall-mark virtual service", "MARK" },
		{ "virtaddress", 'V', POPT_ARG_STRING, &r.vip, 0, "virtual service address", "ADDR" },
		{ "weight", 'w', POPT_ARG_INT, &r.weight, 0, "configured weight (default 1)", "N" },
		{ "send_string", 's', POPT_ARG_STRING, &r.send, 0, "text to send", "TEXT" },
		{ "expect_string", 'x', POPT_ARG_STRING, &r.expect, 0,
		  "text the reply must contain (\"*\": any reply)", "TEXT" },
		{ "send_program", 'e', POPT_ARG_STRING, &r.send_program, 0,
		  "external check program (%h, %p expanded)", "CMDLINE" },
		{ "regex", 0, POPT_ARG_NONE, &r.regex, 0, "expect is a POSIX extended regex", NULL },
		{ "suppress", 'T', POPT_ARG_NONE, &r.suppress, 0,
		  "no backslash translation in send/expect", NULL },
		{ "quiesce-server", 'q', POPT_ARG_NONE, &r.quiesce, 0,
		  "on failure set weight 0 instead of deleting", NULL },
		{ "quiesce_server", 0, POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN, &r.quiesce, 0, NULL, NULL },
		{ "UDP", 'u', POPT_ARG_NONE, &r.udp, 0, "check over UDP", NULL },
		{ "udp", 0, POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN, &r.udp, 0, NULL, NULL },
		{ "startup", 'R', POPT_ARG_STRING, &r.startup, 0,
		  "fos start command (accepted, pulse runs it)", "CMD" },
		{ "shutdown", 'D', POPT_ARG_STRING, &r.shutdown, 0,
		  "fos stop command (accepted, pulse runs it)", "CMD" },
		{ "lvs", 0, POPT_ARG_NONE, &r.lvs, 0, "monitor a real server (default)", NULL },
		{ "fos", 0, POPT_ARG_NONE, &r.fos, 0, "monitor a failover peer: exit when it fails", NULL },
		{ "initial-up", 0, POPT_ARG_NONE, &r.initial_up, 0,
		  "the server is in service already: start up at full weight, report only changes", NULL },
		{ "report-fd", 0, POPT_ARG_INT, &r.report_fd, 0,
		  "report mode: state lines to descriptor FD, never touch IPVS", "FD" },
		{ "report", 0, POPT_ARG_NONE, &r.report, 0, "report mode on stdout (--report-fd 1)", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &r.verbose, 0, "log each check", NULL },
		{ "version", 0, POPT_ARG_NONE, &r.version, 0, "print the version", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext("nanny", argc, argv, table, 0);
	int rc;

	while ((rc = poptGetNextOpt(ctx)) > 0)
		;
	if (rc < -1) {
		fprintf(stderr, "nanny: %s: %s\n", poptBadOption(ctx, POPT_BADOPTION_NOALIAS),
			poptStrerror(rc));
		rc = 1;
	} else if (poptPeekArg(ctx)) {
		fprintf(stderr, "nanny: unexpected argument '%s'\n", poptPeekArg(ctx));
		rc = 1;
	} else if (r.version) {
		printf("nanny (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		rc = -1;
	} else {
		rc = finish(&r, o);
	}
	poptFreeContext(ctx);
	free_raw(&r);
	return rc;
}

void nanny_free_options(struct nanny_opts *o)
{
	free(o->send);
	free(o->expect);
	if (o->use_regex)
		regfree(&o->regex);
	free((char *)o->send_program);
	free((char *)o->load_program);
	free((char *)o->vip);
	free((char *)o->ipvsadm);
}
