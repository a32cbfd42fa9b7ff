/* lvsd's start queue (start_queue.c) with a simulated clock: oldest first,
 * at least one start per turn, a batch bounded by the time budget, items
 * taken out before their turn never start, and an item queued again from
 * its own start goes to the back. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "start_queue.h"
#include "tap.h"

struct item {
	struct start_item q;
	int id;
};

struct sim {
	int64_t now;
	int64_t cost;          /* what one start costs on the simulated clock */
	char log[256];
	struct start_queue *queue;
	struct item *requeue;  /* queued again from its own start, once */
};

static int64_t sim_clock(void *ctx)
{
	return ((struct sim *)ctx)->now;
}

static void sim_start(struct start_item *si, void *ctx)
{
	struct sim *s = ctx;
	struct item *it = (struct item *)si;
	size_t n = strlen(s->log);

	snprintf(s->log + n, sizeof(s->log) - n, "%s%d", n ? " " : "", it->id);
	s->now += s->cost;
	if (s->requeue == it) {
		s->requeue = NULL;
		start_queue_push(s->queue, si);
	}
}

int main(void)
{
	struct start_queue q;
	struct item it[10];
	struct sim s = { .now = 1000, .cost = 7, .queue = &q };
	size_t n;

	for (int i = 0; i < 10; i++)
		it[i] = (struct item){ .id = i };
	start_queue_init(&q);
	ok(start_queue_empty(&q), "a new queue is empty");
	is_int((int)start_queue_run(&q, 20, SIZE_MAX, sim_clock, sim_start, &s), 0, "running an empty queue starts nothing");

	for (int i = 0; i < 10; i++)
		start_queue_push(&q, &it[i].q);
	start_queue_push(&q, &it[3].q);
	/* 7 ms a start, 20 ms of budget: starts at 0, 7, 14 ms, then the clock
	 * reads 21 and the turn ends. */
	n = start_queue_run(&q, 20, SIZE_MAX, sim_clock, sim_start, &s);
	is_int((int)n, 3, "a turn starts while the budget lasts");
	is_str(s.log, "0 1 2", "oldest first; pushing a queued item again kept its place");

	start_queue_remove(&q, &it[4].q);
	start_queue_remove(&q, &it[9].q);
	start_queue_remove(&q, &it[0].q);	/* already started: nothing */
	ok(!it[4].q.queued && !it[9].q.queued, "removed items are no longer queued");

	s.log[0] = '\0';
	s.cost = 50;
	n = start_queue_run(&q, 20, SIZE_MAX, sim_clock, sim_start, &s);
	is_int((int)n, 1, "a start slower than the budget: still one per turn");
	is_str(s.log, "3", "the next in line");

	s.log[0] = '\0';
	s.cost = 0;
	s.requeue = &it[5];
	/* A clock that never moves: the turn drains the queue (the budget is
	 * time, not a count). */
	n = start_queue_run(&q, 20, SIZE_MAX, sim_clock, sim_start, &s);
	is_str(s.log, "5 6 7 8 5", "the removed ones never start; one queued again from its start goes last");
	is_int((int)n, 5, "five starts");
	ok(start_queue_empty(&q), "the queue is empty after its last item");

	/* The tail is right after the queue emptied, and after removing the
	 * last item. */
	start_queue_push(&q, &it[1].q);
	start_queue_push(&q, &it[2].q);
	start_queue_remove(&q, &it[2].q);
	start_queue_push(&q, &it[8].q);
	s.log[0] = '\0';
	start_queue_run(&q, 20, SIZE_MAX, sim_clock, sim_start, &s);
	is_str(s.log, "1 8", "an item pushed after the last one was removed follows the head");

	/* A limit on the count (the starter's window): no more than max,
	 * however much budget is left, and none at all for 0. */
	for (int i = 0; i < 5; i++)
		start_queue_push(&q, &it[i].q);
	s.log[0] = '\0';
	is_int((int)start_queue_run(&q, 20, 0, sim_clock, sim_start, &s), 0, "max 0 starts nothing");
	is_str(s.log, "", "not even the first");
	n = start_queue_run(&q, 20, 2, sim_clock, sim_start, &s);
	is_int((int)n, 2, "max 2 with the budget for all: two");
	is_str(s.log, "0 1", "the oldest two");
	ok(it[2].q.queued && it[4].q.queued, "the rest stay queued");
	return tap_done();
}
