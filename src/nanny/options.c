#include "config.h"

#include "nanny.h"
#include "regex_guard.h"
#include "escape.h"
#include "lvs_ranges.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <popt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef SBINDIR
#define SBINDIR "/usr/sbin"
#endif

/* The string options, collected by hand (see nanny_parse_options). */
enum str_opt {
	S_INTERVAL, S_CHECK_INTERVAL, S_TIMEOUT, S_REENTRY, S_ADJUST, S_IPVSADM_TIMEOUT,
	S_IPVSADM, S_METHOD, S_LOADCMD, S_LOAD_PROGRAM, S_SERVER, S_VIP, S_SEND, S_EXPECT,
	S_SEND_PROGRAM, S_STARTUP, S_SHUTDOWN, S_FWMARK,
	N_STR
};
/* popt's val for string option i; above any short option character. */
#define STR_TAG 0x1000

/* What popt fills in; strings are malloc'd copies we free after use. */
struct raw_opts {
	char *s[N_STR];
	int port, rport, scale, weight, rise, fall, report_fd;
	int nodaemon, nofork, test_start, norun, regex, suppress, quiesce;
	int udp, verbose, report, version, lvs, fos, initial_up, no_slow_start, report_checks;
	int help, usage;
};

int parse_seconds(const char *text, bool allow_zero, msec_t *ms, const char **why)
{
	enum lvs_duration_err err;
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || isspace((unsigned char)*text)) {
		*why = "is not a number of seconds";
		return -1;
	}
	/* strtod takes nan and inf; the shared check refuses them, and every
	 * range lvs.cf's check applies (lvs_ranges.h). */
	err = errno == ERANGE && v != 0 ? LVS_DURATION_TOO_LARGE
					: lvs_duration_check(v, allow_zero);
	if (err) {
		*why = lvs_duration_strerror(err);
		return -1;
	}
	*ms = lvs_duration_ms(v);
	return 0;
}

/* Option opt's text, when given, into *ms; 1 after saying why not. */
static int duration_opt(const char *opt, const char *text, bool allow_zero, msec_t *ms)
{
	const char *why;

	if (!text || parse_seconds(text, allow_zero, ms, &why) == 0)
		return 0;
	fprintf(stderr, "nanny: bad %s '%s': %s\n", opt, text, why);
	return 1;
}

/* Numeric IPv4 or IPv6 ("[...]" tolerated, "%zone" on a link-local one).
 * inet_pton and not getaddrinfo: a static nanny must not need the name
 * service modules for what is only ever a number. */
static int parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	size_t n = strlen(text);
	char *zone;

	if (n >= sizeof(buf))
		return -1;
	if (text[0] == '[' && n > 2 && text[n - 1] == ']') {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
	} else {
		memcpy(buf, text, n + 1);
	}
	memset(ss, 0, sizeof(*ss));
	zone = strchr(buf, '%');
	if (!zone) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, buf, &sin->sin_addr) == 1) {
			sin->sin_family = AF_INET;
			*len = sizeof(*sin);
			return 0;
		}
	} else {
		*zone++ = '\0';
	}
	if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) != 1)
		return -1;
	sin6->sin6_family = AF_INET6;
	if (zone) {
		char *end;
		unsigned long idx = strtoul(zone, &end, 10);

		if (!*zone)
			return -1;
		if (*end)
			idx = if_nametoindex(zone);
		if (!idx || idx > UINT32_MAX)
			return -1;
		sin6->sin6_scope_id = (uint32_t)idx;
	}
	*len = sizeof(*sin6);
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
	for (size_t i = 0; i < N_STR; i++) {
		free(r->s[i]);
		r->s[i] = NULL;
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
	if (!r->s[S_SERVER])
		return bad("%s", "-h/--server is required");
	if (parse_addr(r->s[S_SERVER], &o->server, &o->server_len) < 0)
		return bad("bad server address '%s' (numeric IPv4 or IPv6 expected)", r->s[S_SERVER]);
	if (getnameinfo((struct sockaddr *)&o->server, o->server_len, o->server_str,
			sizeof(o->server_str), NULL, 0, NI_NUMERICHOST) != 0)
		return bad("cannot format server address '%s'", r->s[S_SERVER]);
	if (r->port < 0 || r->port > 65535)
		return bad("%s", "bad -p/--port");
	o->port = r->port;
	o->rport = r->rport < 0 ? r->port : r->rport;
	if (o->rport < 0 || o->rport > 65535)
		return bad("%s", "bad -r/--rport");
	set_port(&o->server, o->rport);
	if (r->s[S_FWMARK]) {
		unsigned long long mark;
		char *end;

		errno = 0;
		mark = strtoull(r->s[S_FWMARK], &end, 0);
		if (errno || end == r->s[S_FWMARK] || *end || !isdigit((unsigned char)*r->s[S_FWMARK]) ||
		    mark > LVS_FWMARK_MAX)
			return bad("bad -f/--fwmark '%s' (0 to 4294967295)", r->s[S_FWMARK]);
		o->fwmark = (unsigned)mark;
	}
	o->udp = r->udp;

	if (r->s[S_VIP]) {
		if (parse_addr(r->s[S_VIP], &o->vip_addr, &(socklen_t){ 0 }) < 0)
			return bad("bad virtual address '%s'", r->s[S_VIP]);
		o->vip = r->s[S_VIP];
		r->s[S_VIP] = NULL;
	}

	/* -t is both interval and timeout (the original's meaning); the new
	 * options override either half. */
	o->interval_ms = o->timeout_ms = 10000;
	if (duration_opt("-t/--interval", r->s[S_INTERVAL], false, &o->interval_ms))
		return 1;
	if (r->s[S_INTERVAL])
		o->timeout_ms = o->interval_ms;
	if (duration_opt("--check-interval", r->s[S_CHECK_INTERVAL], false, &o->interval_ms) ||
	    duration_opt("--timeout", r->s[S_TIMEOUT], false, &o->timeout_ms))
		return 1;
	o->reentry_ms = 180000;
	if (r->fos)
		o->reentry_ms = o->interval_ms;
	if (duration_opt("-a/--reentrytime", r->s[S_REENTRY], true, &o->reentry_ms))
		return 1;
	o->adjust_ms = 20000;
	if (duration_opt("--adjust-interval", r->s[S_ADJUST], true, &o->adjust_ms))
		return 1;
	o->slow_start = !r->no_slow_start;
	o->ipvsadm_timeout_ms = 10000;
	if (duration_opt("--ipvsadm-timeout", r->s[S_IPVSADM_TIMEOUT], false,
			 &o->ipvsadm_timeout_ms))
		return 1;
	if (r->rise < 1 || r->fall < 1 || r->rise > LVS_RISE_FALL_MAX || r->fall > LVS_RISE_FALL_MAX)
		return bad("--rise and --fall must be from 1 to %s", LVS_STR(LVS_RISE_FALL_MAX));
	o->rise = r->rise;
	o->fall = r->fall;

	if (r->weight < 0 || r->weight > LVS_WEIGHT_MAX)
		return bad("%s", "bad -w/--weight");
	o->weight = r->weight;
	if (r->scale < 1)
		return bad("%s", "bad -S/--scale");
	o->scale = r->scale;
	if (r->s[S_LOADCMD] && parse_load(r->s[S_LOADCMD], &o->load) < 0)
		return bad("unknown load command '%s' (rup, ruptime, uptime, rsh, ssh, none)", r->s[S_LOADCMD]);
	if (r->s[S_LOAD_PROGRAM]) {
		o->load = LOAD_PROGRAM;
		o->load_program = r->s[S_LOAD_PROGRAM];
		r->s[S_LOAD_PROGRAM] = NULL;
	}

	/* Port 80 with nothing configured means HTTP, as it always did. */
	if (o->rport == 80 && !o->udp && !r->s[S_SEND] && !r->s[S_EXPECT] && !r->s[S_SEND_PROGRAM]) {
		r->s[S_SEND] = strdup("GET / HTTP/1.0\\r\\n\\r\\n");
		r->s[S_EXPECT] = strdup("HTTP");
	}
	if (r->s[S_SEND] && !(o->send = translate(r->s[S_SEND], r->suppress, &o->send_len, "send")))
		return 1;
	if (r->s[S_EXPECT]) {
		size_t len;

		if (!(o->expect = translate(r->s[S_EXPECT], r->suppress, &len, "expect")))
			return 1;
		o->expect_any = !strcmp(o->expect, "*");
		if (r->regex && !o->expect_any) {
			int rc, at = regex_stacked_repetition(o->expect);

			if (at >= 0) {
				char where[16];

				snprintf(where, sizeof(where), "%d", at);
				return bad("bad --regex expect string: a repetition right after another at offset %s "
					   "(undefined in POSIX, and glibc can spend gigabytes on it); "
					   "group it, as in (a+)+", where);
			}
			rc = regcomp(&o->regex, o->expect, REG_EXTENDED | REG_NOSUB);

			if (rc) {
				char msg[128];

				regerror(rc, &o->regex, msg, sizeof(msg));
				return bad("bad --regex expect string: %s", msg);
			}
			o->use_regex = true;
		}
	}
	if (r->s[S_SEND_PROGRAM]) {
		char **probe = cmdline_split(r->s[S_SEND_PROGRAM], "x", 1);

		if (!probe)
			return bad("bad -e/--send_program '%s' (empty or unbalanced quote)", r->s[S_SEND_PROGRAM]);
		free(probe);
		o->send_program = r->s[S_SEND_PROGRAM];
		r->s[S_SEND_PROGRAM] = NULL;
	}

	if (r->report_fd >= 0 && r->report)
		return bad("%s", "--report and --report-fd are exclusive");
	o->report_fd = r->report ? STDOUT_FILENO : r->report_fd;
	if (o->report_fd >= 0 && fcntl(o->report_fd, F_GETFD) < 0)
		return bad("%s", "--report-fd: not an open descriptor");
	o->fos = r->fos;
	o->initial_up = r->initial_up;
	if (r->report_checks && o->report_fd < 0)
		return bad("%s", "--report-checks needs --report or --report-fd");
	o->report_checks = r->report_checks;
	if (r->fos && r->lvs)
		return bad("%s", "--lvs and --fos are exclusive");
	if (o->report_fd < 0 && !o->fos && !r->s[S_VIP] && !o->vip && !o->fwmark)
		return bad("%s", "standalone mode needs -V/--virtaddress or -f/--fwmark (or use --report-fd)");
	o->ipvsadm = r->s[S_IPVSADM];
	r->s[S_IPVSADM] = NULL;
	if (parse_method(r->s[S_METHOD] ? r->s[S_METHOD] : "m", &o->method) < 0)
		return bad("bad -M/--method '%s' (g, m or i)", r->s[S_METHOD]);
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
		{ "interval", 't', POPT_ARG_STRING, NULL, STR_TAG + S_INTERVAL,
		  "seconds between checks AND check timeout (default 10)", "SECS" },
		{ "check-interval", 0, POPT_ARG_STRING, NULL, STR_TAG + S_CHECK_INTERVAL,
		  "seconds from the end of one check to the start of the next", "SECS" },
		{ "timeout", 0, POPT_ARG_STRING, NULL, STR_TAG + S_TIMEOUT,
		  "seconds one check may take", "SECS" },
		{ "reentrytime", 'a', POPT_ARG_STRING, NULL, STR_TAG + S_REENTRY,
		  "seconds a failed server must stay healthy before re-entry (default 180)", "SECS" },
		{ "rise", 0, POPT_ARG_INT, &r.rise, 0,
		  "consecutive good checks to go up (default 1)", "N" },
		{ "fall", 0, POPT_ARG_INT, &r.fall, 0,
		  "consecutive failed checks to go down (default 1)", "N" },
		{ "adjust-interval", 0, POPT_ARG_STRING, NULL, STR_TAG + S_ADJUST,
		  "seconds between slow-start / load weight steps (default 20)", "SECS" },
		{ "no-slow-start", 0, POPT_ARG_NONE, &r.no_slow_start, 0,
		  "a server back after a failure enters at full weight at once", NULL },
		{ "ipvsadm", 'I', POPT_ARG_STRING, NULL, STR_TAG + S_IPVSADM,
		  "path to ipvsadm (default " SBINDIR "/ipvsadm)", "PATH" },
		{ "ipvsadm-timeout", 0, POPT_ARG_STRING, NULL, STR_TAG + S_IPVSADM_TIMEOUT,
		  "seconds one ipvsadm run may take before it is killed (default 10)", "SECS" },
		{ "method", 'M', POPT_ARG_STRING, NULL, STR_TAG + S_METHOD,
		  "forwarding method g, m or i (default m)", "METHOD" },
		{ "loadcmd", 'U', POPT_ARG_STRING, NULL, STR_TAG + S_LOADCMD,
		  "how to get the remote load: rup, ruptime, uptime, rsh, ssh, none", "CMD" },
		{ "load-program", 0, POPT_ARG_STRING, NULL, STR_TAG + S_LOAD_PROGRAM,
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
		{ "server", 'h', POPT_ARG_STRING, NULL, STR_TAG + S_SERVER, "real server address (IPv4 or IPv6)", "ADDR" },
		{ "fwmark", 'f', POPT_ARG_STRING, NULL, STR_TAG + S_FWMARK, "firewall-mark virtual service", "MARK" },
		{ "virtaddress", 'V', POPT_ARG_STRING, NULL, STR_TAG + S_VIP, "virtual service address", "ADDR" },
		{ "weight", 'w', POPT_ARG_INT, &r.weight, 0, "configured weight (default 1)", "N" },
		{ "send_string", 's', POPT_ARG_STRING, NULL, STR_TAG + S_SEND, "text to send", "TEXT" },
		{ "expect_string", 'x', POPT_ARG_STRING, NULL, STR_TAG + S_EXPECT,
		  "text the reply must contain (\"*\": any reply)", "TEXT" },
		{ "send_program", 'e', POPT_ARG_STRING, NULL, STR_TAG + S_SEND_PROGRAM,
		  "external check program (%h, %p expanded)", "CMDLINE" },
		{ "regex", 0, POPT_ARG_NONE, &r.regex, 0, "expect is a POSIX extended regex", NULL },
		{ "suppress", 'T', POPT_ARG_NONE, &r.suppress, 0,
		  "no backslash translation in send/expect", NULL },
		{ "quiesce-server", 'q', POPT_ARG_NONE, &r.quiesce, 0,
		  "on failure set weight 0 instead of deleting", NULL },
		{ "quiesce_server", 0, POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN, &r.quiesce, 0, NULL, NULL },
		{ "UDP", 'u', POPT_ARG_NONE, &r.udp, 0, "check over UDP", NULL },
		{ "udp", 0, POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN, &r.udp, 0, NULL, NULL },
		{ "startup", 'R', POPT_ARG_STRING, NULL, STR_TAG + S_STARTUP,
		  "fos start command (accepted, pulse runs it)", "CMD" },
		{ "shutdown", 'D', POPT_ARG_STRING, NULL, STR_TAG + S_SHUTDOWN,
		  "fos stop command (accepted, pulse runs it)", "CMD" },
		{ "lvs", 0, POPT_ARG_NONE, &r.lvs, 0, "monitor a real server (default)", NULL },
		{ "fos", 0, POPT_ARG_NONE, &r.fos, 0, "monitor a failover peer: exit when it fails", NULL },
		{ "initial-up", 0, POPT_ARG_NONE, &r.initial_up, 0,
		  "the server is in service already: start up at full weight, report only changes", NULL },
		{ "report-fd", 0, POPT_ARG_INT, &r.report_fd, 0,
		  "report mode: state lines to descriptor FD, never touch IPVS", "FD" },
		{ "report", 0, POPT_ARG_NONE, &r.report, 0, "report mode on stdout (--report-fd 1)", NULL },
		{ "report-checks", 0, POPT_ARG_NONE, &r.report_checks, 0,
		  "report mode: also a line with the result and duration of every check", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &r.verbose, 0, "log each check", NULL },
		{ "version", 0, POPT_ARG_NONE, &r.version, 0, "print the version", NULL },
		/* Not POPT_AUTOHELP: popt would exit() from inside the parser. */
		{ "help", '?', POPT_ARG_NONE, &r.help, 0, "show this help message", NULL },
		{ "usage", 0, POPT_ARG_NONE, &r.usage, 0, "display a brief usage message", NULL },
		POPT_TABLEEND
	};
	poptContext ctx = poptGetContext("nanny", argc, argv, table, 0);
	int rc;

	/* popt would store each string option through a pointer and leak
	 * the copy of one given twice: take them by hand, the last wins. */
	while ((rc = poptGetNextOpt(ctx)) > 0) {
		if (rc >= STR_TAG && rc < STR_TAG + N_STR) {
			free(r.s[rc - STR_TAG]);
			r.s[rc - STR_TAG] = poptGetOptArg(ctx);
		}
	}
	if (rc < -1) {
		fprintf(stderr, "nanny: %s: %s\n", poptBadOption(ctx, POPT_BADOPTION_NOALIAS),
			poptStrerror(rc));
		rc = 1;
	} else if (poptPeekArg(ctx)) {
		fprintf(stderr, "nanny: unexpected argument '%s'\n", poptPeekArg(ctx));
		rc = 1;
	} else if (r.help || r.usage) {
		if (r.help)
			poptPrintHelp(ctx, stdout, 0);
		else
			poptPrintUsage(ctx, stdout, 0);
		rc = -1;
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
