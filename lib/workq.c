#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "workq.h"

struct node {
	void *job;
	int done;
	struct node *next;
};

struct thread {
	struct dp_workq *q;
	void *worker;
	pthread_t id;
};

struct dp_workq {
	dp_workq_fn fn;
	void **workers;
	struct thread *threads;
	size_t nthreads;	/* started */
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a job to start, or stop */
	pthread_cond_t done;	/* a job is done */
	struct node *head;	/* oldest not taken */
	struct node *tail;
	struct node *next;	/* oldest not started */
	size_t pending;
	int stop;
};

static void *
run(void *arg)
{
	struct thread *t = arg;
	struct dp_workq *q = t->q;
	struct node *n;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->stop && q->next == NULL)
			pthread_cond_wait(&q->work, &q->lock);
		if ((n = q->next) == NULL)
			break;
		q->next = n->next;
		pthread_mutex_unlock(&q->lock);
		q->fn(n->job, t->worker);
		pthread_mutex_lock(&q->lock);
		n->done = 1;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct dp_workq *
dp_workq_new(size_t threads, dp_workq_fn fn, void **workers,
    struct dp_error *err)
{
	struct dp_workq *q;
	size_t i;

	if ((q = calloc(1, sizeof(*q))) == NULL ||
	    (threads > 0 && (q->threads = calloc(threads,
	    sizeof(*q->threads))) == NULL)) {
		free(q);
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	q->fn = fn;
	q->workers = workers;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	for (i = 0; i < threads; i++) {
		q->threads[i].q = q;
		q->threads[i].worker = workers[i];
		if (pthread_create(&q->threads[i].id, NULL, run,
		    &q->threads[i]) != 0) {
			dp_workq_free(q);
			dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
			    "cannot start a thread");
			return NULL;
		}
		q->nthreads++;
	}
	return q;
}

int
dp_workq_put(struct dp_workq *q, void *job, struct dp_error *err)
{
	struct node *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	n->job = job;
	if (q->threads == NULL) {
		q->fn(job, q->workers[0]);
		n->done = 1;
	}
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	if (q->next == NULL && !n->done)
		q->next = n;
	q->pending++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

size_t
dp_workq_pending(const struct dp_workq *q)
{
	return q->pending;
}

void *
dp_workq_take(struct dp_workq *q)
{
	struct node *n;
	void *job;

	pthread_mutex_lock(&q->lock);
	if ((n = q->head) != NULL) {
		while (!n->done)
			pthread_cond_wait(&q->done, &q->lock);
		if ((q->head = n->next) == NULL)
			q->tail = NULL;
		q->pending--;
	}
	pthread_mutex_unlock(&q->lock);
	if (n == NULL)
		return NULL;
	job = n->job;
	free(n);
	return job;
}

void
dp_workq_free(struct dp_workq *q)
{
	size_t i;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i].id, NULL);
	while (dp_workq_take(q) != NULL)
		continue;
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->lock);
	free(q->threads);
	free(q);
}
