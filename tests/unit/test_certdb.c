/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * test_certdb.c: certificates in the store, on a real SQLite file —
 * issued only from an event that happened, once per event however often
 * asked, serials in sequence per year, re-issue chains, revocation once,
 * the triggers that keep what was signed from being rewritten, the
 * status rules (revoked, superseded, suspended, expired on the day
 * after), and the status lists signed in the transaction of a change.
 * With YUJIANG_TEST_ENGINE=postgresql, the same with the store on a fresh
 * PostgreSQL database (tdb.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "db.h"
#include "secret.h"
#include "status.h"
#include "tdb.h"
#include "vc.h"

static char		dir[] = "/tmp/yj-certdb.XXXXXX";
static char		path[256];
static struct signer	signer;
static int64_t		staff, holder;

/* Staff's identity check of user, as db_idcheck_record() stores it (the
 * hash is the store's business only as a unique string here). */
static int
verify_identity(int64_t user, const char *name)
{
	struct idcheck_new	 n;
	struct user		 other;
	enum idcheck_verdict	 v;
	char			 hash[REALNAME_HASH_HEX];

	(void)snprintf(hash, sizeof(hash), "%064lld", (long long)user);
	memset(&n, 0, sizeof(n));
	n.user = user;
	n.doc_type = DOC_RESIDENT_ID;
	n.last4 = "002X";
	n.hash = hash;
	n.name = name;
	n.by = user;
	n.now = 1;
	return (db_idcheck_record(&n, &v, &other) == DB_OK && v == IDV_OK);
}

static int
setup(void **state)
{
	struct user_new	 u;
	char		 key[300], err[256];

	(void)state;
	if (!secret_init() || mkdtemp(dir) == NULL)
		return (-1);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, DB_FILE);
	(void)snprintf(key, sizeof(key), "%s/%s", dir, KEY_FILE);
	if (!tdb_open(path) || !db_migrate() || !db_prepare() ||
	    !sign_key_open(key, 1, &signer, err, sizeof(err)))
		return (-1);
	memset(&u, 0, sizeof(u));
	u.name = "周晓琳";
	u.account = "staff@example.cn";
	u.pwhash = "x";
	u.role = ROLE_STAFF;
	if (db_user_create(&u, &staff) != DB_OK)
		return (-1);
	u.name = "张小敏";
	u.account = "13800000001";
	u.role = ROLE_APPRENTICE;
	u.track = TRACK_DESIGNER;
	if (db_user_create(&u, &holder) != DB_OK ||
	    !verify_identity(holder, "张小敏"))
		return (-1);
	return (0);
}

static int
teardown(void **state)
{
	char	 cmd[512];

	(void)state;
	tdb_close();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return (system(cmd) == 0 ? 0 : -1);
}

static void
issuer(struct cert_issuer *is, const char *today)
{
	memset(is, 0, sizeof(*is));
	is->signer = &signer;
	is->origin = "https://yujiang.example.cn";
	is->today = today;
	is->valid_years[KIND_LEVEL] = 3;
	is->by = staff;
	is->now = (int64_t)time(NULL);
}

static int64_t
last_level(void)
{
	int64_t	 id;

	id = tdb_int("SELECT max(id) FROM skill_levels");
	assert_true(id > 0);
	return (id);
}

static void
level_event(int ladder, char event[32])
{
	assert_int_equal(db_level_award(holder, TRACK_DESIGNER, ladder,
	    "考核合格", staff, (int64_t)time(NULL)), DB_OK);
	(void)snprintf(event, 32, "level:%lld", (long long)last_level());
}

static void
events_parse(void **state)
{
	enum cert_kind	 k;
	int64_t		 id;

	(void)state;
	assert_true(cert_event_parse("completion:12", &k, &id));
	assert_int_equal(k, KIND_COURSE);
	assert_int_equal(id, 12);
	assert_true(cert_event_parse("level:1", &k, &id));
	assert_int_equal(k, KIND_LEVEL);
	assert_true(cert_event_parse("honour:999999999999", &k, &id));
	assert_false(cert_event_parse("", &k, &id));
	assert_false(cert_event_parse(NULL, &k, &id));
	assert_false(cert_event_parse("completion:", &k, &id));
	assert_false(cert_event_parse("completion:0", &k, &id));
	assert_false(cert_event_parse("completion:012", &k, &id));
	assert_false(cert_event_parse("completion:12x", &k, &id));
	assert_false(cert_event_parse("completion:-1", &k, &id));
	assert_false(cert_event_parse("completion:1234567890123", &k, &id));
	assert_false(cert_event_parse("run:1", &k, &id));
	assert_false(cert_event_parse("Level:1", &k, &id));
}

static void
expiry_and_status(void **state)
{
	struct cert	 c;
	char		 out[11];

	(void)state;
	cert_expiry("2026-11-27", 3, out);
	assert_string_equal(out, "2029-11-27");
	cert_expiry("2024-02-29", 1, out);
	assert_string_equal(out, "2025-02-28");
	cert_expiry("2024-02-29", 4, out);
	assert_string_equal(out, "2028-02-29");
	cert_expiry("not a day", 3, out);
	assert_string_equal(out, "");

	memset(&c, 0, sizeof(c));
	assert_int_equal(cert_status(&c, "2026-11-27"), CERT_VALID);
	(void)snprintf(c.expires, sizeof(c.expires), "2026-11-27");
	/* Valid through its last day, expired the day after. */
	assert_int_equal(cert_status(&c, "2026-11-27"), CERT_VALID);
	assert_int_equal(cert_status(&c, "2026-11-28"), CERT_EXPIRED);
	c.superseded_by = 7;
	assert_int_equal(cert_status(&c, "2026-11-28"), CERT_SUPERSEDED);
	c.revoked = 1;
	assert_int_equal(cert_status(&c, "2026-11-28"), CERT_REVOKED);
	assert_string_equal(cert_status_code(CERT_SUPERSEDED), "superseded");
}

static void
issue_once_per_event(void **state)
{
	struct cert_issuer	 is;
	struct cert		 c;
	enum cert_verdict	 v;
	struct claims		 cl;
	int64_t			 id, id2;
	char			 event[32];

	(void)state;
	issuer(&is, "2026-11-27");
	assert_int_equal(db_cert_issue("level:999", CLANG_ZH, &is, &id, &v),
	    DB_OK);
	assert_int_equal(v, CV_NO_EVENT);
	/* Ladder 0 (学徒工) earns no certificate. */
	level_event(0, event);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_NO_EVENT);

	level_event(2, event);		/* 四级 */
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_issue(event, CLANG_EN, &is, &id2, &v), DB_OK);
	assert_int_equal(v, CV_ISSUED);
	assert_int_equal(id2, 0);

	assert_int_equal(db_cert_get(id, &c), DB_OK);
	assert_int_equal(strlen(c.serial), SERIAL_LEN);
	assert_memory_equal(c.serial, "P0000014406051264", 17);
	assert_true(serial_code_valid(c.code));
	assert_string_equal(c.holder, "张小敏");
	assert_int_equal(c.level, 4);
	assert_string_equal(c.expires, "2029-11-27");
	assert_non_null(strstr(c.title_zh, "四级"));
	assert_int_equal(cert_status(&c, "2026-11-27"), CERT_VALID);
	/* What the QR carries is what the row says, signed. */
	assert_int_equal(claims_check(c.qr, &signer.pub, 1, &cl), SCAN_OK);
	assert_string_equal(cl.serial, c.serial);
	assert_string_equal(cl.code, c.code);
	assert_string_equal(cl.holder, c.holder);
	assert_string_equal(cl.kind, "level");
	assert_string_equal(cl.expires, "2029-11-27");
	assert_int_equal(db_cert_by_code(c.code, &c), DB_OK);
	assert_int_equal(db_cert_by_serial(c.serial, "张小敏", &c), DB_OK);
	assert_int_equal(db_cert_by_serial(c.serial, "张小", &c),
	    DB_NOTFOUND);
}

static void
serials_run_per_year(void **state)
{
	struct cert_issuer	 is;
	struct cert		 a, b, old;
	enum cert_verdict	 v;
	int64_t			 ia, ib, io;
	char			 e1[32], e2[32], e3[32];

	(void)state;
	issuer(&is, "2026-11-27");
	level_event(1, e1);
	level_event(1, e2);
	level_event(1, e3);
	assert_int_equal(db_cert_issue(e1, CLANG_ZH, &is, &ia, &v), DB_OK);
	assert_int_equal(db_cert_issue(e2, CLANG_ZH, &is, &ib, &v), DB_OK);
	issuer(&is, "2022-06-15");
	assert_int_equal(db_cert_issue(e3, CLANG_ZH, &is, &io, &v), DB_OK);
	assert_int_equal(db_cert_get(ia, &a), DB_OK);
	assert_int_equal(db_cert_get(ib, &b), DB_OK);
	assert_int_equal(db_cert_get(io, &old), DB_OK);
	assert_int_equal(atol(b.serial + 17), atol(a.serial + 17) + 1);
	assert_memory_equal(old.serial, "P000001440605122500001", SERIAL_LEN);
	assert_string_equal(old.expires, "2025-06-15");
	assert_int_equal(cert_status(&old, "2026-11-27"), CERT_EXPIRED);
	/* Re-issuing must not extend an expired certificate. */
	issuer(&is, "2026-11-27");
	assert_int_equal(db_cert_reissue(io, "张小敏", CLANG_ZH, "更正", &is,
	    &ia, &v), DB_OK);
	assert_int_equal(v, CV_EXPIRED);
	assert_int_equal(ia, 0);
}

static void
serials_used_up(void **state)
{
	struct cert_issuer	 is;
	enum cert_verdict	 v;
	int64_t			 id;
	char			 event[32];

	(void)state;
	tdb_exec("INSERT INTO cert_serials (year, last) VALUES (2031, 99999)");
	issuer(&is, "2031-01-01");
	level_event(3, event);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_FULL);
	assert_int_equal(id, 0);
	issuer(&is, "2032-01-01");
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_OK);
}

static void
reissue_chain_and_revoke_once(void **state)
{
	struct cert_issuer	 is;
	struct cert		 a, b, c;
	enum cert_verdict	 v;
	int64_t			 ia, ib, ic, ix;
	char			 event[32];

	(void)state;
	issuer(&is, "2026-11-27");
	level_event(4, event);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &ia, &v), DB_OK);
	/* A name other than the verified one is refused… */
	assert_int_equal(db_cert_reissue(ia, "张晓敏", CLANG_BOTH, "姓名更正",
	    &is, &ib, &v), DB_OK);
	assert_int_equal(v, CV_NAME);
	assert_int_equal(ib, 0);
	/* …until staff correct the verified name, with a reason. */
	assert_int_equal(db_idcheck_rename(holder, "张晓敏", "证件上是晓", staff,
	    2), DB_OK);
	assert_int_equal(db_cert_reissue(ia, "张晓敏", CLANG_BOTH, "姓名更正",
	    &is, &ib, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_reissue(ib, NULL, CLANG_EN, "改为英文",
	    &is, &ic, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	/* The old one cannot be re-issued or revoked again. */
	assert_int_equal(db_cert_reissue(ia, NULL, CLANG_ZH, "again", &is,
	    &ix, &v), DB_OK);
	assert_int_equal(v, CV_STATE);
	assert_int_equal(db_cert_revoke(ia, "x", staff, 1, &v), DB_OK);
	assert_int_equal(v, CV_STATE);

	assert_int_equal(db_cert_get(ia, &a), DB_OK);
	assert_int_equal(db_cert_get(ib, &b), DB_OK);
	assert_int_equal(db_cert_get(ic, &c), DB_OK);
	assert_int_equal(cert_status(&a, "2026-11-27"), CERT_SUPERSEDED);
	assert_string_equal(a.next_code, b.code);
	assert_string_equal(b.prev_code, a.code);
	assert_string_equal(b.next_code, c.code);
	assert_string_equal(b.holder, "张晓敏");
	assert_string_equal(c.holder, "张晓敏");	/* the correction stays */
	assert_int_equal(c.lang, CLANG_EN);
	assert_string_equal(b.reissue_reason, "改为英文");
	assert_int_equal(cert_status(&c, "2026-11-27"), CERT_VALID);
	assert_string_not_equal(a.serial, c.serial);
	assert_int_equal(db_idcheck_rename(holder, "张小敏", "改回", staff, 3),
	    DB_OK);

	assert_int_equal(db_cert_revoke(ic, "证据不实", staff, 5, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_revoke(ic, "twice", staff, 6, &v), DB_OK);
	assert_int_equal(v, CV_STATE);
	assert_int_equal(db_cert_get(ic, &c), DB_OK);
	assert_int_equal(c.revoked, 5);
	assert_string_equal(c.revoked_reason, "证据不实");
	/* A revoked certificate is final: no re-issue from it; its event
	 * may be issued again, as a new certificate. */
	assert_int_equal(db_cert_reissue(ic, NULL, CLANG_ZH, "r", &is, &ix,
	    &v), DB_OK);
	assert_int_equal(v, CV_STATE);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &ix, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_get(ix, &a), DB_OK);
	assert_int_equal(cert_status(&a, "2026-11-27"), CERT_VALID);
	assert_int_equal(db_cert_get(ic, &c), DB_OK);
	assert_int_equal(cert_status(&c, "2026-11-27"), CERT_REVOKED);
}

static void
signed_rows_are_never_rewritten(void **state)
{
	static const char *const attempts[] = {
		"UPDATE certificates SET holder = 'x' WHERE id = 1",
		"UPDATE certificates SET serial = 'P000001440605126000999' "
		    "WHERE id = 1",
		"UPDATE certificates SET qr = 'x' WHERE id = 1",
		"UPDATE certificates SET expires = '2099-01-01' WHERE id = 1",
		"DELETE FROM certificates WHERE id = 1",
		/* revoked already (test above): the reason stays */
		"UPDATE certificates SET revoked = NULL WHERE revoked IS NOT NULL",
		"UPDATE certificates SET revoked_reason = 'x' WHERE revoked IS "
		    "NOT NULL",
		"UPDATE certificates SET reissue_reason = 'x' WHERE "
		    "reissue_reason IS NOT NULL",
		/* no reason without a revocation; nothing retired comes back */
		"UPDATE certificates SET revoked_reason = 'x' WHERE revoked IS "
		    "NULL",
		"UPDATE certificates SET current = 1 WHERE current = 0",
		"UPDATE certificates SET serial = 'p000001440605126000999' "
		    "WHERE id = 1",
	};
	size_t		 i;

	(void)state;
	/* Each attempt is about a row that is there. */
	assert_int_equal(tdb_int("SELECT count(*) FROM certificates WHERE "
	    "id = 1"), 1);
	assert_true(tdb_int("SELECT count(*) FROM certificates WHERE revoked "
	    "IS NOT NULL") > 0);
	assert_true(tdb_int("SELECT count(*) FROM certificates WHERE revoked "
	    "IS NULL") > 0);
	assert_true(tdb_int("SELECT count(*) FROM certificates WHERE "
	    "reissue_reason IS NOT NULL") > 0);
	assert_true(tdb_int("SELECT count(*) FROM certificates WHERE "
	    "current = 0") > 0);
	for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++)
		if (tdb_try("%s", attempts[i]))
			fail_msg("taken: %s", attempts[i]);
}

/* No certificate before the identity check; after it, the name on the
 * document, whatever the account says. */
static void
unverified_refused(void **state)
{
	struct cert_issuer	 is;
	struct user_new		 u;
	struct cert		 c;
	enum cert_verdict	 v;
	int64_t			 who, id;
	char			 event[32];

	(void)state;
	memset(&u, 0, sizeof(u));
	u.name = "小明";
	u.account = "13800000099";
	u.pwhash = "x";
	u.role = ROLE_APPRENTICE;
	u.track = TRACK_CARVER;
	assert_int_equal(db_user_create(&u, &who), DB_OK);
	assert_int_equal(db_level_award(who, TRACK_CARVER, 2, "考核合格",
	    staff, (int64_t)time(NULL)), DB_OK);
	(void)snprintf(event, sizeof(event), "level:%lld",
	    (long long)last_level());
	issuer(&is, "2026-11-27");
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_UNCHECKED);
	assert_int_equal(id, 0);
	assert_true(verify_identity(who, "王小明"));
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_get(id, &c), DB_OK);
	assert_string_equal(c.holder, "王小明");
	assert_true(c.identity_checked != 0);

	/* A self-registered account whose code never came back gets none,
	 * identity checked or not. */
	u.name = "小红";
	u.account = "13800000098";
	assert_int_equal(db_user_register(&u, 1, NULL, &who), DB_OK);
	assert_int_equal(db_level_award(who, TRACK_CARVER, 2, "考核合格",
	    staff, (int64_t)time(NULL)), DB_OK);
	(void)snprintf(event, sizeof(event), "level:%lld",
	    (long long)last_level());
	assert_true(verify_identity(who, "王小红"));
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &id, &v), DB_OK);
	assert_int_equal(v, CV_UNVERIFIED);
	assert_int_equal(id, 0);
}

static void
share_flag(void **state)
{
	int	 on;

	(void)state;
	assert_int_equal(db_cert_sharing(holder, &on), DB_OK);
	assert_false(on);
	assert_int_equal(db_cert_share(holder, 1, 1), DB_OK);
	assert_int_equal(db_cert_sharing(holder, &on), DB_OK);
	assert_true(on);
}

/* The stored list of purpose, decoded; 0 when there is none. */
static int
stored_bits(const char *purpose, unsigned char *bits)
{
	char		 etag[72], *body;
	json_t		*doc;
	int		 ok;

	if (db_status_list(purpose, &body, etag, sizeof(etag)) != DB_OK)
		return (0);
	doc = json_loads(body, 0, NULL);
	free(body);
	ok = doc != NULL && vc_verify(doc, signer.pub.pk, NULL) &&
	    status_decode(json_string_value(json_object_get(json_object_get(
	    doc, "credentialSubject"), "encodedList")), bits, STATUS_BYTES);
	json_decref(doc);
	return (ok);
}

/* The signer the status lists are signed with (db_status_signer()). */
static const struct signer *
the_signer(void)
{
	return (&signer);
}

static void
suspension_and_status_lists(void **state)
{
	struct cert_issuer	 is;
	struct cert		 a, b;
	enum cert_verdict	 v;
	unsigned char		*bits = malloc(STATUS_BYTES);
	int64_t			 ia, ib, ix;
	char			 event[32];
	int			 n, done;

	(void)state;
	assert_non_null(bits);
	issuer(&is, "2026-11-27");
	level_event(2, event);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &ia, &v), DB_OK);
	level_event(1, event);
	assert_int_equal(db_cert_issue(event, CLANG_ZH, &is, &ib, &v), DB_OK);
	assert_int_equal(db_cert_get(ia, &a), DB_OK);
	assert_int_equal(db_cert_get(ib, &b), DB_OK);
	assert_true(a.status_index >= 0 && a.status_index < STATUS_ENTRIES);
	assert_true(b.status_index >= 0 && b.status_index != a.status_index);
	assert_int_equal(db_status_backfill(&n), DB_OK);
	assert_int_equal(n, 0);			/* every one placed at issue */

	/* With the key: signed at once, and again only when stale. */
	db_status_signer(the_signer, "https://yujiang.example.cn");
	assert_int_equal(db_status_ensure(1000, &done), DB_OK);
	assert_true(done);
	assert_int_equal(db_status_ensure(1001, &done), DB_OK);
	assert_false(done);
	assert_int_equal(db_status_ensure(1000 + STATUS_REFRESH + 1, &done),
	    DB_OK);
	assert_true(done);

	assert_int_equal(db_cert_suspend(ia, "待复核", staff, 2000, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_int_equal(db_cert_suspend(ia, "again", staff, 2001, &v), DB_OK);
	assert_int_equal(v, CV_SUSPENDED);
	assert_int_equal(db_cert_get(ia, &a), DB_OK);
	assert_int_equal(cert_status(&a, "2026-11-27"), CERT_SUSPENDED);
	assert_string_equal(cert_status_code(CERT_SUSPENDED), "suspended");
	assert_int_equal(a.suspended, 2000);
	assert_string_equal(a.suspended_reason, "待复核");
	assert_true(stored_bits("suspension", bits));
	assert_true(status_bit_get(bits, (uint32_t)a.status_index));
	assert_false(status_bit_get(bits, (uint32_t)b.status_index));
	/* Not re-issued while suspended. */
	assert_int_equal(db_cert_reissue(ia, NULL, CLANG_ZH, "r", &is, &ix,
	    &v), DB_OK);
	assert_int_equal(v, CV_SUSPENDED);
	assert_int_equal(db_cert_reinstate(ib, "not suspended", staff, 2002,
	    &v), DB_OK);
	assert_int_equal(v, CV_NOT_SUSPENDED);
	assert_int_equal(db_cert_reinstate(ia, "复核无误", staff, 2003, &v),
	    DB_OK);
	assert_int_equal(v, CV_OK);
	assert_true(stored_bits("suspension", bits));
	assert_false(status_bit_get(bits, (uint32_t)a.status_index));
	assert_int_equal(db_cert_get(ia, &a), DB_OK);
	assert_int_equal(cert_status(&a, "2026-11-27"), CERT_VALID);

	/* A revocation ends a suspension and sets its revocation bit. */
	assert_int_equal(db_cert_suspend(ib, "待复核", staff, 2004, &v), DB_OK);
	assert_int_equal(db_cert_revoke(ib, "不实", staff, 2005, &v), DB_OK);
	assert_int_equal(v, CV_OK);
	assert_true(stored_bits("revocation", bits));
	assert_true(status_bit_get(bits, (uint32_t)b.status_index));
	assert_false(status_bit_get(bits, (uint32_t)a.status_index));
	assert_true(stored_bits("suspension", bits));
	assert_false(status_bit_get(bits, (uint32_t)b.status_index));
	assert_int_equal(db_cert_suspend(ib, "x", staff, 2006, &v), DB_OK);
	assert_int_equal(v, CV_STATE);

	/* Without a key, a change drops the lists (signed at next start). */
	db_status_signer(NULL, NULL);
	assert_int_equal(db_cert_suspend(ia, "x", staff, 2007, &v), DB_OK);
	assert_false(stored_bits("suspension", bits));
	assert_int_equal(db_cert_reinstate(ia, "x", staff, 2008, &v), DB_OK);
	free(bits);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_parse),
		cmocka_unit_test(expiry_and_status),
		cmocka_unit_test(issue_once_per_event),
		cmocka_unit_test(serials_run_per_year),
		cmocka_unit_test(serials_used_up),
		cmocka_unit_test(reissue_chain_and_revoke_once),
		cmocka_unit_test(signed_rows_are_never_rewritten),
		cmocka_unit_test(unverified_refused),
		cmocka_unit_test(share_flag),
		cmocka_unit_test(suspension_and_status_lists),
	};

	return (cmocka_run_group_tests_name("certdb", tests, setup,
	    teardown));
}
