/* keepalived's checkers onto lvs.cf's one check per virtual service:
 * HTTP_GET as send/expect, MISC_CHECK as send_program, and so on. */
#include "config.h"

#include "kconf_map.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static const char *const checkers[] = {
	"HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
	"UDP_CHECK", "BFD_CHECK", "PING_CHECK", "FILE_CHECK", NULL,
};

bool km_is_checker(const char *kw)
{
	for (size_t i = 0; checkers[i]; i++)
		if (strcmp(kw, checkers[i]) == 0)
			return true;
	return false;
}

bool km_timing_keyword(struct kmap *m, const struct kconf_node *k, const struct kconf_node *parent,
		       struct ktiming *t)
{
	unsigned long v;

	if (km_is(k, "delay_loop")) {
		if (km_shape(m, k, 1, 1, false) == 0)
			km_timer(m, k, 1, false, &t->delay_loop);
	} else if (km_is(k, "connect_timeout")) {
		if (km_shape(m, k, 1, 1, false) == 0)
			km_timer(m, k, 1, false, &t->connect_timeout);
	} else if (km_is(k, "retry") || km_is(k, "nb_get_retry")) {
		if (km_shape(m, k, 1, 1, false) == 0 && km_uint(m, k, 1, 0, 9999, &v) == 0)
			t->retry = (long)v;
	} else if (km_is(k, "virtualhost")) {
		if (km_shape(m, k, 1, 1, false) == 0)
			t->vhost = k->w[1].text;
	} else if (km_is(k, "delay_before_retry")) {
		km_cannot(m, k, parent, "lvs.cf repeats a failed check after check_interval, "
			  "as any other");
	} else if (km_is(k, "warmup") || km_is(k, "alpha")) {
		km_dropped(m, k, parent);
	} else {
		return false;
	}
	return true;
}

void km_check_free(struct kcheck *c)
{
	free(c->send);
	free(c->expect);
	free(c->program);
	c->send = c->expect = c->program = NULL;
}

static bool str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

bool km_check_same(const struct kcheck *a, const struct kcheck *b)
{
	return a->kind == b->kind && str_eq(a->send, b->send) && str_eq(a->expect, b->expect) &&
	       str_eq(a->program, b->program) && a->regex == b->regex &&
	       a->timeout == b->timeout && a->interval == b->interval && a->fall == b->fall;
}

/* s for a send string: backslashes and quotes escaped as lvs.cf's send
 * reads them. NULL (with *why) when it cannot be sent as text. */
static char *send_escape(const char *s, const char **why)
{
	char *out = malloc(2 * strlen(s) + 1), *p = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			free(out);
			*why = "it holds a control character";
			return NULL;
		}
		if (*s == '\\' || *s == '"' || *s == '\'')
			*p++ = '\\';
		*p++ = *s;
	}
	*p = '\0';
	return out;
}

/* status_code 200 | 200-299 ... into set. */
static int status_codes(struct kmap *m, const struct kconf_node *k, bool set[KM_STATUS_MAX + 1])
{
	if (km_shape(m, k, 1, 600, false) < 0)
		return -1;
	memset(set, 0, (KM_STATUS_MAX + 1) * sizeof(*set));
	for (size_t i = 1; i < k->n_w; i++) {
		const char *s = k->w[i].text;
		char *end;
		unsigned long lo, hi;

		if (!isdigit((unsigned char)*s))
			goto bad;
		lo = strtoul(s, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				goto bad;
			hi = strtoul(end + 1, &end, 10);
		}
		if (*end || lo < KM_STATUS_MIN || hi > KM_STATUS_MAX || lo > hi)
			goto bad;
		for (unsigned long c = lo; c <= hi; c++)
			set[c] = true;
		continue;
bad:
		km_error_at(m, k, &k->w[i], "invalid value '%.80s' for 'status_code' (expected a code "
			    "or a range of codes from 100 to 599, such as 200-299)", s);
		return -1;
	}
	return 0;
}

struct http {
	const struct kconf_node *url;
	const char *proto;          /* "1.0", "1.0C", "1.1" */
};

/* The url block: GET path, the status codes as a regular expression. */
static int http_url(struct kmap *m, const struct http *h, const struct ktiming *t,
		    struct kcheck *out)
{
	const struct kconf_node *u = h->url;
	const char *path = NULL, *vhost = t->vhost, *why = NULL;
	bool set[KM_STATUS_MAX + 1] = { false };
	bool have_codes = false;
	char *epath = NULL, *ehost = NULL, *codes = NULL;
	int rc = -1;

	for (size_t i = 0; i < u->n_kids; i++) {
		const struct kconf_node *k = &u->kids[i];

		if (km_is(k, "path")) {
			if (km_shape(m, k, 1, 1, false) == 0)
				path = k->w[1].text;
		} else if (km_is(k, "status_code")) {
			have_codes = status_codes(m, k, set) == 0;
		} else if (km_is(k, "virtualhost")) {
			if (km_shape(m, k, 1, 1, false) == 0)
				vhost = k->w[1].text;
		} else if (km_is(k, "digest")) {
			km_cannot(m, k, u, "nanny does not hash the page: the status code is checked");
		} else if (km_is(k, "regex")) {
			km_cannot(m, k, u, "lvs.cf matches one expect text per check: the status code "
				  "is checked");
		} else {
			km_dropped(m, k, u);
		}
	}
	if (!path) {
		km_error_at(m, u, NULL, "'url' needs a 'path'");
		return -1;
	}
	if (!have_codes)
		for (unsigned c = 200; c <= 299; c++)   /* keepalived's default */
			set[c] = true;
	epath = send_escape(path, &why);
	if (!epath && !why)
		goto oom;
	if (!epath || (vhost && !(ehost = send_escape(vhost, &why)))) {
		if (!why)
			goto oom;
		km_cannot(m, out->n, u, "its %s cannot be sent: %s", epath ? "virtualhost" : "path", why);
		rc = 1;
		goto out;
	}
	if (!vhost && strcmp(h->proto, "1.1") == 0)
		km_approx(m, out->n, NULL, "without a virtualhost the request has no Host header, so it "
			  "is sent as HTTP/1.0 with Connection: close");
	if (asprintf(&out->send, "GET %s HTTP/1.%c\\r\\n%s%s%s%s\\r\\n", epath,
		     vhost && strcmp(h->proto, "1.1") == 0 ? '1' : '0', ehost ? "Host: " : "",
		     ehost ? ehost : "", ehost ? "\\r\\n" : "",
		     strcmp(h->proto, "1.0") ? "Connection: close\\r\\n" : "") < 0) {
		out->send = NULL;
		goto oom;
	}
	codes = km_status_regex(set);
	if (!codes || asprintf(&out->expect, "^HTTP/[0-9.]+ (%s)", codes) < 0) {
		out->expect = NULL;
		goto oom;
	}
	out->regex = true;
	why = km_unwritable(out->send);
	if (why) {
		km_cannot(m, out->n, u, "the request cannot be written to lvs.cf: %s", why);
		rc = 1;
		goto out;
	}
	rc = 0;
	goto out;
oom:
	km_oom(m);
out:
	free(epath);
	free(ehost);
	free(codes);
	return rc;
}

/* Does the text at s, of length n, stand alone (not inside a longer word)? */
static bool word_at(const char *start, const char *s, size_t n)
{
	const char *edge = "0123456789abcdefABCDEF.:";

	return (s == start || !strchr(edge, s[-1]) || !s[-1]) && (!s[n] || !strchr(edge, s[n]));
}

/* A MISC_CHECK command for lvs.cf: '%' doubled, the server's address as %h,
 * so that one send_program serves every server of the virtual. */
static char *misc_program(const char *cmd, const char *addr)
{
	size_t alen = strlen(addr);
	char *out = malloc(2 * strlen(cmd) + 1), *p = out;

	if (!out)
		return NULL;
	for (const char *s = cmd; *s;) {
		if (alen && strncmp(s, addr, alen) == 0 && word_at(cmd, s, alen)) {
			p = stpcpy(p, "%h");
			s += alen;
			continue;
		}
		if (*s == '%')
			*p++ = '%';
		*p++ = *s++;
	}
	*p = '\0';
	return out;
}

static int misc(struct kmap *m, const struct kconf_node *path_n, double misc_timeout,
		const struct ktiming *t, const char *rs_addr, struct kcheck *out)
{
	char *cmd, **argv;
	const char *why;

	if (!path_n) {
		km_error_at(m, out->n, NULL, "'MISC_CHECK' needs a 'misc_path'");
		return -1;
	}
	cmd = km_join_words(path_n, 1);
	if (!cmd || !(out->program = misc_program(cmd, rs_addr))) {
		free(cmd);
		km_oom(m);
		return -1;
	}
	free(cmd);
	why = km_unwritable(out->program);
	argv = why ? NULL : cmdline_split(out->program, "192.0.2.1", 1);
	if (!argv) {
		km_cannot(m, path_n, out->n, "%s", why ? why : "it does not split into words: "
			  "an unbalanced quote or a trailing backslash");
		return 1;
	}
	free(argv);
	out->timeout = misc_timeout > 0 ? misc_timeout : t->delay_loop;
	out->fall = (unsigned)(t->retry < 0 ? 0 : t->retry) + 1;
	return 0;
}

static bool dns_name_ok(const char *s)
{
	if (!*s || strlen(s) > 253)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".-_", *s))
			return false;
	return true;
}

static int dns(struct kmap *m, const char *type, const char *name, const struct kconf_node *rs,
	       struct kcheck *out)
{
	unsigned secs = (unsigned)ceil(out->timeout);

	if (asprintf(&out->program, "dig +short +time=%u +tries=1 -p %%p @%%h %s %s",
		     secs ? secs : 1, name, type) < 0) {
		out->program = NULL;
		km_oom(m);
		return -1;
	}
	out->expect = km_strdup(m, "*");
	km_approx(m, out->n, rs, "checked with dig(1), which must be installed on the routers: a "
		  "server passes when it gives an answer");
	return out->expect ? 0 : -1;
}

/* What every checker may set besides the timings. */
static bool common_keyword(struct kmap *m, const struct kconf_node *k, struct kcheck *out)
{
	const struct kconf_node *n = out->n;

	if (km_is(k, "connect_port")) {
		if (km_shape(m, k, 1, 1, false) == 0 && km_port(m, k, 1, &out->port) == 0)
			out->port_n = k;
	} else if (km_is(k, "connect_ip")) {
		km_cannot(m, k, n, "lvs.cf checks the real server's own address");
	} else if (km_is(k, "bindto") || km_is(k, "bind_port") || km_is(k, "bind_if") ||
		   km_is(k, "fwmark") || km_is(k, "log_all_failures")) {
		km_dropped(m, k, n);
	} else {
		return false;
	}
	return true;
}

int km_checker(struct kmap *m, const struct kconf_node *n, const struct kconf_node *rs,
	       const struct ktiming *t, int protocol, const char *rs_addr, struct kcheck *out)
{
	const char *kw = n->w[0].text;
	struct ktiming tt = *t;
	struct http h = { .proto = "1.0" };
	const struct kconf_node *path_n = NULL;
	const char *dns_type = "SOA", *dns_name = ".";
	double misc_timeout = 0;
	unsigned long v;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (!strcmp(kw, "BFD_CHECK") || !strcmp(kw, "PING_CHECK") || !strcmp(kw, "FILE_CHECK")) {
		km_cannot(m, n, rs, "nanny checks a service's port or runs a program: write a "
			  "MISC_CHECK for it");
		return 1;
	}
	if (km_shape(m, n, 0, 0, true) < 0)
		return -1;
	out->kind = !strcmp(kw, "HTTP_GET") ? KC_HTTP : !strcmp(kw, "SSL_GET") ? KC_SSL
		  : !strcmp(kw, "SMTP_CHECK") ? KC_SMTP : !strcmp(kw, "MISC_CHECK") ? KC_MISC
		  : !strcmp(kw, "DNS_CHECK") ? KC_DNS : !strcmp(kw, "UDP_CHECK") ? KC_UDP : KC_TCP;
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct kconf_node *k = &n->kids[i];
		enum kcheck_kind kind = out->kind;

		if (kind != KC_MISC && common_keyword(m, k, out))
			continue;
		if (km_timing_keyword(m, k, n, &tt))
			continue;
		if ((kind == KC_HTTP || kind == KC_SSL) && km_is(k, "url")) {
			if (km_shape(m, k, 0, 0, true) < 0)
				continue;
			if (!h.url)
				h.url = k;
			else if (kind == KC_HTTP)
				km_cannot(m, k, n, "lvs.cf sends one request per check: the first url "
					  "(line %u) is used", h.url->w[0].line);
		} else if (kind == KC_HTTP && km_is(k, "http_protocol")) {
			if (km_shape(m, k, 1, 1, false) < 0)
				continue;
			if (strcmp(k->w[1].text, "1.0") && strcmp(k->w[1].text, "1.0C") &&
			    strcmp(k->w[1].text, "1.1"))
				km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'http_protocol' "
					    "(expected 1.0, 1.0C or 1.1)", k->w[1].text);
			else
				h.proto = k->w[1].text;
		} else if (kind == KC_SSL) {
			/* The approximation below covers what TLS would have needed. */
		} else if (kind == KC_MISC && km_is(k, "misc_path")) {
			if (km_shape(m, k, 1, 64, false) == 0)
				path_n = k;
		} else if (kind == KC_MISC && km_is(k, "misc_timeout")) {
			if (km_shape(m, k, 1, 1, false) == 0 && km_uint(m, k, 1, 0, 1000000, &v) == 0)
				misc_timeout = (double)v;
		} else if (kind == KC_MISC && km_is(k, "misc_dynamic")) {
			km_cannot(m, k, n, "lvs.cf adjusts weights from a load average (load_monitor), "
				  "not from a check's exit status");
		} else if (kind == KC_DNS && km_is(k, "type")) {
			static const char *const types[] = { "A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", NULL };
			size_t j;

			if (km_shape(m, k, 1, 1, false) < 0)
				continue;
			for (j = 0; types[j] && strcmp(types[j], k->w[1].text); j++)
				;
			if (types[j])
				dns_type = types[j];
			else
				km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'type' (expected A, NS, "
					    "CNAME, SOA, MX, TXT or AAAA)", k->w[1].text);
		} else if (kind == KC_DNS && km_is(k, "name")) {
			if (km_shape(m, k, 1, 1, false) < 0)
				continue;
			if (dns_name_ok(k->w[1].text))
				dns_name = k->w[1].text;
			else
				km_error_at(m, k, &k->w[1], "invalid value '%.80s' for 'name' (expected a "
					    "domain name)", k->w[1].text);
		} else if (kind == KC_UDP && km_is(k, "require_reply")) {
			if (k->n_w > 1)
				km_cannot(m, k, n, "lvs.cf's expect is text: any reply is accepted");
			free(out->expect);
			out->expect = km_strdup(m, "*");
		} else if (kind == KC_UDP && km_is(k, "payload")) {
			km_cannot(m, k, n, "lvs.cf's send is text, not bytes: an empty datagram is sent");
		} else {
			km_dropped(m, k, n);
		}
	}
	out->timeout = tt.connect_timeout;
	out->interval = tt.delay_loop;
	out->fall = (unsigned)(tt.retry < 0 ? (out->kind == KC_DNS ? 3 : 1) : tt.retry) + 1;
	switch (out->kind) {
	case KC_HTTP:
		if (!h.url) {
			km_error_at(m, n, NULL, "'HTTP_GET' needs a 'url' block");
			return -1;
		}
		return http_url(m, &h, &tt, out);
	case KC_SSL:
		km_approx(m, n, rs, "lvs.cf's checks speak no TLS: the server is checked by opening a "
			  "TCP connection, its url requests are dropped");
		return 0;
	case KC_SMTP:
		out->expect = km_strdup(m, "220");
		km_approx(m, n, rs, "the server's 220 greeting is checked, no HELO is sent");
		return out->expect ? 0 : -1;
	case KC_MISC:
		return misc(m, path_n, misc_timeout, &tt, rs_addr, out);
	case KC_DNS:
		return dns(m, dns_type, dns_name, rs, out);
	case KC_UDP:
		if (protocol != IPPROTO_UDP) {
			km_cannot(m, n, rs, "lvs.cf checks with the virtual service's protocol, %s",
				  lvs_protocol_name(protocol));
			return 1;
		}
		return 0;
	case KC_TCP:
		if (protocol == IPPROTO_UDP)
			km_approx(m, n, rs, "lvs.cf checks a UDP service over UDP: the server passes "
				  "unless it answers with ICMP port unreachable");
		return 0;
	}
	return 0;
}
