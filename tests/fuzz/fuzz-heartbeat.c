/* pulse's heartbeat decoder: a stream of datagrams, raw or properly encoded
 * (so that the HMAC check passes and the replay window is reached), through
 * one receiver. Oracles: a keyed receiver never accepts an unauthenticated
 * packet, no (boot id, sequence) pair is accepted twice while its boot id is
 * among the HB_RETIRED_BOOTS the receiver remembers, and a packet refused for
 * any reason leaves the replay state as it was. */
#include "config.h"

#include "fuzz.h"
#include "heartbeat.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEEN 512

/* The replay state of r (everything but the counters). */
struct replay_state {
	bool have_boot;
	uint64_t boot_id, max_seq, window;
	uint64_t retired[HB_RETIRED_BOOTS];
	int nretired, retired_next;
};

static void snapshot(const struct hb_receiver *r, struct replay_state *s)
{
	memset(s, 0, sizeof(*s));
	s->have_boot = r->have_boot;
	s->boot_id = r->boot_id;
	s->max_seq = r->max_seq;
	s->window = r->window;
	memcpy(s->retired, r->retired, sizeof(s->retired));
	s->nretired = r->nretired;
	s->retired_next = r->retired_next;
}

static uint64_t get64(struct fuzz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | fuzz_byte(in);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char key_text[] = "fuzzing key, 32 bytes long......";
	struct fuzz_in in = { data, size };
	struct hb_key key;
	struct hb_receiver r;
	struct sockaddr_in peer = { .sin_family = AF_INET }, stranger = peer;
	struct sockaddr_in6 peer6 = { .sin6_family = AF_INET6 };
	/* switches: how many times the accepted boot id changed; a boot is
	 * forgotten only after HB_RETIRED_BOOTS newer ones followed it, so a
	 * pair may come back only HB_RETIRED_BOOTS + 2 switches later (the
	 * switch back to it is one of them). */
	struct { uint64_t boot, seq, switches; } seen[MAX_SEEN];
	size_t nseen = 0;
	uint64_t switches = 0, current_boot = 0;
	bool have_current = false;
	uint8_t mode = fuzz_byte(&in);
	bool keyed = mode & 1;

	memset(&r, 0, sizeof(r));
	hb_key_set(&key, key_text, sizeof(key_text) - 1);
	r.key = keyed ? &key : NULL;
	inet_pton(AF_INET, "192.0.2.1", &peer.sin_addr);
	inet_pton(AF_INET, "192.0.2.99", &stranger.sin_addr);
	inet_pton(AF_INET6, "2001:db8::1", &peer6.sin6_addr);
	hb_receiver_add_peer(&r, (struct sockaddr *)&peer);
	hb_receiver_add_peer(&r, (struct sockaddr *)&peer6);

	while (in.left) {
		uint8_t op = fuzz_byte(&in), buf[HB_LEN + 64];
		size_t len;
		const struct sockaddr *from = (struct sockaddr *)&peer;
		struct hb_msg out;
		enum hb_verdict v;

		if (op & 0x04)
			from = (struct sockaddr *)&stranger;
		else if (op & 0x08)
			from = (struct sockaddr *)&peer6;
		if ((op & 3) == 0) {
			/* raw bytes */
			len = fuzz_byte(&in) % sizeof(buf);
			len = fuzz_bytes(&in, buf, len);
		} else {
			/* a well-formed packet, signed with our key or not */
			struct hb_msg m = { 0 };

			m.type = fuzz_byte(&in) % 5;
			m.role = fuzz_byte(&in) % 4;
			m.state = fuzz_byte(&in) % 8;
			m.config_serial = fuzz_byte(&in);
			m.boot_id = fuzz_byte(&in) % 4;	/* few, so that they repeat */
			m.seq = (op & 0x10) ? get64(&in) : fuzz_byte(&in);
			m.sent_ms = get64(&in);
			m.active_since_ms = (op & 0x20) ? get64(&in) : 0;
			hb_encode(&m, (op & 3) == 1 ? &key : NULL, buf);
			len = HB_LEN;
			if (op & 0x40) {	/* one byte changed after signing */
				uint8_t at = fuzz_byte(&in) % HB_LEN;

				buf[at] ^= fuzz_byte(&in) | 1;
			}
			if (op & 0x80)		/* cut short */
				len = fuzz_byte(&in) % HB_LEN;
		}
		struct replay_state before, after;

		snapshot(&r, &before);
		v = hb_receive(&r, buf, len, from, &out);
		hb_verdict_name(v);
		if (v != HB_OK) {
			snapshot(&r, &after);
			if (memcmp(&before, &after, sizeof(before)))
				abort();	/* a refused packet moved the state */
			continue;
		}
		hb_state_name(out.state);
		hb_type_name(out.type);
		hb_role_name(out.role);
		if (keyed && !out.authenticated)
			abort();	/* a keyed receiver took an unsigned packet */
		if (!have_current || out.boot_id != current_boot) {
			switches++;
			current_boot = out.boot_id;
			have_current = true;
		}
		bool again = false;

		for (size_t i = 0; i < nseen; i++) {
			if (seen[i].boot != out.boot_id || seen[i].seq != out.seq)
				continue;
			if (switches - seen[i].switches <= HB_RETIRED_BOOTS + 1)
				abort();	/* replay accepted */
			seen[i].switches = switches;	/* a forgotten boot, back */
			again = true;
		}
		if (!again && nseen < MAX_SEEN) {
			seen[nseen].boot = out.boot_id;
			seen[nseen].seq = out.seq;
			seen[nseen].switches = switches;
			nseen++;
		}
	}
	hb_key_clear(&key);
	return 0;
}
