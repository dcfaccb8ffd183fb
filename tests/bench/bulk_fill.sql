-- bulk_fill.sql: scratch town-scale data for timing the staff pages and
-- the verify path (issue 16) before `yujiang-admin bench-data` exists.
-- Run on a copy of a demo data directory (made by `yujiang-admin init`):
--
--	sqlite3 DATA/yujiang.db < tests/bench/bulk_fill.sql
--
-- Adds 100,000 apprentices, 500 past runs of JB101 with 100,000
-- enrolments and completions, 99,800 certificates for them (200 wait),
-- 10,000 mentorships with 1,000,000 training entries, 100,000 stage
-- moves, 50,000 works and 100,000 outbox messages, spread over the past
-- year. Certificates are NOT signed (their qr is filler of the usual
-- length): fine for timing look-ups, useless for offline checks. Codes
-- are random hex (a subset of the Crockford alphabet).
PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE k (n INTEGER PRIMARY KEY);
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s
    WHERE n < 1000000) INSERT INTO k SELECT n FROM s;
CREATE TEMP TABLE base AS SELECT (SELECT max(id) FROM users) AS u,
    (SELECT max(id) FROM runs) AS r, (SELECT max(id) FROM enrolments) AS e,
    (SELECT max(id) FROM completions) AS c,
    (SELECT max(id) FROM certificates) AS x,
    (SELECT kid FROM certificates LIMIT 1) AS kid,
    CAST(strftime('%s', 'now') AS INTEGER) AS now;

INSERT INTO users (id, name, account, pwhash, role, track, stage, created,
    verified)
SELECT b.u + n, '学员' || n, '139' || printf('%08d', n), '!',
    'apprentice', CASE n % 3 WHEN 0 THEN 'designer' ELSE 'carver' END,
    CASE n % 10 WHEN 0 THEN 'selection' WHEN 1 THEN 'incubation'
    WHEN 2 THEN 'training' WHEN 3 THEN 'training' ELSE 'entry' END,
    b.now - (n * 313) % (365 * 86400), 1
FROM k, base b WHERE n <= 100000;

-- 500 runs, one every 0.7 days back over the year; the last 20 not over.
INSERT INTO runs (id, course, starts, ends, capacity, created)
SELECT b.r + n, 'JB101', date(b.now - n * 60000 + 20 * 60000, 'unixepoch'),
    date(b.now - n * 60000 + 20 * 60000 + 30 * 86400, 'unixepoch'), 10000,
    b.now - 400 * 86400
FROM k, base b WHERE n <= 500;

INSERT INTO enrolments (id, run, user, status, seq, created, updated,
    score, result)
SELECT b.e + n, b.r + 1 + n % 500, b.u + n, 'enrolled', n,
    b.now - (n * 317) % (365 * 86400), b.now, 80, 'passed'
FROM k, base b WHERE n <= 100000;

INSERT INTO completions (id, enrolment, user, course, run, score, attended,
    sessions, recorded_by, at)
SELECT b.c + n, b.e + n, b.u + n, 'JB101', b.r + 1 + n % 500, 80, 8, 8, 1,
    b.now - (n * 331) % (365 * 86400)
FROM k, base b WHERE n <= 100000;

-- Status positions not taken yet, in a scrambled order.
CREATE TEMP TABLE freepos AS SELECT row_number() OVER (ORDER BY
    (n * 40503) % 131072) AS i, n - 1 AS pos FROM k
    WHERE n <= 131072 AND n - 1 NOT IN (SELECT status_index FROM
    certificates WHERE status_index IS NOT NULL);

INSERT INTO certificates (id, serial, code, kind, event, user, holder,
    title_zh, title_en, level, lang, issued, expires, kid, qr, issued_by,
    created, current, identity_checked, status_index)
SELECT b.x + n, printf('B%021d', n), lower(hex(randomblob(8))), 'course',
    'completion:' || (b.c + n), b.u + n, '学员' || n, '玉雕工具与安全',
    'Carving tools and workshop safety', 0, 'zh',
    date(b.now - (n * 331) % (365 * 86400), 'unixepoch'), NULL, b.kid,
    'http://127.0.0.1:8888/v/' || printf('%.400c', 'x'), 1,
    b.now - (n * 331) % (365 * 86400), 1, b.now, f.pos
FROM k, base b JOIN freepos f ON f.i = n WHERE n <= 99800;

INSERT INTO mentorships (apprentice, master, status, requested, started)
SELECT b.u + n, CASE n % 4 WHEN 0 THEN 2 WHEN 1 THEN 3 WHEN 2 THEN 5
    ELSE 10 END, 'active', b.now - 300 * 86400, b.now - 300 * 86400
FROM k, base b WHERE n <= 10000;

INSERT INTO training_log (apprentice, master, mentorship, day, minutes,
    skill, notes, status, created)
SELECT m.apprentice, m.master, m.id,
    date(b.now - (k.n % 300) * 86400, 'unixepoch'), 60 + k.n % 240,
    '抛光', '', CASE k.n % 5 WHEN 0 THEN 'pending' ELSE 'confirmed' END,
    b.now - (k.n % 300) * 86400
FROM k, base b JOIN mentorships m ON m.apprentice = b.u + 1 + k.n % 10000
    AND m.status = 'active';

INSERT INTO stage_moves (user, from_stage, to_stage, moved, moved_by)
SELECT b.u + n, 'entry', 'training', b.now - (n * 337) % (365 * 86400), 1
FROM k, base b WHERE n <= 100000;

INSERT INTO works (user, title, material, public, created, updated)
SELECT b.u + n, '作品' || n, 'jadeite', n % 2, b.now - n * 600,
    b.now - n * 600
FROM k, base b WHERE n <= 50000;

INSERT INTO outbox (user, channel, address, body, state, next_at, created,
    sent)
SELECT b.u + n, 'sms', '139' || printf('%08d', n), '验证码 ******', 'sent',
    b.now - n * 300, b.now - n * 300, b.now - n * 300
FROM k, base b WHERE n <= 100000;
COMMIT;

