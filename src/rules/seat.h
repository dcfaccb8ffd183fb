/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * seat.h: the rules of a seat in a course run — who gets one, who waits,
 * who moves up when someone leaves, and when a course is completed.
 * Pure functions of plain values; db_course.c applies them inside the
 * transaction that reads the facts, so two people cannot both get the
 * last seat.
 */
#ifndef YJ_SEAT_H
#define YJ_SEAT_H

#include <time.h>

enum seat_status {
	SEAT_NONE,		/* never enrolled in this run */
	SEAT_ENROLLED,
	SEAT_WAITLISTED,
	SEAT_WITHDRAWN,
};

enum seat_verdict {
	SV_ENROL,		/* a seat */
	SV_WAITLIST,	/* the run is full: join the queue */
	SV_ALREADY_ENROLLED,
	SV_ALREADY_WAITLISTED,
	SV_NOT_OPEN,	/* enrolment window not open yet */
	SV_CLOSED,		/* window closed, or the run has ended */
	SV_PREREQ,		/* prerequisites not completed */
	SV_TRACK,		/* course is for the other track */
};

enum withdraw_verdict {
	WV_DONE,		/* the seat (or waitlist place) is given up */
	WV_NOTHING,	/* not enrolled, or already withdrawn */
	WV_COMPLETED,	/* the course was completed: the record stays */
	WV_ENDED,		/* the run is over: nothing left to give up */
};

struct seat_facts {
	const char		*today;		/* YYYY-MM-DD, China time */
	const char		*opens;		/* the course's window */
	const char		*closes;
	const char		*run_ends;
	int			 capacity;
	int			 enrolled;	/* seats taken now */
	int			 missing_prereqs;
	int			 track_ok;
	enum seat_status	 current;
};

enum seat_verdict	 seat_decide(const struct seat_facts *);
int			 seat_promotions(int, int, int);
enum withdraw_verdict	 seat_withdraw(enum seat_status, int, const char *,
			    const char *);
int			 seat_attendance_met(int, int, int);
int			 seat_passed(int, int, int, int, int);
void			 seat_today(time_t, char [11]);
const char		*seat_status_code(enum seat_status);
int			 seat_status_parse(const char *, enum seat_status *);

#endif
