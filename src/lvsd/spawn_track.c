#include "config.h"

#include "spawn_track.h"

#include <stdlib.h>
#include <string.h>

void spawn_track_init(struct spawn_track *t)
{
	memset(t, 0, sizeof(*t));
	t->next_id = 1;
}

void spawn_track_free(struct spawn_track *t)
{
	free(t->ring);
	spawn_track_init(t);
}

uint32_t spawn_track_next_id(const struct spawn_track *t)
{
	return t->next_id;
}

static struct spawn_pending *at(const struct spawn_track *t, size_t i)
{
	return &t->ring[(t->head + i) % t->cap];
}

static int grow(struct spawn_track *t)
{
	size_t cap = t->cap ? t->cap * 2 : 16;
	struct spawn_pending *ring = malloc(cap * sizeof(*ring));

	if (!ring)
		return -1;
	for (size_t i = 0; i < t->count; i++)
		ring[i] = *at(t, i);
	free(t->ring);
	t->ring = ring;
	t->cap = cap;
	t->head = 0;
	return 0;
}

int spawn_track_push(struct spawn_track *t, void *owner)
{
	if (t->count == t->cap && grow(t) < 0)
		return -1;
	*at(t, t->count) = (struct spawn_pending){ .id = t->next_id++, .owner = owner };
	t->count++;
	if (t->next_id == 0)
		t->next_id = 1;
	return 0;
}

size_t spawn_track_open(const struct spawn_track *t)
{
	return t->count;
}

static void pop(struct spawn_track *t)
{
	t->head = (t->head + 1) % t->cap;
	if (--t->count == 0) {
		t->head = 0;
		t->n_exits = 0;	/* no open request left for them to belong to */
	}
}

static bool take_exit(struct spawn_track *t, pid_t pid, int *status)
{
	for (size_t i = 0; pid > 0 && i < t->n_exits; i++) {
		if (t->exits[i].pid != pid)
			continue;
		*status = t->exits[i].status;
		memmove(t->exits + i, t->exits + i + 1, (t->n_exits - i - 1) * sizeof(t->exits[0]));
		t->n_exits--;
		return true;
	}
	return false;
}

int spawn_track_answered(struct spawn_track *t, uint32_t id, pid_t pid, void **owner, int *status)
{
	bool exited;

	if (!t->count || at(t, 0)->id != id)
		return -1;
	*owner = at(t, 0)->owner;
	exited = take_exit(t, pid, status);
	pop(t);
	return exited;
}

void spawn_track_cancel(struct spawn_track *t, const void *owner)
{
	for (size_t i = 0; i < t->count; i++)
		if (at(t, i)->owner == owner)
			at(t, i)->owner = NULL;
}

bool spawn_track_take_oldest(struct spawn_track *t, void **owner)
{
	if (!t->count)
		return false;
	*owner = at(t, 0)->owner;
	pop(t);
	return true;
}

void spawn_track_note_exit(struct spawn_track *t, pid_t pid, int status)
{
	if (!t->count)
		return;
	if (t->n_exits == SPAWN_EARLY_EXITS) {
		memmove(t->exits, t->exits + 1, sizeof(t->exits) - sizeof(t->exits[0]));
		t->n_exits--;
	}
	t->exits[t->n_exits].pid = pid;
	t->exits[t->n_exits].status = status;
	t->n_exits++;
}
