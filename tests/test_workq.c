#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <criterion/criterion.h>

#include "workq.h"

struct job {
	int n;
	int square;
	void *by;
};

/* Squares a job's number, slower for small numbers to mix the order. */
static void
square(void *arg, void *worker)
{
	struct job *j = arg;
	struct timespec ts = { 0, (long)(j->n % 3) * 1000000L };

	nanosleep(&ts, NULL);
	j->square = j->n * j->n;
	j->by = worker;
}

static void
run(size_t threads)
{
	int w[4] = { 0, 1, 2, 3 };
	void *workers[4] = { &w[0], &w[1], &w[2], &w[3] };
	struct job jobs[40];
	struct dp_workq *q;
	struct job *got;
	int i, next = 0;

	cr_assert_not_null(q = dp_workq_new(threads, square, workers, NULL));
	for (i = 0; i < 40; i++) {
		jobs[i].n = i;
		cr_assert_eq(dp_workq_put(q, &jobs[i], NULL), 0);
		if (dp_workq_pending(q) == 8) {
			got = dp_workq_take(q);
			cr_assert_eq(got, &jobs[next]);
			cr_assert_eq(got->square, next * next);
			next++;
		}
	}
	while ((got = dp_workq_take(q)) != NULL) {
		cr_assert_eq(got, &jobs[next]);
		cr_assert_eq(got->square, next * next);
		cr_assert(threads > 0 ? got->by != &w[3] : got->by == &w[0]);
		next++;
	}
	cr_assert_eq(next, 40);
	cr_assert_eq(dp_workq_pending(q), 0);
	dp_workq_free(q);
}

Test(workq, jobs_come_back_in_order_without_threads)
{
	run(0);
}

Test(workq, jobs_come_back_in_order_from_three_threads)
{
	run(3);
}

Test(workq, take_on_an_empty_queue_returns_null)
{
	void *workers[2] = { NULL, NULL };
	struct dp_workq *q;

	cr_assert_not_null(q = dp_workq_new(2, square, workers, NULL));
	cr_assert_null(dp_workq_take(q));
	dp_workq_free(q);
	dp_workq_free(NULL);
}
