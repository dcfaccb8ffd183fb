/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * schema_v12.h: migrations 12 on — 实名核验 and PIPL, 身份 identity,
 * the status lists, the score log's signatures, quotas, the town's
 * scale, 就业 jobs, 十大金牌导购大师, 非遗 heritage records. A new
 * migration is appended here (or, once this file is long, to a new
 * schema_vNN.h named by its first number, included after this one).
 *
 * Part of schema.c's migrations[]: schema.c includes this file inside
 * the table's initialiser, so it holds only the migrations' SQL, one
 * string each, in order. Never edit one that has shipped. Nothing
 * else includes it.
 */

	/* 12: 实名核验 and PIPL — the identity check staff record at the
	 * station (the document's kind, its last 4 characters and a keyed
	 * hash of its number, unique, so one document holds one account;
	 * never the number), the name it verified; consents with the
	 * privacy notice's version (the notice at registration, the
	 * identity check's sensitive data, a guardian's for a child under
	 * 14); a birth date; when an account was deleted; and on each
	 * certificate when the holder's identity had been checked. */
	"ALTER TABLE users ADD COLUMN birth_date TEXT"
	"  CHECK (birth_date IS NULL OR length(birth_date) = 10);"
	"ALTER TABLE users ADD COLUMN deleted INTEGER;"
	"CREATE TABLE identity_checks ("
	"  user INTEGER PRIMARY KEY REFERENCES users (id),"
	"  doc_type TEXT NOT NULL CHECK (doc_type IN ('resident_id',"
	"    'hmt_permit', 'passport')),"
	"  last4 TEXT NOT NULL CHECK (length(last4) BETWEEN 1 AND 4),"
	"  doc_hash TEXT NOT NULL UNIQUE CHECK (length(doc_hash) = 64),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),"
	"  checked_by INTEGER NOT NULL REFERENCES users (id),"
	"  checked INTEGER NOT NULL,"
	"  renamed INTEGER"
	") STRICT;"
	"CREATE TABLE consents ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('notice', 'identity',"
	"    'guardian')),"
	"  version INTEGER NOT NULL CHECK (version >= 1),"
	"  detail TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 400),"
	"  recorded_by INTEGER REFERENCES users (id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX consents_user ON consents (user, kind);"
	"ALTER TABLE certificates ADD COLUMN identity_checked INTEGER;"
	"CREATE TRIGGER certificates_identity_fixed BEFORE UPDATE OF"
	"  identity_checked ON certificates"
	"  BEGIN SELECT RAISE(ABORT, 'a certificate is never rewritten'); END;",

	/* 13: 身份 identity — an account is verified once its owner proves
	 * the phone or email with a one-time code (accounts made before
	 * this, by staff or by a roster count as verified); a number taken
	 * by someone else is released to its owner; codes are stored as a
	 * keyed hash; every message goes through the outbox; sessions
	 * remember where they were opened, for "my sessions". */
	"ALTER TABLE users ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;"
	"UPDATE users SET verified = created;"
	"ALTER TABLE users ADD COLUMN released INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX users_unverified ON users (created) WHERE verified = 0;"
	"ALTER TABLE sessions ADD COLUMN addr TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE sessions ADD COLUMN agent TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE codes ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL"
	"    CHECK (purpose IN ('verify', 'reset', 'change', 'claim')),"
	"  address TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  tries INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX codes_user ON codes (user, purpose, id);"
	"CREATE INDEX codes_expires ON codes (expires);"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER REFERENCES users (id) ON DELETE SET NULL,"
	"  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),"
	"  address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 254),"
	"  subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 200),"
	/* body is '' once a relay or gateway took it (db_outbox_done). */
	"  body TEXT NOT NULL CHECK (length(body) <= 2000),"
	"  state TEXT NOT NULL DEFAULT 'queued'"
	"    CHECK (state IN ('queued', 'sending', 'sent', 'dead')),"
	"  tries INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"
	"  error TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  sent INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"CREATE INDEX outbox_due ON outbox (next_at)"
	"  WHERE state IN ('queued', 'sending');"
	"CREATE INDEX outbox_address ON outbox (address, created);"
	"CREATE INDEX outbox_created ON outbox (created);"
	"CREATE INDEX outbox_state ON outbox (state, id);",
	/* 14: W3C Bitstring Status Lists and suspension. Each certificate
	 * holds one random position (the same in the revocation and the
	 * suspension list), set once: at issue, or for those issued before
	 * by db_status_backfill() at the next start. A suspension is
	 * reversible (under review), unlike a revocation. status_lists holds
	 * each list's signed credential as served, re-signed on every change
	 * so that a request only reads it. */
	"ALTER TABLE certificates ADD COLUMN status_index INTEGER"
	"  CHECK (status_index BETWEEN 0 AND 131071);"
	"ALTER TABLE certificates ADD COLUMN suspended INTEGER;"
	"ALTER TABLE certificates ADD COLUMN suspended_reason TEXT;"
	"ALTER TABLE certificates ADD COLUMN suspended_by INTEGER"
	"  REFERENCES users (id);"
	"CREATE UNIQUE INDEX certificates_status ON certificates"
	"  (status_index);"
	"CREATE TRIGGER certificates_status_once BEFORE UPDATE OF status_index"
	"  ON certificates WHEN OLD.status_index IS NOT NULL"
	"  BEGIN SELECT RAISE(ABORT, 'a status position is never moved'); END;"
	"CREATE TRIGGER certificates_suspend_reason BEFORE UPDATE OF"
	"  suspended_reason, suspended_by ON certificates"
	"  WHEN NEW.suspended IS NULL AND NEW.suspended_reason IS NOT NULL"
	"  BEGIN SELECT RAISE(ABORT, 'a reason comes with a suspension'); END;"
	"CREATE TABLE status_lists ("
	"  purpose TEXT PRIMARY KEY CHECK (purpose IN ('revocation',"
	"    'suspension')),"
	"  body TEXT NOT NULL,"
	"  etag TEXT NOT NULL,"
	"  kid TEXT NOT NULL,"
	"  origin TEXT NOT NULL,"
	"  updated INTEGER NOT NULL"
	") STRICT;",
	/* 15: the score log's signed heads — at each lock and publication
	 * the station's Ed25519 key signs score_head_text() of that record
	 * (score.h), so a log rewritten and hashed again end to end shows
	 * against the public key alone. Append-only like the log. */
	"CREATE TABLE score_log_sigs ("
	"  record INTEGER PRIMARY KEY REFERENCES score_log (id),"
	"  kid TEXT NOT NULL,"
	"  public_key TEXT NOT NULL,"		/* multibase z6Mk… */
	"  signature TEXT NOT NULL"		/* base64url, 64 bytes */
	") STRICT;"
	"CREATE TRIGGER score_log_sigs_no_update BEFORE UPDATE ON "
	"  score_log_sigs"
	"  BEGIN SELECT RAISE(ABORT, 'score_log_sigs is append-only'); END;"
	"CREATE TRIGGER score_log_sigs_no_delete BEFORE DELETE ON "
	"  score_log_sigs"
	"  BEGIN SELECT RAISE(ABORT, 'score_log_sigs is append-only'); END;",
	/* 16: two races closed at the root. A photo's id is never used
	 * again: its files are unlinked after the row's deletion commits,
	 * and a new photo given the same id in between would lose its own
	 * (SQLite reuses max(rowid) + 1; AUTOINCREMENT cannot be added by
	 * ALTER, so photo_ids keeps the high-water mark ST_PHOTO_INSERT
	 * takes its id from, and the trigger refuses any lower one). And a
	 * batch's version counts the changes to which of its certificates
	 * stand: a ZIP is renamed into place only if the version it was
	 * built at is still the batch's (batch.c). */
	"CREATE TABLE photo_ids ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  last INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO photo_ids VALUES (1, (SELECT coalesce(max(id), 0)"
	"  FROM photos));"
	"CREATE TRIGGER photos_id_once AFTER INSERT ON photos"
	"  BEGIN SELECT RAISE(ABORT, 'a photo id is never used again')"
	"    WHERE NEW.id <= (SELECT last FROM photo_ids);"
	"  UPDATE photo_ids SET last = NEW.id; END;"
	"ALTER TABLE cert_batches ADD COLUMN version INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE TRIGGER cert_batches_version AFTER UPDATE OF current,"
	"  revoked, suspended, superseded_by ON certificates"
	"  WHEN NEW.batch IS NOT NULL"
	"  BEGIN UPDATE cert_batches SET version = version + 1"
	"    WHERE id = NEW.batch; END;"
	"CREATE TRIGGER cert_batches_version_new AFTER INSERT ON certificates"
	"  WHEN NEW.batch IS NOT NULL"
	"  BEGIN UPDATE cert_batches SET version = version + 1"
	"    WHERE id = NEW.batch; END;",
	/* 17: storage quotas. A person's limits on works, photos and the
	 * bytes of their photos' files, where staff changed them (NULL: the
	 * default, YUJIANG_QUOTA_*); and the data directory's use, a
	 * running sum kept by triggers with each photo's row (photos.bytes
	 * is now what its three JPEGs take on disk) and each certificate's
	 * files, so the dashboard reads two rows instead of walking the
	 * disk. */
	"CREATE TABLE quotas ("
	"  user INTEGER PRIMARY KEY REFERENCES users (id),"
	"  works INTEGER CHECK (works >= 0),"
	"  photos INTEGER CHECK (photos >= 0),"
	"  bytes INTEGER CHECK (bytes >= 0),"
	"  set_by INTEGER NOT NULL REFERENCES users (id),"
	"  updated INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE data_use ("
	"  kind TEXT PRIMARY KEY CHECK (kind IN ('certificates', 'photos')),"
	"  bytes INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO data_use (kind, bytes) VALUES ('certificates', 0),"
	"  ('photos', (SELECT coalesce(sum(bytes), 0) FROM photos));"
	"CREATE TRIGGER photos_use_add AFTER INSERT ON photos BEGIN"
	"  UPDATE data_use SET bytes = bytes + NEW.bytes"
	"  WHERE kind = 'photos'; END;"
	"CREATE TRIGGER photos_use_drop AFTER DELETE ON photos BEGIN"
	"  UPDATE data_use SET bytes = bytes - OLD.bytes"
	"  WHERE kind = 'photos'; END;"
	/* A certificate's PNG and PDF, set (not added) at each drawing, so
	 * a file drawn again after a loss is not counted twice. */
	"ALTER TABLE certificates ADD COLUMN file_bytes INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE TRIGGER certificates_use AFTER UPDATE OF file_bytes ON"
	"  certificates BEGIN UPDATE data_use SET bytes = bytes +"
	"  NEW.file_bytes - OLD.file_bytes WHERE kind = 'certificates'; END;",
	/* 18: the staff pages at town scale (issue 16). Counts the
	 * dashboard showed by reading every person and certificate are kept
	 * by triggers, in the transaction of the change, so they are exact
	 * under any concurrency: apprentices per stage, certificates per
	 * kind (a certificate is never deleted nor its kind rewritten). What
	 * waits for a certificate (GET /certs) is a table too: an event goes
	 * in when it is recorded, out when a current certificate is issued
	 * for it, back in when that one is revoked or retired (a re-issue
	 * retires the old one first, then the new one takes it out). And
	 * indexes for the dashboard's ranges: moves this month, sign-ups of
	 * the last 12 weeks, runs not yet over. */
	"CREATE TABLE apprentice_stages ("
	"  stage TEXT PRIMARY KEY CHECK (stage IN ('entry', 'training',"
	"    'incubation', 'selection')),"
	"  n INTEGER NOT NULL CHECK (n >= 0)"
	") STRICT;"
	"INSERT INTO apprentice_stages (stage, n) SELECT s.column1, (SELECT"
	"  count(*) FROM users u WHERE u.role = 'apprentice' AND"
	"  u.stage = s.column1) FROM (VALUES ('entry'), ('training'),"
	"  ('incubation'), ('selection')) s;"
	"CREATE TRIGGER apprentice_stages_insert AFTER INSERT ON users"
	"  WHEN NEW.role = 'apprentice' BEGIN UPDATE apprentice_stages"
	"  SET n = n + 1 WHERE stage = NEW.stage; END;"
	"CREATE TRIGGER apprentice_stages_delete AFTER DELETE ON users"
	"  WHEN OLD.role = 'apprentice' BEGIN UPDATE apprentice_stages"
	"  SET n = n - 1 WHERE stage = OLD.stage; END;"
	"CREATE TRIGGER apprentice_stages_update AFTER UPDATE OF role, stage"
	"  ON users BEGIN"
	"  UPDATE apprentice_stages SET n = n - 1 WHERE stage = OLD.stage"
	"    AND OLD.role = 'apprentice';"
	"  UPDATE apprentice_stages SET n = n + 1 WHERE stage = NEW.stage"
	"    AND NEW.role = 'apprentice'; END;"
	"CREATE TABLE cert_kinds ("
	"  kind TEXT PRIMARY KEY CHECK (kind IN ('course', 'level', 'award',"
	"    'title')),"
	"  n INTEGER NOT NULL CHECK (n >= 0)"
	") STRICT;"
	"INSERT INTO cert_kinds (kind, n) SELECT k.column1, (SELECT count(*)"
	"  FROM certificates c WHERE c.kind = k.column1) FROM (VALUES"
	"  ('course'), ('level'), ('award'), ('title')) k;"
	"CREATE TRIGGER cert_kinds_insert AFTER INSERT ON certificates BEGIN"
	"  UPDATE cert_kinds SET n = n + 1 WHERE kind = NEW.kind; END;"
	"CREATE TABLE cert_pending ("
	"  event TEXT PRIMARY KEY,"
	"  source TEXT NOT NULL CHECK (source IN ('completion', 'level',"
	"    'honour')),"
	"  id INTEGER NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX cert_pending_at ON cert_pending (at, event);"
	"INSERT INTO cert_pending (event, source, id, at)"
	"  SELECT 'completion:' || id, 'completion', id, at FROM completions"
	"  UNION ALL SELECT 'level:' || id, 'level', id, awarded"
	"  FROM skill_levels WHERE level >= 1"
	"  UNION ALL SELECT 'honour:' || id, 'honour', id, at FROM honours;"
	"DELETE FROM cert_pending WHERE event IN (SELECT event FROM"
	"  certificates WHERE current = 1);"
	"CREATE TRIGGER cert_pending_completion AFTER INSERT ON completions"
	"  BEGIN INSERT OR IGNORE INTO cert_pending (event, source, id, at)"
	"  SELECT 'completion:' || NEW.id, 'completion', NEW.id, NEW.at"
	"  WHERE NOT EXISTS (SELECT 1 FROM certificates WHERE event ="
	"  'completion:' || NEW.id AND current = 1); END;"
	"CREATE TRIGGER cert_pending_level AFTER INSERT ON skill_levels"
	"  WHEN NEW.level >= 1"
	"  BEGIN INSERT OR IGNORE INTO cert_pending (event, source, id, at)"
	"  SELECT 'level:' || NEW.id, 'level', NEW.id, NEW.awarded"
	"  WHERE NOT EXISTS (SELECT 1 FROM certificates WHERE event ="
	"  'level:' || NEW.id AND current = 1); END;"
	"CREATE TRIGGER cert_pending_honour AFTER INSERT ON honours"
	"  BEGIN INSERT OR IGNORE INTO cert_pending (event, source, id, at)"
	"  SELECT 'honour:' || NEW.id, 'honour', NEW.id, NEW.at"
	"  WHERE NOT EXISTS (SELECT 1 FROM certificates WHERE event ="
	"  'honour:' || NEW.id AND current = 1); END;"
	"CREATE TRIGGER cert_pending_completion_gone AFTER DELETE ON"
	"  completions BEGIN DELETE FROM cert_pending WHERE event ="
	"  'completion:' || OLD.id; END;"
	"CREATE TRIGGER cert_pending_level_gone AFTER DELETE ON skill_levels"
	"  BEGIN DELETE FROM cert_pending WHERE event = 'level:' || OLD.id;"
	"  END;"
	"CREATE TRIGGER cert_pending_honour_gone AFTER DELETE ON honours"
	"  BEGIN DELETE FROM cert_pending WHERE event = 'honour:' || OLD.id;"
	"  END;"
	"CREATE TRIGGER cert_pending_issued AFTER INSERT ON certificates"
	"  WHEN NEW.current = 1 BEGIN DELETE FROM cert_pending"
	"  WHERE event = NEW.event; END;"
	"CREATE TRIGGER cert_pending_retired AFTER UPDATE OF current ON"
	"  certificates WHEN OLD.current = 1 AND NEW.current = 0 BEGIN"
	"  INSERT OR IGNORE INTO cert_pending (event, source, id, at)"
	"    SELECT NEW.event, 'completion', k.id, k.at FROM completions k"
	"    WHERE NEW.event = 'completion:' || k.id AND k.id ="
	"    CAST(substr(NEW.event, 12) AS INTEGER)"
	"    UNION ALL SELECT NEW.event, 'level', s.id, s.awarded"
	"    FROM skill_levels s WHERE NEW.event = 'level:' || s.id AND"
	"    s.id = CAST(substr(NEW.event, 7) AS INTEGER) AND s.level >= 1"
	"    UNION ALL SELECT NEW.event, 'honour', h.id, h.at FROM honours h"
	"    WHERE NEW.event = 'honour:' || h.id AND h.id ="
	"    CAST(substr(NEW.event, 8) AS INTEGER);"
	"  DELETE FROM cert_pending WHERE event = NEW.event AND EXISTS"
	"    (SELECT 1 FROM certificates WHERE event = NEW.event AND"
	"    current = 1); END;"
	"CREATE INDEX stage_moves_moved ON stage_moves (moved);"
	"CREATE INDEX enrolments_created ON enrolments (created);"
	"CREATE INDEX runs_ends ON runs (ends);",

	/* 19: 就业 jobs. The employer role: users.role's CHECK gains
	 * 'employer' in place (SQLite's documented writable_schema way to
	 * change a CHECK without rebuilding a table that every other one
	 * refers to; safe as every row already passes the wider check, and
	 * RESET reloads the schema so this connection enforces the new
	 * text at once). Employers (a business with its 统一社会信用代码,
	 * approved or suspended by staff), postings (reviewed by staff
	 * before they show), applications (one per person and posting,
	 * stepping from applied to hired or declined) and what each
	 * applicant chose to show. */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	"  '''master'', ''staff'')', '''master'', ''staff'', ''employer'')')"
	"  WHERE type = 'table' AND name = 'users';"
	"PRAGMA writable_schema = RESET;"
	"CREATE TABLE employers ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL UNIQUE REFERENCES users (id),"
	"  business TEXT NOT NULL CHECK (length(business) BETWEEN 1 AND 80),"
	"  credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending', 'approved', 'suspended')),"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  decided_by INTEGER REFERENCES users (id),"
	"  decided INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE job_postings ("
	"  id INTEGER PRIMARY KEY,"
	"  employer INTEGER NOT NULL REFERENCES employers (id),"
	"  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),"
	"  track TEXT NOT NULL CHECK (track IN ('carver', 'designer')),"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),"
	"  pay_min INTEGER NOT NULL,"
	"  pay_max INTEGER NOT NULL,"
	"  place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 60),"
	"  closes TEXT NOT NULL,"
	"  description TEXT NOT NULL CHECK (length(description) <= 2000),"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending', 'open', 'hidden')),"
	"  reason TEXT NOT NULL DEFAULT '',"
	"  reviewed_by INTEGER REFERENCES users (id),"
	"  reviewed INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  CHECK (pay_min BETWEEN 1 AND pay_max AND pay_max <= 1000000)"
	") STRICT;"
	"CREATE INDEX job_postings_open ON job_postings (status, closes);"
	"CREATE INDEX job_postings_employer ON job_postings (employer, id);"
	"CREATE TABLE job_applications ("
	"  id INTEGER PRIMARY KEY,"
	"  posting INTEGER NOT NULL REFERENCES job_postings (id),"
	"  applicant INTEGER NOT NULL REFERENCES users (id),"
	"  message TEXT NOT NULL CHECK (length(message) <= 1000),"
	"  contact INTEGER NOT NULL DEFAULT 0 CHECK (contact IN (0, 1)),"
	"  step TEXT NOT NULL DEFAULT 'applied' CHECK (step IN ('applied',"
	"    'viewed', 'interview', 'offer', 'declined', 'hired',"
	"    'withdrawn')),"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  UNIQUE (posting, applicant)"
	") STRICT;"
	"CREATE INDEX job_applications_applicant ON job_applications"
	"  (applicant, id);"
	"CREATE INDEX job_applications_hired ON job_applications (applicant)"
	"  WHERE step = 'hired';"
	"CREATE TABLE job_shown ("
	"  application INTEGER NOT NULL REFERENCES job_applications (id)"
	"    ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('cert', 'work')),"
	"  item INTEGER NOT NULL,"
	"  PRIMARY KEY (application, kind, item)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX completions_course ON completions (course, user);",
	/* 20: 十大金牌导购大师, the integrity selection of sales guides — a
	 * competition of kind 'guide' (its weights in guide_rules); the
	 * shops' nominations with their evidence; the panel's sheets and
	 * recusals; the public's votes (one per verified phone per
	 * Asia/Shanghai day per selection: the UNIQUE index decides a race);
	 * complaints upheld; the results frozen at the lock. A new kind of
	 * certificate and honour, 'guide': a CHECK cannot be altered in
	 * place, so its text is widened in sqlite_schema, SQLite's own
	 * procedure for a change that leaves every stored row valid
	 * (sqlite.org/lang_altertable.html, "other kinds of table schema
	 * changes"); rebuilding certificates would drop its triggers. */
	"ALTER TABLE competitions ADD COLUMN kind TEXT NOT NULL DEFAULT"
	"  'works' CHECK (kind IN ('works', 'guide'));"
	"CREATE TABLE guide_rules ("
	"  competition INTEGER PRIMARY KEY REFERENCES competitions (id),"
	"  w_panel INTEGER NOT NULL CHECK (w_panel BETWEEN 0 AND 100),"
	"  w_public INTEGER NOT NULL CHECK (w_public BETWEEN 0 AND 100),"
	"  w_integrity INTEGER NOT NULL CHECK (w_integrity BETWEEN 0 AND 100),"
	"  deduction INTEGER NOT NULL CHECK (deduction BETWEEN 0 AND 100),"
	"  winners INTEGER NOT NULL CHECK (winners BETWEEN 1 AND 100),"
	"  burst INTEGER NOT NULL CHECK (burst BETWEEN 2 AND 10000),"
	"  burst_minutes INTEGER NOT NULL CHECK (burst_minutes BETWEEN 1 AND"
	"    1440),"
	"  new_days INTEGER NOT NULL CHECK (new_days BETWEEN 0 AND 365),"
	"  CHECK (w_panel + w_public + w_integrity = 100)"
	") STRICT;"
	"CREATE TABLE guide_nominees ("
	"  id INTEGER PRIMARY KEY,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  shop TEXT NOT NULL CHECK (length(shop) BETWEEN 1 AND 60),"
	"  guide TEXT NOT NULL CHECK (length(guide) BETWEEN 1 AND 40),"
	"  guide_user INTEGER NOT NULL REFERENCES users (id),"
	"  evidence TEXT NOT NULL CHECK (length(evidence) BETWEEN 1 AND 1000),"
	"  photo INTEGER NOT NULL DEFAULT 0 CHECK (photo IN (0, 1)),"
	"  code TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN"
	"    ('pending', 'eligible', 'refused')),"
	"  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),"
	"  nominated_by INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (competition, guide_user)"
	") STRICT;"
	"CREATE TABLE guide_recusals ("
	"  nominee INTEGER NOT NULL REFERENCES guide_nominees (id),"
	"  judge INTEGER NOT NULL REFERENCES users (id),"
	"  reason TEXT NOT NULL,"
	"  recorded INTEGER NOT NULL,"
	"  PRIMARY KEY (nominee, judge)"
	") STRICT;"
	"CREATE TABLE guide_sheets ("
	"  nominee INTEGER NOT NULL REFERENCES guide_nominees (id),"
	"  judge INTEGER NOT NULL REFERENCES users (id),"
	"  marks TEXT NOT NULL,"
	"  final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (nominee, judge)"
	") STRICT;"
	"CREATE TABLE guide_votes ("
	"  id INTEGER PRIMARY KEY,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  nominee INTEGER NOT NULL REFERENCES guide_nominees (id),"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  phone TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  net TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  voided INTEGER NOT NULL DEFAULT 0,"
	"  void_reason TEXT NOT NULL DEFAULT '',"
	"  voided_by INTEGER REFERENCES users (id),"
	"  UNIQUE (competition, phone, day)"
	") STRICT;"
	"CREATE INDEX guide_votes_nominee ON guide_votes (nominee, voided);"
	"CREATE INDEX guide_votes_net ON guide_votes (competition, net, at);"
	"CREATE TABLE guide_complaints ("
	"  id INTEGER PRIMARY KEY,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  nominee INTEGER NOT NULL REFERENCES guide_nominees (id),"
	"  against TEXT NOT NULL CHECK (against IN ('shop', 'guide')),"
	"  summary TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 400),"
	"  entered_by INTEGER NOT NULL REFERENCES users (id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX guide_complaints_comp ON guide_complaints (competition);"
	"CREATE TABLE guide_results ("
	"  nominee INTEGER PRIMARY KEY REFERENCES guide_nominees (id),"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  rank INTEGER NOT NULL,"
	"  panel_num INTEGER NOT NULL,"
	"  panel_den INTEGER NOT NULL,"
	"  votes INTEGER NOT NULL,"
	"  top_votes INTEGER NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  integrity INTEGER NOT NULL,"
	"  final_num INTEGER NOT NULL,"
	"  final_den INTEGER NOT NULL,"
	"  winner INTEGER NOT NULL CHECK (winner IN (0, 1)),"
	"  honour INTEGER REFERENCES honours (id)"
	") STRICT;"
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql, '''award'',    ''title'')',"
	"  '''award'',    ''title'', ''guide'')') WHERE type = 'table' AND"
	"  name = 'certificates';"
	"UPDATE sqlite_schema SET sql = replace(sql, '''award'', ''title'')',"
	"  '''award'', ''title'', ''guide'')') WHERE type = 'table' AND"
	"  name = 'honours';"
	"UPDATE sqlite_schema SET sql = replace(sql, '''award'',    ''title'')',"
	"  '''award'',    ''title'', ''guide'')') WHERE type = 'table' AND"
	"  name = 'cert_kinds';"
	"PRAGMA writable_schema = RESET;"
	/* 18's count of certificates per kind gains the new kind. */
	"INSERT INTO cert_kinds (kind, n) SELECT 'guide', count(*) FROM"
	"  certificates WHERE kind = 'guide';",
	/* 21: 非遗 the heritage record of a master's craft (db_heritage.c).
	 * Versions of one master's record: at most one draft (being written
	 * or waiting for staff) and one published; approving retires the
	 * published one, refusing keeps the draft's words with the reason.
	 * Its photos are photos of the master's own works (the portfolio's
	 * upload path and quotas), with a caption and a date each; a photo
	 * deleted from the portfolio leaves the record with it. */
	"CREATE TABLE heritage_records ("
	"  id INTEGER PRIMARY KEY,"
	"  master INTEGER NOT NULL REFERENCES users (id),"
	"  state TEXT NOT NULL CHECK (state IN ('draft', 'published',"
	"    'refused', 'retired')),"
	"  techniques_zh TEXT NOT NULL CHECK (length(techniques_zh) <= 2000),"
	"  techniques_en TEXT NOT NULL CHECK (length(techniques_en) <= 2000),"
	"  story_zh TEXT NOT NULL CHECK (length(story_zh) <= 2000),"
	"  story_en TEXT NOT NULL CHECK (length(story_en) <= 2000),"
	"  author INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  decided_by INTEGER REFERENCES users (id),"
	"  decided INTEGER,"
	"  reason TEXT CHECK (length(reason) <= 500)"
	") STRICT;"
	"CREATE UNIQUE INDEX heritage_one_draft ON heritage_records (master)"
	"  WHERE state = 'draft';"
	"CREATE UNIQUE INDEX heritage_one_published ON heritage_records"
	"  (master) WHERE state = 'published';"
	"CREATE TABLE heritage_photos ("
	"  record INTEGER NOT NULL REFERENCES heritage_records (id),"
	"  pos INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 8),"
	"  photo INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,"
	"  caption_zh TEXT NOT NULL CHECK (length(caption_zh) BETWEEN 1 AND 120),"
	"  caption_en TEXT NOT NULL CHECK (length(caption_en) <= 120),"
	"  made TEXT NOT NULL CHECK (made GLOB '[12][0-9][0-9][0-9]*'"
	"    AND length(made) IN (4, 7, 10)),"
	"  PRIMARY KEY (record, pos)"
	") STRICT;"
	"CREATE INDEX heritage_photos_photo ON heritage_photos (photo);",
	/* 22: a run's completions by an index (issue 16): a batch
	 * (ST_RUN_UNCERTIFIED, ST_RUN_COMPLETIONS) read all of them,
	 * 1,000,000 at town scale, to find one run's. */
	"CREATE INDEX completions_run ON completions (run);",
	/* 23: nothing on SQLite. On PostgreSQL (schema_pg.c) the seats' and
	 * accounts' INSERT counters run once per statement (a roster). */
	"",
