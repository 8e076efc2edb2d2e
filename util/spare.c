/*
 * spare.c - the spare threads and the launch of the model load, in the
 * order spare.h explains.
 */
#include "util/spare.h"

#include <stdbool.h>
#include <stdlib.h>

#include "util/util.h"

/* ---- the spare threads ---- */

enum spare_state { SPARE_NONE, SPARE_IDLE, SPARE_WORK, SPARE_STOP };

struct rg_spare {
	pthread_t thread;
	enum spare_state state;
	void *(*fn)(void *);
	void *arg;
};

static pthread_mutex_t spare_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t spare_cv = PTHREAD_COND_INITIALIZER;
static struct rg_spare spares[RG_SPARES];

static void *spare_main(void *arg)
{
	struct rg_spare *sp = arg;
	pthread_mutex_lock(&spare_mu);
	while (sp->state == SPARE_IDLE)
		pthread_cond_wait(&spare_cv, &spare_mu);
	bool work = sp->state == SPARE_WORK;
	pthread_mutex_unlock(&spare_mu);
	/* fn and arg were set before the state said WORK, under the lock */
	if (work)
		sp->fn(sp->arg);
	return NULL;
}

static void spares_start(void)
{
	pthread_mutex_lock(&spare_mu);
	for (size_t i = 0; i < RG_SPARES; i++)
		if (spares[i].state == SPARE_NONE &&
		    pthread_create(&spares[i].thread, NULL, spare_main, &spares[i]) == 0)
			spares[i].state = SPARE_IDLE;
	pthread_mutex_unlock(&spare_mu);
}

struct rg_spare *rg_spare_run(void *(*fn)(void *), void *arg)
{
	struct rg_spare *sp = NULL;
	pthread_mutex_lock(&spare_mu);
	for (size_t i = 0; i < RG_SPARES && !sp; i++)
		if (spares[i].state == SPARE_IDLE) {
			sp = &spares[i];
			sp->fn = fn;
			sp->arg = arg;
			sp->state = SPARE_WORK;
			pthread_cond_broadcast(&spare_cv);
		}
	pthread_mutex_unlock(&spare_mu);
	return sp;
}

/* Ends sp from state `from`, having set it to `to` (WORK: its job ends by
 * itself; STOP: told to end). */
static void spare_end(struct rg_spare *sp, enum spare_state from, enum spare_state to)
{
	pthread_mutex_lock(&spare_mu);
	bool ours = sp->state == from;
	if (ours) {
		sp->state = to;
		pthread_cond_broadcast(&spare_cv);
	}
	pthread_mutex_unlock(&spare_mu);
	if (!ours)
		return;
	pthread_join(sp->thread, NULL);
	pthread_mutex_lock(&spare_mu);
	sp->state = SPARE_NONE;
	pthread_mutex_unlock(&spare_mu);
}

void rg_spare_wait(struct rg_spare *sp)
{
	spare_end(sp, SPARE_WORK, SPARE_WORK);
}

void rg_spare_stop(void)
{
	for (size_t i = 0; i < RG_SPARES; i++)
		spare_end(&spares[i], SPARE_IDLE, SPARE_STOP);
}

/* ---- the launch ---- */

struct launch {
	int (*open_client)(struct rg_error *err);
	void (*job)(void *arg);
	void *arg;
};

static void *launch_main(void *p)
{
	struct launch l = *(struct launch *)p;
	free(p);
	if (l.open_client) {
		struct rg_error ignored;
		(void)l.open_client(&ignored);
	}
	l.job(l.arg);
	return NULL;
}

int rg_spare_launch(pthread_t *thread, int (*open_client)(struct rg_error *err),
		    void (*job)(void *arg), void *arg)
{
	/* before the job's dlopen() can hold up making them */
	spares_start();
	struct launch *l = rg_xmalloc(sizeof(*l));
	*l = (struct launch){open_client, job, arg};
	if (pthread_create(thread, NULL, launch_main, l) != 0) {
		free(l);
		return -1;
	}
	return 0;
}
