/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * privacy.c: a person's rights under PIPL (个人信息保护法) on the web.
 *
 * - The privacy notice, versioned, kept in the tree (assets/privacy/,
 *   read once by the parent like the stylesheet), shown at /privacy;
 *   registration asks for consent to its current version and records it.
 * - "My data": the person's own records as JSON, and a ZIP of them with
 *   their photos and certificate pictures, built on a Kore task thread
 *   and sent from memory (no copy of anyone's data is left on disk).
 *   Staff may export a person's data too: that access is audited.
 * - Deleting one's account, with the password: personal data and photo
 *   files go; issued certificates stay verifiable as the legal record
 *   (the name they carry and what was earned), or are revoked when the
 *   person asks (db_account_delete() says exactly what goes).
 * - A child under 14 (by the birth date given at registration or read
 *   from their document at the identity check) uploads photos only once
 *   staff have recorded a guardian's consent (PIPL art. 31).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "batch.h"
#include "cert.h"
#include "datafile.h"
#include "html.h"
#include "privacy.h"

#define NOTICE_MAX	(64 * 1024)
/* What a deleted account is called where its records remain. */
#define TOMBSTONE	"已注销用户"

static char	notice[2][NOTICE_MAX];	/* [LANG_ZH], [LANG_EN]: Markdown */

static void
notice_read(enum lang l, const char *code)
{
	char	 path[256];
	ssize_t	 n;
	int	 fd;

	(void)snprintf(path, sizeof(path), PRIVACY_DIR "/privacy-v%d.%s.md",
	    PRIVACY_VERSION, code);
	if ((fd = open(path, O_RDONLY)) == -1)
		fatalx("%s: %s (run kore from the project directory)", path,
		    strerror(errno));
	n = read(fd, notice[l], sizeof(notice[l]) - 1);
	close(fd);
	if (n <= 0)
		fatalx("%s: cannot read", path);
	notice[l][n] = '\0';
}

/* Parent, once: the notice's current version in both languages. */
void
privacy_load(void)
{
	notice_read(LANG_ZH, "zh");
	notice_read(LANG_EN, "en");
}

/*
 * 1 when the request consents to the privacy notice's current version:
 * a form's ticked box (consent=<version>) or JSON "consent": <version>.
 * A consent to another version is none: the notice changed since.
 */
int
privacy_consent_field(struct ctx *ctx)
{
	long long	 v;

	return (web_field_int(ctx, "consent", PRIVACY_VERSION,
	    PRIVACY_VERSION, &v));
}

/*
 * The optional birth date (YYYY-MM-DD, not in the future) into out ("" when
 * not given). 0 when it is given and is not a day.
 */
int
privacy_birth_field(struct ctx *ctx, char out[11])
{
	const char	*s = web_field(ctx, "birth_date");
	char		 today[11];

	out[0] = '\0';
	if (web_field_not_text(ctx, "birth_date"))
		return (0);
	if (s == NULL || *s == '\0')
		return (1);
	web_today(today);
	if (!claims_date_valid(s) || strcmp(s, today) > 0 ||
	    strcmp(s, "1900-01-01") < 0)
		return (0);
	(void)snprintf(out, 11, "%s", s);
	return (1);
}

/* The registration form's part: the birth date and the consent box. */
void
privacy_register_fields(struct buf *b, struct ctx *ctx, int again)
{
	const char	*birth = again ? web_field(ctx, "birth_date") : NULL;

	html_lit(b, "<label>");
	html_text(b, i18n(ctx->lang, M_FIELD_BIRTH));
	html_lit(b, "<input name=\"birth_date\" id=\"f-birth_date\" "
	    "type=\"date\" value=\"");
	html_text(b, birth);
	html_lit(b, "\"></label><small>");
	html_text(b, i18n(ctx->lang, M_FIELD_BIRTH_HINT));
	html_lit(b, "</small>");
	privacy_consent_box(b, ctx);
}

/*
 * The required box: consent to the privacy notice's current version.
 * When the refused request was about it (web_bad_field(ctx,
 * "consent", ...)), the message stands beside it.
 */
void
privacy_consent_box(struct buf *b, struct ctx *ctx)
{
	int	 bad = ctx->bad_field != NULL &&
		    strcmp(ctx->bad_field, "consent") == 0;

	html_lit(b, "<label class=\"choice\"><input type=\"checkbox\" "
	    "name=\"consent\" id=\"f-consent\" required value=\"");
	html_int(b, PRIVACY_VERSION);
	html_lit(b, "\"");
	/* A refusal about the box says so beside it (page_field_error()). */
	if (bad)
		html_lit(b, " aria-invalid=\"true\" "
		    "aria-describedby=\"e-consent\"");
	html_lit(b, "> ");
	html_text(b, i18n(ctx->lang, M_CONSENT_BOX));
	html_lit(b, " <a href=\"/privacy\" target=\"_blank\">");
	html_text(b, i18n(ctx->lang, M_PRIVACY_TITLE));
	html_lit(b, "</a></label>");
	if (bad) {
		html_lit(b, "<span class=\"field-error\" id=\"e-consent\">");
		html_text(b, i18n(ctx->lang, ctx->bad_msg));
		html_lit(b, "</span>");
	}
}

/*
 * Whether the reader may upload a photo; when not (a child under 14
 * without a guardian's consent), answered 403 and 0.
 */
int
privacy_may_upload(struct ctx *ctx)
{
	struct privacy_facts	 f;
	enum db_result		 r;
	char			 today[11];
	int			 age;

	if ((r = db_privacy_facts(ctx->user.id, &f)) != DB_OK)
		return (web_busy(ctx, r), 0);
	if (f.birth_date[0] == '\0' || f.guardian)
		return (1);
	web_today(today);
	if ((age = realname_age(f.birth_date, today)) >= 0 &&
	    age < GUARDIAN_AGE)
		return (web_fail(ctx, 403, "guardian_consent_needed",
		    M_ERR_MINOR_PHOTO), 0);
	return (1);
}

/* GET /privacy and /api/v1/privacy: the notice, its version. */
int
privacy_notice(struct ctx *ctx)
{
	struct page_ctx	 pc;
	struct buf	 b;

	if (web_is_json(ctx))
		return (web_json(ctx, 200, json_pack("{s:i, s:s, s:s}",
		    "version", PRIVACY_VERSION, "zh", notice[LANG_ZH], "en",
		    notice[LANG_EN])));
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	page_begin(&b, &pc, i18n(ctx->lang, M_PRIVACY_TITLE));
	html_lit(&b, "<article class=\"notice\" id=\"privacy\" "
	    "data-version=\"");
	html_int(&b, PRIVACY_VERSION);
	html_lit(&b, "\">");
	if (!html_markdown(&b, notice[ctx->lang])) {
		html_lit(&b, "<pre>");
		html_text(&b, notice[ctx->lang]);
		html_lit(&b, "</pre>");
	}
	html_lit(&b, "</article>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* -- the person's records ------------------------------------------------ */

struct acc {
	json_t		*arr;
	int64_t		*photos;	/* the ZIP's pictures */
	size_t		 nphotos;
	struct cert	*certs;
	size_t		 ncerts;
	const char	*today;
};

static int
seat_item_cb(const struct seat_row *s, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:I, s:s, s:s, "
	    "s:s, s:s, s:s, s:o, s:s, s:i, s:i}", "run", (json_int_t)s->run,
	    "course", s->course, "title_zh", s->title_zh, "starts", s->starts,
	    "ends", s->ends, "status", seat_status_code(s->status), "score",
	    s->score >= 0 ? json_integer(s->score) : json_null(), "result",
	    s->result, "attended", s->attended, "sessions", s->sessions)) == 0);
}

static int
mentor_item_cb(const struct mentorship *m, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:I, s:s, s:s, "
	    "s:s, s:I, s:I, s:I}", "id", (json_int_t)m->id, "master",
	    m->master_name, "status", mentor_status_code(m->status),
	    "message", m->message, "requested", (json_int_t)m->requested,
	    "started", (json_int_t)m->started, "ended",
	    (json_int_t)m->ended)) == 0);
}

static int
log_item_cb(const struct log_entry *e, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:s, s:i, s:s, "
	    "s:s, s:s, s:s}", "day", e->day, "minutes", e->minutes, "skill",
	    gate_skill_code(e->skill), "notes", e->notes, "status", e->status,
	    "comment", e->comment)) == 0);
}

static int
move_item_cb(const struct stage_move *m, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:s, s:s, s:I, "
	    "s:s}", "from", stage_code(m->from), "to", stage_code(m->to),
	    "moved", (json_int_t)m->moved, "reason", m->reason)) == 0);
}

static int
photo_item_cb(const struct photo_row *p, void *arg)
{
	struct acc	*a = arg;
	int64_t		*grown;
	char		 file[64];

	if ((grown = reallocarray(a->photos, a->nphotos + 1,
	    sizeof(*grown))) == NULL)
		return (0);
	a->photos = grown;
	a->photos[a->nphotos++] = p->id;
	(void)snprintf(file, sizeof(file), "photos/%lld.jpg",
	    (long long)p->id);
	return (json_array_append_new(a->arr, json_pack("{s:I, s:i, s:i, "
	    "s:s}", "id", (json_int_t)p->id, "width", p->width, "height",
	    p->height, "file", file)) == 0);
}

static int
work_item_cb(const struct work *w, void *arg)
{
	struct acc	*a = arg, pa = *a;
	json_t		*o;

	pa.arr = json_array();
	if (db_photos_of_work(w->id, photo_item_cb, &pa) != DB_OK) {
		json_decref(pa.arr);
		return (0);
	}
	a->photos = pa.photos;
	a->nphotos = pa.nphotos;
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:o}", "id",
	    (json_int_t)w->id, "title", w->title, "material", w->material,
	    "technique", w->technique, "size", w->size, "description",
	    w->description, "public", w->public, "created",
	    (json_int_t)w->created, "photos", pa.arr);
	return (json_array_append_new(a->arr, o) == 0);
}

static int
cert_item_cb(const struct cert *c, void *arg)
{
	struct acc	*a = arg;
	struct cert	*grown;

	if ((grown = reallocarray(a->certs, a->ncerts + 1,
	    sizeof(*grown))) == NULL)
		return (0);
	a->certs = grown;
	a->certs[a->ncerts++] = *c;
	return (json_array_append_new(a->arr, cert_json(c, a->today, 1)) == 0);
}

/* A job application: what was applied for, the words and the step. */
static int
application_item(const struct application *ap, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:I, s:I, s:s, "
	    "s:s, s:s, s:b, s:s, s:I, s:I}", "id", (json_int_t)ap->id,
	    "posting", (json_int_t)ap->posting, "title", ap->title,
	    "employer", ap->business, "message", ap->message,
	    "contact_shown", ap->contact, "step", job_step_code(ap->step),
	    "created", (json_int_t)ap->created, "updated",
	    (json_int_t)ap->updated)) == 0);
}

static int
entry_item_cb(const struct comp_entry *e, void *arg)
{
	struct acc	*a = arg;

	return (json_array_append_new(a->arr, json_pack("{s:I, s:I, s:s, "
	    "s:s, s:s, s:s}", "id", (json_int_t)e->id, "competition",
	    (json_int_t)e->competition, "code", e->code, "work", e->title,
	    "category", e->category_zh, "status",
	    entry_status_code(e->status))) == 0);
}

/* Fill a->arr from one list of the person's; 0 when the store failed. */
static int
list(json_t *o, const char *key, struct acc *a, enum db_result r)
{
	if (r != DB_OK) {
		json_decref(a->arr);
		a->arr = NULL;
		return (0);
	}
	json_object_set_new(o, key, a->arr);
	a->arr = NULL;
	return (1);
}

/*
 * Everything Yujiang holds about user, as one JSON object: the account,
 * consents, the identity check (never the document's number: it is not
 * kept), courses, mentorships, the training log, level and stages,
 * works with their photos, certificates, competition entries and job
 * applications. Other
 * people appear only as the names in the person's own records (their
 * master, who signed). a collects the photos' ids and the certificates
 * for the ZIP. NULL when the store failed.
 */
static json_t *
records(int64_t user, struct acc *a)
{
	struct user		 u;
	struct idcheck		 c;
	struct privacy_facts	 f;
	struct level_award	 lv;
	enum db_result		 r;
	json_t			*o, *cons;
	char			 today[11];

	web_today(today);
	a->today = today;
	if (db_user_by_id(user, &u) != DB_OK ||
	    db_privacy_facts(user, &f) != DB_OK ||
	    db_level_current(user, &lv) != DB_OK)
		return (NULL);
	if ((r = db_idcheck_get(user, &c)) != DB_OK && r != DB_NOTFOUND)
		return (NULL);
	if ((cons = idcheck_consents_json(user)) == NULL)
		return (NULL);
	o = json_pack("{s:s, s:i, s:s, s:o, s:o, s:o, s:o}", "format",
	    "yujiang-personal-data", "privacy_notice", PRIVACY_VERSION,
	    "exported", today, "account", web_user_json(&u), "birth_date",
	    f.birth_date[0] != '\0' ? json_string(f.birth_date) : json_null(),
	    "consents", cons, "identity_check", r == DB_OK ?
	    idcheck_json(&c) : json_null());
	json_object_set_new(o, "level", lv.level >= 0 ? json_pack("{s:i, "
	    "s:s, s:I}", "level", lv.level, "evidence", lv.evidence,
	    "awarded", (json_int_t)lv.awarded) : json_null());
	a->arr = json_array();
	if (!list(o, "enrolments", a, db_my_seats(user, seat_item_cb, a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "mentorships", a, db_mentorships(user, 0, mentor_item_cb,
	    a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "training_log", a, db_log_list(user, 100000, log_item_cb,
	    a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "stage_moves", a, db_stage_moves(user, move_item_cb, a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "works", a, db_works_of_user(user, 1, work_item_cb, a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "certificates", a, db_certs_of_user(user, cert_item_cb,
	    a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "competition_entries", a, db_entries_of_user(user,
	    entry_item_cb, a)))
		goto fail;
	a->arr = json_array();
	if (!list(o, "job_applications", a, db_applications_of_user(user,
	    application_item, a)))
		goto fail;
	a->today = NULL;
	return (o);
fail:
	a->today = NULL;
	json_decref(o);
	return (NULL);
}

static void
acc_free(struct acc *a)
{
	free(a->photos);
	free(a->certs);
	memset(a, 0, sizeof(*a));
}

/* The person of an export or a data page: the path's (staff), or the
 * reader. Staff's access is audited; 0 when answered. */
static int
subject_user(struct ctx *ctx, int64_t *user)
{
	struct user	 u;
	enum db_result	 r;
	char		 subject[32];

	if ((*user = web_path_id(ctx)) == 0) {
		*user = ctx->user.id;
		return (1);
	}
	if ((r = db_user_by_id(*user, &u)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)*user);
	if ((r = db_audit(ctx->user.id, "privacy.export", subject, NULL,
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/*
 * GET /me/data: what the station holds about the reader, what they
 * agreed to, and the export and deletion; its twin /api/v1/me/data is
 * the records themselves (the ZIP's data.json).
 */
int
privacy_mine(struct ctx *ctx)
{
	struct page_ctx		 pc;
	struct privacy_facts	 f;
	struct idcheck		 c;
	struct acc		 a;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	json_t			*o, *cons;
	size_t			 i;

	memset(&a, 0, sizeof(a));
	if (web_is_json(ctx)) {
		o = records(ctx->user.id, &a);
		acc_free(&a);
		if (o == NULL)
			return (web_busy(ctx, DB_BUSY));
		return (web_json(ctx, 200, o));
	}
	if ((r = db_privacy_facts(ctx->user.id, &f)) != DB_OK)
		return (web_busy(ctx, r));
	if ((r = db_idcheck_get(ctx->user.id, &c)) != DB_OK &&
	    r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	if ((cons = idcheck_consents_json(ctx->user.id)) == NULL)
		return (web_busy(ctx, DB_BUSY));
	web_page_begin(ctx, &b, &pc, M_MYDATA_TITLE);
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_MYDATA_INTRO));
	html_lit(&b, " <a href=\"/privacy\">");
	html_text(&b, i18n(l, M_PRIVACY_TITLE));
	html_lit(&b, "</a></p><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_ID_TITLE));
	html_lit(&b, "</h2>");
	if (r == DB_OK)
		idcheck_facts(&b, l, &c);
	else {
		html_lit(&b, "<p id=\"identity-status\">");
		html_text(&b, i18n(l, M_ID_STATUS_HOWTO));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "</section><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_CONSENTS));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"consents\">");
	for (i = 0; i < json_array_size(cons); i++) {
		html_lit(&b, "<li>");
		html_text(&b, json_string_value(json_object_get(
		    json_array_get(cons, i), "kind")));
		html_lit(&b, " v");
		html_int(&b, json_integer_value(json_object_get(
		    json_array_get(cons, i), "version")));
		html_lit(&b, "</li>");
	}
	json_decref(cons);
	html_lit(&b, "</ul></section><p><a class=\"button\" id=\"export\" "
	    "href=\"/me/export.zip\" download>");
	html_text(&b, i18n(l, M_MYDATA_EXPORT));
	html_lit(&b, "</a></p>");
	if (ctx->user.role != ROLE_STAFF) {
		html_lit(&b, "<section class=\"panel\"><h2>");
		html_text(&b, i18n(l, M_DELETE_TITLE));
		html_lit(&b, "</h2><p>");
		html_text(&b, i18n(l, M_DELETE_INTRO));
		html_lit(&b, "</p><form method=\"post\" action=\"/me/delete\" "
		    "class=\"stack\" id=\"delete-form\">");
		page_csrf_field(&b, &pc);
		html_lit(&b, "<label>");
		html_text(&b, i18n(l, M_FIELD_PASSWORD));
		html_lit(&b, "<input name=\"password\" type=\"password\" "
		    "required autocomplete=\"current-password\"></label>"
		    "<label class=\"choice\"><input type=\"checkbox\" "
		    "name=\"revoke\" value=\"1\"> ");
		html_text(&b, i18n(l, M_DELETE_REVOKE));
		html_lit(&b, "</label><button type=\"submit\" "
		    "class=\"danger\">");
		html_text(&b, i18n(l, M_DELETE_TITLE));
		html_lit(&b, "</button></form></section>");
	}
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

/* -- the ZIP ---------------------------------------------------------- */

struct export_job {
	char		*json;		/* data.json */
	int64_t		*photos;
	size_t		 nphotos;
	struct cert	*certs;
	size_t		 ncerts;
	void		*zip;		/* the result, malloc'ed */
	size_t		 zip_len;
	int64_t		 user;		/* whose: the file's name */
	char		 err[256];
};

static void
export_job_free(void *arg)
{
	struct export_job	*j = arg;

	free(j->json);
	free(j->photos);
	free(j->certs);
	free(j->zip);
	free(j);
}

static int
zip_add_file(zip_t *za, const char *path, const char *name, int store)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if ((src = zip_source_file(za, path, 0, -1)) == NULL)
		return (0);
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return (0);
	}
	if (store)	/* JPEG and PNG are compressed already */
		(void)zip_set_file_compression(za, (zip_uint64_t)idx,
		    ZIP_CM_STORE, 0);
	return (1);
}

/*
 * On a task thread: data.json, photos/<id>.jpg (the full size) and
 * certificates/<serial>.png (drawn now when missing), into a ZIP in
 * memory. Photos whose file is gone are left out (data.json still lists
 * them).
 */
static int
export_run_cb(void *arg)
{
	struct export_job	*j = arg;
	zip_source_t		*mem, *src;
	zip_error_t		 ze;
	zip_t			*za;
	zip_stat_t		 zs;
	char			 path[256], name[96];
	size_t			 i;
	int			 ok = 0;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		(void)snprintf(j->err, sizeof(j->err), "zip: %s",
		    zip_error_strerror(&ze));
		if (mem != NULL)
			zip_source_free(mem);
		zip_error_fini(&ze);
		return (0);
	}
	zip_source_keep(mem);
	if ((src = zip_source_buffer(za, j->json, strlen(j->json), 0)) ==
	    NULL || zip_file_add(za, "data.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		goto zerr;
	}
	for (i = 0; i < j->nphotos; i++) {
		datafile_photo(".", j->photos[i], 0, path, sizeof(path));
		if (access(path, R_OK) == -1)
			continue;
		(void)snprintf(name, sizeof(name), "photos/%lld.jpg",
		    (long long)j->photos[i]);
		if (!zip_add_file(za, path, name, 1))
			goto zerr;
	}
	for (i = 0; i < j->ncerts; i++) {
		certfile_path(&j->certs[i], path, sizeof(path));
		if (access(path, R_OK) == -1 && !certfile_render(".",
		    &j->certs[i], j->err, sizeof(j->err)))
			goto out;
		(void)snprintf(name, sizeof(name), "certificates/%s.png",
		    j->certs[i].serial);
		if (!zip_add_file(za, path, name, 1))
			goto zerr;
	}
	if (zip_close(za) == -1)
		goto zerr;
	za = NULL;
	if (zip_source_stat(mem, &zs) == -1 || zip_source_open(mem) == -1)
		goto zerr;
	if ((j->zip = malloc(zs.size > 0 ? zs.size : 1)) != NULL &&
	    zip_source_read(mem, j->zip, zs.size) == (zip_int64_t)zs.size) {
		j->zip_len = zs.size;
		ok = 1;
	}
	(void)zip_source_close(mem);
	goto out;
zerr:
	(void)snprintf(j->err, sizeof(j->err), "zip: %s", za != NULL ?
	    zip_strerror(za) : zip_error_strerror(zip_source_error(mem)));
out:
	if (za != NULL)
		zip_discard(za);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return (ok);
}

/*
 * GET /me/export.zip (the reader's data) and /people/<id>/export.zip
 * (staff, audited): data.json, photos and certificate pictures, built
 * off the event loop. Nothing is written to disk but certificate
 * pictures that were missing (as /certs/<id>.png would draw them).
 */
int
privacy_export(struct ctx *ctx)
{
	struct export_job	*j;
	struct acc		 a;
	int64_t			 user;
	json_t			*o;
	char			 disp[96];

	if (ctx->work.started) {
		if (!web_work_done(ctx))
			return (KORE_RESULT_RETRY);
		j = ctx->work.arg;
		if (!ctx->work.result) {
			kore_log(LOG_ERR, "export: %s", j->err);
			return (web_fail(ctx, 500, "internal",
			    M_ERR_INTERNAL));
		}
		(void)snprintf(disp, sizeof(disp), "attachment; "
		    "filename=\"yujiang-data-%lld.zip\"", (long long)j->user);
		http_response_header(ctx->req, "content-type",
		    "application/zip");
		http_response_header(ctx->req, "content-disposition", disp);
		http_response_header(ctx->req, "cache-control", "no-store");
		http_response_header(ctx->req, "x-content-type-options",
		    "nosniff");
		http_response(ctx->req, 200, j->zip, j->zip_len);
		return (KORE_RESULT_OK);
	}
	if (!subject_user(ctx, &user))
		return (KORE_RESULT_OK);
	memset(&a, 0, sizeof(a));
	if ((o = records(user, &a)) == NULL) {
		acc_free(&a);
		return (web_busy(ctx, DB_BUSY));
	}
	if ((j = calloc(1, sizeof(*j))) == NULL)
		abort();
	j->json = json_dumps(o, JSON_INDENT(1));
	json_decref(o);
	if (j->json == NULL)
		abort();
	j->photos = a.photos;
	j->nphotos = a.nphotos;
	j->certs = a.certs;
	j->ncerts = a.ncerts;
	j->user = user;
	web_work_start(ctx, export_run_cb, j, export_job_free);
	return (KORE_RESULT_RETRY);
}

/* -- deletion ------------------------------------------------------------ */

static int
delete_refused(struct ctx *ctx, int status, const char *code, enum msg m)
{
	return (web_fail(ctx, status, code, m));
}

/* A deletion across its password check: the failure counted beforehand. */
struct delete_flow {
	int64_t		 attempt;
};

/*
 * POST /me/delete and /api/v1/me/delete (an apprentice or a master):
 * password (checked like a login, throttled alike), revoke=1 to have
 * their certificates revoked rather than kept. Answers once the account
 * is gone, its photos' files removed and the reader logged out.
 */
int
privacy_delete(struct ctx *ctx)
{
	struct delete_flow *df = web_flow(ctx, sizeof(*df));
	struct deletion	 d;
	struct user	 u;
	enum db_result	 r;
	const char	*pw;
	json_t		*j;
	int64_t		 now = (int64_t)time(NULL);
	size_t		 i;
	int		 throttled, revoke = 0;
	struct page_ctx	 pc;
	struct buf	 b;
	char		 path[1024];

	if (ctx->body != NULL && (j = json_object_get(ctx->body,
	    "revoke")) != NULL)
		revoke = json_is_true(j) || (json_is_integer(j) &&
		    json_integer_value(j) == 1);
	else if (web_field(ctx, "revoke") != NULL)
		revoke = strcmp(web_field(ctx, "revoke"), "1") == 0;
	if (!ctx->job.started) {
		pw = web_field(ctx, "password");
		if (pw == NULL || *pw == '\0')
			return (delete_refused(ctx, 400, "password_required",
			    M_ERR_DELETE_PASSWORD));
		if ((r = db_login_attempt(ctx->user.account, ctx->throttle,
		    now - THROTTLE_WINDOW, now, &throttled,
		    &df->attempt)) != DB_OK)
			return (web_busy(ctx, r));
		if (throttled)
			return (delete_refused(ctx, 429, "throttled",
			    web_retry_after(ctx, throttled)));
		if ((r = db_user_by_account(ctx->user.account, &u,
		    ctx->job.stored, sizeof(ctx->job.stored))) != DB_OK)
			return (web_busy(ctx, r));
		if (!web_pw_verify(ctx, ctx->job.stored, pw))
			return (KORE_RESULT_OK);	/* 503: queue full */
		return (KORE_RESULT_RETRY);
	}
	if (!web_pw_done(ctx))
		return (KORE_RESULT_RETRY);
	secret_wipe(ctx->job.stored, sizeof(ctx->job.stored));
	if (!ctx->job.ok)
		return (delete_refused(ctx, 403, "wrong_password",
		    M_ERR_DELETE_PASSWORD));
	if ((r = db_login_forgive(df->attempt)) != DB_OK ||
	    (r = db_account_delete(ctx->user.id, TOMBSTONE, revoke,
	    "持证人注销账号时要求撤销 revoked at the holder's request on "
	    "deleting the account", now, &d)) != DB_OK)
		return (web_busy(ctx, r));
	for (i = 0; i < d.nphotos; i++)
		datafile_photo_remove(".", d.photos[i]);
	for (i = 0; i < d.nentry_photos; i++) {
		datafile_entry_photo(".", d.entry_photos[i] / 16,
		    (int)(d.entry_photos[i] % 16), path, sizeof(path));
		(void)unlink(path);
	}
	for (i = 0; i < d.nbatches; i++)
		batch_zip_stale(d.batches[i]);
	web_session_end(ctx);
	ctx->logged_in = 0;
	if (web_is_json(ctx)) {
		j = json_pack("{s:b, s:i, s:i}", "deleted", 1,
		    "certificates_revoked", d.revoked, "photos_removed",
		    (int)d.nphotos);
		deletion_free(&d);
		return (web_json(ctx, 200, j));
	}
	deletion_free(&d);
	web_page_ctx(ctx, &pc);
	buf_init(&b, 4096);
	page_begin(&b, &pc, i18n(ctx->lang, M_DELETE_DONE));
	html_lit(&b, "<h1 id=\"deleted\">");
	html_text(&b, i18n(ctx->lang, M_DELETE_DONE));
	html_lit(&b, "</h1><p>");
	html_text(&b, i18n(ctx->lang, M_DELETE_DONE_NOTE));
	html_lit(&b, "</p>");
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}
