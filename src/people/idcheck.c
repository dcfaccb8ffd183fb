/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * idcheck.c: 实名核验 at the talent service station. Staff hold the
 * person's identity document, type its kind, its number and the name on
 * it, and record that they checked it, with the person's consent to the
 * processing of this sensitive information (PIPL art. 29). The number is
 * never stored: only its last four characters and a keyed hash, unique,
 * so the same document on a second account is refused and staff see
 * which account holds it. Certificates are issued under the name checked
 * here (db_cert_insert_tx()); it changes only here, with a reason, in
 * the audit log. Staff also record a guardian's consent for a child
 * under 14 (PIPL art. 31). Every look at this page is audited.
 */
#include <string.h>
#include <time.h>

#include "html.h"
#include "privacy.h"

static const enum msg doc_msgs[DOC__COUNT] = {
	M_ID_DOC_RESIDENT, M_ID_DOC_PERMIT, M_ID_DOC_PASSPORT,
};

static const enum msg consent_msgs[CONSENT__COUNT] = {
	M_CONSENT_NOTICE, M_CONSENT_IDENTITY, M_CONSENT_GUARDIAN,
};

/*
 * Parent, before the workers start: the station's secret for document
 * hashes, read (or made, mode 0600) from the data directory like the
 * signing key; workers keep it in memory and never open the file.
 */
void
idcheck_key_configure(const char *root)
{
	unsigned char	 k[32];
	char		 path[1024], err[256];

	(void)snprintf(path, sizeof(path), "%s/" REALNAME_KEY_FILE, root);
	if (!sign_secret_open(path, 1, k, err, sizeof(err)))
		fatalx("identity document key: %s", err);
	realname_key_set(k);
	secret_wipe(k, sizeof(k));
}

/* The person of the path (any account), or answered 404. */
static int
path_user(struct ctx *ctx, struct user *u)
{
	enum db_result	 r;

	if ((r = db_user_by_id(web_path_id(ctx), u)) == DB_NOTFOUND)
		return (web_fail(ctx, 404, "not_found", M_ERR_PERSON), 0);
	if (r != DB_OK)
		return (web_busy(ctx, r), 0);
	return (1);
}

/* A person's name in field, as text, checked into dst (at least
 * NAME_MAX_CHARS * 4 + 1 bytes): 1 when good. */
static int
name_field(struct ctx *ctx, const char *field, char *dst, size_t len)
{
	return (!web_field_not_text(ctx, field) &&
	    identity_name(web_field(ctx, field), dst, len));
}

/* A yes: JSON true or 1, a form's "1" (a ticked checkbox). */
static int
yes_field(struct ctx *ctx, const char *name)
{
	const char	*s;
	json_t		*j;

	if (ctx->body != NULL && (j = json_object_get(ctx->body,
	    name)) != NULL)
		return (json_is_true(j) || (json_is_integer(j) &&
		    json_integer_value(j) == 1));
	s = web_field(ctx, name);
	return (s != NULL && strcmp(s, "1") == 0);
}

/* An identity check as JSON (never the number: it is not kept). */
json_t *
idcheck_json(const struct idcheck *c)
{
	return (json_pack("{s:s, s:s, s:s, s:I, s:{s:I, s:s}, s:o}",
	    "document_type", doc_type_code(c->doc_type), "last4", c->last4,
	    "verified_name", c->name, "checked", (json_int_t)c->checked,
	    "checked_by", "id", (json_int_t)c->checked_by, "name", c->checker,
	    "renamed", c->renamed != 0 ? json_integer(c->renamed) :
	    json_null()));
}

struct consents_acc {
	struct buf	*b;
	json_t		*arr;
	enum lang	 l;
};

static int
consent_item_cb(const struct consent_row *c, void *arg)
{
	struct consents_acc	*a = arg;
	char			 day[11];

	if (a->arr != NULL) {
		json_array_append_new(a->arr, json_pack("{s:s, s:i, s:s, s:I, "
		    "s:o}", "kind", consent_kind_code(c->kind), "version",
		    c->version, "detail", c->detail, "at", (json_int_t)c->at,
		    "recorded_by", c->recorded_by != 0 ? json_pack("{s:I, s:s}",
		    "id", (json_int_t)c->recorded_by, "name", c->recorder) :
		    json_null()));
		return (1);
	}
	seat_today((time_t)c->at, day);
	html_lit(a->b, "<li data-kind=\"");
	html_text(a->b, consent_kind_code(c->kind));
	html_lit(a->b, "\">");
	html_text(a->b, day);
	html_lit(a->b, " · ");
	html_text(a->b, i18n(a->l, consent_msgs[c->kind]));
	html_lit(a->b, " (v");
	html_int(a->b, c->version);
	html_lit(a->b, ")");
	if (c->detail[0] != '\0') {
		html_lit(a->b, " · ");
		html_text(a->b, c->detail);
	}
	if (c->recorded_by != 0) {
		html_lit(a->b, " · ");
		html_text(a->b, c->recorder);
	}
	html_lit(a->b, "</li>");
	return (1);
}

/*
 * The person's consents as JSON (NULL when the store failed), for this
 * page and for their own data (privacy.c).
 */
json_t *
idcheck_consents_json(int64_t user)
{
	struct consents_acc	 a;

	memset(&a, 0, sizeof(a));
	a.arr = json_array();
	if (db_consents(user, consent_item_cb, &a) != DB_OK) {
		json_decref(a.arr);
		return (NULL);
	}
	return (a.arr);
}

/* A checked identity, in a definition list (the person's own page too). */
void
idcheck_facts(struct buf *b, enum lang l, const struct idcheck *c)
{
	char	 day[11];

	seat_today((time_t)c->checked, day);
	html_lit(b, "<dl class=\"facts\" id=\"identity\"><dt>");
	html_text(b, i18n(l, M_ID_VERIFIED_NAME));
	html_lit(b, "</dt><dd id=\"verified-name\">");
	html_text(b, c->name);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_ID_DOC));
	html_lit(b, "</dt><dd>");
	html_text(b, i18n(l, doc_msgs[c->doc_type]));
	html_lit(b, " ****");
	html_text(b, c->last4);
	html_lit(b, "</dd><dt>");
	html_text(b, i18n(l, M_ID_CHECKED));
	html_lit(b, "</dt><dd>");
	html_text(b, day);
	html_lit(b, " · ");
	html_text(b, c->checker);
	html_lit(b, "</dd></dl>");
}

static void
text_input(struct buf *b, enum lang l, enum msg label, const char *name,
    const char *type, int required)
{
	html_lit(b, "<label>");
	html_text(b, i18n(l, label));
	html_lit(b, "<input name=\"");
	html_text(b, name);
	html_lit(b, "\" id=\"f-");
	html_text(b, name);
	html_lit(b, "\" type=\"");
	html_text(b, type);
	html_lit(b, "\" maxlength=\"40\"");
	if (required)
		html_lit(b, " required");
	html_lit(b, "></label>");
}

static void
consent_box(struct buf *b, enum lang l, enum msg text)
{
	html_lit(b, "<label class=\"choice\"><input type=\"checkbox\" "
	    "name=\"consent\" value=\"1\" required> ");
	html_text(b, i18n(l, text));
	html_lit(b, "</label>");
}

static void
forms(struct buf *b, struct ctx *ctx, const struct user *u,
    const struct idcheck *c, int checked)
{
	struct page_ctx	 pc;
	enum lang	 l = ctx->lang;
	int		 i;

	web_page_ctx(ctx, &pc);
	if (!checked) {
		html_lit(b, "<section class=\"panel\"><h2>");
		html_text(b, i18n(l, M_ID_RECORD));
		html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
		    "id=\"identity-form\" action=\"/people/");
		html_int(b, u->id);
		html_lit(b, "/identity\">");
		page_csrf_field(b, &pc);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_ID_DOC));
		html_lit(b, "<select name=\"doc_type\" id=\"f-doc_type\">");
		for (i = 0; i < DOC__COUNT; i++) {
			html_lit(b, "<option value=\"");
			html_text(b, doc_type_code((enum doc_type)i));
			html_lit(b, "\">");
			html_text(b, i18n(l, doc_msgs[i]));
			html_lit(b, "</option>");
		}
		html_lit(b, "</select></label>");
		text_input(b, l, M_ID_NUMBER, "number", "text", 1);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_ID_NAME_ON_DOC));
		html_lit(b, "<input name=\"name\" id=\"f-name\" maxlength=\"40\" "
		    "required value=\"");
		html_text(b, u->name);
		html_lit(b, "\"></label>");
		text_input(b, l, M_FIELD_BIRTH, "birth_date", "date", 0);
		consent_box(b, l, M_ID_CONSENT_BOX);
		html_lit(b, "<button type=\"submit\">");
		html_text(b, i18n(l, M_ID_RECORD));
		html_lit(b, "</button></form></section>");
	} else {
		html_lit(b, "<section class=\"panel\"><h2>");
		html_text(b, i18n(l, M_ID_RENAME));
		html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
		    "enctype=\"multipart/form-data\" action=\"/people/");
		html_int(b, u->id);
		html_lit(b, "/identity/name\">");
		page_csrf_field(b, &pc);
		html_lit(b, "<label>");
		html_text(b, i18n(l, M_ID_VERIFIED_NAME));
		html_lit(b, "<input name=\"name\" maxlength=\"40\" required "
		    "value=\"");
		html_text(b, c->name);
		html_lit(b, "\"></label><label>");
		html_text(b, i18n(l, M_V_REASON));
		html_lit(b, "<textarea name=\"reason\" rows=\"2\" "
		    "maxlength=\"200\" required></textarea></label>"
		    "<button type=\"submit\">");
		html_text(b, i18n(l, M_ID_RENAME));
		html_lit(b, "</button></form></section>");
	}
	html_lit(b, "<section class=\"panel\"><h2>");
	html_text(b, i18n(l, M_ID_GUARDIAN));
	html_lit(b, "</h2><form method=\"post\" class=\"stack\" "
	    "action=\"/people/");
	html_int(b, u->id);
	html_lit(b, "/guardian\">");
	page_csrf_field(b, &pc);
	text_input(b, l, M_ID_GUARDIAN_NAME, "guardian", "text", 1);
	text_input(b, l, M_ID_GUARDIAN_RELATION, "relation", "text", 1);
	consent_box(b, l, M_ID_GUARDIAN_BOX);
	html_lit(b, "<button type=\"submit\">");
	html_text(b, i18n(l, M_ID_GUARDIAN));
	html_lit(b, "</button></form></section><p><a id=\"export-link\" "
	    "href=\"/people/");
	html_int(b, u->id);
	html_lit(b, "/export.zip\">");
	html_text(b, i18n(l, M_MYDATA_EXPORT));
	html_lit(b, "</a></p>");
}

/*
 * GET /people/<id>/identity (staff): the person's identity check and
 * consents, and the forms to record them. Staff looking at a person's
 * identity record is itself recorded (PIPL: access to personal data).
 */
int
idcheck_page(struct ctx *ctx)
{
	struct user		 u;
	struct idcheck		 c;
	struct privacy_facts	 f;
	struct consents_acc	 a;
	struct page_ctx		 pc;
	struct buf		 b;
	enum db_result		 r;
	enum lang		 l = ctx->lang;
	char			 subject[32], today[11];
	int			 checked, age;
	json_t			*cons;

	if (!path_user(ctx, &u))
		return (KORE_RESULT_OK);
	if ((r = db_idcheck_get(u.id, &c)) != DB_OK && r != DB_NOTFOUND)
		return (web_busy(ctx, r));
	checked = r == DB_OK;
	if ((r = db_privacy_facts(u.id, &f)) != DB_OK)
		return (web_busy(ctx, r));
	(void)snprintf(subject, sizeof(subject), "user:%lld",
	    (long long)u.id);
	if ((r = db_audit(ctx->user.id, "privacy.view", subject, "identity",
	    (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	web_today(today);
	age = f.birth_date[0] != '\0' ? realname_age(f.birth_date, today) : -1;
	if (web_is_json(ctx)) {
		if ((cons = idcheck_consents_json(u.id)) == NULL)
			return (web_busy(ctx, DB_BUSY));
		return (web_json(ctx, 200, json_pack("{s:o, s:o, s:o, s:o, "
		    "s:b, s:b, s:o}", "user", web_user_json(&u), "identity",
		    checked ? idcheck_json(&c) : json_null(), "birth_date",
		    f.birth_date[0] != '\0' ? json_string(f.birth_date) :
		    json_null(), "age", age >= 0 ? json_integer(age) :
		    json_null(), "minor", age >= 0 && age < GUARDIAN_AGE,
		    "guardian_consent", f.guardian, "consents", cons)));
	}
	web_page_ctx(ctx, &pc);
	buf_init(&b, 16384);
	page_begin(&b, &pc, i18n(l, M_ID_TITLE));
	html_lit(&b, "<h1>");
	html_text(&b, i18n(l, M_ID_TITLE));
	html_lit(&b, " · <span id=\"person-name\">");
	html_text(&b, u.name);
	html_lit(&b, "</span></h1>");
	if (web_field(ctx, "done") != NULL) {
		html_lit(&b, "<p class=\"ok\" role=\"status\" id=\"notice\">");
		html_text(&b, i18n(l, M_DONE_SAVED));
		html_lit(&b, "</p>");
	}
	html_lit(&b, "<p id=\"identity-status\" data-checked=\"");
	html_int(&b, checked);
	html_lit(&b, "\">");
	html_text(&b, i18n(l, checked ? M_ID_STATUS_CHECKED :
	    M_ID_STATUS_NONE));
	html_lit(&b, "</p>");
	if (checked)
		idcheck_facts(&b, l, &c);
	html_lit(&b, "<p>");
	html_text(&b, i18n(l, M_FIELD_BIRTH));
	html_lit(&b, ": <span id=\"birth-date\">");
	html_text(&b, f.birth_date[0] != '\0' ? f.birth_date : "—");
	html_lit(&b, "</span>");
	if (age >= 0 && age < GUARDIAN_AGE) {
		html_lit(&b, " <strong id=\"minor\">");
		html_text(&b, i18n(l, f.guardian ? M_ID_MINOR_CONSENTED :
		    M_ID_MINOR_NO_CONSENT));
		html_lit(&b, "</strong>");
	}
	html_lit(&b, "</p><section class=\"panel\"><h2>");
	html_text(&b, i18n(l, M_CONSENTS));
	html_lit(&b, "</h2><ul class=\"plain\" id=\"consents\">");
	memset(&a, 0, sizeof(a));
	a.b = &b;
	a.l = l;
	if ((r = db_consents(u.id, consent_item_cb, &a)) != DB_OK) {
		buf_free(&b);
		return (web_busy(ctx, r));
	}
	html_lit(&b, "</ul></section>");
	forms(&b, ctx, &u, &c, checked);
	page_end(&b, &pc);
	return (web_html(ctx, 200, &b));
}

static int
saved(struct ctx *ctx, int64_t user, int status)
{
	struct idcheck	 c;
	enum db_result	 r;
	char		 to[64];

	if (web_is_json(ctx)) {
		if ((r = db_idcheck_get(user, &c)) != DB_OK &&
		    r != DB_NOTFOUND)
			return (web_busy(ctx, r));
		return (web_json(ctx, status, json_pack("{s:I, s:o}", "user",
		    (json_int_t)user, "identity", r == DB_OK ?
		    idcheck_json(&c) : json_null())));
	}
	(void)snprintf(to, sizeof(to), "/people/%lld/identity?done=saved",
	    (long long)user);
	return (web_redirect(ctx, to));
}

static int
number_refused(struct ctx *ctx, enum realname_error e)
{
	switch (e) {
	case RN_CHECKSUM:
		return (web_fail(ctx, 400, "bad_checksum", M_ERR_ID_CHECKSUM));
	case RN_DATE:
		return (web_fail(ctx, 400, "bad_birth_date", M_ERR_ID_DATE));
	case RN_REGION:
		return (web_fail(ctx, 400, "wrong_document", M_ERR_ID_REGION));
	default:
		return (web_fail(ctx, 400, "invalid_number", M_ERR_ID_NUMBER));
	}
}

/* The other account that holds this document, named for staff. */
static int
elsewhere(struct ctx *ctx, const struct user *other)
{
	struct page_ctx	 pc;
	struct buf	 b;
	enum lang	 l = ctx->lang;

	if (web_is_json(ctx))
		return (web_json(ctx, 409, json_pack("{s:s, s:s, s:{s:I, s:s, "
		    "s:s}}", "error", "document_elsewhere", "message",
		    i18n(l, M_ERR_ID_ELSEWHERE), "other", "id",
		    (json_int_t)other->id, "name", other->name, "account",
		    other->account)));
	web_page_begin(ctx, &b, &pc, M_ERR_TITLE);
	page_error(&b, &pc, i18n(l, M_ERR_ID_ELSEWHERE));
	html_lit(&b, "<p id=\"other-account\"><a href=\"/people/");
	html_int(&b, other->id);
	html_lit(&b, "/identity\">");
	html_text(&b, other->name);
	html_lit(&b, " (");
	html_text(&b, other->account);
	html_lit(&b, ")</a></p>");
	page_end(&b, &pc);
	return (web_html(ctx, 409, &b));
}

/*
 * POST /people/<id>/identity (staff): doc_type, number, name (as on the
 * document), birth_date (optional: an ID card's or permit's number says
 * it, and a given one must agree), consent=1 (the person agrees to the
 * processing of their document). The number is normalised, checked,
 * hashed with the station's secret and wiped; it is never stored.
 */
int
idcheck_record(struct ctx *ctx)
{
	struct idcheck_new	 n;
	struct user		 u, other;
	enum idcheck_verdict	 v;
	enum realname_error	 e;
	enum doc_type		 t;
	enum db_result		 r;
	const char		*given;
	char			 num[REALNAME_NUMBER_MAX + 1];
	char			 hash[REALNAME_HASH_HEX], last[REALNAME_LAST + 1];
	char			 birth[11], today[11];
	char			 name[NAME_MAX_CHARS * 4 + 1];

	if (!path_user(ctx, &u))
		return (KORE_RESULT_OK);
	if (web_field_not_text(ctx, "doc_type") ||
	    !doc_type_parse(web_field(ctx, "doc_type"), &t))
		return (web_fail(ctx, 400, "invalid_doc_type",
		    M_ERR_ID_DOC_TYPE));
	if (web_field_not_text(ctx, "number"))
		return (web_fail(ctx, 400, "invalid_number", M_ERR_ID_NUMBER));
	if ((e = realname_normalise(t, web_field(ctx, "number"), num)) !=
	    RN_OK)
		return (number_refused(ctx, e));
	if (!name_field(ctx, "name", name, sizeof(name))) {
		secret_wipe(num, sizeof(num));
		return (web_fail(ctx, 400, "invalid_name", M_ERR_NAME));
	}
	web_today(today);
	given = web_field(ctx, "birth_date");
	(void)realname_birth(t, num, birth);
	if (web_field_not_text(ctx, "birth_date") || (given != NULL &&
	    *given != '\0' && (!claims_date_valid(given) ||
	    strcmp(given, today) > 0 || (birth[0] != '\0' &&
	    strcmp(given, birth) != 0)))) {
		secret_wipe(num, sizeof(num));
		return (web_fail(ctx, 400, "invalid_birth_date",
		    M_ERR_ID_BIRTH));
	}
	if (birth[0] == '\0' && given != NULL && *given != '\0')
		(void)snprintf(birth, sizeof(birth), "%s", given);
	if (!yes_field(ctx, "consent")) {
		secret_wipe(num, sizeof(num));
		return (web_fail(ctx, 400, "consent_required",
		    M_ERR_ID_CONSENT));
	}
	realname_last(num, last);
	if (!realname_hash(t, num, hash)) {
		secret_wipe(num, sizeof(num));
		return (web_fail(ctx, 500, "internal", M_ERR_INTERNAL));
	}
	secret_wipe(num, sizeof(num));
	memset(&n, 0, sizeof(n));
	n.user = u.id;
	n.doc_type = t;
	n.last4 = last;
	n.hash = hash;
	n.name = name;
	n.birth_date = birth[0] != '\0' ? birth : NULL;
	n.by = ctx->user.id;
	n.now = (int64_t)time(NULL);
	if ((r = db_idcheck_record(&n, &v, &other)) != DB_OK)
		return (web_busy(ctx, r));
	if (v == IDV_TWICE)
		return (web_fail(ctx, 409, "already_checked", M_ERR_ID_TWICE));
	if (v == IDV_ELSEWHERE)
		return (elsewhere(ctx, &other));
	return (saved(ctx, u.id, 201));
}

/*
 * POST /people/<id>/identity/name (staff): the verified name, corrected
 * (a typing slip, a legal change of name), with a reason; the audit log
 * keeps both names and the reason. Certificates issued from now on carry
 * it; one already issued is re-issued to carry it.
 */
int
idcheck_rename(struct ctx *ctx)
{
	struct user	 u;
	enum db_result	 r;
	const char	*reason = web_field(ctx, "reason");
	char		 name[NAME_MAX_CHARS * 4 + 1];
	size_t		 chars;

	if (!path_user(ctx, &u))
		return (KORE_RESULT_OK);
	if (!name_field(ctx, "name", name, sizeof(name)))
		return (web_fail(ctx, 400, "invalid_name", M_ERR_NAME));
	if (web_field_not_text(ctx, "reason") || reason == NULL ||
	    !utf8_chars_lines(reason, &chars) || chars == 0 || chars > 200)
		return (web_fail(ctx, 400, "invalid_reason", M_ERR_REASON));
	r = db_idcheck_rename(u.id, name, reason, ctx->user.id,
	    (int64_t)time(NULL));
	if (r == DB_NOTFOUND)
		return (web_fail(ctx, 409, "not_checked", M_ERR_ID_NONE));
	if (r != DB_OK)
		return (web_busy(ctx, r));
	return (saved(ctx, u.id, 200));
}

/*
 * POST /people/<id>/guardian (staff): a guardian's consent, given at the
 * station, to the processing of a child's information — photos of their
 * works above all (PIPL art. 31: under 14). guardian (a name), relation
 * (父亲, 母亲, …), consent=1.
 */
int
idcheck_guardian(struct ctx *ctx)
{
	struct user	 u;
	enum db_result	 r;
	const char	*rel = web_field(ctx, "relation");
	char		 guardian[NAME_MAX_CHARS * 4 + 1], detail[401];
	size_t		 chars;

	if (!path_user(ctx, &u))
		return (KORE_RESULT_OK);
	if (!name_field(ctx, "guardian", guardian, sizeof(guardian)))
		return (web_fail(ctx, 400, "invalid_guardian",
		    M_ERR_ID_GUARDIAN));
	if (web_field_not_text(ctx, "relation") || rel == NULL ||
	    !utf8_chars(rel, &chars) || chars == 0 || chars > 20)
		return (web_fail(ctx, 400, "invalid_relation",
		    M_ERR_ID_RELATION));
	if (!yes_field(ctx, "consent"))
		return (web_fail(ctx, 400, "consent_required",
		    M_ERR_ID_CONSENT));
	(void)snprintf(detail, sizeof(detail), "%s (%s)", guardian, rel);
	if ((r = db_consent_add(u.id, CONSENT_GUARDIAN, PRIVACY_VERSION,
	    detail, ctx->user.id, (int64_t)time(NULL))) != DB_OK)
		return (web_busy(ctx, r));
	return (saved(ctx, u.id, 201));
}
