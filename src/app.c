/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * app.c: where Kore meets Yujiang — the process hooks (migrations in the
 * parent before the fork, one SQLite connection per worker), the seccomp
 * allow-list, the static assets, and the route table: every route, who
 * may call it and which function answers, in one place.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/hooks.h>
#include <kore/seccomp.h>

#include <gd.h>

#include "account.h"
#include "catalogue.h"
#include "cert.h"
#include "certfile.h"
#include "code.h"
#include "compete.h"
#include "course.h"
#include "csvio.h"
#include "dash.h"
#include "ident.h"
#include "inbox.h"
#include "issuer.h"
#include "jobs.h"
#include "metrics.h"
#include "outbox.h"
#include "portfolio.h"
#include "privacy.h"
#include "signer.h"
#include "train.h"
#include "web.h"
#include "webmetrics.h"

/*
 * System calls the workers need beyond Kore 4.1's own list (KORE.md 3.4),
 * each with what makes it. Kore installs this filter in every worker; the
 * integration tests run with it enforced and fail on any violation.
 */
KORE_SECCOMP_FILTER("yujiang",
	/* glibc >= 2.33 implements stat/fstat with newfstatat: SQLite,
	 * FreeType, gmtime_r's time-zone check. */
	KORE_SYSCALL_ALLOW(newfstatat),
	/* SQLite in WAL mode. */
	KORE_SYSCALL_ALLOW(pread64),
	KORE_SYSCALL_ALLOW(pwrite64),
	KORE_SYSCALL_ALLOW(fsync),
	KORE_SYSCALL_ALLOW(fdatasync),
	KORE_SYSCALL_ALLOW(ftruncate),
	KORE_SYSCALL_ALLOW(fchown),	/* only when the worker runs as root */
	/* SQLite's robust_open() gives a new -wal/-shm the database's mode
	 * when the umask (077, set at start) took bits from it. */
	KORE_SYSCALL_ALLOW(fchmod),
	/* glibc realloc() of large mmap'ed blocks (libgd, Argon2id). */
	KORE_SYSCALL_ALLOW(mremap),
	/* Kore tasks (Argon2id off the event loop): glibc's pthread_create
	 * tries clone3 first and falls back to clone on ENOSYS; new threads
	 * register rseq. */
	KORE_SYSCALL_DENY(clone3, ENOSYS),
	KORE_SYSCALL_ALLOW(rseq),
	/* Certificates: a PNG or ZIP is written to a temporary file and
	 * renamed into place (a reader never sees half a file); gettid()
	 * names the temporary file of each task thread. */
	KORE_SYSCALL_ALLOW(rename),
	KORE_SYSCALL_ALLOW(gettid),
	/* The outbox's libcurl on a task thread (outbox.c): Kore already
	 * allows socket and connect (its pgsql rules); curl asks the
	 * socket's peer, and SMTP's EHLO names this host (gethostname()
	 * is uname()). Found with seccomp_tracing (KORE.md 3.3). */
	KORE_SYSCALL_ALLOW(getpeername),
	KORE_SYSCALL_ALLOW(uname),
	/* A task thread hashing a password lowers its own CPU priority
	 * (web_pw.c), and so does a roster's import thread (school.c): the
	 * event loop answers first. */
	KORE_SYSCALL_ALLOW(setpriority),
);

/*
 * The route table. path is the route exactly as in conf/common.conf;
 * who may GET it (and POST it, unless a sixth field narrows POST);
 * web_routes_check() refuses to start a worker when the two disagree.
 * A row answers GET (and HEAD) with its first function and POST with its
 * second; a method without a function gets 405. R_DIRECT rows (open to
 * anyone) are served by their own Kore handler: the stylesheet, and
 * /hello, the benchmark's baseline, which must not pay for the dispatcher.
 */
static const struct route routes[] = {
	/* path			who		flags
	 *	GET				POST		who may POST */
	{ "/",			WHO_ANY,	0,
		dash_home,			NULL, 0 },
	{ "/register",		WHO_ANY,	R_ANON_ONLY,
		account_register_page,		account_register, 0 },
	{ "/login",		WHO_ANY,	R_ANON_ONLY,
		account_login_page,		account_login, 0 },
	{ "/logout",		WHO_USER,	0,
		NULL,				account_logout, 0 },
	{ "/me",		WHO_USER,	0,
		dash_me,			NULL, 0 },
	{ "/staff/users",	WHO_STAFF,	0,
		account_users_page,		account_user_create, 0 },
	{ "/lang",		WHO_ANY,	0,
		dash_lang,			NULL, 0 },
	{ "/healthz",		WHO_ANY,	R_JSON | R_NO_SESSION,
		dash_healthz,			NULL, 0 },
	{ "/assets/yujiang.css", WHO_ANY,	R_DIRECT | R_NO_SESSION,
		NULL,				NULL, 0 },
	{ "/assets/verify.js", WHO_ANY,	R_DIRECT | R_NO_SESSION,
		NULL,				NULL, 0 },
	{ "/hello",		WHO_ANY,	R_DIRECT | R_NO_SESSION,
		NULL,				NULL, 0 },
	{ "/api/v1/csrf",	WHO_ANY,	R_JSON,
		account_csrf,			NULL, 0 },
	{ "/api/v1/register",	WHO_ANY,	R_JSON | R_ANON_ONLY,
		NULL,				account_register, 0 },
	{ "/api/v1/login",	WHO_ANY,	R_JSON | R_ANON_ONLY,
		NULL,				account_login, 0 },
	{ "/api/v1/logout",	WHO_USER,	R_JSON,
		NULL,				account_logout, 0 },
	{ "/api/v1/me",		WHO_USER,	R_JSON,
		account_me,			NULL, 0 },
	{ "/api/v1/users",	WHO_STAFF,	R_JSON,
		NULL,				account_user_create, 0 },

	/* 入门 entry: the catalogue, runs, seats, the desk, rosters. */
	{ "/courses",		WHO_ANY,	0,
		listing_catalogue,		NULL, 0 },
	{ "^/courses/[A-Z]{2,4}[0-9]{3}$", WHO_ANY, 0,
		course_show,			NULL, 0 },
	{ "^/courses/[A-Z]{2,4}[0-9]{3}/runs$", WHO_STAFF, 0,
		NULL,				course_run_create, 0 },
	{ "^/runs/[0-9]{1,12}$",	WHO_MASTER | WHO_STAFF, 0,
		desk_show,			desk_run_update, WHO_STAFF },
	{ "^/runs/[0-9]{1,12}/enrol$", WHO_APPRENTICE, R_VERIFIED,
		NULL,				enrol_enrol, 0 },
	{ "^/runs/[0-9]{1,12}/withdraw$", WHO_APPRENTICE, 0,
		NULL,				enrol_withdraw, 0 },
	{ "^/runs/[0-9]{1,12}/attendance$", WHO_MASTER | WHO_STAFF, 0,
		NULL,				desk_attendance, 0 },
	{ "^/runs/[0-9]{1,12}/result$", WHO_MASTER | WHO_STAFF, 0,
		NULL,				desk_result, 0 },
	{ "^/runs/[0-9]{1,12}/enrolments\\.csv$", WHO_MASTER | WHO_STAFF, 0,
		desk_export,			NULL, 0 },
	{ "/staff/roster",	WHO_STAFF,	0,
		school_roster_page,		school_roster_import, 0 },
	{ "/activate",		WHO_ANY,	R_ANON_ONLY,
		school_activate_page,		school_activate, 0 },
	{ "/api/v1/courses",	WHO_ANY,	R_JSON,
		listing_catalogue,		NULL, 0 },
	{ "^/api/v1/courses/[A-Z]{2,4}[0-9]{3}$", WHO_ANY, R_JSON,
		course_show,			NULL, 0 },
	{ "^/api/v1/courses/[A-Z]{2,4}[0-9]{3}/runs$", WHO_STAFF, R_JSON,
		NULL,				course_run_create, 0 },
	{ "^/api/v1/runs/[0-9]{1,12}$", WHO_MASTER | WHO_STAFF, R_JSON,
		desk_show,			desk_run_update, WHO_STAFF },
	{ "^/api/v1/runs/[0-9]{1,12}/enrol$", WHO_APPRENTICE,
	    R_JSON | R_VERIFIED,
		NULL,				enrol_enrol, 0 },
	{ "^/api/v1/runs/[0-9]{1,12}/withdraw$", WHO_APPRENTICE, R_JSON,
		NULL,				enrol_withdraw, 0 },
	{ "^/api/v1/runs/[0-9]{1,12}/attendance$", WHO_MASTER | WHO_STAFF,
	    R_JSON,
		NULL,				desk_attendance, 0 },
	{ "^/api/v1/runs/[0-9]{1,12}/result$", WHO_MASTER | WHO_STAFF, R_JSON,
		NULL,				desk_result, 0 },
	{ "/api/v1/me/enrolments", WHO_APPRENTICE, R_JSON,
		enrol_mine,			NULL, 0 },
	{ "/api/v1/roster",	WHO_STAFF,	R_JSON,
		NULL,				school_roster_import, 0 },
	{ "/api/v1/activate",	WHO_ANY,	R_JSON | R_ANON_ONLY,
		NULL,				school_activate, 0 },

	/* 培养 training: masters, lineage, mentorships, the log, people. */
	{ "/masters", WHO_ANY, 0,
		master_list, NULL, 0 },
	{ "^/masters/[0-9]{1,12}$", WHO_ANY, 0,
		master_show, NULL, 0 },
	{ "^/masters/[0-9]{1,12}/lineage\\.png$", WHO_ANY, R_NO_SESSION,
		master_lineage_png, NULL, 0 },
	{ "^/masters/[0-9]{1,12}/ask$", WHO_APPRENTICE, R_VERIFIED,
		NULL, train_ask, 0 },
	{ "^/masters/[0-9]{1,12}/limit$", WHO_STAFF, 0,
		NULL, master_limit, 0 },
	{ "^/mentorships/[0-9]{1,12}/accept$", WHO_MASTER, 0,
		NULL, train_accept, 0 },
	{ "^/mentorships/[0-9]{1,12}/decline$", WHO_MASTER, 0,
		NULL, train_decline, 0 },
	{ "^/mentorships/[0-9]{1,12}/end$", WHO_MEMBER, 0,
		NULL, train_end, 0 },
	{ "^/mentorships/[0-9]{1,12}/recommend$", WHO_MASTER, 0,
		NULL, train_recommend, 0 },
	{ "/training", WHO_APPRENTICE | WHO_MASTER, 0,
		train_page, NULL, 0 },
	{ "/training/log", WHO_APPRENTICE, R_VERIFIED,
		NULL, train_log_add, 0 },
	{ "^/training/log/[0-9]{1,12}/confirm$", WHO_MASTER, 0,
		NULL, train_log_confirm, 0 },
	{ "^/training/log/[0-9]{1,12}/reject$", WHO_MASTER, 0,
		NULL, train_log_reject, 0 },
	{ "^/people/[0-9]{1,12}$", WHO_MEMBER, 0,
		person_show, NULL, 0 },
	{ "^/people/[0-9]{1,12}/level$", WHO_STAFF, 0,
		NULL, person_level, 0 },
	{ "^/people/[0-9]{1,12}/stage$", WHO_STAFF, 0,
		NULL, person_stage, 0 },
	{ "/api/v1/masters", WHO_ANY, R_JSON,
		master_list, NULL, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}$", WHO_ANY, R_JSON,
		master_show, NULL, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/ask$", WHO_APPRENTICE,
	    R_JSON | R_VERIFIED,
		NULL, train_ask, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/limit$", WHO_STAFF, R_JSON,
		NULL, master_limit, 0 },
	{ "^/api/v1/mentorships/[0-9]{1,12}/accept$", WHO_MASTER, R_JSON,
		NULL, train_accept, 0 },
	{ "^/api/v1/mentorships/[0-9]{1,12}/decline$", WHO_MASTER, R_JSON,
		NULL, train_decline, 0 },
	{ "^/api/v1/mentorships/[0-9]{1,12}/end$", WHO_MEMBER, R_JSON,
		NULL, train_end, 0 },
	{ "^/api/v1/mentorships/[0-9]{1,12}/recommend$", WHO_MASTER, R_JSON,
		NULL, train_recommend, 0 },
	{ "/api/v1/training", WHO_APPRENTICE | WHO_MASTER, R_JSON,
		train_page, NULL, 0 },
	{ "/api/v1/training/log", WHO_APPRENTICE, R_JSON | R_VERIFIED,
		NULL, train_log_add, 0 },
	{ "^/api/v1/training/log/[0-9]{1,12}/confirm$", WHO_MASTER, R_JSON,
		NULL, train_log_confirm, 0 },
	{ "^/api/v1/training/log/[0-9]{1,12}/reject$", WHO_MASTER, R_JSON,
		NULL, train_log_reject, 0 },
	{ "^/api/v1/people/[0-9]{1,12}$", WHO_MEMBER, R_JSON,
		person_show, NULL, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/level$", WHO_STAFF, R_JSON,
		NULL, person_level, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/stage$", WHO_STAFF, R_JSON,
		NULL, person_stage, 0 },
	/* Storage quotas: staff change one person's limits. */
	{ "^/people/[0-9]{1,12}/quota$", WHO_STAFF, 0,
		NULL, quota_set, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/quota$", WHO_STAFF, R_JSON,
		NULL, quota_set, 0 },

	/* 证书 certificates. */
	{ "/certs", WHO_MEMBER, 0,
		cert_list, cert_issue, WHO_STAFF },
	{ "/certs/share", WHO_APPRENTICE | WHO_MASTER, 0,
		NULL, cert_share, 0 },
	{ "^/certs/[0-9]{1,12}$", WHO_MEMBER, 0,
		cert_show, NULL, 0 },
	{ "^/certs/[0-9]{1,12}\\.png$", WHO_MEMBER, 0,
		cert_picture, NULL, 0 },
	{ "^/certs/[0-9]{1,12}\\.pdf$", WHO_MEMBER, 0,
		cert_print, NULL, 0 },
	{ "^/certs/[0-9]{1,12}/credential\\.json$", WHO_MEMBER, 0,
		cert_credential, NULL, 0 },
	{ "^/certs/[0-9]{1,12}/revoke$", WHO_STAFF, 0,
		NULL, cert_revoke, 0 },
	{ "^/certs/[0-9]{1,12}/reissue$", WHO_STAFF, 0,
		NULL, cert_reissue, 0 },
	{ "^/runs/[0-9]{1,12}/certificates$", WHO_STAFF, 0,
		NULL, cert_batch_issue, 0 },
	{ "^/batches/[0-9]{1,12}$", WHO_STAFF, 0,
		cert_batch_show, NULL, 0 },
	{ "^/batches/[0-9]{1,12}\\.zip$", WHO_STAFF, 0,
		cert_batch_zip, NULL, 0 },
	{ "^/v/[0-9A-Za-z]{1,64}$", WHO_ANY, R_NO_SESSION | R_SCRIPT,
		verify_page, NULL, 0 },
	{ "/verify", WHO_ANY, 0,
		verify_lookup_page, verify_lookup, 0 },
	{ "/api/v1/certs", WHO_MEMBER, R_JSON,
		cert_list, cert_issue, WHO_STAFF },
	{ "/api/v1/certs/share", WHO_APPRENTICE | WHO_MASTER, R_JSON,
		NULL, cert_share, 0 },
	{ "^/api/v1/certs/[0-9]{1,12}$", WHO_MEMBER, R_JSON,
		cert_show, NULL, 0 },
	{ "^/api/v1/certs/[0-9]{1,12}/revoke$", WHO_STAFF, R_JSON,
		NULL, cert_revoke, 0 },
	{ "^/api/v1/certs/[0-9]{1,12}/reissue$", WHO_STAFF, R_JSON,
		NULL, cert_reissue, 0 },
	{ "^/api/v1/runs/[0-9]{1,12}/certificates$", WHO_STAFF, R_JSON,
		NULL, cert_batch_issue, 0 },
	{ "^/api/v1/batches/[0-9]{1,12}$", WHO_STAFF, R_JSON,
		cert_batch_show, NULL, 0 },
	{ "^/api/v1/verify/[0-9A-Za-z]{1,64}$", WHO_ANY, R_JSON | R_NO_SESSION,
		verify_page, NULL, 0 },
	{ "/api/v1/verify", WHO_ANY, R_JSON,
		NULL, verify_lookup, 0 },
	{ "/api/v1/keys", WHO_ANY, R_JSON | R_NO_SESSION,
		verify_keys, NULL, 0 },
	/* Suspension and the W3C Bitstring Status Lists (status.h). */
	{ "^/certs/[0-9]{1,12}/suspend$", WHO_STAFF, 0,
		NULL, cert_suspend, 0 },
	{ "^/certs/[0-9]{1,12}/reinstate$", WHO_STAFF, 0,
		NULL, cert_reinstate, 0 },
	{ "^/api/v1/certs/[0-9]{1,12}/suspend$", WHO_STAFF, R_JSON,
		NULL, cert_suspend, 0 },
	{ "^/api/v1/certs/[0-9]{1,12}/reinstate$", WHO_STAFF, R_JSON,
		NULL, cert_reinstate, 0 },
	{ "^/status/(revocation|suspension)$", WHO_ANY, R_NO_SESSION,
		verify_status_list, NULL, 0 },
	{ "^/api/v1/status/(revocation|suspension)$", WHO_ANY,
		R_JSON | R_NO_SESSION, verify_status_list, NULL, 0 },
	{ "/.well-known/did.json", WHO_ANY, R_JSON | R_NO_SESSION,
		verify_did, NULL, 0 },

	/* 孵化 incubation: portfolios, cohorts, milestones; the dashboard. */
	{ "/works", WHO_ANY, 0,
		portfolio_gallery, NULL, 0 },
	{ "/portfolio", WHO_APPRENTICE | WHO_MASTER, 0,
		portfolio_page, portfolio_create, 0 },
	{ "^/works/[0-9]{1,12}$", WHO_ANY, 0,
		portfolio_show, portfolio_update, WHO_APPRENTICE | WHO_MASTER },
	{ "^/works/[0-9]{1,12}/photos$", WHO_APPRENTICE | WHO_MASTER,
	    R_UPLOAD | R_VERIFIED,
		NULL, portfolio_photo, 0 },
	{ "^/works/[0-9]{1,12}/comments$", WHO_MASTER | WHO_STAFF, 0,
		NULL, portfolio_comment, 0 },
	{ "^/photos/[0-9]{1,12}/(full|phone|thumb)\\.jpg$", WHO_ANY, 0,
		portfolio_photo_file, NULL, 0 },
	{ "^/photos/[0-9]{1,12}/delete$", WHO_APPRENTICE | WHO_MASTER, 0,
		NULL, portfolio_photo_delete, 0 },
	{ "/cohorts", WHO_MASTER | WHO_STAFF, 0,
		cohort_list, cohort_create, WHO_STAFF },
	{ "^/cohorts/[0-9]{1,12}$", WHO_MEMBER, 0,
		cohort_show, NULL, 0 },
	{ "^/cohorts/[0-9]{1,12}/admit$", WHO_STAFF, 0,
		NULL, cohort_admit, 0 },
	{ "^/cohorts/[0-9]{1,12}/milestones$", WHO_STAFF, 0,
		NULL, cohort_milestone_add, 0 },
	{ "^/milestones/[0-9]{1,12}/sign$", WHO_MASTER, 0,
		NULL, cohort_sign, 0 },
	{ "^/masters/[0-9]{1,12}/speciality$", WHO_MASTER | WHO_STAFF, 0,
		NULL, cohort_speciality, 0 },
	{ "/staff/dashboard", WHO_STAFF, 0,
		staffdash_page, NULL, 0 },
	{ "^/staff/dashboard/(funnel|enrolments|certificates)\\.png$", WHO_STAFF, 0,
		staffdash_chart, NULL, 0 },
	{ "^/staff/dashboard/(stages|runs|enrolments|certificates)\\.csv$", WHO_STAFF, 0,
		staffdash_csv, NULL, 0 },
	{ "/api/v1/works", WHO_ANY, R_JSON,
		portfolio_gallery, portfolio_create, WHO_APPRENTICE | WHO_MASTER },
	{ "/api/v1/portfolio", WHO_APPRENTICE | WHO_MASTER, R_JSON,
		portfolio_page, NULL, 0 },
	{ "^/api/v1/works/[0-9]{1,12}$", WHO_ANY, R_JSON,
		portfolio_show, portfolio_update, WHO_APPRENTICE | WHO_MASTER },
	{ "^/api/v1/works/[0-9]{1,12}/photos$", WHO_APPRENTICE | WHO_MASTER,
	    R_JSON | R_UPLOAD | R_VERIFIED,
		NULL, portfolio_photo, 0 },
	{ "^/api/v1/works/[0-9]{1,12}/comments$", WHO_MASTER | WHO_STAFF, R_JSON,
		NULL, portfolio_comment, 0 },
	{ "^/api/v1/photos/[0-9]{1,12}/delete$", WHO_APPRENTICE | WHO_MASTER,
	    R_JSON,
		NULL, portfolio_photo_delete, 0 },
	{ "/api/v1/cohorts", WHO_MASTER | WHO_STAFF, R_JSON,
		cohort_list, cohort_create, WHO_STAFF },
	{ "^/api/v1/cohorts/[0-9]{1,12}$", WHO_MEMBER, R_JSON,
		cohort_show, NULL, 0 },
	{ "^/api/v1/cohorts/[0-9]{1,12}/admit$", WHO_STAFF, R_JSON,
		NULL, cohort_admit, 0 },
	{ "^/api/v1/cohorts/[0-9]{1,12}/milestones$", WHO_STAFF, R_JSON,
		NULL, cohort_milestone_add, 0 },
	{ "^/api/v1/milestones/[0-9]{1,12}/sign$", WHO_MASTER, R_JSON,
		NULL, cohort_sign, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/speciality$", WHO_MASTER | WHO_STAFF, R_JSON,
		NULL, cohort_speciality, 0 },
	{ "/api/v1/dashboard", WHO_STAFF, R_JSON,
		staffdash_page, NULL, 0 },

	/* 非遗 the heritage record of a master's craft (heritage.c). */
	{ "^/masters/[0-9]{1,12}/heritage$", WHO_ANY, 0,
		heritage_show, heritage_save, WHO_MASTER | WHO_STAFF },
	{ "^/masters/[0-9]{1,12}/heritage/edit$", WHO_MASTER | WHO_STAFF, 0,
		heritage_edit, NULL, 0 },
	{ "^/masters/[0-9]{1,12}/heritage/photos$", WHO_MASTER | WHO_STAFF, 0,
		NULL, heritage_photo_add, 0 },
	{ "^/masters/[0-9]{1,12}/heritage/photos/remove$",
	    WHO_MASTER | WHO_STAFF, 0,
		NULL, heritage_photo_remove, 0 },
	{ "^/masters/[0-9]{1,12}/heritage/approve$", WHO_STAFF, 0,
		NULL, heritage_approve, 0 },
	{ "^/masters/[0-9]{1,12}/heritage/refuse$", WHO_STAFF, 0,
		NULL, heritage_refuse, 0 },
	{ "/staff/heritage", WHO_STAFF, 0,
		heritage_queue, NULL, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/heritage$", WHO_ANY, R_JSON,
		heritage_show, heritage_save, WHO_MASTER | WHO_STAFF },
	{ "^/api/v1/masters/[0-9]{1,12}/heritage/photos$",
	    WHO_MASTER | WHO_STAFF, R_JSON,
		NULL, heritage_photo_add, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/heritage/photos/remove$",
	    WHO_MASTER | WHO_STAFF, R_JSON,
		NULL, heritage_photo_remove, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/heritage/approve$", WHO_STAFF, R_JSON,
		NULL, heritage_approve, 0 },
	{ "^/api/v1/masters/[0-9]{1,12}/heritage/refuse$", WHO_STAFF, R_JSON,
		NULL, heritage_refuse, 0 },

	/* 评选 selection: competitions, entries, blind judging, results. */
	{ "/competitions", WHO_ANY, 0,
		compete_list, compstep_create, WHO_STAFF },
	{ "^/competitions/[0-9]{1,12}$", WHO_ANY, 0,
		compete_show, compstep_rules, WHO_STAFF },
	{ "^/competitions/[0-9]{1,12}/categories$", WHO_STAFF, 0,
		NULL, compstep_category_add, 0 },
	{ "^/competitions/[0-9]{1,12}/judges$", WHO_STAFF, 0,
		NULL, compstep_judge_add, 0 },
	{ "^/competitions/[0-9]{1,12}/entries$", WHO_APPRENTICE, R_VERIFIED,
		NULL, entrant_enter, 0 },
	{ "^/competitions/[0-9]{1,12}/open$", WHO_STAFF, 0,
		NULL, compstep_open, 0 },
	{ "^/competitions/[0-9]{1,12}/lock$", WHO_STAFF, 0,
		NULL, compstep_lock, 0 },
	{ "^/competitions/[0-9]{1,12}/publish$", WHO_STAFF, 0,
		NULL, compstep_publish, 0 },
	{ "^/competitions/[0-9]{1,12}/remark$", WHO_STAFF, 0,
		NULL, compstep_remark, 0 },
	{ "^/competitions/[0-9]{1,12}/recusals$", WHO_STAFF, 0,
		NULL, compstep_recuse, 0 },
	{ "^/competitions/[0-9]{1,12}/results$", WHO_ANY, 0,
		results_page, NULL, 0 },
	{ "^/competitions/[0-9]{1,12}/results\\.csv$", WHO_ANY, 0,
		results_csv, NULL, 0 },
	{ "^/competitions/[0-9]{1,12}/judges\\.png$", WHO_STAFF, 0,
		results_judges_chart, NULL, 0 },
	{ "^/entries/[0-9]{1,12}$", WHO_ANY, 0,
		entrant_show, NULL, 0 },
	{ "^/entries/[0-9]{1,12}/check$", WHO_STAFF, 0,
		NULL, entrant_check, 0 },
	{ "^/entries/[0-9]{1,12}/photos/[0-9]{1,2}\\.jpg$", WHO_ANY, 0,
		entrant_photo, NULL, 0 },
	{ "^/entries/[0-9]{1,12}/spread\\.png$", WHO_MEMBER, 0,
		results_entry_chart, NULL, 0 },
	{ "/judging", WHO_MASTER, 0,
		judge_list, NULL, 0 },
	{ "^/judging/[0-9]{1,12}$", WHO_MASTER, 0,
		judge_sheet, judge_sheet_save, 0 },
	{ "/nominations", WHO_STAFF, 0,
		results_nominations, NULL, 0 },
	{ "^/nominations/[0-9]{1,12}/confirm$", WHO_STAFF, 0,
		NULL, results_nomination_confirm, 0 },
	{ "^/nominations/[0-9]{1,12}/decline$", WHO_STAFF, 0,
		NULL, results_nomination_decline, 0 },
	{ "/api/v1/competitions", WHO_ANY, R_JSON,
		compete_list, compstep_create, WHO_STAFF },
	{ "^/api/v1/competitions/[0-9]{1,12}$", WHO_ANY, R_JSON,
		compete_show, compstep_rules, WHO_STAFF },
	{ "^/api/v1/competitions/[0-9]{1,12}/categories$", WHO_STAFF, R_JSON,
		NULL, compstep_category_add, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/judges$", WHO_STAFF, R_JSON,
		NULL, compstep_judge_add, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/entries$", WHO_APPRENTICE,
	    R_JSON | R_VERIFIED,
		NULL, entrant_enter, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/open$", WHO_STAFF, R_JSON,
		NULL, compstep_open, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/lock$", WHO_STAFF, R_JSON,
		NULL, compstep_lock, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/publish$", WHO_STAFF, R_JSON,
		NULL, compstep_publish, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/remark$", WHO_STAFF, R_JSON,
		NULL, compstep_remark, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/recusals$", WHO_STAFF, R_JSON,
		NULL, compstep_recuse, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/results$", WHO_ANY, R_JSON,
		results_page, NULL, 0 },
	{ "^/api/v1/entries/[0-9]{1,12}$", WHO_ANY, R_JSON,
		entrant_show, NULL, 0 },
	{ "^/api/v1/entries/[0-9]{1,12}/check$", WHO_STAFF, R_JSON,
		NULL, entrant_check, 0 },
	{ "/api/v1/judging", WHO_MASTER, R_JSON,
		judge_list, NULL, 0 },
	{ "^/api/v1/judging/[0-9]{1,12}$", WHO_MASTER, R_JSON,
		judge_sheet, judge_sheet_save, 0 },
	{ "/api/v1/nominations", WHO_STAFF, R_JSON,
		results_nominations, NULL, 0 },
	{ "^/api/v1/nominations/[0-9]{1,12}/confirm$", WHO_STAFF, R_JSON,
		NULL, results_nomination_confirm, 0 },
	{ "^/api/v1/nominations/[0-9]{1,12}/decline$", WHO_STAFF, R_JSON,
		NULL, results_nomination_decline, 0 },

	/* 十大金牌导购大师: a competition of kind guide — nominations, the
	 * panel's blind sheets, the public's votes, complaints, honours. */
	{ "^/competitions/[0-9]{1,12}/guide$", WHO_STAFF, 0,
		NULL, guide_rules_set, 0 },
	{ "^/competitions/[0-9]{1,12}/guides$", WHO_ANY, 0,
		guide_page, NULL, 0 },
	/* Shops (approved employers: guide_may_nominate()) and staff. */
	{ "^/competitions/[0-9]{1,12}/nominees$", WHO_STAFF | WHO_EMPLOYER,
	    R_UPLOAD | R_VERIFIED,
		NULL, guide_nominate, 0 },
	{ "^/nominees/[0-9]{1,12}/check$", WHO_STAFF, 0,
		NULL, guide_check, 0 },
	{ "^/nominees/[0-9]{1,12}/recusals$", WHO_STAFF, 0,
		NULL, guide_recuse, 0 },
	{ "^/competitions/[0-9]{1,12}/vote$", WHO_USER, R_VERIFIED,
		NULL, guide_vote, 0 },
	{ "^/competitions/[0-9]{1,12}/votes$", WHO_STAFF, 0,
		guide_votes, NULL, 0 },
	{ "^/votes/[0-9]{1,12}/void$", WHO_STAFF, 0,
		NULL, guide_void, 0 },
	{ "^/competitions/[0-9]{1,12}/complaints$", WHO_STAFF, 0,
		NULL, guide_complaint, 0 },
	{ "^/competitions/[0-9]{1,12}/honours$", WHO_ANY, 0,
		guidejudge_honours, NULL, 0 },
	{ "/judging/guides", WHO_MASTER, 0,
		guidejudge_list, NULL, 0 },
	{ "^/judging/guides/[0-9A-Z]{1,16}$", WHO_MASTER | WHO_STAFF, 0,
		guidejudge_sheet, guidejudge_sheet_save, WHO_MASTER },
	{ "^/judging/guides/[0-9A-Z]{1,16}/photo\\.jpg$", WHO_MASTER | WHO_STAFF,
	    0,
		guidejudge_photo, NULL, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/guide$", WHO_STAFF, R_JSON,
		NULL, guide_rules_set, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/guides$", WHO_ANY, R_JSON,
		guide_page, NULL, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/nominees$",
	    WHO_STAFF | WHO_EMPLOYER,
	    R_JSON | R_UPLOAD | R_VERIFIED,
		NULL, guide_nominate, 0 },
	{ "^/api/v1/nominees/[0-9]{1,12}/check$", WHO_STAFF, R_JSON,
		NULL, guide_check, 0 },
	{ "^/api/v1/nominees/[0-9]{1,12}/recusals$", WHO_STAFF, R_JSON,
		NULL, guide_recuse, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/vote$", WHO_USER,
	    R_JSON | R_VERIFIED,
		NULL, guide_vote, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/votes$", WHO_STAFF, R_JSON,
		guide_votes, NULL, 0 },
	{ "^/api/v1/votes/[0-9]{1,12}/void$", WHO_STAFF, R_JSON,
		NULL, guide_void, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/complaints$", WHO_STAFF, R_JSON,
		NULL, guide_complaint, 0 },
	{ "^/api/v1/competitions/[0-9]{1,12}/honours$", WHO_ANY, R_JSON,
		guidejudge_honours, NULL, 0 },
	{ "/api/v1/judging/guides", WHO_MASTER, R_JSON,
		guidejudge_list, NULL, 0 },
	{ "^/api/v1/judging/guides/[0-9A-Z]{1,16}$", WHO_MASTER | WHO_STAFF,
	    R_JSON,
		guidejudge_sheet, guidejudge_sheet_save, WHO_MASTER },

	/* The inbox: a person's messages and their choice of copies. */
	{ "/inbox", WHO_USER, 0,
		inbox_list, NULL, 0 },
	{ "/inbox/read", WHO_USER, 0,
		NULL, inbox_read, 0 },
	{ "/me/notifications", WHO_USER, 0,
		inbox_prefs, inbox_prefs_save, 0 },
	{ "/api/v1/inbox", WHO_USER, R_JSON,
		inbox_list, NULL, 0 },
	{ "/api/v1/inbox/read", WHO_USER, R_JSON,
		NULL, inbox_read, 0 },
	{ "/api/v1/me/notifications", WHO_USER, R_JSON,
		inbox_prefs, inbox_prefs_save, 0 },
	/* 实名核验 and PIPL: the privacy notice, my data, its export and
	 * deletion; staff's identity check, name correction, guardian's
	 * consent and a person's export. */
	{ "/privacy", WHO_ANY, 0,
		privacy_notice, NULL, 0 },
	{ "/me/data", WHO_USER, 0,
		privacy_mine, NULL, 0 },
	{ "^/me/export\\.zip$", WHO_USER, 0,
		privacy_export, NULL, 0 },
	{ "/me/delete", WHO_APPRENTICE | WHO_MASTER, 0,
		NULL, privacy_delete, 0 },
	{ "^/people/[0-9]{1,12}/identity$", WHO_STAFF, 0,
		idcheck_page, idcheck_record, 0 },
	{ "^/people/[0-9]{1,12}/identity/name$", WHO_STAFF, 0,
		NULL, idcheck_rename, 0 },
	{ "^/people/[0-9]{1,12}/guardian$", WHO_STAFF, 0,
		NULL, idcheck_guardian, 0 },
	{ "^/people/[0-9]{1,12}/export\\.zip$", WHO_STAFF, 0,
		privacy_export, NULL, 0 },
	{ "/api/v1/privacy", WHO_ANY, R_JSON,
		privacy_notice, NULL, 0 },
	{ "/api/v1/me/data", WHO_USER, R_JSON,
		privacy_mine, NULL, 0 },
	{ "/api/v1/me/delete", WHO_APPRENTICE | WHO_MASTER, R_JSON,
		NULL, privacy_delete, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/identity$", WHO_STAFF, R_JSON,
		idcheck_page, idcheck_record, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/identity/name$", WHO_STAFF, R_JSON,
		NULL, idcheck_rename, 0 },
	{ "^/api/v1/people/[0-9]{1,12}/guardian$", WHO_STAFF, R_JSON,
		NULL, idcheck_guardian, 0 },
	/* 身份 identity: codes, claims, passwords, sessions, the outbox. */
	{ "/confirm", WHO_USER, 0,
		ident_confirm_page, ident_confirm, 0 },
	{ "/confirm/resend", WHO_USER, 0,
		NULL, ident_resend, 0 },
	{ "/claim", WHO_ANY, R_ANON_ONLY,
		ident_claim_page, ident_claim, 0 },
	{ "/claim/confirm", WHO_ANY, R_ANON_ONLY,
		NULL, ident_claim_confirm, 0 },
	{ "/reset", WHO_ANY, R_ANON_ONLY,
		password_reset_page, password_reset, 0 },
	{ "/reset/confirm", WHO_ANY, R_ANON_ONLY,
		NULL, password_reset_confirm, 0 },
	{ "/me/password", WHO_USER, 0,
		password_change_page, password_change, 0 },
	{ "/me/sessions", WHO_USER, 0,
		password_sessions, password_sessions_end, 0 },
	{ "/me/account", WHO_USER, 0,
		ident_account_page, ident_account, 0 },
	{ "/me/account/confirm", WHO_USER, 0,
		NULL, ident_account_confirm, 0 },
	{ "/staff/outbox", WHO_STAFF, 0,
		outboxpage_show, NULL, 0 },
	{ "^/staff/outbox/[0-9]{1,12}/retry$", WHO_STAFF, 0,
		NULL, outboxpage_retry, 0 },
	{ "/api/v1/confirm", WHO_USER, R_JSON,
		NULL, ident_confirm, 0 },
	{ "/api/v1/confirm/resend", WHO_USER, R_JSON,
		NULL, ident_resend, 0 },
	{ "/api/v1/claim", WHO_ANY, R_JSON | R_ANON_ONLY,
		NULL, ident_claim, 0 },
	{ "/api/v1/claim/confirm", WHO_ANY, R_JSON | R_ANON_ONLY,
		NULL, ident_claim_confirm, 0 },
	{ "/api/v1/reset", WHO_ANY, R_JSON | R_ANON_ONLY,
		NULL, password_reset, 0 },
	{ "/api/v1/reset/confirm", WHO_ANY, R_JSON | R_ANON_ONLY,
		NULL, password_reset_confirm, 0 },
	{ "/api/v1/me/password", WHO_USER, R_JSON,
		NULL, password_change, 0 },
	{ "/api/v1/me/sessions", WHO_USER, R_JSON,
		password_sessions, password_sessions_end, 0 },
	{ "/api/v1/me/account", WHO_USER, R_JSON,
		NULL, ident_account, 0 },
	{ "/api/v1/me/account/confirm", WHO_USER, R_JSON,
		NULL, ident_account_confirm, 0 },
	{ "/api/v1/outbox", WHO_STAFF, R_JSON,
		outboxpage_show, NULL, 0 },
	{ "^/api/v1/outbox/[0-9]{1,12}/retry$", WHO_STAFF, R_JSON,
		NULL, outboxpage_retry, 0 },

	/* 就业 jobs: employers, postings, applications, staff's review. */
	{ "/jobs", WHO_ANY, 0,
		jobs_list, NULL, 0 },
	{ "/jobs/register", WHO_ANY, R_ANON_ONLY,
		employer_register_page, employer_register, 0 },
	{ "^/jobs/[0-9]{1,12}$", WHO_ANY, 0,
		jobs_show, NULL, 0 },
	{ "^/jobs/[0-9]{1,12}/apply$", WHO_APPRENTICE | WHO_MASTER,
	    R_VERIFIED,
		NULL, jobs_apply, 0 },
	{ "^/jobs/[0-9]{1,12}/approve$", WHO_STAFF, 0,
		NULL, review_posting_approve, 0 },
	{ "^/jobs/[0-9]{1,12}/hide$", WHO_STAFF, 0,
		NULL, review_posting_hide, 0 },
	{ "/employer", WHO_EMPLOYER, 0,
		employer_page, NULL, 0 },
	{ "/employer/postings", WHO_EMPLOYER, R_VERIFIED,
		NULL, employer_post, 0 },
	{ "/me/applications", WHO_APPRENTICE | WHO_MASTER, 0,
		jobs_mine, NULL, 0 },
	{ "^/applications/[0-9]{1,12}$",
	    WHO_APPRENTICE | WHO_MASTER | WHO_EMPLOYER, 0,
		application_show, NULL, 0 },
	{ "^/applications/[0-9]{1,12}/step$", WHO_EMPLOYER, 0,
		NULL, application_step, 0 },
	{ "^/applications/[0-9]{1,12}/withdraw$", WHO_APPRENTICE | WHO_MASTER,
	    0,
		NULL, application_withdraw, 0 },
	{ "/staff/jobs", WHO_STAFF, 0,
		review_page, NULL, 0 },
	{ "^/employers/[0-9]{1,12}/approve$", WHO_STAFF, 0,
		NULL, review_employer_approve, 0 },
	{ "^/employers/[0-9]{1,12}/suspend$", WHO_STAFF, 0,
		NULL, review_employer_suspend, 0 },
	{ "/api/v1/jobs", WHO_ANY, R_JSON,
		jobs_list, NULL, 0 },
	{ "/api/v1/jobs/register", WHO_ANY, R_JSON | R_ANON_ONLY,
		NULL, employer_register, 0 },
	{ "^/api/v1/jobs/[0-9]{1,12}$", WHO_ANY, R_JSON,
		jobs_show, NULL, 0 },
	{ "^/api/v1/jobs/[0-9]{1,12}/apply$", WHO_APPRENTICE | WHO_MASTER,
	    R_JSON | R_VERIFIED,
		NULL, jobs_apply, 0 },
	{ "^/api/v1/jobs/[0-9]{1,12}/approve$", WHO_STAFF, R_JSON,
		NULL, review_posting_approve, 0 },
	{ "^/api/v1/jobs/[0-9]{1,12}/hide$", WHO_STAFF, R_JSON,
		NULL, review_posting_hide, 0 },
	{ "/api/v1/employer", WHO_EMPLOYER, R_JSON,
		employer_page, NULL, 0 },
	{ "/api/v1/employer/postings", WHO_EMPLOYER, R_JSON | R_VERIFIED,
		NULL, employer_post, 0 },
	{ "/api/v1/me/applications", WHO_APPRENTICE | WHO_MASTER, R_JSON,
		jobs_mine, NULL, 0 },
	{ "^/api/v1/applications/[0-9]{1,12}$",
	    WHO_APPRENTICE | WHO_MASTER | WHO_EMPLOYER, R_JSON,
		application_show, NULL, 0 },
	{ "^/api/v1/applications/[0-9]{1,12}/step$", WHO_EMPLOYER, R_JSON,
		NULL, application_step, 0 },
	{ "^/api/v1/applications/[0-9]{1,12}/withdraw$",
	    WHO_APPRENTICE | WHO_MASTER, R_JSON,
		NULL, application_withdraw, 0 },
	{ "/api/v1/staff/jobs", WHO_STAFF, R_JSON,
		review_page, NULL, 0 },
	{ "^/api/v1/employers/[0-9]{1,12}/approve$", WHO_STAFF, R_JSON,
		NULL, review_employer_approve, 0 },
	{ "^/api/v1/employers/[0-9]{1,12}/suspend$", WHO_STAFF, R_JSON,
		NULL, review_employer_suspend, 0 },

	/* Prometheus metrics, to a scraper on this machine only
	 * (webmetrics.c says who counts as one; docs/metrics.md). */
	{ "/metrics",		WHO_ANY,	R_NO_SESSION,
		webmetrics_page,		NULL, 0 },

	/* First after the direct routes in conf/common.conf (web.c says
	 * why): every path no other route matches, any method. */
	{ "^/",			WHO_ANY,	R_CATCH_ALL | R_NO_SESSION,
		dash_not_found,			NULL, 0 },
};

int	yj_route(struct http_request *);
int	yj_hello(struct http_request *);
int	yj_asset(struct http_request *);


/* The static assets, read once in the parent; the route is "/" file. */
static struct asset {
	const char	*file;
	const char	*type;
	char		 body[64 * 1024];
	size_t		 len;
	char		 etag[32];
} assets[] = {
	{ "assets/yujiang.css", "text/css; charset=utf-8", "", 0, "" },
	/* The verify page's signature check (progressive enhancement). */
	{ "assets/verify.js", "text/javascript; charset=utf-8", "", 0, "" },
};

/* The route table's rows of the direct routes, which count themselves. */
static size_t	 hello_row;

static void	 app_log(const char *);
static void	 assets_load(void);
static int	 chown_tree(int, const char *, uid_t, gid_t, int);
static void	 data_chown(const char *);
static void	 tick(void *, u_int64_t);
static void	 purge(void *, u_int64_t);

static void
app_log(const char *line)
{
	kore_log(LOG_ERR, "%s", line);
}

static void
catalogue_log(const char *file, int line, const char *msg, void *arg)
{
	(void)arg;
	kore_log(LOG_ERR, "courses/%s:%d: %s (file not loaded)", file, line,
	    msg);
}

/* Read the assets once, in the parent, from the source tree. */
static void
assets_load(void)
{
	struct asset	*a;
	unsigned long	 h;
	size_t		 i, k;
	ssize_t		 n;
	int		 fd;

	for (k = 0; k < sizeof(assets) / sizeof(assets[0]); k++) {
		a = &assets[k];
		if ((fd = open(a->file, O_RDONLY)) == -1)
			fatalx("%s: %s (run kore from the project directory)",
			    a->file, strerror(errno));
		n = read(fd, a->body, sizeof(a->body) - 1);
		close(fd);
		if (n <= 0)
			fatalx("%s: cannot read", a->file);
		a->len = (size_t)n;
		for (i = 0, h = 5381; i < a->len; i++)
			h = h * 33 + (unsigned char)a->body[i];
		(void)snprintf(a->etag, sizeof(a->etag), "\"%lx\"", h);
	}
}

/*
 * Give name (under the directory at) and, to depth levels, everything
 * in it to uid:gid, never following a symbolic link: one planted there
 * is itself chowned, its target is left alone. 0 with errno set on
 * failure; a name that is not there is no failure.
 */
static int
chown_tree(int at, const char *name, uid_t uid, gid_t gid, int depth)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd, ok = 1;

	if (fchownat(at, name, uid, gid, AT_SYMLINK_NOFOLLOW) == -1)
		return (errno == ENOENT);
	if (depth == 0)
		return (1);
	if ((fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return (errno == ENOTDIR || errno == ELOOP);
	if ((d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return (0);
	}
	while (ok && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			ok = chown_tree(fd, de->d_name, uid, gid, depth - 1);
	}
	(void)closedir(d);
	return (ok);
}

/*
 * Started as root for production, the parent makes the database and the
 * folders (0600 and 0700, umask 077); the workers run as `runas`,
 * chrooted into the data directory, and must write the database, its WAL
 * files, certificates/ and uploads/, and read fonts/: those are handed
 * over (fchownat, AT_SYMLINK_NOFOLLOW). The data root itself stays its
 * owner's (the workers only pass through it: search permission, not
 * read), and so do keys/, code.key, csrf.key and kore.conf. As the workers cannot
 * make files in the root, the -wal and -shm files are made here, empty.
 */
static void
data_chown(const char *root)
{
	static const char *const wal[] = { DB_FILE "-wal", DB_FILE "-shm" };
	static const struct {
		const char	*name;
		int		 depth;
	} given[] = {
		{ DB_FILE, 0 }, { DB_FILE "-wal", 0 }, { DB_FILE "-shm", 0 },
		{ CERT_DIR, 8 }, { "uploads", 8 }, { FONT_DIR, 8 },
	};
	struct passwd	*pw;
	struct stat	 st;
	size_t		 i;
	int		 dfd, fd;

	if (skip_runas || geteuid() != 0 || kore_runas_user == NULL)
		return;
	if ((pw = getpwnam(kore_runas_user)) == NULL)
		fatalx("runas user %s does not exist", kore_runas_user);
	if ((dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fstat(dfd, &st) == -1)
		fatalx("%s: %s", root, strerror(errno));
	if ((st.st_mode & 0111) != 0111 &&
	    fchmod(dfd, (st.st_mode & 07777) | 0111) == -1)
		fatalx("chmod %s: %s", root, strerror(errno));
	for (i = 0; i < sizeof(wal) / sizeof(wal[0]); i++) {
		if ((fd = openat(dfd, wal[i], O_WRONLY | O_CREAT | O_NOFOLLOW |
		    O_CLOEXEC, 0600)) == -1)
			fatalx("%s/%s: %s", root, wal[i], strerror(errno));
		(void)close(fd);
	}
	for (i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		if (!chown_tree(dfd, given[i].name, pw->pw_uid, pw->pw_gid,
		    given[i].depth))
			fatalx("chown %s/%s: %s", root, given[i].name,
			    strerror(errno));
	}
	(void)close(dfd);
}


/*
 * The module reads Kore's structures directly (struct http_request's lists
 * of arguments, files, headers), and their layout depends on the features
 * Kore was compiled with: KORE_USE_PYTHON, _CURL, _TASKS and _PGSQL each add
 * fields before `arguments`. A module built with another feature set than
 * the running kore reads every later field at the wrong offset and works by
 * luck (issue 12: a first build on a fresh machine, made before kore was
 * installed, lost the attendance form's fields). Each feature leaves a
 * function in kore's dynamic symbols; compare them with what this module
 * was compiled for, and refuse to start on a difference.
 */
struct kore_feature {
	const char	*name;
	const char	*symbol;	/* present in kore iff the feature is */
	int		 compiled;	/* in this module */
};

static const struct kore_feature kore_features[] = {
	{ "KORE_USE_PYTHON", "kore_python_init",
#if defined(KORE_USE_PYTHON)
	    1 },
#else
	    0 },
#endif
	{ "KORE_USE_CURL", "kore_curl_init",
#if defined(KORE_USE_CURL)
	    1 },
#else
	    0 },
#endif
	{ "KORE_USE_TASKS", "kore_task_create",
#if defined(KORE_USE_TASKS)
	    1 },
#else
	    0 },
#endif
	{ "KORE_USE_PGSQL", "kore_pgsql_setup",
#if defined(KORE_USE_PGSQL)
	    1 },
#else
	    0 },
#endif
};

/*
 * Stop the server, naming the difference, when this module was built for
 * another Kore feature set than the kore binary running it.
 */
static void
kore_features_check(void)
{
	size_t	 i;
	int	 running;

	for (i = 0; i < sizeof(kore_features) / sizeof(kore_features[0]);
	    i++) {
		running = dlsym(RTLD_DEFAULT, kore_features[i].symbol) != NULL;
		if (running == kore_features[i].compiled)
			continue;
		fatalx("yujiang.so was built %s %s but the running kore was "
		    "built %s it: struct http_request differs (sizeof %zu, "
		    "arguments at %zu here); rebuild with `make clean all` "
		    "after `make deps`", kore_features[i].compiled ?
		    "with" : "without", kore_features[i].name,
		    running ? "with" : "without",
		    sizeof(struct http_request),
		    offsetof(struct http_request, arguments));
	}
}

/*
 * Parent, once, before the workers fork: migrate the database (so workers
 * never race to create it), make the dummy password hash, load assets.
 */
void
kore_parent_configure(int argc, char **argv)
{
	const char	*root = kore_root_path != NULL ? kore_root_path : ".";
	const char	*v;
	char		 path[1024], err[256];
	int		 bad, loaded, placed;

	(void)argc;
	(void)argv;
	/* Personal data and password hashes: for the server's user alone
	 * (folders 0700, files 0600), whatever the shell's umask. */
	(void)umask(077);
	/* Kore wrote its pidfile before: under the shell's umask. */
	if (kore_pidfile != NULL)
		(void)fchmodat(AT_FDCWD, kore_pidfile, 0600,
		    AT_SYMLINK_NOFOLLOW);
	kore_features_check();
	if (!secret_init())
		fatalx("libsodium cannot start");
	web_configure(routes, sizeof(routes) / sizeof(routes[0]));
	/* The metrics' shared counters, before the workers fork; the
	 * operator may leave them out (the benchmark's baseline). */
	if ((v = getenv("YUJIANG_METRICS")) == NULL || strcmp(v, "0") != 0)
		webmetrics_configure(routes, sizeof(routes) / sizeof(routes[0]));
	hello_row = webmetrics_row("/hello");
	outbox_configure();
	assets_load();
	/* Rosters from a Chinese Excel are GBK: open the decoder here, where
	 * glibc can still load it (not in a worker's chroot or sandbox). */
	if (!csv_codec_open())
		fatalx("glibc iconv cannot convert GB18030");
	(void)snprintf(path, sizeof(path), "%s/%s", root, DB_FILE);
	if (!db_open(path) || !db_migrate() || !db_prepare())
		fatalx("database %s cannot be opened or migrated", path);
	/* Batches a stop cut short: their rest is drawn when asked for. */
	if (db_batches_interrupted((int64_t)time(NULL)) != DB_OK)
		fatalx("database %s: cannot close interrupted batches", path);
	/* The catalogue is data: load courses/ at every start. A broken file
	 * is logged and skipped; its course keeps its last good version. */
	if ((bad = catalogue_sync("courses", catalogue_log, NULL,
	    &loaded)) < 0)
		fatalx("courses/ cannot be loaded into the database");
	kore_log(LOG_NOTICE, "yujiang: %d courses loaded, %d files refused",
	    loaded, bad);
	db_close();
	/* The workers draw with CJK fonts from inside their root. */
	if (!certfile_fonts(root, err, sizeof(err)))
		fatalx("%s", err);
	/* Pango's fontconfig start-up, which a sandboxed worker cannot do. */
	cert_pdf_prepare();
	/* The folders the workers write certificates and photos into. */
	if (!data_dirs(root, err, sizeof(err)))
		fatalx("%s", err);
	issuer_configure(root);
	idcheck_key_configure(root);
	privacy_load();
	/* The one-time codes' key: read here, inherited by the workers. */
	if (!code_key_load(root, err, sizeof(err)))
		fatalx("%s", err);
	/* Anonymous forms' CSRF key: one for every worker and front end. */
	if (!secret_csrf_key_load(root, err, sizeof(err)))
		fatalx("%s", err);
	/* Certificates issued before the status lists get their random
	 * positions (no signing: the workers sign the lists, below). */
	if (!db_open(path) || !db_prepare() ||
	    db_status_backfill(&placed) != DB_OK)
		fatalx("database %s: cannot place certificates in the status "
		    "lists", path);
	if (placed > 0)
		kore_log(LOG_NOTICE, "yujiang: %d certificates placed in the "
		    "status lists", placed);
	db_close();
	data_chown(root);
	if (!account_init())
		fatalx("cannot make the dummy password hash");
	kore_log(LOG_NOTICE, "yujiang: database %s at schema %d", path,
	    db_schema_latest());
}

/* Each worker, already chrooted and sandboxed: its own connection. */
void
kore_worker_configure(void)
{
	int	 resigned;

	db_set_logger(app_log);
	webmetrics_attach();
	if (!db_open(DB_FILE))
		fatalx("worker: cannot open %s", DB_FILE);
	if (db_schema_version() != db_schema_latest())
		fatalx("worker: database schema %d, expected %d",
		    db_schema_version(), db_schema_latest());
	if (!db_prepare())
		fatalx("worker: a statement does not prepare: %s",
		    db_prepare_failed());
	if (!web_routes_check())
		fatalx("worker: conf/common.conf and the route table differ");
	/* Signatures are asked of the signing process (signer.h). */
	signer_attach();
	/* Revocations and suspensions re-sign the status lists, with the
	 * active key the signing process holds; lists missing, stale, or
	 * signed by another key or for another address are signed now
	 * (both workers may: the store decides inside one transaction). */
	db_status_signer(signer_active, issuer_origin());
	/* Locks and publications sign the score log's head (db.h). */
	db_score_log_signer(signer_active);
	if (db_status_ensure((int64_t)time(NULL), &resigned) != DB_OK)
		kore_log(LOG_ERR, "worker: cannot sign the status lists now; "
		    "the daily timer tries again");
	else if (resigned)
		kore_log(LOG_NOTICE, "yujiang: status lists signed");
	/* From here on the event loop serves: it never waits long for the
	 * write lock (db.h); long writes run on task threads. */
	db_busy_ms(DB_LOOP_BUSY_MS);
	/* libgd's FreeType cache must be set up before task threads draw. */
	if (gdFontCacheSetup() != 0)
		fatalx("worker: libgd font cache");
	/* Kore checks timeouts only when a worker wakes (KORE.md 5.10). */
	kore_timer_add(tick, 1000, NULL, 0);
	kore_timer_add(purge, 60 * 1000, NULL, 0);
	/* The outbox's delivery and the daily removal (outbox.c). */
	outbox_worker_start();
}

/* Parent, after the workers have stopped. */
void
kore_parent_teardown(void)
{
	signer_stop();
}

void
kore_worker_teardown(void)
{
	db_close();
	gdFontCacheShutdown();
}

/* Also notices, within a second, that the signing process died. */
static void
tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	(void)signer_alive();
}

static void
purge(void *arg, u_int64_t now)
{
	int	 done;

	(void)arg;
	(void)now;
	(void)db_session_purge((int64_t)time(NULL));
	/* The status lists are re-signed daily (their validUntil). */
	(void)db_status_ensure((int64_t)time(NULL), &done);
}

/* The Kore handler of every dispatched route (see web_dispatch()). */
int
yj_route(struct http_request *req)
{
	return (web_dispatch(req));
}

/* 405 with Allow for the two routes outside the dispatcher; 1 if sent. */
static int
get_only(struct http_request *req)
{
	if (req->method == HTTP_METHOD_GET || req->method == HTTP_METHOD_HEAD)
		return (0);
	http_response_header(req, "allow", "GET, HEAD");
	http_response(req, 405, NULL, 0);
	return (1);
}

/* The benchmark's baseline: a constant answer, like Kore's hello world. */
int
yj_hello(struct http_request *req)
{
	uint64_t	 t0 = metrics_on() ? metrics_now_us() : 0;

	if (!get_only(req)) {
		http_response_header(req, "content-type", "text/plain");
		http_response(req, 200, "hello\n", 6);
	}
	if (t0 != 0)
		webmetrics_done(req, hello_row, t0);
	return (KORE_RESULT_OK);
}

/*
 * GET /assets/yujiang.css and /assets/verify.js, with an ETag (304 when
 * unchanged); HEAD gets the headers (Kore's http_serveable() answers only
 * GET); others get 405.
 */
int
yj_asset(struct http_request *req)
{
	const struct asset	*a = NULL;
	size_t			 k;
	uint64_t		 t0 = metrics_on() ? metrics_now_us() : 0;

	if (get_only(req))
		goto done;
	for (k = 0; k < sizeof(assets) / sizeof(assets[0]); k++) {
		if (strcmp(req->path + 1, assets[k].file) == 0)
			a = &assets[k];
	}
	if (a == NULL) {	/* a route in the config without a file */
		http_response(req, 404, NULL, 0);
		goto done;
	}
	http_response_header(req, "cache-control", "public, max-age=3600");
	http_response_header(req, "x-content-type-options", "nosniff");
	if (req->method == HTTP_METHOD_HEAD) {
		http_response_header(req, "content-type", a->type);
		http_response_header(req, "etag", a->etag);
		http_response(req, 200, a->body, a->len);
		goto done;
	}
	http_serveable(req, a->body, a->len, a->etag, a->type);
done:
	if (t0 != 0)
		webmetrics_done(req, webmetrics_row(req->path), t0);
	return (KORE_RESULT_OK);
}
