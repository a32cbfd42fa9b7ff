#include "config.h"

#include "ipvs.h"
#include "ipvs_msg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

struct ipvs_handle {
	struct nl_sock *sock;
	int family;
	char errmsg[256];
};

/* Requests in flight at once in a batch: bounded so acks never overflow
 * the socket's receive buffer. */
#define BATCH_WINDOW 64

struct ipvs_handle *ipvs_open(int *err)
{
	struct ipvs_handle *h = calloc(1, sizeof(*h));
	int one = 1, rc;

	if (!h) {
		rc = -ENOMEM;
		goto fail;
	}
	h->sock = nl_socket_alloc();
	if (!h->sock) {
		rc = -ENOMEM;
		goto fail;
	}
	if (genl_connect(h->sock) < 0) {
		rc = -errno ? -errno : -ENOPROTOOPT;
		goto fail;
	}
	h->family = genl_ctrl_resolve(h->sock, IPVS_GENL_NAME);
	if (h->family < 0) {
		/* What the kernel without IPVS answers with the old sockopt API. */
		rc = -ENOPROTOOPT;
		goto fail;
	}
	nl_socket_disable_auto_ack(h->sock);
	/* Room for a window of batch acks (each costs an skb of ~1 KiB). */
	nl_socket_set_buffer_size(h->sock, 1 << 20, 1 << 20);
	nl_socket_enable_msg_peek(h->sock);
	/* Best effort: kernel error texts and small acks. */
	setsockopt(nl_socket_get_fd(h->sock), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sock), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return h;
fail:
	ipvs_close(h);
	if (err)
		*err = rc;
	errno = -rc;
	return NULL;
}

void ipvs_close(struct ipvs_handle *h)
{
	if (!h)
		return;
	if (h->sock)
		nl_socket_free(h->sock);
	free(h);
}

const char *ipvs_last_error(const struct ipvs_handle *h)
{
	return h->errmsg;
}

/* Pull the extended-ack message out of an NLMSG_ERROR, if there is one. */
static void save_ext_ack(struct ipvs_handle *h, struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = sizeof(*e);
	struct nlattr *a;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (NLMSG_HDRLEN + off >= nlh->nlmsg_len)
		return;
	a = (struct nlattr *)((char *)e + NLMSG_ALIGN(off));
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(off);
	for (; nla_ok(a, rem); a = nla_next(a, &rem))
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			nla_strlcpy(h->errmsg, a, sizeof(h->errmsg));
}

typedef int (*reply_cb)(struct nlmsghdr *nlh, void *arg);

/* Receive one datagram and hand each message to fn. fn returns <0 to stop
 * with that error, 1 when the caller's wait is over, 0 to go on. */
typedef int (*msg_fn)(struct ipvs_handle *h, struct nlmsghdr *nlh, void *arg);

static int recv_some(struct ipvs_handle *h, msg_fn fn, void *arg)
{
	struct sockaddr_nl peer;
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	int len, ret = 0;

	len = nl_recv(h->sock, &peer, &buf, NULL);
	if (len < 0) {
		free(buf);
		return len == -NLE_NOMEM ? -ENOBUFS : -EIO;
	}
	for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		ret = fn(h, nlh, arg);
		if (ret)
			break;
	}
	free(buf);
	return ret;
}

struct single {
	unsigned int seq;
	reply_cb cb;
	void *arg;
	int err;
};

static int single_msg(struct ipvs_handle *h, struct nlmsghdr *nlh, void *arg)
{
	struct single *s = arg;

	if (nlh->nlmsg_seq != s->seq)
		return 0;	/* stale reply of an earlier request */
	if (nlh->nlmsg_type == NLMSG_DONE)
		return 1;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *e = nlmsg_data(nlh);

		s->err = e->error;
		if (e->error)
			save_ext_ack(h, nlh);
		return 1;
	}
	if (s->cb && !s->err) {
		int rc = s->cb(nlh, s->arg);

		if (rc < 0)
			s->err = rc;	/* keep reading to the end of the reply */
	}
	return (nlh->nlmsg_flags & NLM_F_MULTI) ? 0 : (s->cb ? 0 : 1);
}

/* Send msg (consumed) and wait for its ack or the end of its dump. */
static int transact(struct ipvs_handle *h, struct nl_msg *msg, reply_cb cb, void *arg)
{
	struct single s = { .cb = cb, .arg = arg };
	int rc;

	if (!msg)
		return -ENOMEM;
	h->errmsg[0] = '\0';
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	nl_complete_msg(h->sock, msg);
	s.seq = nlmsg_hdr(msg)->nlmsg_seq;
	rc = nl_send(h->sock, msg);
	nlmsg_free(msg);
	if (rc < 0)
		return -EIO;
	do
		rc = recv_some(h, single_msg, &s);
	while (rc == 0);
	if (rc < 0)
		return rc;
	return s.err;
}

static struct nl_msg *new_msg(struct ipvs_handle *h, uint8_t cmd, int flags)
{
	return ipvs_msg_new(h->family, cmd, flags);
}

int ipvs_do(struct ipvs_handle *h, enum ipvs_op op,
	    const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	struct nl_msg *msg = ipvs_msg_op(h->family, op, svc, dest);

	if (!msg)
		return -errno;
	return transact(h, msg, NULL, NULL);
}

static int info_cb(struct nlmsghdr *nlh, void *arg)
{
	return ipvs_parse_info_msg(nlh, arg);
}

int ipvs_get_info(struct ipvs_handle *h, struct ipvs_info *info)
{
	return transact(h, new_msg(h, IPVS_CMD_GET_INFO, 0), info_cb, info);
}

/* Growing array filled by dump callbacks. */
struct vec {
	void *items;
	size_t n, cap, size;
	int (*parse)(struct nlmsghdr *nlh, void *item);
};

static int vec_cb(struct nlmsghdr *nlh, void *arg)
{
	struct vec *v = arg;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = realloc(v->items, cap * v->size);

		if (!p)
			return -ENOMEM;
		v->items = p;
		v->cap = cap;
	}
	if (v->parse(nlh, (char *)v->items + v->n * v->size) == 0)
		v->n++;
	return 0;
}

static int parse_svc(struct nlmsghdr *nlh, void *item)
{
	return ipvs_parse_service_msg(nlh, item);
}

static int parse_dest(struct nlmsghdr *nlh, void *item)
{
	return ipvs_parse_dest_msg(nlh, item);
}

static int parse_daemon(struct nlmsghdr *nlh, void *item)
{
	return ipvs_parse_daemon_msg(nlh, item);
}

static int dump(struct ipvs_handle *h, struct nl_msg *msg, struct vec *v,
		void **list, size_t *n)
{
	int rc = transact(h, msg, vec_cb, v);

	if (rc) {
		free(v->items);
		*list = NULL;
		*n = 0;
		return rc;
	}
	*list = v->items;
	*n = v->n;
	return 0;
}

int ipvs_get_services(struct ipvs_handle *h, struct ipvs_service **list, size_t *n)
{
	struct vec v = { .size = sizeof(**list), .parse = parse_svc };

	return dump(h, new_msg(h, IPVS_CMD_GET_SERVICE, NLM_F_DUMP), &v, (void **)list, n);
}

int ipvs_get_service(struct ipvs_handle *h, const struct ipvs_service *key,
		     struct ipvs_service *out)
{
	struct nl_msg *msg = new_msg(h, IPVS_CMD_GET_SERVICE, 0);
	struct vec v = { .size = sizeof(*out), .parse = parse_svc };
	struct ipvs_service *list;
	size_t n;
	int rc;

	if (msg && ipvs_msg_put_service(msg, key, false)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	rc = dump(h, msg, &v, (void **)&list, &n);
	if (rc)
		return rc;
	if (n == 0) {
		free(list);
		return -ESRCH;
	}
	*out = list[0];
	free(list);
	return 0;
}

int ipvs_get_dests(struct ipvs_handle *h, const struct ipvs_service *svc,
		   struct ipvs_dest **list, size_t *n)
{
	struct nl_msg *msg = new_msg(h, IPVS_CMD_GET_DEST, NLM_F_DUMP);
	struct vec v = { .size = sizeof(**list), .parse = parse_dest };

	if (msg && ipvs_msg_put_service(msg, svc, false)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return dump(h, msg, &v, (void **)list, n);
}

static int timeouts_cb(struct nlmsghdr *nlh, void *arg)
{
	return ipvs_parse_timeouts_msg(nlh, arg);
}

int ipvs_get_timeouts(struct ipvs_handle *h, struct ipvs_timeouts *t)
{
	return transact(h, new_msg(h, IPVS_CMD_GET_CONFIG, 0), timeouts_cb, t);
}

int ipvs_set_timeouts(struct ipvs_handle *h, const struct ipvs_timeouts *t)
{
	struct nl_msg *msg = new_msg(h, IPVS_CMD_SET_CONFIG, 0);

	if (msg && ipvs_msg_put_timeouts(msg, t)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(h, msg, NULL, NULL);
}

static int daemon_op(struct ipvs_handle *h, uint8_t cmd, const struct ipvs_daemon *d)
{
	struct nl_msg *msg = new_msg(h, cmd, 0);

	if (msg && ipvs_msg_put_daemon(msg, d, cmd == IPVS_CMD_NEW_DAEMON)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return transact(h, msg, NULL, NULL);
}

int ipvs_start_daemon(struct ipvs_handle *h, const struct ipvs_daemon *d)
{
	return daemon_op(h, IPVS_CMD_NEW_DAEMON, d);
}

int ipvs_stop_daemon(struct ipvs_handle *h, const struct ipvs_daemon *d)
{
	return daemon_op(h, IPVS_CMD_DEL_DAEMON, d);
}

int ipvs_get_daemons(struct ipvs_handle *h, struct ipvs_daemon d[2], int *n)
{
	struct vec v = { .size = sizeof(*d), .parse = parse_daemon };
	struct ipvs_daemon *list;
	size_t cnt;
	int rc = dump(h, new_msg(h, IPVS_CMD_GET_DAEMON, NLM_F_DUMP), &v, (void **)&list, &cnt);

	if (rc)
		return rc;
	*n = cnt > 2 ? 2 : (int)cnt;
	if (*n)	/* an empty dump gives a NULL list */
		memcpy(d, list, *n * sizeof(*d));
	free(list);
	return 0;
}

/* ---- batches ---- */

struct batch_req {
	struct nl_msg *msg;
	enum ipvs_op op;
	unsigned int seq;
	int err;
	bool done;
};

struct ipvs_batch {
	struct ipvs_handle *h;
	struct batch_req *reqs;
	size_t n, cap;
	size_t first, last;	/* window being acked: [first, last) */
};

struct ipvs_batch *ipvs_batch_new(struct ipvs_handle *h)
{
	struct ipvs_batch *b = calloc(1, sizeof(*b));

	if (b)
		b->h = h;
	return b;
}

int ipvs_batch_add(struct ipvs_batch *b, enum ipvs_op op,
		   const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	struct nl_msg *msg;

	if (op > IPVS_OP_ZERO)
		return -EINVAL;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct batch_req *p = realloc(b->reqs, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		b->reqs = p;
		b->cap = cap;
	}
	msg = ipvs_msg_op(b->h->family, op, svc, dest);
	if (!msg)
		return -errno;
	b->reqs[b->n++] = (struct batch_req){ .msg = msg, .op = op };
	return 0;
}

size_t ipvs_batch_count(const struct ipvs_batch *b)
{
	return b->n;
}

static int batch_msg(struct ipvs_handle *h, struct nlmsghdr *nlh, void *arg)
{
	struct ipvs_batch *b = arg;
	struct nlmsgerr *e;
	size_t i;

	if (nlh->nlmsg_type != NLMSG_ERROR)
		return 0;
	/* Sequence numbers are consecutive inside the window. */
	if (b->first == b->last)
		return 1;
	i = b->first + (nlh->nlmsg_seq - b->reqs[b->first].seq);
	if (i < b->first || i >= b->last || b->reqs[i].seq != nlh->nlmsg_seq)
		return 0;
	e = nlmsg_data(nlh);
	b->reqs[i].err = e->error;
	if (e->error)
		save_ext_ack(h, nlh);
	b->reqs[i].done = true;
	for (size_t j = b->first; j < b->last; j++)
		if (!b->reqs[j].done)
			return 0;
	return 1;
}

int ipvs_batch_run(struct ipvs_batch *b)
{
	struct ipvs_handle *h = b->h;
	int failed = 0, rc;

	h->errmsg[0] = '\0';
	for (size_t start = 0; start < b->n; start += BATCH_WINDOW) {
		size_t end = start + BATCH_WINDOW < b->n ? start + BATCH_WINDOW : b->n;

		b->first = start;
		b->last = start;
		for (size_t i = start; i < end; i++) {
			struct batch_req *r = &b->reqs[i];

			nl_complete_msg(h->sock, r->msg);
			r->seq = nlmsg_hdr(r->msg)->nlmsg_seq;
			r->done = false;
			r->err = 0;
			if (nl_send(h->sock, r->msg) < 0)
				return -EIO;
			b->last = i + 1;
		}
		do
			rc = recv_some(h, batch_msg, b);
		while (rc == 0);
		if (rc < 0)
			return rc;
		for (size_t i = start; i < end; i++)
			if (b->reqs[i].err)
				failed++;
	}
	return failed;
}

int ipvs_batch_error(const struct ipvs_batch *b, size_t i)
{
	return i < b->n ? b->reqs[i].err : -EINVAL;
}

enum ipvs_op ipvs_batch_op(const struct ipvs_batch *b, size_t i)
{
	return b->reqs[i].op;
}

void ipvs_batch_clear(struct ipvs_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		nlmsg_free(b->reqs[i].msg);
	b->n = 0;
}

void ipvs_batch_free(struct ipvs_batch *b)
{
	if (!b)
		return;
	ipvs_batch_clear(b);
	free(b->reqs);
	free(b);
}
