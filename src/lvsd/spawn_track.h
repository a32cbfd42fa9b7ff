/* lvsd's side of the nanny starter: the requests sent and not yet
 * answered, in order (the starter answers in the order it was asked), and
 * the exits of children reaped before lvsd knew their pid. Pure
 * (tests/lvsd/test-spawn-track.c). */
#ifndef LVSD_SPAWN_TRACK_H
#define LVSD_SPAWN_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A child can exit, and be reaped, before the starter's answer naming it
 * is read. Those exits wait here while requests are open; more than this
 * many at once and the oldest is forgotten. */
#define SPAWN_EARLY_EXITS 32

struct spawn_pending {
	uint32_t id;
	void *owner;            /* NULL: cancelled, the child is to be stopped */
};

struct spawn_track {
	struct spawn_pending *ring;
	size_t cap, head, count;
	uint32_t next_id;
	struct { pid_t pid; int status; } exits[SPAWN_EARLY_EXITS];
	size_t n_exits;
};

void spawn_track_init(struct spawn_track *t);
void spawn_track_free(struct spawn_track *t);
/* The id the next push gets. */
uint32_t spawn_track_next_id(const struct spawn_track *t);
/* A request for owner was sent. -1 when out of memory. */
int spawn_track_push(struct spawn_track *t, void *owner);
size_t spawn_track_open(const struct spawn_track *t);
/* The answer for id came, naming pid (or <= 0: not started): the oldest
 * open request, whose owner (NULL if cancelled) goes in *owner. Returns 1
 * when pid had already exited (*status: how), 0 when not, -1 when nothing
 * is open or id is not the oldest's: the starter broke the order. */
int spawn_track_answered(struct spawn_track *t, uint32_t id, pid_t pid, void **owner, int *status);
/* owner no longer wants its child: its open requests are cancelled. */
void spawn_track_cancel(struct spawn_track *t, const void *owner);
/* The oldest open request, for taking them all back: returns false when
 * none is open, else removes it and sets *owner. */
bool spawn_track_take_oldest(struct spawn_track *t, void **owner);

/* A child nobody knows exited; kept only while requests are open (it may
 * be one of theirs). */
void spawn_track_note_exit(struct spawn_track *t, pid_t pid, int status);

#endif
