/* pulse heartbeat packets: the wire format, encoding, and the receiving
 * checks (sender address, size, magic, version, HMAC, replay).
 *
 * Wire format, version 1. One UDP datagram of exactly 88 bytes, all integers
 * big-endian (network order), sent every `keepalive` seconds to the peer on
 * each heartbeat link (public, and private if configured), on heartbeat_port.
 *
 *   offset size  field
 *    0      4    magic           "LVHB" (0x4c 0x56 0x48 0x42)
 *    4      1    version         1
 *    5      1    type            1 heartbeat, 2 give-up request, 3 ack
 *    6      1    sender role     1 primary, 2 backup
 *    7      1    sender state    1 backup (standby, able to take over),
 *                                2 taking-over, 3 active, 4 releasing,
 *                                5 failed (cannot serve), 6 stopped
 *    8      2    flags           bit 0: authenticated (tag is an HMAC);
 *                                other bits must be zero
 *   10      2    reserved        zero
 *   12      4    config serial   lvs.cf serial_no of the sender
 *   16      8    config digest   first 8 bytes of SHA-256 of the sender's
 *                                lvs.cf contents (a mismatch is warned about)
 *   24      8    boot id         random, chosen when pulse starts
 *   32      8    sequence        per boot id; every datagram sent gets the
 *                                next number (a copy per link, each its own)
 *   40      8    sent at         sender's wall clock, ms since the Epoch
 *                                (informational)
 *   48      8    active since    sender's wall clock, ms since the Epoch,
 *                                when it last became active; 0 if not active
 *                                (the split-brain rule compares these)
 *   56     32    tag             HMAC-SHA256 over bytes 0..55 with the key
 *                                from heartbeat_key_file; all zero (and flag
 *                                bit 0 clear) only with heartbeat_auth = none
 *
 * Receiving checks, in order, each with its own counter: the source address
 * must be one of the peer's (foreign); at least 5 bytes (short); magic (bad
 * magic); version (unknown version); exactly 88 bytes (short / long); the
 * authentication mode must be ours (auth mode: a keyed receiver rejects
 * unauthenticated packets and vice versa); the HMAC (bad HMAC, compared in
 * constant time); field ranges (malformed); and replay: per boot id a
 * 64-packet sliding window (as IPsec's) over sequence numbers rejects any
 * number seen before or older than the window. Copies sent over two links
 * may arrive out of order, which the window allows. A packet from a new boot
 * id starts a new window; the previous boot ids are remembered so their old
 * packets cannot be replayed later. No state changes before the HMAC check.
 */
#ifndef PULSE_HEARTBEAT_H
#define PULSE_HEARTBEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define HB_MAGIC 0x4c564842u
#define HB_VERSION 1
#define HB_LEN 88
#define HB_BODY_LEN 56          /* what the tag covers */
#define HB_TAG_LEN 32
#define HB_DIGEST_LEN 8
#define HB_FLAG_AUTH 0x0001
#define HB_KEY_MIN 16
#define HB_KEY_MAX 1024
#define HB_MAX_PEER_ADDRS 4
#define HB_RETIRED_BOOTS 8
#define HB_REPLAY_WINDOW 64

enum hb_type { HB_MSG_HEARTBEAT = 1, HB_MSG_GIVEUP = 2, HB_MSG_ACK = 3 };
enum hb_role { HB_ROLE_PRIMARY = 1, HB_ROLE_BACKUP = 2 };
enum hb_state {
	HB_ST_BACKUP = 1,
	HB_ST_TAKING_OVER,
	HB_ST_ACTIVE,
	HB_ST_RELEASING,
	HB_ST_FAILED,
	HB_ST_STOPPED,
};

struct hb_msg {
	uint8_t type;                   /* enum hb_type */
	uint8_t role;                   /* enum hb_role */
	uint8_t state;                  /* enum hb_state */
	bool authenticated;             /* decoded: the tag was a verified HMAC */
	uint32_t config_serial;
	uint8_t config_digest[HB_DIGEST_LEN];
	uint64_t boot_id;
	uint64_t seq;
	uint64_t sent_ms;
	uint64_t active_since_ms;
};

struct hb_key {
	size_t len;                     /* 0: no key (heartbeat_auth = none) */
	unsigned char bytes[HB_KEY_MAX];
};

/* Sets the key from bytes (HB_KEY_MIN..HB_KEY_MAX of them). 0 or -1. */
int hb_key_set(struct hb_key *key, const void *bytes, size_t len);
/* Reads a key file: its contents minus trailing CR/LF. The file must pass
 * hb_key_check_stat and hold 16 to 1024 bytes. On error returns -1 with a
 * message in err. */
int hb_key_load(struct hb_key *key, const char *path, char *err, size_t errlen);
/* Whether a key file with this stat may be used by a pulse running as
 * euid: a regular file that neither group nor others may read, write or
 * execute, owned by root or by euid. -1 with what is wrong (and the fix)
 * in err. */
int hb_key_check_stat(const struct stat *st, uid_t euid, const char *path, char *err, size_t errlen);
/* Wipes the key. */
void hb_key_clear(struct hb_key *key);
/* Write a fresh random key (HB_KEY_GEN_BYTES from the system's CSPRNG, as
 * hex text) to a new file of mode 0600. An existing file is never
 * overwritten. 0, or -1 with the reason in err. */
#define HB_KEY_GEN_BYTES 32
int hb_key_generate(const char *path, char *err, size_t errlen);

/* Config digest: the first 8 bytes of SHA-256 of data. */
void hb_config_digest(const void *data, size_t len, uint8_t out[HB_DIGEST_LEN]);
/* The same over a file's contents; -1 (errno set) if it cannot be read. */
int hb_config_digest_file(const char *path, uint8_t out[HB_DIGEST_LEN]);

/* A random 64-bit boot id. */
uint64_t hb_new_boot_id(void);

/* Writes msg as a packet of HB_LEN bytes into buf, tagged with key (or
 * unauthenticated if key is NULL or empty). Fields are written as given;
 * msg->authenticated is ignored. */
void hb_encode(const struct hb_msg *msg, const struct hb_key *key, uint8_t buf[HB_LEN]);

/* The sending side: numbers packets from 1 within its boot id. */
struct hb_sender {
	const struct hb_key *key;       /* NULL or empty: unauthenticated */
	uint64_t boot_id;
	uint64_t last_seq;
	uint8_t role;
	uint32_t config_serial;
	uint8_t config_digest[HB_DIGEST_LEN];
};

/* Fills in role, config, boot id and the next sequence number, then encodes.
 * msg supplies type, state, sent_ms and active_since_ms. */
void hb_sender_encode(struct hb_sender *s, struct hb_msg *msg, uint8_t buf[HB_LEN]);

enum hb_verdict {
	HB_OK = 0,
	HB_ERR_FOREIGN,         /* source address is not the peer's */
	HB_ERR_SHORT,
	HB_ERR_LONG,
	HB_ERR_MAGIC,
	HB_ERR_VERSION,
	HB_ERR_AUTH_MODE,       /* authenticated vs not differs from ours */
	HB_ERR_HMAC,
	HB_ERR_MALFORMED,       /* unknown type/role/state/flags, reserved not 0 */
	HB_ERR_REPLAY,
	HB_NVERDICTS
};

struct hb_receiver {
	const struct hb_key *key;       /* NULL or empty: heartbeat_auth = none */
	struct sockaddr_storage peer[HB_MAX_PEER_ADDRS];
	int npeers;
	/* replay state */
	bool have_boot;
	uint64_t boot_id;
	uint64_t max_seq;
	uint64_t window;                /* bit i: max_seq - i was accepted */
	uint64_t retired[HB_RETIRED_BOOTS];     /* earlier boot ids, a ring */
	int nretired;
	int retired_next;
	unsigned long count[HB_NVERDICTS];
};

/* Adds one of the peer's addresses (port ignored). 0, or -1 if full or the
 * family is not AF_INET/AF_INET6. */
int hb_receiver_add_peer(struct hb_receiver *r, const struct sockaddr *addr);

/* Checks one received datagram; on HB_OK fills out. Counts every verdict. */
enum hb_verdict hb_receive(struct hb_receiver *r, const void *buf, size_t len,
			   const struct sockaddr *from, struct hb_msg *out);

const char *hb_verdict_name(enum hb_verdict v);
/* The verdict as a word for JSON keys and metric labels ("bad_hmac"). */
const char *hb_verdict_id(enum hb_verdict v);
const char *hb_state_name(int state);
const char *hb_type_name(int type);
const char *hb_role_name(int role);

#endif
