#include "config.h"

/* Heartbeat codec and receiving checks; the format is described in
 * heartbeat.h. */

#include "heartbeat.h"

#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static bool keyed(const struct hb_key *key)
{
	return key && key->len > 0;
}

static void tag(const struct hb_key *key, const uint8_t *body, uint8_t out[HB_TAG_LEN])
{
	unsigned int len = HB_TAG_LEN;

	/* HMAC() cannot fail for SHA-256 with valid arguments; clear the tag
	 * anyway so that a failure could never yield a matching tag. */
	if (!HMAC(EVP_sha256(), key->bytes, (int)key->len, body, HB_BODY_LEN, out, &len))
		memset(out, 0xff, HB_TAG_LEN);
}

void hb_encode(const struct hb_msg *msg, const struct hb_key *key, uint8_t buf[HB_LEN])
{
	memset(buf, 0, HB_LEN);
	put32(buf, HB_MAGIC);
	buf[4] = HB_VERSION;
	buf[5] = msg->type;
	buf[6] = msg->role;
	buf[7] = msg->state;
	put16(buf + 8, keyed(key) ? HB_FLAG_AUTH : 0);
	put32(buf + 12, msg->config_serial);
	memcpy(buf + 16, msg->config_digest, HB_DIGEST_LEN);
	put64(buf + 24, msg->boot_id);
	put64(buf + 32, msg->seq);
	put64(buf + 40, msg->sent_ms);
	put64(buf + 48, msg->active_since_ms);
	if (keyed(key))
		tag(key, buf, buf + HB_BODY_LEN);
}

void hb_sender_encode(struct hb_sender *s, struct hb_msg *msg, uint8_t buf[HB_LEN])
{
	msg->role = s->role;
	msg->config_serial = s->config_serial;
	memcpy(msg->config_digest, s->config_digest, HB_DIGEST_LEN);
	msg->boot_id = s->boot_id;
	msg->seq = ++s->last_seq;
	hb_encode(msg, s->key, buf);
}

int hb_receiver_add_peer(struct hb_receiver *r, const struct sockaddr *addr)
{
	size_t len;

	if (r->npeers >= HB_MAX_PEER_ADDRS)
		return -1;
	if (addr->sa_family == AF_INET)
		len = sizeof(struct sockaddr_in);
	else if (addr->sa_family == AF_INET6)
		len = sizeof(struct sockaddr_in6);
	else
		return -1;
	memset(&r->peer[r->npeers], 0, sizeof(r->peer[0]));
	memcpy(&r->peer[r->npeers], addr, len);
	r->npeers++;
	return 0;
}

/* The IPv4 address in a, unwrapping v4-mapped IPv6 (dual-stack sockets);
 * false if a is a genuine IPv6 address. */
static bool as_ipv4(const struct sockaddr *a, struct in_addr *out)
{
	if (a->sa_family == AF_INET) {
		*out = ((const struct sockaddr_in *)a)->sin_addr;
		return true;
	}
	if (a->sa_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)a)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(v6)) {
			memcpy(&out->s_addr, v6->s6_addr + 12, 4);
			return true;
		}
	}
	return false;
}

static bool same_host(const struct sockaddr *a, const struct sockaddr *b)
{
	struct in_addr a4, b4;
	bool av4 = as_ipv4(a, &a4), bv4 = as_ipv4(b, &b4);

	if (av4 || bv4)
		return av4 && bv4 && a4.s_addr == b4.s_addr;
	if (a->sa_family != AF_INET6 || b->sa_family != AF_INET6)
		return false;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
}

static bool from_peer(const struct hb_receiver *r, const struct sockaddr *from)
{
	if (!from)
		return false;
	for (int i = 0; i < r->npeers; i++)
		if (same_host((const struct sockaddr *)&r->peer[i], from))
			return true;
	return false;
}

static bool retired(const struct hb_receiver *r, uint64_t boot_id)
{
	for (int i = 0; i < r->nretired; i++)
		if (r->retired[i] == boot_id)
			return true;
	return false;
}

/* The replay window. Only called for authenticated (or deliberately
 * unauthenticated) packets, so only genuine packets move it. */
static bool fresh(struct hb_receiver *r, uint64_t boot_id, uint64_t seq)
{
	uint64_t diff;

	if (!r->have_boot || boot_id != r->boot_id) {
		if (retired(r, boot_id))
			return false;
		if (r->have_boot) {
			r->retired[r->retired_next] = r->boot_id;
			r->retired_next = (r->retired_next + 1) % HB_RETIRED_BOOTS;
			if (r->nretired < HB_RETIRED_BOOTS)
				r->nretired++;
		}
		r->have_boot = true;
		r->boot_id = boot_id;
		r->max_seq = seq;
		r->window = 1;
		return true;
	}
	if (seq > r->max_seq) {
		diff = seq - r->max_seq;
		r->window = diff >= HB_REPLAY_WINDOW ? 1 : r->window << diff | 1;
		r->max_seq = seq;
		return true;
	}
	diff = r->max_seq - seq;
	if (diff >= HB_REPLAY_WINDOW || (r->window >> diff & 1))
		return false;
	r->window |= (uint64_t)1 << diff;
	return true;
}

static enum hb_verdict check(struct hb_receiver *r, const uint8_t *p, size_t len,
			     const struct sockaddr *from, struct hb_msg *out)
{
	uint8_t want[HB_TAG_LEN];
	uint16_t flags;
	bool auth;

	if (!from_peer(r, from))
		return HB_ERR_FOREIGN;
	if (len < 5)
		return HB_ERR_SHORT;
	if (get32(p) != HB_MAGIC)
		return HB_ERR_MAGIC;
	if (p[4] != HB_VERSION)
		return HB_ERR_VERSION;
	if (len < HB_LEN)
		return HB_ERR_SHORT;
	if (len > HB_LEN)
		return HB_ERR_LONG;
	flags = get16(p + 8);
	auth = flags & HB_FLAG_AUTH;
	if (auth != keyed(r->key))
		return HB_ERR_AUTH_MODE;
	if (auth) {
		tag(r->key, p, want);
		if (CRYPTO_memcmp(want, p + HB_BODY_LEN, HB_TAG_LEN) != 0)
			return HB_ERR_HMAC;
	} else {
		static const uint8_t zero[HB_TAG_LEN];

		if (memcmp(p + HB_BODY_LEN, zero, HB_TAG_LEN) != 0)
			return HB_ERR_MALFORMED;
	}
	if ((flags & ~HB_FLAG_AUTH) || get16(p + 10) != 0 ||
	    p[5] < HB_MSG_HEARTBEAT || p[5] > HB_MSG_ACK ||
	    p[6] < HB_ROLE_PRIMARY || p[6] > HB_ROLE_BACKUP ||
	    p[7] < HB_ST_BACKUP || p[7] > HB_ST_STOPPED)
		return HB_ERR_MALFORMED;
	if (!fresh(r, get64(p + 24), get64(p + 32)))
		return HB_ERR_REPLAY;

	out->type = p[5];
	out->role = p[6];
	out->state = p[7];
	out->authenticated = auth;
	out->config_serial = get32(p + 12);
	memcpy(out->config_digest, p + 16, HB_DIGEST_LEN);
	out->boot_id = get64(p + 24);
	out->seq = get64(p + 32);
	out->sent_ms = get64(p + 40);
	out->active_since_ms = get64(p + 48);
	return HB_OK;
}

enum hb_verdict hb_receive(struct hb_receiver *r, const void *buf, size_t len,
			   const struct sockaddr *from, struct hb_msg *out)
{
	enum hb_verdict v = check(r, buf, len, from, out);

	r->count[v]++;
	return v;
}

const char *hb_verdict_name(enum hb_verdict v)
{
	static const char *const names[HB_NVERDICTS] = {
		[HB_OK] = "accepted",
		[HB_ERR_FOREIGN] = "foreign sender",
		[HB_ERR_SHORT] = "too short",
		[HB_ERR_LONG] = "too long",
		[HB_ERR_MAGIC] = "bad magic",
		[HB_ERR_VERSION] = "unknown version",
		[HB_ERR_AUTH_MODE] = "authentication mode mismatch",
		[HB_ERR_HMAC] = "bad HMAC",
		[HB_ERR_MALFORMED] = "malformed",
		[HB_ERR_REPLAY] = "replay",
	};

	return (unsigned)v < HB_NVERDICTS ? names[v] : "?";
}

const char *hb_verdict_id(enum hb_verdict v)
{
	static const char *const ids[HB_NVERDICTS] = {
		[HB_OK] = "accepted",
		[HB_ERR_FOREIGN] = "foreign_sender",
		[HB_ERR_SHORT] = "too_short",
		[HB_ERR_LONG] = "too_long",
		[HB_ERR_MAGIC] = "bad_magic",
		[HB_ERR_VERSION] = "unknown_version",
		[HB_ERR_AUTH_MODE] = "auth_mode_mismatch",
		[HB_ERR_HMAC] = "bad_hmac",
		[HB_ERR_MALFORMED] = "malformed",
		[HB_ERR_REPLAY] = "replay",
	};

	return (unsigned)v < HB_NVERDICTS ? ids[v] : "unknown";
}

const char *hb_state_name(int state)
{
	static const char *const names[] = {
		[HB_ST_BACKUP] = "backup", [HB_ST_TAKING_OVER] = "taking-over",
		[HB_ST_ACTIVE] = "active", [HB_ST_RELEASING] = "releasing",
		[HB_ST_FAILED] = "failed", [HB_ST_STOPPED] = "stopped",
	};

	return state >= HB_ST_BACKUP && state <= HB_ST_STOPPED ? names[state] : "?";
}

const char *hb_type_name(int type)
{
	static const char *const names[] = {
		[HB_MSG_HEARTBEAT] = "heartbeat", [HB_MSG_GIVEUP] = "give-up", [HB_MSG_ACK] = "ack",
	};

	return type >= HB_MSG_HEARTBEAT && type <= HB_MSG_ACK ? names[type] : "?";
}

const char *hb_role_name(int role)
{
	return role == HB_ROLE_PRIMARY ? "primary" : role == HB_ROLE_BACKUP ? "backup" : "?";
}
