/* SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors. */
/*
 * schema.c: the schema's migrations and the functions that apply them.
 * Migration i takes the database from user_version i to i + 1, each in
 * its own transaction with its version bump. Time is Unix seconds
 * (INTEGER). Tables are STRICT; foreign keys are on. The audit table is
 * append-only: triggers refuse UPDATE and DELETE.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "db_pg.h"
#include "db_sqlite.h"


/*
 * Migration i takes the schema from user_version i to i + 1. Never edit
 * one that has shipped: append a new one.
 */
static const char *const migrations[] = {
	/* 1: people, sessions, login throttling, the audit trail. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),"
	"  account TEXT NOT NULL UNIQUE,"
	"  pwhash TEXT NOT NULL,"
	"  role TEXT NOT NULL"
	"    CHECK (role IN ('apprentice', 'master', 'staff')),"
	"  track TEXT CHECK (track IN ('carver', 'designer')),"
	"  stage TEXT NOT NULL DEFAULT 'entry'"
	"    CHECK (stage IN ('entry', 'training', 'incubation', 'selection')),"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX sessions_expires ON sessions (expires);"
	"CREATE INDEX sessions_user ON sessions (user_id);"
	"CREATE TABLE login_failures ("
	"  id INTEGER PRIMARY KEY,"
	"  account TEXT NOT NULL,"
	"  addr TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX login_failures_account ON login_failures (account, at);"
	"CREATE INDEX login_failures_addr ON login_failures (addr, at);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor INTEGER REFERENCES users (id),"
	"  action TEXT NOT NULL,"
	"  subject TEXT,"
	"  detail TEXT"
	") STRICT;"
	"CREATE INDEX audit_action ON audit (action, at);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",

	/* 2: the catalogue, runs, enrolments, attendance, completions, and
	 * partner-school accounts that are activated with a one-time code. */
	"ALTER TABLE users ADD COLUMN school TEXT;"
	"ALTER TABLE users ADD COLUMN activation_hash TEXT;"
	"CREATE UNIQUE INDEX users_activation ON users (activation_hash)"
	"  WHERE activation_hash IS NOT NULL;"
	"CREATE TABLE courses ("
	"  code TEXT PRIMARY KEY,"
	"  title_zh TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  track TEXT NOT NULL CHECK (track IN ('carver', 'designer', 'both')),"
	"  stage TEXT NOT NULL"
	"    CHECK (stage IN ('entry', 'training', 'incubation')),"
	"  hours INTEGER NOT NULL CHECK (hours > 0),"
	"  sessions INTEGER NOT NULL CHECK (sessions > 0),"
	"  capacity INTEGER NOT NULL CHECK (capacity > 0),"
	"  pass_mark INTEGER NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),"
	"  attendance INTEGER NOT NULL CHECK (attendance BETWEEN 0 AND 100),"
	"  instructor_role TEXT NOT NULL"
	"    CHECK (instructor_role IN ('master', 'staff')),"
	"  enrol_opens TEXT NOT NULL,"
	"  enrol_closes TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  synced INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE course_prereqs ("
	"  course TEXT NOT NULL REFERENCES courses (code) ON DELETE CASCADE,"
	"  requires TEXT NOT NULL REFERENCES courses (code)"
	"    DEFERRABLE INITIALLY DEFERRED,"
	"  PRIMARY KEY (course, requires)"
	") STRICT;"
	"CREATE VIRTUAL TABLE course_search USING fts5"
	"  (code UNINDEXED, title_zh, title_en, body, tokenize = 'trigram');"
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  course TEXT NOT NULL REFERENCES courses (code),"
	"  starts TEXT NOT NULL,"
	"  ends TEXT NOT NULL,"
	"  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),"
	"  instructor INTEGER REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  CHECK (starts <= ends)"
	") STRICT;"
	"CREATE INDEX runs_course ON runs (course, starts);"
	"CREATE TABLE enrolments ("
	"  id INTEGER PRIMARY KEY,"
	"  run INTEGER NOT NULL REFERENCES runs (id),"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('enrolled', 'waitlisted', 'withdrawn')),"
	"  seq INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  promoted INTEGER,"
	"  score INTEGER CHECK (score BETWEEN 0 AND 100),"
	"  result TEXT CHECK (result IN ('passed', 'failed')),"
	"  UNIQUE (run, user)"
	") STRICT;"
	"CREATE INDEX enrolments_queue ON enrolments (run, status, seq);"
	"CREATE INDEX enrolments_user ON enrolments (user);"
	"CREATE INDEX enrolments_seq ON enrolments (run, seq);"
	"CREATE TABLE attendance ("
	"  run INTEGER NOT NULL REFERENCES runs (id),"
	"  session INTEGER NOT NULL CHECK (session >= 1),"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  present INTEGER NOT NULL CHECK (present IN (0, 1)),"
	"  recorded_by INTEGER NOT NULL REFERENCES users (id),"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (run, session, user)"
	") STRICT;"
	"CREATE TABLE completions ("
	"  id INTEGER PRIMARY KEY,"
	"  enrolment INTEGER NOT NULL UNIQUE REFERENCES enrolments (id),"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  course TEXT NOT NULL REFERENCES courses (code),"
	"  run INTEGER NOT NULL REFERENCES runs (id),"
	"  score INTEGER NOT NULL,"
	"  attended INTEGER NOT NULL,"
	"  sessions INTEGER NOT NULL,"
	"  recorded_by INTEGER NOT NULL REFERENCES users (id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX completions_user ON completions (user, course);",

	/* 3: a counter that every change to the catalogue, its runs and
	 * their seats moves on (by trigger, so no code path can forget it):
	 * workers cache the rendered catalogue until it moves. */
	"CREATE TABLE catalogue_version ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  n INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO catalogue_version (id, n) VALUES (1, 0);"
	"CREATE TRIGGER catalogue_courses_insert AFTER INSERT ON courses"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_courses_update AFTER UPDATE ON courses"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_courses_delete AFTER DELETE ON courses"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_course_prereqs_insert AFTER INSERT ON course_prereqs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_course_prereqs_update AFTER UPDATE ON course_prereqs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_course_prereqs_delete AFTER DELETE ON course_prereqs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_runs_insert AFTER INSERT ON runs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_runs_update AFTER UPDATE ON runs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_runs_delete AFTER DELETE ON runs"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_enrolments_insert AFTER INSERT ON enrolments"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_enrolments_update AFTER UPDATE ON enrolments"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;"
	"CREATE TRIGGER catalogue_enrolments_delete AFTER DELETE ON enrolments"
	"  BEGIN UPDATE catalogue_version SET n = n + 1; END;",

	/* 4: self-registrations per address (throttled like logins), and
	 * activation codes that expire. */
	"CREATE TABLE register_attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  addr TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX register_attempts_addr ON register_attempts (addr, at);"
	"ALTER TABLE users ADD COLUMN activation_expires INTEGER;"
	"UPDATE users SET activation_expires = created + 30 * 86400"
	"  WHERE activation_hash IS NOT NULL;",

	/* 5: 培养 training — mentorships (拜师), the training log, skill
	 * levels, stage moves with their history, and a lineage version for
	 * the workers' cached lineage trees. */
	"ALTER TABLE users ADD COLUMN apprentice_limit INTEGER NOT NULL"
	"  DEFAULT 8 CHECK (apprentice_limit BETWEEN 0 AND 100);"
	"CREATE TABLE mentorships ("
	"  id INTEGER PRIMARY KEY,"
	"  apprentice INTEGER NOT NULL REFERENCES users (id),"
	"  master INTEGER NOT NULL REFERENCES users (id),"
	"  status TEXT NOT NULL CHECK (status IN ('requested', 'active',"
	"    'declined', 'ended', 'withdrawn')),"
	"  message TEXT,"
	"  requested INTEGER NOT NULL,"
	"  started INTEGER,"
	"  ended INTEGER,"
	"  end_reason TEXT,"
	"  ended_by INTEGER REFERENCES users (id),"
	"  recommended INTEGER,"
	"  CHECK (apprentice <> master)"
	") STRICT;"
	"CREATE UNIQUE INDEX mentorships_one_master ON mentorships (apprentice)"
	"  WHERE status = 'active';"
	"CREATE UNIQUE INDEX mentorships_one_request ON mentorships"
	"  (apprentice, master) WHERE status = 'requested';"
	"CREATE INDEX mentorships_master ON mentorships (master, status);"
	"CREATE TABLE training_log ("
	"  id INTEGER PRIMARY KEY,"
	"  apprentice INTEGER NOT NULL REFERENCES users (id),"
	"  master INTEGER NOT NULL REFERENCES users (id),"
	"  mentorship INTEGER NOT NULL REFERENCES mentorships (id),"
	"  day TEXT NOT NULL,"
	"  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 720),"
	"  skill TEXT NOT NULL,"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending', 'confirmed', 'rejected')),"
	"  comment TEXT,"
	"  decided INTEGER,"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX training_log_apprentice ON training_log (apprentice, day);"
	"CREATE INDEX training_log_master ON training_log (master, status);"
	"CREATE TABLE skill_levels ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  track TEXT NOT NULL CHECK (track IN ('carver', 'designer')),"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),"
	"  evidence TEXT NOT NULL,"
	"  awarded_by INTEGER NOT NULL REFERENCES users (id),"
	"  awarded INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX skill_levels_user ON skill_levels (user, awarded);"
	"CREATE TABLE stage_moves ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  from_stage TEXT NOT NULL,"
	"  to_stage TEXT NOT NULL,"
	"  moved INTEGER NOT NULL,"
	"  moved_by INTEGER NOT NULL REFERENCES users (id),"
	"  reason TEXT,"
	"  override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1))"
	") STRICT;"
	"CREATE INDEX stage_moves_user ON stage_moves (user, moved);"
	"CREATE TABLE lineage_version ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  n INTEGER NOT NULL"
	") STRICT;"
	"INSERT INTO lineage_version (id, n) VALUES (1, 0);"
	"CREATE TRIGGER lineage_mentorships_insert AFTER INSERT ON mentorships"
	"  BEGIN UPDATE lineage_version SET n = n + 1; END;"
	"CREATE TRIGGER lineage_mentorships_update AFTER UPDATE ON mentorships"
	"  BEGIN UPDATE lineage_version SET n = n + 1; END;"
	"CREATE TRIGGER lineage_mentorships_delete AFTER DELETE ON mentorships"
	"  BEGIN UPDATE lineage_version SET n = n + 1; END;"
	"CREATE TRIGGER lineage_users_update AFTER UPDATE ON users"
	"  BEGIN UPDATE lineage_version SET n = n + 1; END;",

	/* 6: only a new name changes how a lineage looks (not a stage move,
	 * an activation or a limit): keep the pictures cached meanwhile. */
	"DROP TRIGGER lineage_users_update;"
	"CREATE TRIGGER lineage_users_update AFTER UPDATE OF name ON users"
	"  BEGIN UPDATE lineage_version SET n = n + 1; END;",

	/* 7: certificates (证书) — the events that earn awards and titles
	 * (honours; competitions add theirs), a serial counter per year,
	 * the certificates themselves (what was signed is never rewritten:
	 * only revocation and succession may change, once), batches, and
	 * whether a holder shows their certificates to employers. */
	"ALTER TABLE users ADD COLUMN share_certs INTEGER NOT NULL DEFAULT 0"
	"  CHECK (share_certs IN (0, 1));"
	"CREATE TABLE honours ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('award', 'title')),"
	"  name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 80),"
	"  name_en TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 160),"
	"  conferred TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  recorded_by INTEGER NOT NULL REFERENCES users (id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE cert_serials ("
	"  year INTEGER PRIMARY KEY,"
	"  last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 99999)"
	") STRICT;"
	"CREATE TABLE cert_batches ("
	"  id INTEGER PRIMARY KEY,"
	"  event TEXT NOT NULL,"
	"  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'both')),"
	"  total INTEGER NOT NULL,"
	"  done INTEGER NOT NULL DEFAULT 0,"
	"  failed INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL DEFAULT 'running'"
	"    CHECK (status IN ('running', 'done')),"
	"  started_by INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX cert_batches_event ON cert_batches (event, id);"
	"CREATE TABLE certificates ("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL UNIQUE CHECK (length(serial) = 22 AND"
	"    serial NOT GLOB '*[^0-9A-Z]*'),"
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) = 16),"
	"  kind TEXT NOT NULL CHECK (kind IN ('course', 'level', 'award',"
	"    'title')),"
	"  event TEXT NOT NULL,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  holder TEXT NOT NULL,"
	"  title_zh TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),"
	"  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'both')),"
	"  issued TEXT NOT NULL,"
	"  expires TEXT,"
	"  kid TEXT NOT NULL,"
	"  qr TEXT NOT NULL,"
	"  issued_by INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  batch INTEGER REFERENCES cert_batches (id),"
	"  supersedes INTEGER REFERENCES certificates (id),"
	"  superseded_by INTEGER REFERENCES certificates (id),"
	"  reissue_reason TEXT,"
	"  current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),"
	"  revoked INTEGER,"
	"  revoked_reason TEXT,"
	"  revoked_by INTEGER REFERENCES users (id)"
	") STRICT;"
	"CREATE UNIQUE INDEX certificates_event ON certificates (event)"
	"  WHERE current = 1;"
	"CREATE INDEX certificates_user ON certificates (user, issued);"
	"CREATE INDEX certificates_batch ON certificates (batch);"
	"CREATE INDEX certificates_holder ON certificates (serial, holder);"
	"CREATE TRIGGER certificates_signed BEFORE UPDATE OF serial, code,"
	"  kind, event, user, holder, title_zh, title_en, level, lang, issued,"
	"  expires, kid, qr, issued_by, created, batch, supersedes"
	"  ON certificates"
	"  BEGIN SELECT RAISE(ABORT, 'a certificate is never rewritten'); END;"
	"CREATE TRIGGER certificates_once BEFORE UPDATE OF revoked,"
	"  revoked_reason, revoked_by, superseded_by, reissue_reason"
	"  ON certificates"
	"  WHEN OLD.revoked IS NOT NULL OR OLD.superseded_by IS NOT NULL"
	"  BEGIN SELECT RAISE(ABORT, 'a certificate is revoked or"
	" superseded once'); END;"
	"CREATE TRIGGER certificates_reason BEFORE UPDATE OF revoked_reason,"
	"  revoked_by ON certificates WHEN NEW.revoked IS NULL"
	"  BEGIN SELECT RAISE(ABORT, 'a reason comes with a revocation');"
	"  END;"
	"CREATE TRIGGER certificates_current BEFORE UPDATE OF current"
	"  ON certificates WHEN NEW.current > OLD.current"
	"  BEGIN SELECT RAISE(ABORT, 'a retired certificate stays retired');"
	"  END;"
	"CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates"
	"  BEGIN SELECT RAISE(ABORT, 'certificates are never deleted'); END;",

	/* 8: 孵化 incubation — portfolios (works, their photos, comments),
	 * cohorts with places, mentors and milestones signed off by the
	 * mentor; masters' specialities for the public directory. Text
	 * limits are the handlers' (a CRLF counts once there, twice here:
	 * the CHECKs leave room for it). */
	"ALTER TABLE users ADD COLUMN speciality TEXT NOT NULL DEFAULT ''"
	"  CHECK (length(speciality) <= 80);"
	"CREATE TABLE works ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),"
	"  material TEXT NOT NULL,"
	"  technique TEXT NOT NULL DEFAULT '' CHECK (length(technique) <= 60),"
	"  size TEXT NOT NULL DEFAULT '' CHECK (length(size) <= 60),"
	"  description TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(description) <= 2000),"
	"  public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX works_user ON works (user, id);"
	"CREATE INDEX works_public ON works (public, id);"
	"CREATE TABLE photos ("
	"  id INTEGER PRIMARY KEY,"
	"  work INTEGER NOT NULL REFERENCES works (id),"
	"  width INTEGER NOT NULL CHECK (width > 0),"
	"  height INTEGER NOT NULL CHECK (height > 0),"
	"  bytes INTEGER NOT NULL,"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX photos_work ON photos (work, id);"
	"CREATE TRIGGER photos_at_most_8 BEFORE INSERT ON photos"
	"  WHEN (SELECT count(*) FROM photos WHERE work = NEW.work) >= 8"
	"  BEGIN SELECT RAISE(ABORT, 'a work has 8 photos at most'); END;"
	"CREATE TABLE work_comments ("
	"  id INTEGER PRIMARY KEY,"
	"  work INTEGER NOT NULL REFERENCES works (id),"
	"  author INTEGER NOT NULL REFERENCES users (id),"
	"  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),"
	"  created INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX work_comments_work ON work_comments (work, id);"
	"CREATE TABLE cohorts ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),"
	"  starts TEXT NOT NULL,"
	"  ends TEXT NOT NULL,"
	"  places INTEGER NOT NULL CHECK (places BETWEEN 1 AND 200),"
	"  created_by INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  CHECK (starts <= ends)"
	") STRICT;"
	"CREATE TABLE cohort_members ("
	"  cohort INTEGER NOT NULL REFERENCES cohorts (id),"
	"  user INTEGER NOT NULL UNIQUE REFERENCES users (id),"
	"  mentor INTEGER NOT NULL REFERENCES users (id),"
	"  admitted_by INTEGER NOT NULL REFERENCES users (id),"
	"  admitted INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort, user),"
	"  CHECK (user <> mentor)"
	") STRICT;"
	"CREATE INDEX cohort_members_mentor ON cohort_members (mentor);"
	"CREATE TABLE milestones ("
	"  id INTEGER PRIMARY KEY,"
	"  cohort INTEGER NOT NULL REFERENCES cohorts (id),"
	"  title_zh TEXT NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 40),"
	"  title_en TEXT NOT NULL CHECK (length(title_en) BETWEEN 1 AND 80)"
	") STRICT;"
	"CREATE INDEX milestones_cohort ON milestones (cohort, id);"
	"CREATE TABLE milestone_signoffs ("
	"  milestone INTEGER NOT NULL REFERENCES milestones (id),"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  mentor INTEGER NOT NULL REFERENCES users (id),"
	"  comment TEXT NOT NULL CHECK (length(comment) BETWEEN 1 AND 1000),"
	"  signed INTEGER NOT NULL,"
	"  PRIMARY KEY (milestone, user)"
	") STRICT;",
	/* 9: 评选 selection — competitions with their categories, criteria,
	 * tiers and judge panels; entries by code; recusals; judges' sheets;
	 * frozen results per round; title nominations; and the score log,
	 * append-only and hash-chained (score.h). */
	"CREATE TABLE competitions ("
	"  id INTEGER PRIMARY KEY,"
	"  name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 60),"
	"  name_en TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 120),"
	"  opens TEXT NOT NULL,"
	"  closes TEXT NOT NULL,"
	"  mode TEXT NOT NULL CHECK (mode IN ('weighted', 'worldskills')),"
	"  min_panel INTEGER NOT NULL CHECK (min_panel BETWEEN 1 AND 16),"
	"  spread INTEGER NOT NULL CHECK (spread BETWEEN 0 AND 3),"
	"  generations INTEGER NOT NULL CHECK (generations BETWEEN 1 AND 5),"
	"  advance INTEGER NOT NULL CHECK (advance BETWEEN 0 AND 1000),"
	"  tiebreak TEXT NOT NULL DEFAULT '',"
	"  round INTEGER NOT NULL DEFAULT 0 CHECK (round BETWEEN 0 AND 2),"
	"  state TEXT NOT NULL DEFAULT 'entries' CHECK (state IN"
	"    ('entries', 'judging', 'locked', 'published')),"
	"  log_head TEXT NOT NULL DEFAULT '',"
	"  published INTEGER NOT NULL DEFAULT 0,"
	"  created_by INTEGER NOT NULL REFERENCES users (id),"
	"  created INTEGER NOT NULL,"
	"  CHECK (opens <= closes)"
	") STRICT;"
	"CREATE TABLE comp_criteria ("
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  pos INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 12),"
	"  name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 20),"
	"  name_en TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 60),"
	"  weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),"
	"  PRIMARY KEY (competition, pos)"
	") STRICT;"
	"CREATE TABLE comp_tiers ("
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  pos INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 6),"
	"  name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 20),"
	"  name_en TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 60),"
	"  quota INTEGER NOT NULL CHECK (quota BETWEEN 1 AND 1000),"
	"  PRIMARY KEY (competition, pos)"
	") STRICT;"
	"CREATE TABLE comp_categories ("
	"  id INTEGER PRIMARY KEY,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 30),"
	"  name_en TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 60),"
	"  UNIQUE (competition, name_zh)"
	") STRICT;"
	"CREATE TABLE comp_judges ("
	"  category INTEGER NOT NULL REFERENCES comp_categories (id),"
	"  judge INTEGER NOT NULL REFERENCES users (id),"
	"  added_by INTEGER NOT NULL REFERENCES users (id),"
	"  added INTEGER NOT NULL,"
	"  PRIMARY KEY (category, judge)"
	") STRICT;"
	"CREATE INDEX comp_judges_judge ON comp_judges (judge);"
	"CREATE TABLE comp_entries ("
	"  id INTEGER PRIMARY KEY,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  category INTEGER NOT NULL REFERENCES comp_categories (id),"
	"  entrant INTEGER NOT NULL REFERENCES users (id),"
	"  work INTEGER NOT NULL REFERENCES works (id),"
	"  code TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN"
	"    ('pending', 'eligible', 'refused', 'withdrawn')),"
	"  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 400),"
	"  checked_by INTEGER REFERENCES users (id),"
	"  checked INTEGER NOT NULL DEFAULT 0,"
	"  reached INTEGER NOT NULL DEFAULT 0 CHECK (reached BETWEEN 0 AND 2),"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (competition, work)"
	") STRICT;"
	"CREATE INDEX comp_entries_comp ON comp_entries (competition, category);"
	"CREATE INDEX comp_entries_entrant ON comp_entries (entrant);"
	/* The photos an entry is judged on, fixed when it is made: the
	 * entrant cannot swap them during judging, and they are never
	 * deleted (the foreign key refuses it; portfolio.c says why). */
	"CREATE TABLE comp_entry_photos ("
	"  entry INTEGER NOT NULL REFERENCES comp_entries (id),"
	"  pos INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 8),"
	"  photo INTEGER NOT NULL REFERENCES photos (id),"
	"  PRIMARY KEY (entry, pos)"
	") STRICT;"
	"CREATE INDEX comp_entry_photos_photo ON comp_entry_photos (photo);"
	"CREATE TABLE comp_recusals ("
	"  entry INTEGER NOT NULL REFERENCES comp_entries (id),"
	"  judge INTEGER NOT NULL REFERENCES users (id),"
	"  depth INTEGER NOT NULL,"	/* generations; -1: too big to tell;
					 * -2: cohort mentor; 0: declared */
	"  recorded INTEGER NOT NULL,"
	"  PRIMARY KEY (entry, judge)"
	") STRICT;"
	"CREATE TABLE comp_sheets ("
	"  id INTEGER PRIMARY KEY,"
	"  entry INTEGER NOT NULL REFERENCES comp_entries (id),"
	"  judge INTEGER NOT NULL REFERENCES users (id),"
	"  round INTEGER NOT NULL CHECK (round BETWEEN 1 AND 2),"
	"  marks TEXT NOT NULL,"
	"  final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),"
	"  updated INTEGER NOT NULL,"
	"  UNIQUE (entry, judge, round)"
	") STRICT;"
	"CREATE INDEX comp_sheets_judge ON comp_sheets (judge, round);"
	"CREATE TABLE comp_results ("
	"  entry INTEGER NOT NULL REFERENCES comp_entries (id),"
	"  round INTEGER NOT NULL,"
	"  rank INTEGER NOT NULL,"
	"  tier INTEGER NOT NULL,"	/* tier pos 1.., 0: none */
	"  total_num INTEGER NOT NULL,"
	"  total_den INTEGER NOT NULL,"
	"  counted INTEGER NOT NULL,"
	"  flags INTEGER NOT NULL,"
	"  dropped_hi INTEGER NOT NULL DEFAULT 0,"	/* judge ids, 0: none */
	"  dropped_lo INTEGER NOT NULL DEFAULT 0,"
	"  advanced INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (entry, round)"
	") STRICT;"
	"CREATE TABLE title_nominations ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id),"
	"  title_zh TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  competition INTEGER NOT NULL REFERENCES competitions (id),"
	"  state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN"
	"    ('proposed', 'confirmed', 'declined')),"
	"  honour INTEGER REFERENCES honours (id),"
	"  decided_by INTEGER REFERENCES users (id),"
	"  decided INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (user, title_zh)"
	") STRICT;"
	"CREATE TABLE score_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  competition INTEGER NOT NULL,"
	"  entry INTEGER NOT NULL DEFAULT 0,"
	"  judge INTEGER NOT NULL DEFAULT 0,"
	"  round INTEGER NOT NULL DEFAULT 0,"
	"  old TEXT NOT NULL DEFAULT '',"
	"  new TEXT NOT NULL DEFAULT '',"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL UNIQUE"
	") STRICT;"
	"CREATE TRIGGER score_log_no_update BEFORE UPDATE ON score_log"
	"  BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;"
	"CREATE TRIGGER score_log_no_delete BEFORE DELETE ON score_log"
	"  BEGIN SELECT RAISE(ABORT, 'score_log is append-only'); END;",
	/* 10: whether a work is held by a competition (WORK_HELD) is asked
	 * of every work the gallery lists: by the work, not the pair
	 * (competition, work) that the UNIQUE constraint indexes. An
	 * entry's photos are files of its own from now on (entrant.c);
	 * those of entries made before are made when first asked for. */
	"CREATE INDEX comp_entries_work ON comp_entries (work);",
	/* 11: the inbox — a person's messages, stored as a kind and its
	 * facts (worded when read, in the reader's language), whether and
	 * when read, and which channels a copy was chosen for; and each
	 * person's choice of copies by email or SMS per kind. The unread
	 * count runs on every page: a partial index holds only unread rows. */
	"CREATE TABLE inbox ("
	"  id INTEGER PRIMARY KEY,"
	"  user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  subject_zh TEXT NOT NULL DEFAULT '',"
	"  subject_en TEXT NOT NULL DEFAULT '',"
	"  ref TEXT NOT NULL DEFAULT '',"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  num INTEGER NOT NULL DEFAULT 0,"
	"  link TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  read_at INTEGER NOT NULL DEFAULT 0,"	/* 0: unread */
	"  email INTEGER NOT NULL DEFAULT 0 CHECK (email IN (0, 1)),"
	"  sms INTEGER NOT NULL DEFAULT 0 CHECK (sms IN (0, 1))"
	") STRICT;"
	"CREATE INDEX inbox_user ON inbox (user, id);"
	"CREATE INDEX inbox_unread ON inbox (user, read_at) WHERE read_at = 0;"
	"CREATE TABLE notify_prefs ("
	"  user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  email INTEGER NOT NULL CHECK (email IN (0, 1)),"
	"  sms INTEGER NOT NULL CHECK (sms IN (0, 1)),"
	"  lang TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user, kind)"
	") STRICT, WITHOUT ROWID;",

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
};

#define MIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

int
db_schema_latest(void)
{
	return (MIGRATIONS);
}

/* The schema version of the open database, or -1. */
int
db_schema_version(void)
{
	sqlite3_stmt	*s;
	int		 v = -1;

	if (db_pg_on)
		return (db_pg_schema_version());
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return (v);
}

/*
 * Bring the schema to the latest version, each migration in its own
 * transaction together with its user_version bump. Returns 0 on failure
 * (logged), leaving the database at the last good version. A database
 * newer than this program is refused rather than guessed at.
 */
int
db_migrate(void)
{
	char	*err = NULL;
	char	 bump[64];
	int	 v;

	if (db_pg_on)
		return (db_pg_migrate());
	if ((v = db_schema_version()) < 0) {
		db_log("user_version", sqlite3_errmsg(db));
		return (0);
	}
	if (v > MIGRATIONS) {
		db_log("migrate", "database is newer than this program");
		return (0);
	}
	for (; v < MIGRATIONS; v++) {
		(void)snprintf(bump, sizeof(bump), "PRAGMA user_version = %d;",
		    v + 1);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
		    &err) != SQLITE_OK ||
		    sqlite3_exec(db, migrations[v], NULL, NULL,
		    &err) != SQLITE_OK ||
		    sqlite3_exec(db, bump, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
			db_log("migrate", err ? err : "?");
			sqlite3_free(err);
			(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return (0);
		}
	}
	return (1);
}
