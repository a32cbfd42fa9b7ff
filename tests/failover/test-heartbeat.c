#include "config.h"

/* pulse heartbeat codec: layout, round trips, every rejection reason with
 * its counter, replay across boot ids, key files, config digest, and a
 * fuzz loop of random and damaged datagrams. */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeat.h"
#include "tap.h"

static struct hb_key key, other_key;
static struct sockaddr_in peer_pub, peer_priv, stranger;
static struct sockaddr_in6 peer_mapped;

static void addr4(struct sockaddr_in *sa, const char *ip, int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, ip, &sa->sin_addr);
}

static void receiver_init(struct hb_receiver *r, const struct hb_key *k)
{
	memset(r, 0, sizeof(*r));
	r->key = k;
	hb_receiver_add_peer(r, (struct sockaddr *)&peer_pub);
	hb_receiver_add_peer(r, (struct sockaddr *)&peer_priv);
}

static void sender_init(struct hb_sender *s, const struct hb_key *k, uint64_t boot)
{
	memset(s, 0, sizeof(*s));
	s->key = k;
	s->boot_id = boot;
	s->role = HB_ROLE_BACKUP;
	s->config_serial = 42;
	hb_config_digest("serial_no = 42\n", 15, s->config_digest);
}

static void build(struct hb_sender *s, uint8_t type, uint8_t state, uint8_t *buf)
{
	struct hb_msg m = { .type = type, .state = state, .sent_ms = 1700000000123ull,
			    .active_since_ms = state == HB_ST_ACTIVE ? 1700000000000ull : 0 };

	hb_sender_encode(s, &m, buf);
}

static enum hb_verdict rx(struct hb_receiver *r, const uint8_t *buf, size_t len, const void *from)
{
	struct hb_msg m;

	return hb_receive(r, buf, len, from, &m);
}

static void test_layout(void)
{
	struct hb_msg m = {
		.type = HB_MSG_GIVEUP, .role = HB_ROLE_PRIMARY, .state = HB_ST_RELEASING,
		.config_serial = 0x01020304, .config_digest = { 1, 2, 3, 4, 5, 6, 7, 8 },
		.boot_id = 0x1112131415161718ull, .seq = 0x2122232425262728ull,
		.sent_ms = 0x3132333435363738ull, .active_since_ms = 0x4142434445464748ull,
	};
	static const uint8_t want[HB_BODY_LEN] = {
		'L', 'V', 'H', 'B', 1, 2, 1, 4, 0, 1, 0, 0, 1, 2, 3, 4,
		1, 2, 3, 4, 5, 6, 7, 8,
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
		0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
		0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
	};
	uint8_t buf[HB_LEN], mac[EVP_MAX_MD_SIZE];
	size_t maclen = 0;

	hb_encode(&m, &key, buf);
	ok(memcmp(buf, want, HB_BODY_LEN) == 0, "authenticated packet: bytes 0..55 as documented");
	/* Recompute the tag with the EVP_MAC interface, not the HMAC() the codec uses. */
	ok(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key.bytes, key.len, buf, HB_BODY_LEN,
		     mac, sizeof(mac), &maclen) != NULL && maclen == HB_TAG_LEN,
	   "independent HMAC-SHA256 computed");
	ok(memcmp(buf + HB_BODY_LEN, mac, HB_TAG_LEN) == 0, "bytes 56..87 are HMAC-SHA256(key, bytes 0..55)");

	hb_encode(&m, NULL, buf);
	is_int(buf[9], 0, "unauthenticated packet: auth flag clear");
	ok(buf[HB_LEN - 1] == 0 && memcmp(buf + HB_BODY_LEN, buf + HB_BODY_LEN + 1, HB_TAG_LEN - 1) == 0,
	   "unauthenticated packet: tag all zero");
}

static void test_round_trip(void)
{
	struct hb_sender s;
	struct hb_receiver r;
	struct hb_msg m;
	uint8_t buf[HB_LEN];

	sender_init(&s, &key, 0xabcdef0123456789ull);
	receiver_init(&r, &key);
	build(&s, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, buf);
	is_int(hb_receive(&r, buf, HB_LEN, (struct sockaddr *)&peer_pub, &m), HB_OK, "keyed round trip accepted");
	is_int(m.type, HB_MSG_HEARTBEAT, "type");
	is_int(m.role, HB_ROLE_BACKUP, "role");
	is_int(m.state, HB_ST_ACTIVE, "state");
	ok(m.authenticated, "marked authenticated");
	is_int(m.config_serial, 42, "config serial");
	ok(memcmp(m.config_digest, s.config_digest, HB_DIGEST_LEN) == 0, "config digest");
	ok(m.boot_id == 0xabcdef0123456789ull, "boot id");
	is_int(m.seq, 1, "first sequence number is 1");
	ok(m.sent_ms == 1700000000123ull, "sent at");
	ok(m.active_since_ms == 1700000000000ull, "active since");

	build(&s, HB_MSG_ACK, HB_ST_BACKUP, buf);
	is_int(hb_receive(&r, buf, HB_LEN, (struct sockaddr *)&peer_priv, &m), HB_OK,
	       "second packet via the private address accepted");
	is_int(m.seq, 2, "sequence number increments");
	is_int(m.type, HB_MSG_ACK, "ack type");
	is_int(hb_receive(&r, buf, HB_LEN, (struct sockaddr *)&peer_mapped, &m), HB_ERR_REPLAY,
	       "v4-mapped IPv6 source is the same peer (then: replay)");

	/* heartbeat_auth = none on both ends. */
	sender_init(&s, NULL, 7);
	receiver_init(&r, NULL);
	build(&s, HB_MSG_HEARTBEAT, HB_ST_BACKUP, buf);
	is_int(hb_receive(&r, buf, HB_LEN, (struct sockaddr *)&peer_pub, &m), HB_OK,
	       "unauthenticated round trip accepted by an unkeyed receiver");
	ok(!m.authenticated, "marked unauthenticated");
}

static void test_rejections(void)
{
	struct hb_sender s, plain;
	struct hb_receiver r, unkeyed;
	uint8_t good[HB_LEN], buf[HB_LEN + 8];
	struct hb_msg m = { .type = 9, .role = HB_ROLE_PRIMARY, .state = HB_ST_ACTIVE, .boot_id = 5, .seq = 99 };

	sender_init(&s, &key, 1);
	receiver_init(&r, &key);
	build(&s, HB_MSG_HEARTBEAT, HB_ST_BACKUP, good);

	is_int(rx(&r, good, HB_LEN, &stranger), HB_ERR_FOREIGN, "foreign sender");
	is_int(rx(&r, good, HB_LEN, NULL), HB_ERR_FOREIGN, "no source address: foreign");
	is_int(rx(&r, good, 0, &peer_pub), HB_ERR_SHORT, "empty datagram: too short");
	is_int(rx(&r, good, 4, &peer_pub), HB_ERR_SHORT, "4 bytes: too short");
	is_int(rx(&r, good, HB_LEN - 1, &peer_pub), HB_ERR_SHORT, "87 bytes: too short");
	memcpy(buf, good, HB_LEN);
	memset(buf + HB_LEN, 0, 8);
	is_int(rx(&r, buf, HB_LEN + 1, &peer_pub), HB_ERR_LONG, "89 bytes: too long");
	memcpy(buf, good, HB_LEN);
	buf[0] = 0xbd;
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_MAGIC, "bad magic");
	memcpy(buf, "\xda\xdb\xad\xbd", 4);    /* the original's 4-byte "LVS running", little-endian */
	is_int(rx(&r, buf, 4, &peer_pub), HB_ERR_SHORT, "original 4-byte heartbeat: too short");
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_MAGIC, "original magic: bad magic");
	memcpy(buf, good, HB_LEN);
	buf[4] = 2;
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_VERSION, "version 2: unknown version");
	is_int(rx(&r, buf, 5, &peer_pub), HB_ERR_VERSION, "version is judged before length");

	sender_init(&plain, NULL, 2);
	build(&plain, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, buf);
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_AUTH_MODE, "keyed receiver rejects an unauthenticated packet");
	buf[9] = HB_FLAG_AUTH;          /* claim authentication with a zero tag */
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_HMAC, "... and one claiming auth with a zero tag");
	receiver_init(&unkeyed, NULL);
	is_int(rx(&unkeyed, good, HB_LEN, &peer_pub), HB_ERR_AUTH_MODE, "unkeyed receiver rejects an authenticated packet");

	memcpy(buf, good, HB_LEN);
	buf[7] = HB_ST_ACTIVE;
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_HMAC, "changed state byte: bad HMAC");
	memcpy(buf, good, HB_LEN);
	buf[HB_LEN - 1] ^= 0x80;
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_HMAC, "flipped tag bit: bad HMAC");
	{
		struct hb_receiver wrong;

		receiver_init(&wrong, &other_key);
		is_int(rx(&wrong, good, HB_LEN, &peer_pub), HB_ERR_HMAC, "other key: bad HMAC");
	}

	hb_encode(&m, &key, buf);
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_MALFORMED, "validly signed unknown type: malformed");
	m.type = HB_MSG_HEARTBEAT;
	m.state = 7;
	hb_encode(&m, &key, buf);
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_MALFORMED, "unknown state: malformed");
	m.state = HB_ST_ACTIVE;
	m.role = 0;
	hb_encode(&m, &key, buf);
	is_int(rx(&r, buf, HB_LEN, &peer_pub), HB_ERR_MALFORMED, "unknown role: malformed");
	hb_encode(&m, NULL, buf);
	buf[6] = HB_ROLE_PRIMARY;
	buf[HB_LEN - 3] = 1;
	is_int(rx(&unkeyed, buf, HB_LEN, &peer_pub), HB_ERR_MALFORMED, "unauthenticated with a non-zero tag: malformed");
	ok(!r.have_boot, "no rejected packet touched the replay state");

	is_int(rx(&r, good, HB_LEN, &peer_pub), HB_OK, "the good packet still passes");
	is_int(rx(&r, good, HB_LEN, &peer_pub), HB_ERR_REPLAY, "the same packet again: replay");

	is_int(r.count[HB_OK], 1, "counter: accepted 1");
	is_int(r.count[HB_ERR_FOREIGN], 2, "counter: foreign 2");
	is_int(r.count[HB_ERR_SHORT], 4, "counter: too short 4");
	is_int(r.count[HB_ERR_LONG], 1, "counter: too long 1");
	is_int(r.count[HB_ERR_MAGIC], 2, "counter: bad magic 2");
	is_int(r.count[HB_ERR_VERSION], 2, "counter: unknown version 2");
	is_int(r.count[HB_ERR_AUTH_MODE], 1, "counter: auth mode 1");
	is_int(r.count[HB_ERR_HMAC], 3, "counter: bad HMAC 3");
	is_int(r.count[HB_ERR_MALFORMED], 3, "counter: malformed 3");
	is_int(r.count[HB_ERR_REPLAY], 1, "counter: replay 1");
	for (int v = 0; v < HB_NVERDICTS; v++)
		ok(strcmp(hb_verdict_name(v), "?") != 0, "verdict %d has a name: %s", v, hb_verdict_name(v));
}

static void test_replay(void)
{
	struct hb_sender a, b, c;
	struct hb_receiver r;
	uint8_t p[80][HB_LEN];
	int accepted = 0;

	sender_init(&a, &key, 0xa);
	receiver_init(&r, &key);
	for (int i = 0; i < 80; i++)
		build(&a, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, p[i]);    /* seq 1..80 */
	is_int(rx(&r, p[9], HB_LEN, &peer_pub), HB_OK, "seq 10 accepted");
	is_int(rx(&r, p[7], HB_LEN, &peer_pub), HB_OK, "seq 8 after 10 (other link, reordered) accepted");
	is_int(rx(&r, p[7], HB_LEN, &peer_priv), HB_ERR_REPLAY, "seq 8 again: replay");
	is_int(rx(&r, p[9], HB_LEN, &peer_pub), HB_ERR_REPLAY, "seq 10 again: replay");
	is_int(rx(&r, p[79], HB_LEN, &peer_pub), HB_OK, "seq 80 accepted");
	is_int(rx(&r, p[16], HB_LEN, &peer_pub), HB_OK, "seq 17 (within 64 of 80) accepted");
	is_int(rx(&r, p[15], HB_LEN, &peer_pub), HB_ERR_REPLAY, "seq 16 (64 behind 80): too old, replay");
	for (int i = 0; i < 80; i++)
		accepted += rx(&r, p[i], HB_LEN, &peer_pub) == HB_OK;
	is_int(accepted, 64 - 2, "replaying all 80: only 17..80 minus the two seen pass");

	/* pulse on the peer restarts: new boot id, sequence from 1 again. */
	sender_init(&b, &key, 0xb);
	build(&b, HB_MSG_HEARTBEAT, HB_ST_BACKUP, p[0]);
	is_int(rx(&r, p[0], HB_LEN, &peer_pub), HB_OK, "new boot id with seq 1: accepted (not a replay)");
	build(&a, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, p[1]);
	is_int(rx(&r, p[1], HB_LEN, &peer_pub), HB_ERR_REPLAY, "a packet of the previous boot id afterwards: replay");
	build(&b, HB_MSG_HEARTBEAT, HB_ST_BACKUP, p[2]);
	is_int(rx(&r, p[2], HB_LEN, &peer_pub), HB_OK, "the new boot goes on");
	is_int(rx(&r, p[0], HB_LEN, &peer_pub), HB_ERR_REPLAY, "the new boot's first packet again: replay");
	sender_init(&c, &key, 0xc);
	for (int i = 0; i < HB_RETIRED_BOOTS + 2; i++) {
		c.boot_id = 0x100 + (uint64_t)i;
		c.last_seq = 0;
		build(&c, HB_MSG_HEARTBEAT, HB_ST_BACKUP, p[3]);
		rx(&r, p[3], HB_LEN, &peer_pub);
	}
	build(&b, HB_MSG_HEARTBEAT, HB_ST_BACKUP, p[4]);
	is_int(rx(&r, p[4], HB_LEN, &peer_pub), HB_OK,
	       "after more restarts than remembered, the oldest boot id is forgotten (documented limit)");
}

/* Ownership, on a made-up stat: a test cannot chown without root. */
static void test_key_owner(void)
{
	struct stat st;
	char err[256];

	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFREG | 0600;
	st.st_uid = 0;
	is_int(hb_key_check_stat(&st, 0, "k", err, sizeof(err)), 0, "root's key, pulse as root: fine");
	st.st_uid = 1000;
	is_int(hb_key_check_stat(&st, 1000, "k", err, sizeof(err)), 0, "key of the user pulse runs as: fine");
	is_int(hb_key_check_stat(&st, 0, "k", err, sizeof(err)), -1, "key of another user, pulse as root: refused");
	is_str(err, "key file k belongs to uid 1000, not root; chown root it", "the refusal names the owner");
	is_int(hb_key_check_stat(&st, 1001, "k", err, sizeof(err)), -1, "key of another user, pulse as a user: refused");
	is_str(err, "key file k belongs to uid 1000, neither root nor uid 1001 that pulse runs as; chown it",
	       "the refusal names both uids");
	st.st_uid = 0;
	is_int(hb_key_check_stat(&st, 1001, "k", err, sizeof(err)), 0, "root's key, pulse as a user: fine");
	st.st_mode = S_IFREG | 0606;
	st.st_uid = 1000;
	is_int(hb_key_check_stat(&st, 0, "k", err, sizeof(err)), -1, "mode and owner both wrong: refused");
	is_str(err, "key file k is readable and writable by others (mode 0606); chmod 600 it",
	       "the mode is reported first");
	st.st_mode = S_IFDIR | 0700;
	st.st_uid = 0;
	is_int(hb_key_check_stat(&st, 0, "k", err, sizeof(err)), -1, "a directory: refused");
	is_str(err, "key file k is not a regular file", "the refusal says not a regular file");
}

static void test_key_and_digest(void)
{
	char path[] = "/tmp/lvs-hbkey-XXXXXX", err[256], want[256];
	struct hb_key k;
	uint8_t d[HB_DIGEST_LEN], d2[HB_DIGEST_LEN];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	if (!f) {
		ok(0, "temporary file");
		return;
	}
	fputs("0123456789abcdef0123\n", f);
	fclose(f);
	chmod(path, 0600);
	ok(hb_key_load(&k, path, err, sizeof(err)) == 0, "key file 0600 loads");
	is_int(k.len, 20, "trailing newline is not part of the key");
	ok(memcmp(k.bytes, "0123456789abcdef0123", 20) == 0, "key bytes");
	chmod(path, 0640);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0, "group-readable key file refused");
	snprintf(want, sizeof(want), "key file %s is readable by group (mode 0640); chmod 600 it", path);
	is_str(err, want, "the refusal says it is readable by group, and the fix");
	chmod(path, 0644);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0, "world-readable key file refused");
	snprintf(want, sizeof(want), "key file %s is readable by group and others (mode 0644); chmod 600 it", path);
	is_str(err, want, "the refusal names group and others");
	chmod(path, 0602);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0, "key file writable by others refused");
	snprintf(want, sizeof(want), "key file %s is writable by others (mode 0602); chmod 600 it", path);
	is_str(err, want, "the refusal says writable by others");
	chmod(path, 0664);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0, "key file 0664 refused");
	snprintf(want, sizeof(want),
		 "key file %s is readable and writable by group, readable by others (mode 0664); chmod 600 it", path);
	is_str(err, want, "the refusal tells group and others apart");
	chmod(path, 0610);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0 && strstr(err, "executable by group (mode 0610)"),
	   "group execute bit refused: %s", err);
	chmod(path, 0400);
	ok(hb_key_load(&k, path, err, sizeof(err)) == 0, "key file 0400 loads");
	test_key_owner();
	chmod(path, 0600);
	f = fopen(path, "w");
	fputs("short\n", f);
	fclose(f);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0 && strstr(err, "16 to 1024"), "short key refused: %s", err);
	unlink(path);
	ok(hb_key_load(&k, path, err, sizeof(err)) < 0 && strstr(err, "cannot open"), "missing key file: %s", err);
	ok(hb_key_load(&k, "/tmp", err, sizeof(err)) < 0, "a directory is refused");
	hb_key_clear(&k);
	is_int(k.len, 0, "cleared key is empty");

	hb_config_digest("abc", 3, d);
	ok(memcmp(d, "\xba\x78\x16\xbf\x8f\x01\xcf\xea", 8) == 0, "digest = first 8 bytes of SHA-256 (FIPS 180-2 \"abc\" vector)");
	strcpy(path, "/tmp/lvs-hbcfg-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	if (!f) {
		ok(0, "temporary file");
		return;
	}
	fputs("abc", f);
	fclose(f);
	ok(hb_config_digest_file(path, d2) == 0 && memcmp(d, d2, 8) == 0, "digest of a file equals digest of its contents");
	unlink(path);
	ok(hb_config_digest_file(path, d2) < 0, "digest of a missing file fails");
	ok(hb_new_boot_id() != hb_new_boot_id(), "boot ids differ");
}

/* Random garbage, truncations and single-bit damage of valid packets must
 * never crash (run under ASan) and never be accepted. */
static void test_fuzz(void)
{
	struct hb_sender s;
	struct hb_receiver r;
	uint8_t good[HB_LEN], buf[256];
	unsigned long accepted = 0, rounds = 20000;

	srand(12345);
	sender_init(&s, &key, 99);
	receiver_init(&r, &key);
	for (unsigned long i = 0; i < rounds; i++) {
		size_t len;
		struct hb_msg m;
		uint8_t *heap;

		build(&s, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, good);
		switch (i % 4) {
		case 0:         /* random bytes, random length */
			len = (size_t)rand() % sizeof(buf);
			for (size_t j = 0; j < len; j++)
				buf[j] = (uint8_t)rand();
			if (i % 8 == 0 && len >= 5)
				memcpy(buf, "LVHB\1", 5);
			break;
		case 1:         /* truncated valid packet */
			len = (size_t)rand() % HB_LEN;
			memcpy(buf, good, len);
			break;
		case 2:         /* one flipped bit */
			memcpy(buf, good, HB_LEN);
			len = HB_LEN;
			buf[rand() % HB_LEN] ^= (uint8_t)(1u << (rand() % 8));
			break;
		default:        /* valid packet with trailing junk */
			memcpy(buf, good, HB_LEN);
			len = HB_LEN + 1 + (size_t)rand() % 100;
			break;
		}
		/* exact-size heap copy so ASan sees any over-read */
		heap = malloc(len ? len : 1);
		memcpy(heap, buf, len);
		accepted += hb_receive(&r, heap, len, (struct sockaddr *)&peer_pub, &m) == HB_OK;
		free(heap);
	}
	is_int(accepted, 0, "%lu damaged or random datagrams: none accepted", rounds);
	build(&s, HB_MSG_HEARTBEAT, HB_ST_ACTIVE, good);
	is_int(rx(&r, good, HB_LEN, &peer_pub), HB_OK, "a genuine packet afterwards is accepted");
}

int main(void)
{
	hb_key_set(&key, "correct horse battery staple", 28);
	hb_key_set(&other_key, "correct horse battery stapler", 29);
	addr4(&peer_pub, "192.0.2.2", 539);
	addr4(&peer_priv, "10.0.0.2", 539);
	addr4(&stranger, "192.0.2.99", 539);
	memset(&peer_mapped, 0, sizeof(peer_mapped));
	peer_mapped.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:192.0.2.2", &peer_mapped.sin6_addr);

	test_layout();
	test_round_trip();
	test_rejections();
	test_replay();
	test_key_and_digest();
	test_fuzz();
	return tap_done();
}
