"""W3C Bitstring Status List v1.0 and suspension, against the real server.

Every certificate has a random position (statusListIndex) in a
revocation list and a suspension list of 131,072 bits; each list is a
signed BitstringStatusListCredential at /status/<purpose> (and
/api/v1/status/<purpose>), with an ETag and Cache-Control from its ttl.
The lists are decoded here with Python's own base64 and gzip, not the
server's code, and the bits set are compared with exactly the
certificates the database says are revoked (or superseded) and
suspended. Suspension: staff suspend and reinstate with a reason; the
verify page and API say suspended with the reason; credential.json and
the batch ZIP treat it like a revocation while it lasts.
`yujiang-admin status export DIR` writes what the server serves."""
import base64
import gzip
import io
import os
import json
import shutil
import sqlite3
import tempfile
import zipfile

from cert_util import (admin, b64u_decode, cert_api, eddsa_jcs_2022_verify,
                       graduate_run, graduates, issue_ok, keys, verdict,
                       verify_api, wait_batch)
from harness import Server, ServerTestCase, sqlite_only, user
from training_util import login, new_apprentices, new_master

ENTRIES = 131072
PURPOSES = ("revocation", "suspension")


def decode_list(test, enc):
    """The set of positions set in an encodedList, decoded by Python:
    multibase 'u' + base64url without padding, a GZIP member (RFC 1952
    header checked), 16 KB, bit 0 the left-most of the first byte."""
    test.assertTrue(enc.startswith("u"), enc[:10])
    test.assertNotIn("=", enc)
    test.assertRegex(enc[1:], r"^[A-Za-z0-9_-]+$")
    gz = base64.urlsafe_b64decode(enc[1:] + "=" * (-len(enc[1:]) % 4))
    test.assertEqual(gz[:3], b"\x1f\x8b\x08", "not a gzip member")
    raw = gzip.decompress(gz)
    test.assertEqual(len(raw), ENTRIES // 8)
    return {i for i in range(ENTRIES) if raw[i // 8] & (0x80 >> (i % 8))}


class StatusListTest(ServerTestCase):
    init = True         # the demo has certificates, one of them revoked
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")
        pk = keys(cls.server.client())["keys"][0]["public_key"]
        cls.pk = b64u_decode(pk)

    # -- helpers -----------------------------------------------------------

    def new_certs(self, n, prefix):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, n, prefix)
        return [issue_ok(self, self.staff, events[p.id]) for p in people]

    def fetch(self, purpose, api=False, headers=None):
        path = ("/api/v1/status/" if api else "/status/") + purpose
        return self.client().get(path, headers=headers)

    def bits(self, purpose):
        """(set positions, response) of a list, its signature checked."""
        r = self.fetch(purpose)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertTrue(eddsa_jcs_2022_verify(doc, self.pk), "bad proof")
        return decode_list(self, doc["credentialSubject"]["encodedList"]), r

    def expected(self, purpose):
        """The positions the database says must be set."""
        cond = ("revoked IS NOT NULL OR superseded_by IS NOT NULL"
                if purpose == "revocation" else "suspended IS NOT NULL")
        return {int(row[0]) for row in self.server.sql(
            "SELECT status_index FROM certificates WHERE " + cond)}

    def index_of(self, cert):
        return cert_api(self.staff, cert["id"])["status_index"]

    def suspend(self, cert, reason="成绩复核中 under review", who=None):
        return (who or self.staff).post(
            "/api/v1/certs/%d/suspend" % cert["id"], {"reason": reason})

    def reinstate(self, cert, reason="复核无误 review passed", who=None):
        return (who or self.staff).post(
            "/api/v1/certs/%d/reinstate" % cert["id"], {"reason": reason})

    # -- the lists ---------------------------------------------------------

    def test_lists_are_signed_bitstring_status_list_credentials(self):
        origin = keys(self.client())["issuer"]["url"]
        for p in PURPOSES:
            with self.subTest(purpose=p):
                set_bits, r = self.bits(p)
                doc = r.json()
                self.assertEqual(doc["@context"],
                                 ["https://www.w3.org/ns/credentials/v2"])
                self.assertEqual(doc["id"], origin + "/status/" + p)
                self.assertEqual(doc["type"], ["VerifiableCredential",
                                               "BitstringStatusListCredential"])
                # The credentials' issuer: the station's did:web.
                self.assertEqual(doc["issuer"], self.server.client().get(
                    "/.well-known/did.json").json()["id"])
                self.assertRegex(doc["validFrom"],
                                 r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                self.assertGreater(doc["validUntil"], doc["validFrom"])
                cs = doc["credentialSubject"]
                self.assertEqual(cs["type"], "BitstringStatusList")
                self.assertEqual(cs["statusPurpose"], p)
                self.assertEqual(cs["ttl"], 300000)
                self.assertEqual(cs["id"], doc["id"] + "#list")
                self.assertEqual(doc["proof"]["cryptosuite"],
                                 "eddsa-jcs-2022")
                self.assertEqual(r.header("cache-control"),
                                 "public, max-age=300")
                self.assertRegex(r.header("etag"), r'^"[0-9a-f]{32}"$')
                self.assertTrue(r.header("content-type").startswith(
                    "application/vc+ld+json"), r.headers)
                self.assertEqual(set_bits, self.expected(p))
                # The JSON twin serves the same bytes.
                j = self.fetch(p, api=True)
                self.assertEqual(j.status, 200, j)
                self.assertEqual(j.body, r.body)
                self.assertEqual(j.header("etag"), r.header("etag"))
                self.assertTrue(j.header("content-type").startswith(
                    "application/json"), j.headers)
        # The demo's revoked certificate is in the revocation list.
        self.assertGreaterEqual(len(self.expected("revocation")), 1)

    def test_positions_are_random_distinct_and_permanent(self):
        certs = self.new_certs(6, "随机")
        idx = [self.index_of(c) for c in certs]
        self.assertEqual(len(set(idx)), len(idx), idx)
        for i in idx:
            self.assertTrue(0 <= i < ENTRIES, idx)
        # Not sequential: neither consecutive nor ordered by issue.
        steps = {b - a for a, b in zip(idx, idx[1:])}
        self.assertNotEqual(steps, {1}, idx)
        self.assertNotEqual(idx, sorted(idx), idx)
        rows = self.server.sql("SELECT count(*), count(DISTINCT "
                               "status_index), count(status_index) FROM "
                               "certificates")
        self.assertEqual(rows[0][0], rows[0][1], rows)  # every one, unique
        self.assertEqual(rows[0][0], rows[0][2], rows)
        # Set once: the database refuses to move a position.
        with self.assertRaisesRegex(AssertionError, "never moved"):
            self.server.sql_write("UPDATE certificates SET status_index = 0 "
                                  "WHERE id = ?1", certs[0]["id"])

    def test_credential_carries_both_status_entries(self):
        c = self.new_certs(1, "凭证")[0]
        i = self.index_of(c)
        origin = keys(self.client())["issuer"]["url"]
        r = self.staff.get("/certs/%d/credential.json" % c["id"])
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertTrue(eddsa_jcs_2022_verify(doc, self.pk))
        st = doc["credentialStatus"]
        self.assertEqual([e["statusPurpose"] for e in st], list(PURPOSES))
        for e, p in zip(st, PURPOSES):
            self.assertEqual(e, {
                "id": "%s/status/%s#%d" % (origin, p, i),
                "type": "BitstringStatusListEntry",
                "statusPurpose": p,
                "statusListIndex": str(i),
                "statusListCredential": "%s/status/%s" % (origin, p)})

    # -- revoke, suspend, reinstate -----------------------------------------

    def test_revoke_sets_exactly_its_bit(self):
        a, b = self.new_certs(2, "撤销")
        ia, ib = self.index_of(a), self.index_of(b)
        before, r0 = self.bits("revocation")
        self.assertNotIn(ia, before)
        r = self.staff.post("/api/v1/certs/%d/revoke" % a["id"],
                            {"reason": "证据不实"})
        self.assertEqual(r.status, 200, r)
        after, r1 = self.bits("revocation")
        self.assertIn(ia, after)
        self.assertNotIn(ib, after)
        self.assertEqual(after, self.expected("revocation"))
        self.assertTrue(before < after)
        self.assertNotEqual(r0.header("etag"), r1.header("etag"))
        # A re-issue revokes the old credential in the list too.
        r = self.staff.post("/api/v1/certs/%d/reissue" % b["id"],
                            {"reason": "姓名更正"})
        self.assertEqual(r.status, 201, r)
        after2, _ = self.bits("revocation")
        self.assertIn(ib, after2)
        self.assertEqual(after2, self.expected("revocation"))
        sus, _ = self.bits("suspension")
        self.assertNotIn(ia, sus)

    def test_suspend_and_reinstate(self):
        c, other = self.new_certs(2, "暂停")
        i = self.index_of(c)
        rev_before, _ = self.bits("revocation")
        r = self.suspend(c, "成绩复核中")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["certificate"]["status"], "suspended")
        self.assertEqual(r.json()["certificate"]["suspended"]["reason"],
                         "成绩复核中")
        sus, _ = self.bits("suspension")
        self.assertIn(i, sus)
        self.assertNotIn(self.index_of(other), sus)
        self.assertEqual(sus, self.expected("suspension"))
        rev, _ = self.bits("revocation")
        self.assertEqual(rev, rev_before)       # not revoked
        # The verify page and API say so, with the reason.
        j = verify_api(self.client(), c["code"])
        self.assertEqual(j.status, 200, j)
        self.assertEqual(j.json()["status"], "suspended")
        self.assertEqual(j.json()["suspended"]["reason"], "成绩复核中")
        page = self.client().get("/v/" + c["code"])
        v = verdict(page.text)
        self.assertEqual((v["status"], v["cls"]), ("suspended", "suspended"))
        self.assertIn("成绩复核中", page.text)
        self.assertIn("证书已暂停", page.text)
        en = self.client(lang="en").get("/v/" + c["code"]).text
        self.assertIn("Certificate suspended", en)
        # credential.json: like a revoked one while it lasts.
        r = self.staff.get("/certs/%d/credential.json" % c["id"])
        self.assertEqual(r.status, 409, r)
        self.assertIn("这张证书已经暂停", r.text)
        # Reinstated: the bit is cleared, the credential is back.
        r = self.reinstate(c)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["certificate"]["status"], "valid")
        sus, _ = self.bits("suspension")
        self.assertNotIn(i, sus)
        self.assertEqual(sus, self.expected("suspension"))
        self.assertEqual(verify_api(self.client(), c["code"]).json()
                         ["status"], "valid")
        r = self.staff.get("/certs/%d/credential.json" % c["id"])
        self.assertEqual(r.status, 200, r)
        # Both are in the audit log, with their reasons.
        rows = self.server.sql("SELECT action, detail FROM audit WHERE "
                               "subject = ? ORDER BY id",
                               "cert:%d" % c["id"])
        self.assertEqual([a for a, _ in rows][-2:],
                         ["cert.suspend", "cert.reinstate"])
        self.assertEqual(rows[-1][1], "复核无误 review passed")

    def test_suspend_and_reinstate_by_form(self):
        c = self.new_certs(1, "表单")[0]
        cl = self.server.client()
        r = cl.login_form(self.accounts["staff"])
        self.assertEqual(r.status, 303, r)
        page = cl.get("/certs/%d" % c["id"])
        self.assertIn('action="/certs/%d/suspend"' % c["id"], page.text)
        r = cl.post_multipart("/certs/%d/suspend" % c["id"],
                              [("reason", "待复核")],
                              page="/certs/%d" % c["id"])
        self.assertRedirect(r, "/certs/%d" % c["id"])
        page = cl.get("/certs/%d" % c["id"])
        self.assertIn('action="/certs/%d/reinstate"' % c["id"], page.text)
        self.assertNotIn('action="/certs/%d/revoke"' % c["id"], page.text)
        self.assertIn('<dd id="suspended-reason">待复核</dd>', page.text)
        # Without the CSRF token: refused, nothing changes.
        r = cl.post_multipart("/certs/%d/reinstate" % c["id"],
                              [("reason", "好")], csrf=None)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(cert_api(self.staff, c["id"])["status"],
                         "suspended")
        r = cl.post_multipart("/certs/%d/reinstate" % c["id"],
                              [("reason", "复核无误")],
                              page="/certs/%d" % c["id"])
        self.assertRedirect(r, "/certs/%d" % c["id"])
        self.assertEqual(cert_api(self.staff, c["id"])["status"], "valid")

    def test_bad_input_is_refused_and_changes_nothing(self):
        c, gone = self.new_certs(2, "坏输入")
        r = self.staff.post("/api/v1/certs/%d/revoke" % gone["id"],
                            {"reason": "撤销"})
        self.assertEqual(r.status, 200, r)
        l0, _ = self.bits("suspension")
        r0, _ = self.bits("revocation")
        en = self.server.client(lang="en")
        tok = en.login_api(self.accounts["staff"]).json()["csrf"]

        def en_post(path, body):
            return en.post_json(path, body, csrf=tok)

        for bad in ({}, {"reason": ""}, {"reason": "长" * 201}):
            with self.subTest(reason=bad):
                j = self.assertJSONError(
                    self.staff.post("/api/v1/certs/%d/suspend" % c["id"],
                                    bad), 400, "invalid_reason")
                self.assertIn("原因", j["message"])
                j = self.assertJSONError(
                    en_post("/api/v1/certs/%d/suspend" % c["id"], bad),
                    400, "invalid_reason")
                self.assertIn("reason", j["message"].lower())
        # A revoked one cannot be suspended; a valid one not reinstated.
        j = self.assertJSONError(self.suspend(gone), 409, "not_current")
        self.assertIn("撤销", j["message"])
        j = self.assertJSONError(
            en_post("/api/v1/certs/%d/suspend" % gone["id"],
                    {"reason": "x"}), 409, "not_current")
        self.assertIn("revoked", j["message"])
        j = self.assertJSONError(self.reinstate(c), 409, "not_suspended")
        self.assertIn("没有暂停", j["message"])
        j = self.assertJSONError(
            en_post("/api/v1/certs/%d/reinstate" % c["id"],
                    {"reason": "x"}), 409, "not_suspended")
        self.assertIn("not suspended", j["message"])
        # Twice: the second is refused; a suspended one is not re-issued.
        self.assertEqual(self.suspend(c).status, 200)
        self.assertJSONError(self.suspend(c), 409, "suspended")
        j = self.assertJSONError(
            self.staff.post("/api/v1/certs/%d/reissue" % c["id"],
                            {"reason": "更正"}), 409, "suspended")
        self.assertIn("暂停", j["message"])
        self.assertEqual(self.reinstate(c).status, 200)
        # Nothing of the refusals reached the lists: the same bits (the
        # suspension list was re-signed twice, its dates may differ).
        l1, _ = self.bits("suspension")
        r1, _ = self.bits("revocation")
        self.assertEqual(l1, l0)                # suspended and back
        self.assertEqual(r1, r0)
        self.assertJSONError(self.staff.post(
            "/api/v1/certs/999999/suspend", {"reason": "x"}), 404,
            "not_found")
        self.assertHealthy()

    # -- caching -----------------------------------------------------------

    def test_etag_and_304(self):
        for p in PURPOSES:
            with self.subTest(purpose=p):
                r = self.fetch(p)
                etag = r.header("etag")
                r2 = self.fetch(p, headers={"If-None-Match": etag})
                self.assertEqual(r2.status, 304, r2)
                self.assertEqual(r2.body, b"")
                self.assertEqual(r2.header("etag"), etag)
                r3 = self.fetch(p, api=True,
                                headers={"If-None-Match": '"x", ' + etag})
                self.assertEqual(r3.status, 304, r3)
                r4 = self.fetch(p, headers={"If-None-Match": '"0000"'})
                self.assertEqual(r4.status, 200, r4)
        # A change makes a new ETag: the old one gets the new body.
        c = self.new_certs(1, "缓存")[0]
        old = self.fetch("suspension").header("etag")
        self.assertEqual(self.suspend(c).status, 200)
        r = self.fetch("suspension", headers={"If-None-Match": old})
        self.assertEqual(r.status, 200, r)
        self.assertNotEqual(r.header("etag"), old)
        self.assertEqual(self.reinstate(c).status, 200)

    # -- the batch ZIP -----------------------------------------------------

    def test_batch_zip_leaves_a_suspended_one_out_while_it_lasts(self):
        people = new_apprentices(self.server, 2, prefix="批量")
        run = graduate_run(self, self.staff, self.teacher.id, people)
        r = self.staff.post("/api/v1/runs/%d/certificates" % run, {})
        self.assertEqual(r.status, 202, r)
        bid = r.json()["batch"]["id"]
        wait_batch(self, self.staff, bid)
        certs = [c for c in self.staff.get("/api/v1/certs").json()
                 ["certificates"] if c["holder"] in
                 {p.name for p in people}]
        self.assertEqual(len(certs), 2, certs)

        def names():
            r = self.staff.get("/batches/%d.zip" % bid)
            self.assertEqual(r.status, 200, r)
            return set(zipfile.ZipFile(io.BytesIO(r.body)).namelist())

        def files(c):       # the picture and the print PDF
            return {c["serial"] + ".png", c["serial"] + ".pdf"}

        every = files(certs[0]) | files(certs[1])
        self.assertEqual(names(), every)
        self.assertEqual(self.suspend(certs[0]).status, 200)
        self.assertEqual(names(), every - files(certs[0]))
        self.assertEqual(self.reinstate(certs[0]).status, 200)
        self.assertEqual(names(), every)

    # -- the static export -------------------------------------------------

    def test_status_export_writes_what_the_server_serves(self):
        c = self.new_certs(1, "导出")[0]
        self.assertEqual(self.suspend(c).status, 200)
        with tempfile.TemporaryDirectory() as d:
            p = admin(self.server, "status", "export", d)
            self.assertEqual(p.returncode, 0, p.stderr)
            for purpose in PURPOSES:
                with open(os.path.join(d, "status", purpose), "rb") as f:
                    data = f.read()
                r = self.fetch(purpose)
                self.assertEqual(data, r.body, purpose)
                self.assertIn(r.header("etag"), p.stdout)
            self.assertEqual(sorted(os.listdir(os.path.join(d, "status"))),
                             sorted(PURPOSES))
            sus = decode_list(self, json.loads(
                open(os.path.join(d, "status", "suspension")).read())
                ["credentialSubject"]["encodedList"])
            self.assertIn(self.index_of(c), sus)
        self.assertEqual(self.reinstate(c).status, 200)
        p = admin(self.server, "status", "export")
        self.assertEqual(p.returncode, 2, p.stderr)

    # -- the migration -----------------------------------------------------

    @sqlite_only("downgrades a copy of the SQLite file to schema 13")
    def test_migration_places_certificates_issued_before(self):
        """A database of schema 13 (certificates without positions, no
        lists): the server's start migrates it, gives every certificate a
        random position of its own and signs the lists, revocations in."""
        data = tempfile.mkdtemp(prefix="yj-status-mig.", dir="/tmp")
        dest = os.path.join(data, "yujiang.db")
        src = sqlite3.connect(self.server.db_path, timeout=10)
        db = sqlite3.connect(dest)
        src.backup(db)
        src.close()
        db.executescript(
            "DROP TRIGGER certificates_status_once;"
            "DROP TRIGGER certificates_suspend_reason;"
            "DROP INDEX certificates_status;"
            "DROP TABLE status_lists;"
            "ALTER TABLE certificates DROP COLUMN status_index;"
            "ALTER TABLE certificates DROP COLUMN suspended;"
            "ALTER TABLE certificates DROP COLUMN suspended_reason;"
            "ALTER TABLE certificates DROP COLUMN suspended_by;"
            # and what later migrations made (15: the signed log heads;
            # 16: photo ids never reused, the batches' versions)
            "DROP TABLE score_log_sigs;"
            "DROP TRIGGER photos_id_once;"
            "DROP TRIGGER cert_batches_version;"
            "DROP TRIGGER cert_batches_version_new;"
            "DROP TABLE photo_ids;"
            "ALTER TABLE cert_batches DROP COLUMN version;"
            # (17: quotas and the data directory's running sum)
            "DROP TRIGGER photos_use_add;"
            "DROP TRIGGER photos_use_drop;"
            "DROP TRIGGER certificates_use;"
            "DROP TABLE quotas;"
            "DROP TABLE data_use;"
            "ALTER TABLE certificates DROP COLUMN file_bytes;"
            # (18: the dashboard's counts, what waits for a certificate,
            # the dashboard's indexes)
            "DROP TRIGGER apprentice_stages_insert;"
            "DROP TRIGGER apprentice_stages_delete;"
            "DROP TRIGGER apprentice_stages_update;"
            "DROP TRIGGER cert_kinds_insert;"
            "DROP TRIGGER cert_pending_completion;"
            "DROP TRIGGER cert_pending_level;"
            "DROP TRIGGER cert_pending_honour;"
            "DROP TRIGGER cert_pending_completion_gone;"
            "DROP TRIGGER cert_pending_level_gone;"
            "DROP TRIGGER cert_pending_honour_gone;"
            "DROP TRIGGER cert_pending_issued;"
            "DROP TRIGGER cert_pending_retired;"
            "DROP TABLE apprentice_stages;"
            "DROP TABLE cert_kinds;"
            "DROP TABLE cert_pending;"
            "DROP INDEX stage_moves_moved;"
            "DROP INDEX enrolments_created;"
            "DROP INDEX runs_ends;"
            # (19: jobs; users.role's CHECK keeps 'employer': widening
            # it again changes nothing)
            "DROP TABLE job_shown;"
            "DROP TABLE job_applications;"
            "DROP TABLE job_postings;"
            "DROP TABLE employers;"
            "DROP INDEX completions_course;"
            # (20: 十大金牌导购大师; its widened kind CHECKs stay, which
            # its migration's text replacement then leaves alone)
            "DROP TABLE guide_results;"
            "DROP TABLE guide_complaints;"
            "DROP TABLE guide_votes;"
            "DROP TABLE guide_sheets;"
            "DROP TABLE guide_recusals;"
            "DROP TABLE guide_nominees;"
            "DROP TABLE guide_rules;"
            "ALTER TABLE competitions DROP COLUMN kind;"
            # (21: the heritage record)
            "DROP TABLE heritage_photos;"
            "DROP TABLE heritage_records;"
            # (22: a run's completions by an index)
            "DROP INDEX completions_run;"
            "PRAGMA user_version = 13;")   # before migration 14
        db.close()
        shutil.copytree(os.path.join(self.server.dir, "keys"),
                        os.path.join(data, "keys"))
        old = Server(data=data, env={"YUJIANG_PUBLIC_URL": self.server.base})
        try:
            old.start()
            rows = old.sql("SELECT count(*), count(DISTINCT status_index), "
                           "count(status_index), min(status_index), "
                           "max(status_index) FROM certificates")
            n, distinct, placed, lo, hi = (int(x) for x in rows[0])
            self.assertGreater(n, 3)
            self.assertEqual((distinct, placed), (n, n), rows)
            self.assertTrue(0 <= lo and hi < ENTRIES, rows)
            self.assertNotEqual(hi - lo, n - 1, rows)   # not 0, 1, 2, ...
            self.assertIn("certificates placed in the status lists",
                          old.read_log())
            r = old.client().get("/status/revocation")
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            self.assertTrue(eddsa_jcs_2022_verify(doc, self.pk))
            got = decode_list(self, doc["credentialSubject"]["encodedList"])
            want = {int(x[0]) for x in old.sql(
                "SELECT status_index FROM certificates WHERE revoked IS NOT "
                "NULL OR superseded_by IS NOT NULL")}
            self.assertTrue(want)
            self.assertEqual(got, want)
        finally:
            old.stop()
