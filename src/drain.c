/*
 * drain.c — a graceful stop. Kore's worker leaves its loop at once on
 * SIGTERM, dropping the requests in flight. So a worker catches the
 * signal itself, /readyz says 503 from then on, and the requests already
 * accepted are finished (for at most DRAIN_MAX_MS) before the signal is
 * handed to Kore.
 */
#include <kore/kore.h>

#include <signal.h>
#include <string.h>

#include "jb_drain.h"
#include "jb_metrics.h"

#define DRAIN_TIMER_MS 50
#define DRAIN_MAX_MS 10000

static volatile sig_atomic_t drain_sig;
static uint64_t drain_deadline;
static int drain_inflight;

static void drain_signal(int);
static void drain_timer(void *, uint64_t);

/* In each worker: catch the stop signals, check on them every 50 ms. */
void
jb_drain_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = drain_signal;
	(void)sigfillset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGQUIT, &sa, NULL);
	(void)kore_timer_add(drain_timer, DRAIN_TIMER_MS, NULL, 0);
}

/* Is this worker on its way out? */
int
jb_draining(void)
{
	return (drain_sig != 0);
}

/* A request was accepted. */
void
jb_drain_enter(void)
{
	drain_inflight++;
	jb_metrics_in_flight(drain_inflight);
}

/* A request is gone (answered, or its connection closed). */
void
jb_drain_leave(void)
{
	drain_inflight--;
	jb_metrics_in_flight(drain_inflight);
}

static void
drain_signal(int sig)
{
	drain_sig = sig;
}

/* Once nothing is in flight (or time is up), let Kore stop the worker. */
static void
drain_timer(void *arg, uint64_t now)
{
	if (drain_sig == 0 || sig_recv != 0)
		return;
	if (drain_deadline == 0)
		drain_deadline = now + DRAIN_MAX_MS;
	if (drain_inflight == 0 || now >= drain_deadline)
		sig_recv = drain_sig;
}
