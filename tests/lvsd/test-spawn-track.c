/* lvsd's bookkeeping of the starter's open requests (spawn_track.c):
 * answers in order, a cancelled owner, the ring growing while it wraps,
 * and a child reaped before its answer came. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "spawn_track.h"
#include "tap.h"

int main(void)
{
	struct spawn_track t;
	int owners[100];
	void *owner;
	int status = -1;
	uint32_t first;

	spawn_track_init(&t);
	is_int(spawn_track_open(&t), 0, "nothing open at first");
	ok(spawn_track_answered(&t, 1, 100, &owner, &status) < 0, "an answer to nothing is an error");

	first = spawn_track_next_id(&t);
	ok(spawn_track_push(&t, &owners[0]) == 0 && spawn_track_push(&t, &owners[1]) == 0, "two sent");
	is_int(spawn_track_next_id(&t), first + 2, "ids count up");
	ok(spawn_track_answered(&t, first + 1, 100, &owner, &status) < 0, "the second answered first: out of order");
	is_int(spawn_track_answered(&t, first, 100, &owner, &status), 0, "the first answered");
	ok(owner == &owners[0], "its owner");

	/* Reaped before the answer came: kept while a request is open. */
	spawn_track_note_exit(&t, 555, 7 << 8);
	is_int(spawn_track_answered(&t, first + 1, 555, &owner, &status), 1, "the answer names a child already gone");
	is_int(status, 7 << 8, "with how it went");
	ok(owner == &owners[1], "for its owner");
	spawn_track_note_exit(&t, 556, 0);
	ok(spawn_track_push(&t, &owners[2]) == 0, "one more sent");
	is_int(spawn_track_answered(&t, first + 2, 556, &owner, &status), 0,
	       "an exit noted with nothing open was not kept (its pid may come again)");

	/* Wrap and grow: 40 open, answered in order, with cancels. */
	for (int round = 0; round < 3; round++) {
		uint32_t id = spawn_track_next_id(&t);
		int in_order = 1;

		for (int i = 0; i < 40; i++)
			spawn_track_push(&t, &owners[i]);
		spawn_track_cancel(&t, &owners[5]);
		is_int(spawn_track_open(&t), 40, "round %d: 40 open", round);
		for (int i = 0; i < 40; i++) {
			void *want = i == 5 ? NULL : &owners[i];

			if (spawn_track_answered(&t, id + (uint32_t)i, 0, &owner, &status) != 0 || owner != want)
				in_order = 0;
		}
		ok(in_order, "round %d: every answer to its owner, the cancelled one to nobody", round);
	}

	/* Taking everything back, as when the starter is lost. */
	spawn_track_push(&t, &owners[1]);
	spawn_track_push(&t, &owners[2]);
	ok(spawn_track_take_oldest(&t, &owner) && owner == &owners[1], "taken back oldest first");
	ok(spawn_track_take_oldest(&t, &owner) && owner == &owners[2], "then the next");
	ok(!spawn_track_take_oldest(&t, &owner), "then none");

	/* More early exits than kept: the oldest goes. */
	spawn_track_push(&t, &owners[3]);
	for (int i = 0; i < SPAWN_EARLY_EXITS + 1; i++)
		spawn_track_note_exit(&t, 1000 + i, i);
	spawn_track_push(&t, &owners[4]);
	is_int(spawn_track_answered(&t, spawn_track_next_id(&t) - 2, 1000, &owner, &status), 0,
	       "the oldest of too many early exits was forgotten");
	is_int(spawn_track_answered(&t, spawn_track_next_id(&t) - 1, 1000 + SPAWN_EARLY_EXITS, &owner, &status), 1,
	       "the newest was kept");
	is_int(status, SPAWN_EARLY_EXITS, "with its status");
	spawn_track_free(&t);
	is_int(spawn_track_open(&t), 0, "freed: nothing open");
	return tap_done();
}
