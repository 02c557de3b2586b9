/*
 * Running N copies of a function on N threads and waiting for them all,
 * for the internal tests (built on the platform layer they link).
 */
#ifndef MSDRM_TEST_THREADS_H
#define MSDRM_TEST_THREADS_H

/* Runs run(argument[i]) on `count` threads; returns when all have ended. */
void run_on_threads(unsigned count, void (*run)(void *argument), void **arguments);

#endif /* MSDRM_TEST_THREADS_H */
