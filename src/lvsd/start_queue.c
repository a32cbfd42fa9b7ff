#include "config.h"

#include "start_queue.h"

void start_queue_init(struct start_queue *q)
{
	q->head = NULL;
	q->tail = &q->head;
}

bool start_queue_empty(const struct start_queue *q)
{
	return !q->head;
}

void start_queue_push(struct start_queue *q, struct start_item *item)
{
	if (item->queued)
		return;
	item->next = NULL;
	item->queued = true;
	*q->tail = item;
	q->tail = &item->next;
}

void start_queue_remove(struct start_queue *q, struct start_item *item)
{
	if (!item->queued)
		return;
	for (struct start_item **pp = &q->head; *pp; pp = &(*pp)->next) {
		if (*pp == item) {
			*pp = item->next;
			if (!*pp)
				q->tail = pp;
			break;
		}
	}
	item->next = NULL;
	item->queued = false;
}

static struct start_item *pop(struct start_queue *q)
{
	struct start_item *item = q->head;

	if (!item)
		return NULL;
	q->head = item->next;
	if (!q->head)
		q->tail = &q->head;
	item->next = NULL;
	item->queued = false;
	return item;
}

size_t start_queue_run(struct start_queue *q, int64_t budget_ms, size_t max,
		       int64_t (*clock)(void *ctx), void (*start)(struct start_item *item, void *ctx),
		       void *ctx)
{
	int64_t until = clock(ctx) + budget_ms;
	size_t started = 0;
	struct start_item *item;

	if (!max)
		return 0;
	do {
		item = pop(q);
		if (!item)
			break;
		start(item, ctx);
		started++;
	} while (started < max && clock(ctx) < until);
	return started;
}
