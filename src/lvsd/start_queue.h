/* The queue of nannies waiting to be started. lvsd starts them a batch per
 * loop turn, within a time budget, so that a start-up with 1,000 servers
 * never holds the loop for long. Pure: the clock and the start are
 * injected (tests/lvsd/test-start-queue.c). */
#ifndef LVSD_START_QUEUE_H
#define LVSD_START_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct start_item {
	struct start_item *next;
	bool queued;
};

struct start_queue {
	struct start_item *head;
	struct start_item **tail;
};

void start_queue_init(struct start_queue *q);
bool start_queue_empty(const struct start_queue *q);
/* Append; an item already queued keeps its place. */
void start_queue_push(struct start_queue *q, struct start_item *item);
/* Take an item out wherever it is; nothing if it is not queued. */
void start_queue_remove(struct start_queue *q, struct start_item *item);

/* Start items oldest first, at most max: one, then more while clock() is
 * before the first reading plus budget_ms. Each item leaves the queue
 * before start() is called with it, so start() may queue it again.
 * Returns how many were started. */
size_t start_queue_run(struct start_queue *q, int64_t budget_ms, size_t max,
		       int64_t (*clock)(void *ctx), void (*start)(struct start_item *item, void *ctx),
		       void *ctx);

#endif
