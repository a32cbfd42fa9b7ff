#include "config.h"

#include "ipvsadm.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

int string_to_number(const char *s, int min, int max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*end == '\0' && end != s && errno != ERANGE && min <= n && n <= max)
		return (int)n;
	return -1;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int host_to_addr(const char *name, struct in_addr *addr)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* tests/fuzz: no name service queries for random names. */
	struct hostent *host = strcmp(name, "localhost") ? NULL : gethostbyname(name);
#else
	struct hostent *host = gethostbyname(name);
#endif

	if (!host || host->h_addrtype != AF_INET || host->h_length != sizeof(*addr))
		return -1;
	memcpy(addr, host->h_addr_list[0], sizeof(*addr));
	return 0;
}

static int service_to_port(const char *name, unsigned short proto)
{
	const char *p = proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" :
			proto == IPPROTO_SCTP ? "sctp" : NULL;
	struct servent *s;

	if (!p || !(s = getservbyname(name, p)))
		return -1;
	return ntohs((unsigned short)s->s_port);
}

/* host[:port], [v6addr]:port or a bare v6 address; a bare number is not a
 * host. Result: SERVICE_ADDR and SERVICE_PORT bits, 0 when invalid. */
int parse_service(const char *arg, struct ipvs_service *svc)
{
	char *buf, *host, *portp = NULL;
	struct in_addr in;
	struct in6_addr in6;
	int result = SERVICE_NONE, n;

	if (!arg || all_digits(arg))
		return SERVICE_NONE;
	buf = strdup(arg);
	if (!buf)
		return SERVICE_NONE;
	host = buf;
	if (host[0] == '[') {
		host++;
		portp = strchr(host, ']');
		if (!portp || portp[1] != ':')
			goto out;
		*portp++ = '\0';	/* portp now points at ':' */
	}
	if (inet_pton(AF_INET6, host, &in6) > 0) {
		svc->addr.in6 = in6;
		svc->af = AF_INET6;
		svc->netmask = 128;
	} else {
		portp = strrchr(host, ':');
		if (portp)
			*portp = '\0';
		if (inet_aton(host, &in) || host_to_addr(host, &in) == 0) {
			memset(&svc->addr, 0, sizeof(svc->addr));
			svc->addr.in = in;
			svc->af = AF_INET;
		} else {
			goto out;
		}
	}
	result = SERVICE_ADDR;
	if (portp) {
		result |= SERVICE_PORT;
		if ((n = string_to_number(portp + 1, 0, 65535)) != -1 ||
		    (n = service_to_port(portp + 1, svc->protocol)) != -1)
			svc->port = n;
		else
			result = SERVICE_NONE;
	}
out:
	free(buf);
	return result;
}

int parse_netmask(const char *arg, uint32_t *mask)
{
	struct in_addr in;

	if (!arg)
		return 0;
	if (inet_aton(arg, &in) || host_to_addr(arg, &in) == 0) {
		*mask = in.s_addr;
		return 1;
	}
	return 0;
}

long parse_timeout(const char *arg, int min, int max)
{
	if (!arg)
		return PERSISTENT_TIMEOUT_DEFAULT;
	return string_to_number(arg, min, max);
}

long long parse_fwmark(const char *arg)
{
	unsigned long l;
	char *end;

	errno = 0;
	l = strtol(arg, &end, 10);
	if (*end != '\0' || end == arg || errno == ERANGE || (long)l <= 0 || l > UINT_MAX)
		return -1;
	return (long long)l;
}

int parse_sched_flags(const char *sched, const char *arg, uint32_t *flags,
		      char *bad, size_t badlen)
{
	static const struct {
		const char *name;
		uint32_t bit;
		const char *sched;	/* only valid with this scheduler */
	} names[] = {
		{ "flag-1", IP_VS_SVC_F_SCHED1, NULL },
		{ "flag-2", IP_VS_SVC_F_SCHED2, NULL },
		{ "flag-3", IP_VS_SVC_F_SCHED3, NULL },
		{ "sh-fallback", IP_VS_SVC_F_SCHED_SH_FALLBACK, "sh" },
		{ "sh-port", IP_VS_SVC_F_SCHED_SH_PORT, "sh" },
		{ "mh-fallback", IP_VS_SVC_F_SCHED1, "mh" },
		{ "mh-port", IP_VS_SVC_F_SCHED2, "mh" },
	};
	char *copy = strdup(arg), *save = NULL, *tok;
	uint32_t f = 0;
	int rc = 0;

	if (!copy)
		return -1;
	if (!sched || !sched[0])
		sched = DEF_SCHED;
	/* Like strtok: empty items vanish; "" or "," alone names no flag. */
	tok = strtok_r(copy, ",", &save);
	if (!tok) {
		snprintf(bad, badlen, "%s", arg);
		rc = -3;
	}
	for (; tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			snprintf(bad, badlen, "%s", tok);
			rc = -1;
		} else if (names[i].sched && strcmp(sched, names[i].sched)) {
			snprintf(bad, badlen, "%s", tok);
			rc = -2;
		} else {
			f |= names[i].bit;
		}
	}
	free(copy);
	if (!rc)
		*flags = f;
	return rc;
}

static const char *const tun_names[] = { "ipip", "gue", "gre" };

int parse_tun_type(const char *arg)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(arg, tun_names[i]))
			return i;
	return -1;
}

const char *tun_type_name(int type)
{
	return type >= 0 && type < 3 ? tun_names[type] : "";
}
