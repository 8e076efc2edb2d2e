/*
 * spare.h - what runs on which thread, before what, while the models load.
 *
 * Two behaviours of glibc shape the start of a command that reads both the
 * model headers and the database:
 *  - dlopen() runs one call at a time, and libclang's (libLLVM with it) is
 *    long: a connection's dlopen() of its client library (libpq,
 *    libmariadb) started after it would wait for all of it;
 *  - pthread_create() waits while another thread is inside dlopen() (glibc
 *    holds its TLS lock through the relocation of the library), so a thread
 *    made while libclang loads comes late.
 * So the model load is started with rg_spare_launch(), which first makes
 * the spare threads a catalog reader will want, and whose thread opens the
 * database's client library before the load (and so before libclang).  A
 * catalog reader hands its side work to a spare with rg_spare_run() and
 * waits for it with rg_spare_wait(); rg_spare_stop() ends the unused ones
 * at exit.
 */
#ifndef RG_SPARE_H
#define RG_SPARE_H

#include <pthread.h>

struct rg_error;

/*
 * Makes the spare threads, then starts a thread that calls open_client
 * (the database's client library; may be NULL) and then job(arg).  A
 * failure of open_client is left for the connection to report: it calls
 * open_client again.  Returns 0, or -1 when no thread could be had (then
 * nothing runs, and the caller does the job itself); the caller joins
 * *thread.
 */
int rg_spare_launch(pthread_t *thread, int (*open_client)(struct rg_error *err),
		    void (*job)(void *arg), void *arg);

/* One job each; whoever gets NULL (none made, or all taken) makes a thread
 * of its own. */
#define RG_SPARES 1
struct rg_spare;
struct rg_spare *rg_spare_run(void *(*fn)(void *), void *arg);
void rg_spare_wait(struct rg_spare *sp); /* for the job it was handed */
void rg_spare_stop(void); /* at exit: the unused ones end */

#endif
