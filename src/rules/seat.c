/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * seat.c: enrolment decisions, waitlist promotion and completion.
 *
 * Order of checks (the first that applies is the answer the apprentice
 * sees): already in the run; the course's track; the enrolment window and
 * the run's end; prerequisites; then a seat or the waitlist. A withdrawn
 * person who enrols again joins at the back, like anyone arriving now.
 */
#include <string.h>

#include "seat.h"

static const char *const status_codes[] = {
	[SEAT_NONE] = "none",
	[SEAT_ENROLLED] = "enrolled",
	[SEAT_WAITLISTED] = "waitlisted",
	[SEAT_WITHDRAWN] = "withdrawn",
};

enum seat_verdict
seat_decide(const struct seat_facts *f)
{
	if (f->current == SEAT_ENROLLED)
		return (SV_ALREADY_ENROLLED);
	if (f->current == SEAT_WAITLISTED)
		return (SV_ALREADY_WAITLISTED);
	if (!f->track_ok)
		return (SV_TRACK);
	if (strcmp(f->today, f->opens) < 0)
		return (SV_NOT_OPEN);
	if (strcmp(f->today, f->closes) > 0 ||
	    strcmp(f->today, f->run_ends) > 0)
		return (SV_CLOSED);
	if (f->missing_prereqs > 0)
		return (SV_PREREQ);
	if (f->enrolled < f->capacity)
		return (SV_ENROL);
	return (SV_WAITLIST);
}

/*
 * How many people at the head of the waitlist get a seat now: the free
 * seats, but no more than are waiting (never negative, so lowering the
 * capacity below the enrolled count bumps nobody).
 */
int
seat_promotions(int capacity, int enrolled, int waiting)
{
	int	 free_seats = capacity - enrolled;

	if (free_seats <= 0 || waiting <= 0)
		return (0);
	return (free_seats < waiting ? free_seats : waiting);
}

/*
 * May a person in status leave a run ending run_ends (today is China's
 * date; completed says a completion is on record)? A finished run is not
 * left — its waitlist must not be promoted into a course that is over —
 * and a completion is never undone.
 */
enum withdraw_verdict
seat_withdraw(enum seat_status status, int completed, const char *today,
    const char *run_ends)
{
	if (status != SEAT_ENROLLED && status != SEAT_WAITLISTED)
		return (WV_NOTHING);
	if (completed)
		return (WV_COMPLETED);
	if (strcmp(today, run_ends) > 0)
		return (WV_ENDED);
	return (WV_DONE);
}

/* 1 when attended of sessions reaches percent (integer arithmetic). */
int
seat_attendance_met(int attended, int sessions, int percent)
{
	if (sessions <= 0)
		return (1);
	return ((long)attended * 100 >= (long)percent * sessions);
}

/* The course is completed: the score reaches the pass mark and the
 * attendance rule is met. */
int
seat_passed(int score, int pass_mark, int attended, int sessions,
    int percent)
{
	return (score >= pass_mark &&
	    seat_attendance_met(attended, sessions, percent));
}

/*
 * Today's date in China (UTC+8, no daylight saving), whatever the
 * server's zone: windows in course files are Pingzhou dates.
 */
void
seat_today(time_t now, char out[11])
{
	struct tm	 tm;
	time_t		 t = now + 8 * 3600;

	gmtime_r(&t, &tm);
	(void)strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *
seat_status_code(enum seat_status s)
{
	return ((unsigned)s <= SEAT_WITHDRAWN ? status_codes[s] : "none");
}

int
seat_status_parse(const char *s, enum seat_status *out)
{
	int	 i;

	for (i = SEAT_ENROLLED; s != NULL && i <= SEAT_WITHDRAWN; i++) {
		if (strcmp(s, status_codes[i]) == 0) {
			*out = (enum seat_status)i;
			return (1);
		}
	}
	*out = SEAT_NONE;
	return (0);
}
