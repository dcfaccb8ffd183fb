/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * sql_certs.h: the statements of certificates, their events and batches
 * (db_cert.c, db_batch.c), honours, the status lists and suspension
 * (db_status.c).
 *
 * Part of sql.c's one table, stmt_sql[]: sql.c includes this file inside
 * the table's initialiser, so it holds only [ST_X] = "SQL" entries
 * (and the column lists they share). Nothing else includes it.
 */

/* A certificate with its neighbours in a re-issue chain and whether its
 * holder shows their certificates (db_cert.c's cert_row() reads these). */
#define CERT_COLS \
	"c.id, c.serial, c.code, c.kind, c.event, c.user, c.holder, " \
	"c.title_zh, c.title_en, c.level, c.lang, c.issued, " \
	"coalesce(c.expires, ''), c.kid, c.qr, c.issued_by, c.created, " \
	"coalesce(c.batch, 0), coalesce(c.supersedes, 0), " \
	"coalesce(c.superseded_by, 0), coalesce(c.reissue_reason, ''), " \
	"coalesce(c.revoked, 0), coalesce(c.revoked_reason, ''), " \
	"coalesce(n.code, ''), coalesce(n.serial, ''), coalesce(p.code, ''), " \
	"u.share_certs, c.current, coalesce(c.identity_checked, 0), " \
	"coalesce(c.status_index, -1), " \
	"coalesce(c.suspended, 0), coalesce(c.suspended_reason, '') " \
	"FROM certificates c JOIN users u ON u.id = c.user " \
	"LEFT JOIN certificates n ON n.id = c.superseded_by " \
	"LEFT JOIN certificates p ON p.id = c.supersedes"


	/* Certificates (证书). */
	[ST_CERT_SEQ_NEXT] =
	    "INSERT INTO cert_serials (year, last) VALUES (?1, 1) "
	    "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
	[ST_CERT_INSERT] =
	    "INSERT INTO certificates (serial, code, kind, event, user, holder, "
	    "title_zh, title_en, level, lang, issued, expires, kid, qr, "
	    "issued_by, created, batch, supersedes, identity_checked) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16, ?17, ?18, ?19)",
	[ST_CERT_GET] = "SELECT " CERT_COLS " WHERE c.id = ?1",
	[ST_CERT_BY_CODE] = "SELECT " CERT_COLS " WHERE c.code = ?1",
	[ST_CERT_BY_SERIAL] =
	    "SELECT " CERT_COLS " WHERE c.serial = ?1 AND c.holder = ?2",
	[ST_CERTS_OF_USER] =
	    "SELECT " CERT_COLS " WHERE c.user = ?1 ORDER BY c.issued DESC, "
	    "c.id DESC",
	[ST_CERTS_PAGE] =
	    "SELECT " CERT_COLS " WHERE c.id < ?1 ORDER BY c.id DESC LIMIT ?2",
	[ST_CERTS_OF_BATCH] =
	    "SELECT " CERT_COLS " WHERE c.batch = ?1 ORDER BY c.id",
	[ST_CERT_REVOKE] =
	    "UPDATE certificates SET revoked = ?2, revoked_reason = ?3, "
	    "revoked_by = ?4, current = 0, suspended = NULL, "
	    "suspended_reason = NULL, suspended_by = NULL WHERE id = ?1 AND "
	    "revoked IS NULL AND current = 1",
	[ST_CERT_RETIRE] =
	    "UPDATE certificates SET current = 0 WHERE id = ?1 AND current = 1 "
	    "AND revoked IS NULL",
	[ST_CERT_LINK] =
	    "UPDATE certificates SET superseded_by = ?2, reissue_reason = ?3 "
	    "WHERE id = ?1",
	[ST_CERT_EVENT_ISSUED] =
	    "SELECT count(*) FROM certificates WHERE event = ?1 AND current = 1",
	[ST_CERT_SHARE] = "UPDATE users SET share_certs = ?2 WHERE id = ?1",
	[ST_CERT_SHARING] = "SELECT share_certs FROM users WHERE id = ?1",
	[ST_EVENT_COMPLETION] =
	    "SELECT k.user, u.name, c.title_zh, c.title_en, '', 0 "
	    "FROM completions k JOIN users u ON u.id = k.user "
	    "JOIN courses c ON c.code = k.course WHERE k.id = ?1",
	[ST_EVENT_LEVEL] =
	    "SELECT s.user, u.name, '', '', s.track, s.level "
	    "FROM skill_levels s JOIN users u ON u.id = s.user "
	    "WHERE s.id = ?1 AND s.level >= 1",
	[ST_EVENT_HONOUR] =
	    "SELECT h.user, u.name, h.name_zh, h.name_en, h.kind, 0 "
	    "FROM honours h JOIN users u ON u.id = h.user WHERE h.id = ?1",
	/* What waits for a certificate: cert_pending, kept by migration
	 * 18's triggers (an event in, its current certificate out, back in
	 * when that is revoked or retired), newest first by its index. */
	[ST_EVENTS_PENDING] =
	    "SELECT p.event, CASE p.source WHEN 'completion' THEN 'course' "
	    "WHEN 'level' THEN 'level' ELSE h.kind END, u.id, u.name, "
	    "coalesce(c.title_zh, h.name_zh, ''), "
	    "coalesce(c.title_en, h.name_en, ''), coalesce(s.track, ''), "
	    "coalesce(s.level, 0), p.at FROM cert_pending p "
	    "LEFT JOIN completions k ON p.source = 'completion' AND k.id = p.id "
	    "LEFT JOIN courses c ON c.code = k.course "
	    "LEFT JOIN skill_levels s ON p.source = 'level' AND s.id = p.id "
	    "LEFT JOIN honours h ON p.source = 'honour' AND h.id = p.id "
	    "JOIN users u ON u.id = coalesce(k.user, s.user, h.user) "
	    "ORDER BY p.at DESC, p.event DESC LIMIT ?1",
	/* A batch passes over a revoked one too: issuing it again is a
	 * decision for staff, one by one (GET /certs lists it). */
	[ST_RUN_UNCERTIFIED] =
	    "SELECT k.id, EXISTS (SELECT 1 FROM identity_checks i WHERE "
	    "i.user = k.user) FROM completions k WHERE k.run = ?1 AND NOT "
	    "EXISTS (SELECT 1 FROM certificates x WHERE x.user = k.user AND "
	    "x.event = 'completion:' || k.id) ORDER BY k.id",
	[ST_RUN_COMPLETIONS] =
	    "SELECT count(*) FROM completions WHERE run = ?1",
	[ST_BATCH_INSERT] =
	    "INSERT INTO cert_batches (event, lang, total, started_by, created, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[ST_BATCH_VERSION] =
	    "SELECT version FROM cert_batches WHERE id = ?1",
	[ST_BATCH_GET] =
	    "SELECT id, event, lang, total, done, failed, status, created, "
	    "updated FROM cert_batches WHERE id = ?1",
	[ST_BATCH_INTERRUPTED] =
	    "UPDATE cert_batches SET status = 'done', failed = total - done, "
	    "updated = ?1 WHERE status = 'running'",
	[ST_BATCH_LATEST] =
	    "SELECT id FROM cert_batches WHERE event = ?1 ORDER BY id DESC "
	    "LIMIT 1",
	[ST_BATCH_PROGRESS] =
	    "UPDATE cert_batches SET done = ?2, failed = ?3, status = ?4, "
	    "updated = ?5 WHERE id = ?1",
	[ST_HONOUR_INSERT] =
	    "INSERT INTO honours (user, kind, name_zh, name_en, conferred, "
	    "source, recorded_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* W3C Bitstring Status Lists: a certificate's random position, the
	 * positions set in each list, the signed lists as served; and
	 * suspension, which is lifted as it was set (db_cert.c). */
	[ST_CERT_STATUS_MISSING] =
	    "SELECT id FROM certificates WHERE status_index IS NULL "
	    "ORDER BY id",
	[ST_CERT_STATUS_TAKEN] =
	    "SELECT count(*) FROM certificates WHERE status_index = ?1",
	[ST_CERT_STATUS_USED] =
	    "SELECT count(*) FROM certificates WHERE status_index IS NOT NULL",
	[ST_CERT_STATUS_SET] =
	    "UPDATE certificates SET status_index = ?2 WHERE id = ?1 AND "
	    "status_index IS NULL",
	/* A re-issued certificate's old credential is revoked too: the
	 * verify page calls it so. */
	[ST_STATUS_REVOKED] =
	    "SELECT status_index FROM certificates WHERE status_index IS NOT "
	    "NULL AND (revoked IS NOT NULL OR superseded_by IS NOT NULL)",
	[ST_STATUS_SUSPENDED] =
	    "SELECT status_index FROM certificates WHERE status_index IS NOT "
	    "NULL AND suspended IS NOT NULL",
	[ST_STATUS_LIST_PUT] =
	    "INSERT INTO status_lists (purpose, body, etag, kid, origin, "
	    "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (purpose) "
	    "DO UPDATE SET body = ?2, etag = ?3, kid = ?4, origin = ?5, "
	    "updated = ?6",
	[ST_STATUS_LIST_GET] =
	    "SELECT body, etag FROM status_lists WHERE purpose = ?1",
	[ST_STATUS_LIST_DROP] = "DELETE FROM status_lists",
	[ST_STATUS_LIST_FRESH] =
	    "SELECT count(*) FROM status_lists WHERE kid = ?1 AND origin = ?2 "
	    "AND updated > ?3",
	[ST_CERT_SUSPEND] =
	    "UPDATE certificates SET suspended = ?2, suspended_reason = ?3, "
	    "suspended_by = ?4 WHERE id = ?1 AND current = 1 AND revoked IS "
	    "NULL AND suspended IS NULL",
	[ST_CERT_REINSTATE] =
	    "UPDATE certificates SET suspended = NULL, suspended_reason = NULL, "
	    "suspended_by = NULL WHERE id = ?1 AND suspended IS NOT NULL",
