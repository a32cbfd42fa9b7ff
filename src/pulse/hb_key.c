#include "config.h"

/* Heartbeat key file, config digest and boot id. */

#include "heartbeat.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int hb_key_set(struct hb_key *key, const void *bytes, size_t len)
{
	if (len < HB_KEY_MIN || len > HB_KEY_MAX)
		return -1;
	memcpy(key->bytes, bytes, len);
	key->len = len;
	return 0;
}

void hb_key_clear(struct hb_key *key)
{
	OPENSSL_cleanse(key, sizeof(*key));
}

/* "readable", "readable and writable"...: what rwx bits allow. */
static const char *access_words(unsigned bits)
{
	static const char *const words[8] = {
		NULL, "executable", "writable", "writable and executable", "readable",
		"readable and executable", "readable and writable", "readable, writable and executable",
	};

	return words[bits & 7];
}

int hb_key_check_stat(const struct stat *st, uid_t euid, const char *path, char *err, size_t errlen)
{
	const char *g = access_words((unsigned)st->st_mode >> 3), *o = access_words((unsigned)st->st_mode);
	unsigned mode = (unsigned)st->st_mode & 07777;

	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "key file %s is not a regular file", path);
		return -1;
	}
	if (g && o && strcmp(g, o) == 0) {
		snprintf(err, errlen, "key file %s is %s by group and others (mode %04o); chmod 600 it",
			 path, g, mode);
		return -1;
	}
	if (g || o) {
		snprintf(err, errlen, "key file %s is %s%s%s%s%s (mode %04o); chmod 600 it", path,
			 g ? g : "", g ? " by group" : "", g && o ? ", " : "", o ? o : "",
			 o ? " by others" : "", mode);
		return -1;
	}
	/* Its owner can rewrite it at will, and so forge heartbeats. */
	if (st->st_uid != 0 && st->st_uid != euid) {
		if (euid == 0)
			snprintf(err, errlen, "key file %s belongs to uid %u, not root; chown root it",
				 path, (unsigned)st->st_uid);
		else
			snprintf(err, errlen, "key file %s belongs to uid %u, neither root nor uid %u "
				 "that pulse runs as; chown it", path, (unsigned)st->st_uid, (unsigned)euid);
		return -1;
	}
	return 0;
}

int hb_key_load(struct hb_key *key, const char *path, char *err, size_t errlen)
{
	unsigned char buf[HB_KEY_MAX + 2];
	size_t len = 0;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (hb_key_check_stat(&st, geteuid(), path, err, errlen) < 0) {
		close(fd);
		return -1;
	}
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
			close(fd);
			OPENSSL_cleanse(buf, sizeof(buf));
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (hb_key_set(key, buf, len) < 0) {
		snprintf(err, errlen, "key file %s must hold %d to %d bytes", path, HB_KEY_MIN, HB_KEY_MAX);
		OPENSSL_cleanse(buf, sizeof(buf));
		return -1;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

int hb_key_generate(const char *path, char *err, size_t errlen)
{
	unsigned char raw[HB_KEY_GEN_BYTES];
	char text[2 * HB_KEY_GEN_BYTES + 2];
	size_t len = 0;
	int fd, rc = -1;

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		snprintf(err, errlen, "no random bytes for a key");
		return -1;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%02x", raw[i]);
	text[len++] = '\n';
	OPENSSL_cleanse(raw, sizeof(raw));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create key file %s: %s", path, strerror(errno));
		goto out;
	}
	/* The umask could only narrow 0600; say it outright anyway. */
	if (fchmod(fd, 0600) < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd) < 0) {
		snprintf(err, errlen, "cannot write key file %s: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

void hb_config_digest(const void *data, size_t len, uint8_t out[HB_DIGEST_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL))
		memset(md, 0, sizeof(md));
	memcpy(out, md, HB_DIGEST_LEN);
}

int hb_config_digest_file(const char *path, uint8_t out[HB_DIGEST_LEN])
{
	unsigned char chunk[8192], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), rc = -1;

	if (fd < 0)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		errno = ENOMEM;
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen)) {
		memcpy(out, md, HB_DIGEST_LEN);
		rc = 0;
	}
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

uint64_t hb_new_boot_id(void)
{
	uint64_t id = 0;

	if (RAND_bytes((unsigned char *)&id, sizeof(id)) != 1) {
		/* Not secret, only needs to differ between runs. */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		id = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec << 20 ^ (uint64_t)getpid();
	}
	return id;
}
