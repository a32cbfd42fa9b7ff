/* pulse's address lists (src/pulse/vip_list.c): what a configuration asks
 * for, and the difference a reload applies while active: which addresses
 * go down and which come up, by address, interface, label and prefix. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pulse.h"
#include "tap.h"

static struct pulse_vip vip(const char *addr, const char *dev, const char *label, unsigned prefix)
{
	struct pulse_vip v = { .prefix = prefix };

	if (lvs_addr_parse(addr, &v.addr) < 0)
		abort();
	snprintf(v.iface.dev, sizeof(v.iface.dev), "%s", dev);
	snprintf(v.iface.label, sizeof(v.iface.label), "%s", label);
	return v;
}

/* "addr/prefix@dev:label" of each entry, space-separated. */
static const char *names(const struct pulse_vip *v, size_t n)
{
	static char buf[4][512];
	static int which;
	char *out = buf[which++ % 4];
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char a[64];

		lvs_addr_format(&v[i].addr, a, sizeof(a));
		len += (size_t)snprintf(out + len, 512 - len, "%s%s/%u@%s:%s", i ? " " : "", a,
					v[i].prefix, v[i].iface.dev, v[i].iface.label);
	}
	return out;
}

static void diff(const struct pulse_vip *old, size_t nold, const struct pulse_vip *new, size_t nnew,
		 const char *want_gone, const char *want_added, const char *what)
{
	struct pulse_vip *gone = NULL, *added = NULL;
	size_t ngone = 99, nadded = 99;

	ok(pulse_vips_diff(old, nold, new, nnew, &gone, &ngone, &added, &nadded) == 0, "%s: computed", what);
	is_str(names(gone, ngone), want_gone, "%s: gone", what);
	is_str(names(added, nadded), want_added, "%s: added", what);
	free(gone);
	free(added);
}

int main(void)
{
	struct pulse_vip a = vip("192.0.2.1", "eth0", "", 0);
	struct pulse_vip b = vip("192.0.2.2", "eth0", "eth0:1", 24);
	struct pulse_vip c = vip("2001:db8::1", "eth1", "", 64);
	struct pulse_vip a_eth1 = vip("192.0.2.1", "eth1", "", 0);
	struct pulse_vip a_label = vip("192.0.2.1", "eth0", "eth0:9", 0);
	struct pulse_vip a_prefix = vip("192.0.2.1", "eth0", "", 25);
	struct pulse_vip ab[] = { a, b }, bc[] = { b, c }, abc[] = { a, b, c }, ba[] = { b, a };

	ok(pulse_vip_listed(&b, ab, 2), "listed: an entry of the list");
	ok(!pulse_vip_listed(&c, ab, 2), "listed: another address is not");
	ok(!pulse_vip_listed(&a_eth1, ab, 2), "listed: the same address on another interface is not");
	ok(!pulse_vip_listed(&a_label, ab, 2), "listed: another label is not");
	ok(!pulse_vip_listed(&a_prefix, ab, 2), "listed: another prefix is not");
	ok(!pulse_vip_listed(&a, NULL, 0), "listed: nothing is in an empty list");

	diff(ab, 2, ba, 2, "", "", "same addresses in another order");
	diff(ab, 2, bc, 2, "192.0.2.1/0@eth0:", "2001:db8::1/64@eth1:", "one replaced");
	diff(ab, 2, abc, 3, "", "2001:db8::1/64@eth1:", "one added");
	diff(abc, 3, &b, 1, "192.0.2.1/0@eth0: 2001:db8::1/64@eth1:", "", "two removed, in their order");
	diff(NULL, 0, ab, 2, "", "192.0.2.1/0@eth0: 192.0.2.2/24@eth0:eth0:1", "from none");
	diff(ab, 2, NULL, 0, "192.0.2.1/0@eth0: 192.0.2.2/24@eth0:eth0:1", "", "to none");
	{
		struct pulse_vip moved[] = { a_prefix, b };

		diff(ab, 2, moved, 2, "192.0.2.1/0@eth0:", "192.0.2.1/25@eth0:",
		     "a new prefix: down with the old, up with the new");
	}
	return tap_done();
}
