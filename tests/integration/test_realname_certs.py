"""实名核验: staff check a person's identity document at the station,
and certificates are issued only to people whose identity was checked,
under the verified name.

- a certificate is refused (409 identity_unchecked) before the check and
  issued after it under the name on the document, not the account's;
  the verify page and its JSON say 实名已核验 / identity checked;
- a batch passes over graduates not checked yet and names them; once
  checked, the next batch issues theirs;
- the same document on a second account is refused with 409 naming the
  first account, however it is typed (spaces, lower-case x, full-width
  digits); nothing is recorded for the second;
- a number with a wrong GB 11643 check character, a permit number
  outside 81/82/83, an unknown document type, a missing consent: 400,
  nothing written; the number is never stored (only its last four
  characters and a 64-hex keyed hash);
- the verified name changes only through staff, with a reason, and the
  audit log keeps both names; staff viewing a person is audited;
- the station's key file is 0600.
"""
import os
import stat

from cert_util import (graduate_run, issue, issue_ok, verdict, verify_api,
                       completion_event)
from harness import ServerTestCase, user
from training_util import (check_identity, gb11643, id_number, login,
                           new_apprentice, new_apprentices, new_master)


class RealnameTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def level_event(self, person):
        r = self.staff.post("/api/v1/people/%d/level" % person.id,
                            {"level": 2, "evidence": "考核 81 分"})
        self.assertEqual(r.status, 200, r)
        return "level:%s" % self.server.sql(
            "SELECT max(id) FROM skill_levels WHERE user = ?1",
            person.id)[0][0]

    def identity(self, uid):
        r = self.staff.get("/api/v1/people/%d/identity" % uid)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def test_refused_before_the_check_issued_after_under_verified_name(self):
        p = new_apprentice(self.server, "小明")       # what they typed
        ev = self.level_event(p)
        r = issue(self.staff, ev, "zh", check=False)
        self.assertJSONError(r, 409, "identity_unchecked")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM certificates WHERE user = ?1", p.id),
            [["0"]])
        # The English message too.
        r = self.staff.client.post_json(
            "/api/v1/certs", {"event": ev}, csrf=self.staff.csrf,
            headers={"Accept-Language": "en"})
        self.assertEqual(r.status, 409, r)
        # Staff check the 居民身份证: the name on it is 王小明.
        r = check_identity(self.staff, p.id, "王小明")
        self.assertEqual(r.status, 201, r)
        ident = r.json()["identity"]
        self.assertEqual(ident["verified_name"], "王小明")
        self.assertEqual(ident["document_type"], "resident_id")
        self.assertEqual(ident["last4"], id_number(p.id)[-4:])
        c = issue_ok(self, self.staff, ev, "zh")
        self.assertEqual(c["holder"], "王小明")
        self.assertIs(c["identity_checked"], True)
        # The verify page and its JSON mark it.
        page = self.client().get("/v/" + c["code"])
        self.assertEqual(page.status, 200, page)
        self.assertEqual(verdict(page.text)["holder"], "王小明")
        self.assertIn('id="identity"', page.text)
        self.assertIn("实名已核验", page.text)
        en = self.client(lang="en").get("/v/" + c["code"]).text
        self.assertIn("Identity checked", en)
        j = verify_api(self.client(), c["code"]).json()
        self.assertIs(j["certificate"]["identity_checked"], True)
        # The number itself is stored nowhere.
        dump = self.server.sql("SELECT * FROM identity_checks WHERE "
                               "user = ?1", p.id)
        self.assertNotIn(id_number(p.id), repr(dump))
        self.assertNotIn(id_number(p.id)[:14], repr(dump))
        h = self.server.sql("SELECT doc_hash FROM identity_checks WHERE "
                            "user = ?1", p.id)[0][0]
        self.assertRegex(h, r"^[0-9a-f]{64}$")
        self.assertNotIn(id_number(p.id).encode(), self.server.db_bytes())

    def test_batch_passes_over_the_unchecked_and_names_them(self):
        people = new_apprentices(self.server, 3, prefix="结业")
        run = graduate_run(self, self.staff, self.teacher.id, people,
                           check=False)
        check_identity(self.staff, people[0].id, people[0].name)
        check_identity(self.staff, people[1].id, people[1].name)
        path = "/api/v1/runs/%d/certificates" % run
        r = self.staff.post(path, {})
        self.assertEqual(r.status, 202, r)
        j = r.json()
        self.assertEqual((j["issued"], j["completers"]), (2, 3))
        self.assertEqual(j["unverified"], [{"user": people[2].id,
                                            "name": people[2].name}])
        ev = completion_event(self.server, people[2].id, run)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM certificates WHERE event = ?1", ev),
            [["0"]])
        # Asked again from the page: nothing new, the batch shown; the
        # unchecked one still has none.
        r = self.staff.client.post_form(
            "/runs/%d/certificates" % run, {}, csrf=self.staff.csrf)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM certificates WHERE event = ?1", ev),
            [["0"]])
        check_identity(self.staff, people[2].id, people[2].name)
        r = self.staff.post(path, {})
        self.assertEqual(r.status, 202, r)
        self.assertEqual((r.json()["issued"], r.json()["unverified"]),
                         (1, []))

    def test_same_document_on_two_accounts(self):
        a, b = new_apprentices(self.server, 2, prefix="证件")
        number = id_number(a.id)
        check_identity(self.staff, a.id, a.name, number=number)
        full = "".join(chr(ord(ch) + 0xfee0) if ch.isdigit() else ch
                       for ch in number[:6])
        for typed in (number, number.lower(),
                      " ".join([number[:6], number[6:14], number[14:]]),
                      full + number[6:]):
            with self.subTest(typed=typed):
                r = self.staff.post("/api/v1/people/%d/identity" % b.id,
                                    {"doc_type": "resident_id",
                                     "number": typed, "name": b.name,
                                     "consent": True})
                self.assertJSONError(r, 409, "document_elsewhere")
                self.assertEqual(r.json()["other"],
                                 {"id": a.id, "name": a.name,
                                  "account": a.user["account"]})
        self.assertIsNone(self.identity(b.id)["identity"])
        # The page says whose it is, to staff.
        r = self.staff.client.post_form(
            "/people/%d/identity" % b.id,
            {"doc_type": "resident_id", "number": number, "name": b.name,
             "consent": "1"})
        self.assertEqual(r.status, 409, r)
        self.assertIn('href="/people/%d/identity"' % a.id, r.text)
        self.assertIn(a.user["account"], r.text)
        # The refusal is audited.
        self.assertGreaterEqual(int(self.server.sql(
            "SELECT count(*) FROM audit WHERE action = 'realname.refused' "
            "AND subject = ?1", "user:%d" % b.id)[0][0]), 1)
        # A second check of the first is refused too (name changes go
        # through the rename route).
        r = self.staff.post("/api/v1/people/%d/identity" % a.id,
                            {"doc_type": "passport", "number": "G87654321",
                             "name": a.name, "consent": True})
        self.assertJSONError(r, 409, "already_checked")

    def test_bad_numbers_refused_nothing_written(self):
        p = new_apprentice(self.server, "核验")
        good = id_number(p.id)
        wrong = good[:17] + ("0" if good[17] != "0" else "1")
        cases = [
            ({"doc_type": "resident_id", "number": wrong}, "bad_checksum"),
            ({"doc_type": "resident_id", "number": good[:17]},
             "invalid_number"),
            ({"doc_type": "resident_id", "number": "abc"},
             "invalid_number"),
            ({"doc_type": "hmt_permit", "number": good}, "wrong_document"),
            ({"doc_type": "resident_id",
              "number": gb11643("81000019900101123")}, "wrong_document"),
            ({"doc_type": "resident_id",
              "number": gb11643("44060519901301123")}, "bad_birth_date"),
            ({"doc_type": "passport", "number": "E1"}, "invalid_number"),
            ({"doc_type": "driving_licence", "number": good},
             "invalid_doc_type"),
            ({"doc_type": "resident_id", "number": good, "consent": False},
             "consent_required"),
            ({"doc_type": "resident_id", "number": good,
              "birth_date": "1999-09-09"}, "invalid_birth_date"),
            ({"doc_type": "resident_id", "number": good, "name": ""},
             "invalid_name"),
        ]
        for body, code in cases:
            full = {"name": p.name, "consent": True}
            full.update(body)
            with self.subTest(code=code, body=body):
                r = self.staff.post("/api/v1/people/%d/identity" % p.id,
                                    full)
                self.assertJSONError(r, 400, code)
        self.assertIsNone(self.identity(p.id)["identity"])
        # A Hong Kong permit and a passport are fine.
        q = new_apprentice(self.server, "陈大文")
        r = self.staff.post("/api/v1/people/%d/identity" % q.id,
                            {"doc_type": "hmt_permit", "number":
                             gb11643("81000019880808123"), "name": "陈大文",
                             "consent": True})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.identity(q.id)["birth_date"], "1988-08-08")
        s = new_apprentice(self.server, "John Smith")
        r = self.staff.post("/api/v1/people/%d/identity" % s.id,
                            {"doc_type": "passport", "number": "e 1234 5678",
                             "name": "John Smith", "birth_date": "1990-05-05",
                             "consent": True})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["identity"]["last4"], "5678")

    def test_name_changes_only_through_staff_with_a_reason(self):
        p = new_apprentice(self.server, "张晓敏")
        check_identity(self.staff, p.id, "张晓敏")
        path = "/api/v1/people/%d/identity/name" % p.id
        self.assertJSONError(self.staff.post(path, {"name": "张小敏"}), 400,
                             "invalid_reason")
        r = p.post(path, {"name": "张小敏", "reason": "我想改"})
        self.assertEqual(r.status, 403, r)
        r = p.get("/api/v1/people/%d/identity" % p.id)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.identity(p.id)["identity"]["verified_name"],
                         "张晓敏")
        r = self.staff.post(path, {"name": "张小敏", "reason": "证件上是“小”"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["identity"]["verified_name"], "张小敏")
        rows = self.server.sql("SELECT actor, detail FROM audit WHERE "
                               "action = 'realname.rename' AND subject = ?1",
                               "user:%d" % p.id)
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(rows[0][0], str(self.staff.id))
        for part in ("张晓敏", "张小敏", "证件上是“小”"):
            self.assertIn(part, rows[0][1])
        # Nobody checked, nothing to rename.
        q = new_apprentice(self.server, "未核验")
        self.assertJSONError(self.staff.post(
            "/api/v1/people/%d/identity/name" % q.id,
            {"name": "x", "reason": "y"}), 409, "not_checked")

    def test_staff_access_is_audited(self):
        p = new_apprentice(self.server, "被查看")

        def views():
            return int(self.server.sql(
                "SELECT count(*) FROM audit WHERE action = 'privacy.view' "
                "AND subject = ?1 AND actor = ?2", "user:%d" % p.id,
                self.staff.id)[0][0])

        self.assertEqual(views(), 0)
        self.assertEqual(self.staff.get("/people/%d/identity" % p.id).status,
                         200)
        self.assertEqual(views(), 1)
        self.assertEqual(self.staff.get("/api/v1/people/%d" % p.id).status,
                         200)
        self.assertEqual(views(), 2)
        # The person looking at their own page is not staff's access.
        self.assertEqual(p.get("/api/v1/people/%d" % p.id).status, 200)
        self.assertEqual(views(), 2)

    def test_key_file_is_private(self):
        path = os.path.join(self.server.dir, "keys", "realname.key")
        st = os.stat(path)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
