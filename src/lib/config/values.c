#include "config.h"

#include "internal.h"
#include "lvs_ranges.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int cfg_parse_bool(struct cfg_parser *p, unsigned line, const struct cfg_token *t, bool *out)
{
	if (strcmp(t->text, "0") == 0 || strcmp(t->text, "1") == 0) {
		*out = t->text[0] == '1';
		return 0;
	}
	cfg_error(p, line, t->col, "boolean expected (0 or 1), got '%s'", t->text);
	return -1;
}

int cfg_parse_long(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		   long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(t->text, &end, 0);
	if (!*t->text || *end || isspace((unsigned char)t->text[0])) {
		cfg_error(p, line, t->col, "integer expected, got '%s'", t->text);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		cfg_error(p, line, t->col, "%s is out of range (%ld to %ld)", t->text, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Plain decimal only: no signs, exponents, hex, inf or nan. */
int cfg_parse_duration(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		       bool allow_zero, double *out)
{
	const char *s = t->text;
	size_t digits = 0, i = 0;
	double v;

	while (isdigit((unsigned char)s[i]))
		i++, digits++;
	if (s[i] == '.') {
		i++;
		while (isdigit((unsigned char)s[i]))
			i++, digits++;
	}
	if (!digits || s[i]) {
		cfg_error(p, line, t->col, "duration in seconds expected (e.g. 2 or 0.5), got '%s'", s);
		return -1;
	}
	v = strtod(s, NULL);
	/* The ranges nanny applies to the same values (lvs_ranges.h). */
	switch (lvs_duration_check(v, allow_zero)) {
	case LVS_DURATION_OK:
		break;
	case LVS_DURATION_ZERO:
		cfg_error(p, line, t->col, "duration must be greater than 0");
		return -1;
	case LVS_DURATION_TOO_SMALL:
		cfg_error(p, line, t->col, "duration %s is below the resolution (at least %g seconds)",
			  s, LVS_DURATION_MIN);
		return -1;
	default:
		cfg_error(p, line, t->col, "%s is out of range (at most %.0f seconds)", s,
			  LVS_DURATION_MAX);
		return -1;
	}
	*out = v;
	return 0;
}

int cfg_parse_port_number(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
			  uint16_t *out)
{
	long v;

	if (!isdigit((unsigned char)t->text[0])) {
		if (!*t->text || strpbrk(t->text, " \t/:")) {
			cfg_error(p, line, t->col, "port expected (1-65535 or a service name), got '%s'",
				  t->text);
			return -1;
		}
		return 1;
	}
	if (cfg_parse_long(p, line, t, 1, 65535, &v) < 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int cfg_resolve_service(const char *name, int protocol, uint16_t *out)
{
	const char *proto = lvs_protocol_name(protocol);
	struct servent *se = getservbyname(name, proto);

	/* /etc/services rarely lists sctp: fall back to the tcp entry. */
	if (!se && protocol != IPPROTO_TCP)
		se = getservbyname(name, "tcp");
	if (!se)
		return -1;
	*out = ntohs((uint16_t)se->s_port);
	return *out ? 0 : -1;
}

/* Literal first; otherwise a host name, preferring an IPv4 address so that a
 * name means the same thing on every machine with the same hosts file. */
int cfg_parse_address(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		      struct lvs_addr *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res, *ai, *pick = NULL;
	int rc;

	if (lvs_addr_parse(t->text, out) == 0)
		return 0;
	if (*t->text && strspn(t->text, "0123456789.") == strlen(t->text)) {
		cfg_error(p, line, t->col, "invalid IPv4 address '%s'", t->text);
		return -1;
	}
	/* Only a plausible host name goes to the resolver. */
	if (!*t->text || *t->text == '-' ||
	    strspn(t->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") !=
	    strlen(t->text)) {
		cfg_error(p, line, t->col, "address expected (IPv4, IPv6 or host name), got '%s'",
			  t->text);
		return -1;
	}
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* tests/fuzz: no name service queries for random names. */
	if (strcmp(t->text, "localhost"))
		hints.ai_flags |= AI_NUMERICHOST;
#endif
	rc = getaddrinfo(t->text, NULL, &hints, &res);
	if (rc) {
		cfg_error(p, line, t->col, "cannot resolve host name '%s': %s", t->text,
			  gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next)
		if (ai->ai_family == AF_INET && !pick)
			pick = ai;
	for (ai = res; ai && !pick; ai = ai->ai_next)
		if (ai->ai_family == AF_INET6)
			pick = ai;
	if (!pick) {
		freeaddrinfo(res);
		cfg_error(p, line, t->col, "host name '%s' has no IPv4 or IPv6 address", t->text);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->family = pick->ai_family;
	if (pick->ai_family == AF_INET)
		out->u.v4 = ((struct sockaddr_in *)pick->ai_addr)->sin_addr;
	else
		out->u.v6 = ((struct sockaddr_in6 *)pick->ai_addr)->sin6_addr;
	freeaddrinfo(res);
	return 0;
}

static bool valid_devname(const char *s, size_t len)
{
	if (len == 0 || len >= IF_NAMESIZE)
		return false;
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]) ||
		    !isprint((unsigned char)s[i]))
			return false;
	return true;
}

int cfg_parse_device(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		     char out[IF_NAMESIZE])
{
	size_t len = strlen(t->text);

	if (len >= IF_NAMESIZE) {
		cfg_error(p, line, t->col, "interface name '%s' is too long (at most %d characters)",
			  t->text, IF_NAMESIZE - 1);
		return -1;
	}
	if (!valid_devname(t->text, len)) {
		cfg_error(p, line, t->col, "invalid interface name '%s'", t->text);
		return -1;
	}
	memcpy(out, t->text, len + 1);
	return 0;
}

/* "eth0" or "eth0:1": the label is the whole text and must itself fit. */
int cfg_parse_iface(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		    struct lvs_iface *out)
{
	const char *colon = strchr(t->text, ':');
	size_t len = strlen(t->text), devlen = colon ? (size_t)(colon - t->text) : len;

	if (len >= IF_NAMESIZE) {
		cfg_error(p, line, t->col, "interface name '%s' is too long (at most %d characters)",
			  t->text, IF_NAMESIZE - 1);
		return -1;
	}
	if (!valid_devname(t->text, devlen)) {
		cfg_error(p, line, t->col, "invalid interface name '%s'", t->text);
		return -1;
	}
	if (colon && (!colon[1] || !valid_devname(colon + 1, strlen(colon + 1)))) {
		cfg_error(p, line, t->col, "invalid interface alias '%s' (expected dev:alias)", t->text);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	memcpy(out->dev, t->text, devlen);
	if (colon)
		memcpy(out->label, t->text, len);
	return 0;
}

/* A dotted IPv4 mask (contiguous ones) or a prefix length, "64" or "/64". The
 * family check against the address happens once the block is complete. */
int cfg_parse_netmask(struct cfg_parser *p, unsigned line, const struct cfg_token *t,
		      unsigned *prefix, bool *dotted)
{
	const char *s = t->text;
	struct in_addr a;

	if (strchr(s, '.')) {
		uint32_t m;
		unsigned n = 0;

		if (inet_pton(AF_INET, s, &a) != 1) {
			cfg_error(p, line, t->col, "netmask expected (dotted quad or prefix length), got '%s'", s);
			return -1;
		}
		m = ntohl(a.s_addr);
		while (n < 32 && (m & (0x80000000u >> n)))
			n++;
		if (n < 32 && (m << n) != 0) {
			cfg_error(p, line, t->col, "netmask %s is not contiguous", s);
			return -1;
		}
		if (n == 0) {
			cfg_error(p, line, t->col, "netmask %s is empty (prefix length 0)", s);
			return -1;
		}
		*prefix = n;
		*dotted = true;
		return 0;
	}
	if (*s == '/')
		s++;
	if (!isdigit((unsigned char)*s) || strspn(s, "0123456789") != strlen(s)) {
		cfg_error(p, line, t->col, "netmask expected (dotted quad or prefix length), got '%s'",
			  t->text);
		return -1;
	}
	if (strlen(s) > 3 || atoi(s) < 1 || atoi(s) > 128) {
		cfg_error(p, line, t->col, "prefix length %s is out of range (1 to 128)", s);
		return -1;
	}
	*prefix = (unsigned)atoi(s);
	*dotted = false;
	return 0;
}
