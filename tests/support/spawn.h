/*
 * Child processes for the cross-process tests: the test program starts
 * itself again with a role argument, and may kill the child outright
 * (kill -9 / TerminateProcess), as a crash would.
 */
#ifndef MSDRM_TEST_SPAWN_H
#define MSDRM_TEST_SPAWN_H

#include <stdbool.h>

struct child;

/* Starts this program again as `program --child <role>`; NULL on failure. */
struct child *child_spawn_self(const char *role);

/* Kills the child at once and reaps it. */
void child_kill(struct child *child);

/* Waits for the child to exit; returns its exit code (-1 if it crashed). */
int child_wait(struct child *child);

/* Returns the role if this process was started by child_spawn_self. */
const char *child_role(int argc, char **argv);

#endif /* MSDRM_TEST_SPAWN_H */
