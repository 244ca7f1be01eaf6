/*
 * workq: jobs done by a pool of threads and taken back in the order in
 * which they were given, so that a program can spread work over its
 * cores and still write its output in one deterministic order.
 *
 * The caller owns its jobs: dp_workq_put() lends one to the queue, and
 * dp_workq_take() gives it back once it was done.  Each thread passes
 * the job to fn along with its own worker argument (say, a repository
 * handle that only this thread uses).  A queue of 0 threads runs each
 * job in the caller's thread, inside dp_workq_put(), with workers[0].
 *
 * The queue holds every job given and not yet taken: the caller bounds
 * its memory by taking jobs back before giving more.
 */
#ifndef DP_WORKQ_H
#define DP_WORKQ_H

#include <stddef.h>

#include "error.h"

/* Does job with the worker argument of the calling thread. */
typedef void (*dp_workq_fn)(void *job, void *worker);

struct dp_workq;

/*
 * Returns a new queue of threads threads (0 or more), thread i calling
 * fn with workers[i] (workers[0] when threads is 0; the array is
 * borrowed and must outlive the queue).  Free with dp_workq_free().
 * Returns NULL with DP_ERR_NOMEM, or DP_ERR_INTERNAL when a thread
 * cannot be started.
 */
struct dp_workq *dp_workq_new(size_t threads, dp_workq_fn fn,
	    void **workers, struct dp_error *err);

/* Gives job to q.  Returns 0, or -1 with DP_ERR_NOMEM. */
int	dp_workq_put(struct dp_workq *q, void *job, struct dp_error *err);

/* Returns how many jobs were given to q and not taken back yet. */
size_t	dp_workq_pending(const struct dp_workq *q);

/*
 * Waits until the oldest job given and not taken back is done, and
 * returns it.  Returns NULL when there is none.
 */
void	*dp_workq_take(struct dp_workq *q);

/*
 * Stops the threads of q and frees it; q may be NULL.  The caller takes
 * back every job first.
 */
void	dp_workq_free(struct dp_workq *q);

#endif
