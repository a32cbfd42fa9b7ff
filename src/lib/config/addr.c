/* IPv4 and IPv6 addresses: parse, format, compare. */
#include "config.h"

#include "internal.h"

#include <arpa/inet.h>
#include <string.h>

int lvs_addr_parse(const char *text, struct lvs_addr *out)
{
	struct lvs_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, text, &a.u.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, &a.u.v6) == 1)
		a.family = AF_INET6;
	else
		return -1;
	*out = a;
	return 0;
}

int lvs_addr_format(const struct lvs_addr *a, char *buf, size_t len)
{
	if (a->family != AF_INET && a->family != AF_INET6) {
		if (len < sizeof("unset"))
			return -1;
		strcpy(buf, "unset");
		return 0;
	}
	if (len > (size_t)0x7fffffff)
		len = 0x7fffffff;
	return inet_ntop(a->family, &a->u, buf, (socklen_t)len) ? 0 : -1;
}

bool lvs_addr_equal(const struct lvs_addr *a, const struct lvs_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
	return true;
}
