"""A certificate's life: expiry (the demo's level certificate of 2022),
re-issue chains (A -> B -> C: A and B verify as revoked, each pointing to
the next; only C is valid; nothing but the current one may be re-issued
or revoked), issuing an event twice or one that does not exist, bad
input (events, languages, reasons) refused with 400 and nothing changed,
and the server serving on after all of it.

The audit trail has no endpoint: it is not checked here."""
import re
import unittest

from cert_util import (CODE_RE, cert_api, china_today, graduate_run,
                       graduates, issue, issue_ok, parse_qr, pending, verdict,
                       verify_api, zbar)
from harness import ServerTestCase, user
from training_util import demo_accounts, login, new_apprentice, new_master


def rename(test, staff, user_id, name, reason):
    """Correct user_id's verified name through the staff route."""
    r = staff.post("/api/v1/people/%d/identity/name" % user_id,
                   {"name": name, "reason": reason})
    test.assertEqual(r.status, 200, r)
    test.assertEqual(r.json()["identity"]["verified_name"], name.strip())


class LifecycleTest(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def one_graduate(self, prefix):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 1, prefix)
        return people[0], events[people[0].id]

    def scan_status(self, code):
        """(page data-status, superseded-by href, JSON) of /v/<code>."""
        r = self.client().get("/v/" + code)
        self.assertEqual(r.status, 200, r)
        v = verdict(r.text)
        j = verify_api(self.client(), code)
        self.assertEqual(j.status, 200, j)
        return v, j.json()

    # -- expiry -----------------------------------------------------------

    def test_demo_level_certificate_of_2022_is_expired(self):
        acc, pw = demo_accounts(self.server)["张小敏"]
        zhang = login(self.server, acc, pw)
        mine = zhang.get("/api/v1/certs")
        self.assertEqual(mine.status, 200, mine)
        certs = mine.json()["certificates"]
        expired = [c for c in certs if c["status"] == "expired"]
        self.assertEqual(len(expired), 1, certs)
        c = expired[0]
        self.assertEqual(c["kind"], "level")
        self.assertEqual(c["holder"], "张小敏")
        self.assertTrue(c["issued"].startswith("2022-"), c)
        self.assertEqual(c["serial"][14:16], "22")      # year of issue
        self.assertEqual(c["serial"][16], str(c["level"]))
        self.assertIsNotNone(c["expires"])
        self.assertLess(c["expires"], china_today())
        self.assertGreater(c["expires"], c["issued"])
        # Staff see the same status.
        self.assertEqual(cert_api(self.staff, c["id"])["status"], "expired")
        # The public verdict.
        v, j = self.scan_status(c["code"])
        self.assertEqual((v["cls"], v["status"]), ("expired", "expired"), v)
        self.assertEqual(v["holder"], "张小敏")
        self.assertEqual(j["status"], "expired")
        self.assertEqual(j["certificate"]["expires"], c["expires"])
        self.assertNotIn("revoked", j)
        page = self.client().get("/v/" + c["code"]).text
        self.assertIn("证书已过期", page)
        self.assertIn(c["expires"], page)
        page = self.client(lang="en").get("/v/" + c["code"]).text
        self.assertIn("Certificate expired", page)
        # Her award is still valid.
        kinds = {x["kind"]: x["status"] for x in certs
                 if x["kind"] != "level"}
        self.assertEqual(kinds.get("award"), "valid", certs)

    # -- re-issue chains ----------------------------------------------------

    def test_reissue_chain(self):
        person, event = self.one_graduate("林晓峰")
        a = issue_ok(self, self.staff, event, "zh")
        # A name other than the verified one is refused; it is corrected
        # at the identity check first (staff, with a reason).
        r = self.staff.post("/api/v1/certs/%d/reissue" % a["id"],
                            {"holder": "林晓锋", "reason": "姓名写错"})
        self.assertJSONError(r, 409, "not_verified_name")
        rename(self, self.staff, person.id, "林晓锋", "证件上是“锋”")
        # A -> B: a corrected name, through the JSON route.
        r = self.staff.post("/api/v1/certs/%d/reissue" % a["id"],
                            {"holder": "林晓锋", "reason": "姓名写错"})
        self.assertEqual(r.status, 201, r)
        b = r.json()["certificate"]
        self.assertNotEqual(b["id"], a["id"])
        self.assertNotEqual(b["serial"], a["serial"])
        self.assertNotEqual(b["code"], a["code"])
        self.assertRegex(b["code"], CODE_RE)
        self.assertEqual(b["holder"], "林晓锋")
        self.assertEqual(b["status"], "valid")
        self.assertEqual(b["lang"], "zh")
        self.assertEqual(b["user"], person.id)
        self.assertEqual(b.get("supersedes"), a["code"])
        self.assertEqual(b["kind"], a["kind"])
        self.assertEqual(b["title_zh"], a["title_zh"])
        # B -> C: another language, through the certificate page's form.
        r = self.staff.client.post_multipart(
            "/certs/%d/reissue" % b["id"],
            [("holder", "林晓锋"), ("lang", "en"), ("reason", "要英文版")],
            page="/certs/%d" % b["id"])
        self.assertEqual(r.status, 303, r)
        m = re.fullmatch(r"/certs/(\d+)", r.location or "")
        self.assertIsNotNone(m, r.location)
        c = cert_api(self.staff, int(m.group(1)))
        self.assertNotIn(c["id"], (a["id"], b["id"]))
        self.assertEqual((c["holder"], c["lang"], c["status"]),
                         ("林晓锋", "en", "valid"))
        self.assertEqual(c.get("supersedes"), b["code"])

        # The old ones, as their holder's and staff's API see them.
        for old, new, reason in ((a, b, "姓名写错"), (b, c, "要英文版")):
            with self.subTest(old=old["serial"]):
                o = cert_api(self.staff, old["id"])
                self.assertEqual(o["status"], "superseded")
                self.assertEqual(o["superseded_by"],
                                 {"code": new["code"],
                                  "serial": new["serial"]})
                self.assertEqual(o.get("reissue_reason"), reason)
                self.assertEqual(cert_api(person, old["id"])["status"],
                                 "superseded")
                # The public verdict: revoked, superseded, the next code.
                v, j = self.scan_status(old["code"])
                self.assertEqual((v["cls"], v["status"]),
                                 ("revoked", "revoked"), v)
                self.assertEqual(v["superseded_by"], "/v/" + new["code"])
                self.assertEqual(j["status"], "revoked")
                self.assertIs(j.get("superseded"), True)
                self.assertEqual(j["superseded_by"],
                                 {"code": new["code"],
                                  "serial": new["serial"]})
                self.assertNotIn("related", j)
        v, j = self.scan_status(c["code"])
        self.assertEqual(v["status"], "valid")
        self.assertEqual(v["holder"], "林晓锋")
        self.assertEqual(j["status"], "valid")
        self.assertNotIn("superseded", j)
        # Every link of the chain has its own picture and QR.
        for x in (a, b, c):
            r = self.staff.get(x["png_url"])
            self.assertEqual(r.status, 200, r)
            self.assertEqual(zbar(r.body), x["qr"])
        # The holder sees all three, one valid.
        mine = person.get("/api/v1/certs").json()["certificates"]
        self.assertEqual(sorted(x["status"] for x in mine),
                         ["superseded", "superseded", "valid"])

        # Only the current one may be re-issued or revoked.
        for old in (a, b):
            with self.subTest(again=old["serial"]):
                r = self.staff.post("/api/v1/certs/%d/reissue" % old["id"],
                                    {"reason": "再来一次"})
                self.assertJSONError(r, 409, "not_current")
                r = self.staff.post("/api/v1/certs/%d/revoke" % old["id"],
                                    {"reason": "撤销旧证"})
                self.assertJSONError(r, 409, "not_current")
                r = self.staff.client.post_multipart(
                    "/certs/%d/revoke" % old["id"], [("reason", "撤销旧证")],
                    csrf=self.staff.csrf)
                self.assertEqual(r.status, 409, r)
        self.assertEqual(cert_api(self.staff, a["id"])["status"],
                         "superseded")
        # The event has its (current) certificate: not again.
        self.assertJSONError(issue(self.staff, event), 409, "already_issued")
        self.assertNotIn(event, pending(self.staff))
        # C still valid after all those refusals.
        self.assertEqual(cert_api(self.staff, c["id"])["status"], "valid")

    def test_reissued_name_is_text_everywhere(self):
        """A corrected name is the holder's words: escaped on every page,
        carried in the signed QR as written."""
        person, event = self.one_graduate("吴")
        a = issue_ok(self, self.staff, event)
        name = "  <b>吴&amp;\"伟'</b>  "
        rename(self, self.staff, person.id, name, "改名")
        r = self.staff.post("/api/v1/certs/%d/reissue" % a["id"],
                            {"holder": name, "reason": "改名"})
        self.assertEqual(r.status, 201, r)
        b = r.json()["certificate"]
        self.assertEqual(b["holder"], name.strip())
        for page in (self.client().get("/v/" + b["code"]).text,
                     self.staff.get("/certs/%d" % b["id"]).text,
                     person.get("/certs").text):
            self.assertNotIn("<b>吴", page)
            self.assertNotIn("</b>", page)
        v, j = self.scan_status(b["code"])
        self.assertEqual(v["holder"], name.strip())
        self.assertEqual(j["certificate"]["holder"], name.strip())
        text = zbar(self.staff.get(b["png_url"]).body)
        self.assertEqual(text, b["qr"])
        self.assertEqual(parse_qr(text)[3]["h"], name.strip())

    def test_revoke_twice_and_reissue_revoked(self):
        person, event = self.one_graduate("陈美玲")
        c = issue_ok(self, self.staff, event)
        self.assertEqual(c["lang"], "zh")       # the default
        path = "/api/v1/certs/%d/revoke" % c["id"]
        r = self.staff.post(path, {"reason": "第一次撤销"})
        self.assertEqual(r.status, 200, r)
        at = r.json()["certificate"]["revoked"]["at"]
        r = self.staff.post(path, {"reason": "第二次撤销"})
        self.assertJSONError(r, 409, "not_current")
        got = cert_api(self.staff, c["id"])
        self.assertEqual(got["revoked"], {"at": at, "reason": "第一次撤销"})
        r = self.staff.post("/api/v1/certs/%d/reissue" % c["id"],
                            {"reason": "撤销后重发"})
        self.assertJSONError(r, 409, "not_current")
        self.assertEqual(len(person.get("/api/v1/certs").json()[
            "certificates"]), 1)
        v, j = self.scan_status(c["code"])
        self.assertEqual(v["status"], "revoked")
        self.assertEqual(j["revoked"]["reason"], "第一次撤销")

    # -- issuing ------------------------------------------------------------

    def test_issue_twice_and_unknown_events(self):
        person, event = self.one_graduate("黄小龙")
        c = issue_ok(self, self.staff, event, "en")
        r = issue(self.staff, event, "en")
        self.assertJSONError(r, 409, "already_issued")
        r = issue(self.staff, event, "zh")
        self.assertJSONError(r, 409, "already_issued")
        r = self.staff.client.post_multipart(
            "/certs", [("event", event)], csrf=self.staff.csrf)
        self.assertEqual(r.status, 409, r)
        self.assertEqual(len(self.server.sql(
            "SELECT id FROM certificates WHERE event = ?1", event)), 1)
        self.assertEqual(cert_api(self.staff, c["id"])["status"], "valid")
        # Well-formed events that nothing earned.
        for ev in ("completion:999999", "level:999999", "honour:999999",
                   "completion:999999999999"):
            with self.subTest(event=ev):
                self.assertJSONError(issue(self.staff, ev), 404, "no_event")
        # A level of 0 (学徒工) earns no certificate.
        a = new_apprentice(self.server, "学徒工")
        r = self.staff.post("/api/v1/people/%d/level" % a.id,
                            {"level": 0, "evidence": "入门考核"})
        self.assertEqual(r.status, 200, r)
        lv = self.server.sql("SELECT max(id) FROM skill_levels WHERE "
                             "user = ?1", a.id)[0][0]
        self.assertNotIn("level:%s" % lv, pending(self.staff))
        self.assertJSONError(issue(self.staff, "level:%s" % lv), 404,
                             "no_event")
        # A failed result earns nothing either.
        failer = new_apprentice(self.server, "未通过")
        run = graduate_run(self, self.staff, self.teacher.id, [failer],
                           score=30)
        rows = self.server.sql("SELECT id FROM completions WHERE user = ?1 "
                               "AND run = ?2", failer.id, run)
        self.assertEqual(rows, [], "a failed result made a completion")
        self.assertEqual(
            [e for e in pending(self.staff).values()
             if e["user"] == failer.id], [])

    def test_bad_events_and_langs(self):
        person, event = self.one_graduate("梁伟")
        bad_events = ["", "completion:", "completion:abc", "foo:1",
                      "completion:0", "completion:-1", "completion:01",
                      "completion:1 ", " completion:1", "COMPLETION:1",
                      "completion:1x", "level:", "honour:", "run:1",
                      "completion:" + "9" * 13,
                      "completion:" + "1" * 10240, "x" * 10240,
                      event + "\n", event + "\t", "completion:１"]
        for ev in bad_events:
            with self.subTest(event=ev[:40]):
                self.assertJSONError(issue(self.staff, ev), 400,
                                     "invalid_event")
        for body in ({}, {"event": None}, {"event": 5},
                     {"event": ["completion:1"]}):
            with self.subTest(body=body):
                r = self.staff.post("/api/v1/certs", body)
                self.assertJSONError(r, 400, "invalid_event")
        # A NUL inside: refused (as JSON or as the event), not truncated.
        r = self.staff.post("/api/v1/certs", {"event": event + "\x00x"})
        self.assertEqual(r.status, 400, r)
        # The form, too (fields arrive as text).
        for ev in ("", "completion:abc", "x" * 10240):
            with self.subTest(form_event=ev[:40]):
                r = self.staff.client.post_multipart(
                    "/certs", [("event", ev)], csrf=self.staff.csrf)
                self.assertEqual(r.status, 400, r)
        for lang in ("fr", "ZH", "zh-CN", "en ", "bothx", "中文",
                     "x" * 5000):
            with self.subTest(lang=lang[:20]):
                self.assertJSONError(issue(self.staff, event, lang), 400,
                                     "invalid_lang")
        # Nothing was issued by any of that; the event still waits.
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM certificates WHERE event = ?1", event),
            [["0"]])
        self.assertIn(event, pending(self.staff))
        self.assertHealthy()
        c = issue_ok(self, self.staff, event, "both")
        self.assertEqual(c["lang"], "both")
        # A language that is not a string is not the default either: on
        # the event now issued, a refused one is 400, a defaulted one 409.
        for lang in (1, True, ["en"], {"zh": 1}):
            with self.subTest(json_lang=lang):
                r = self.staff.post("/api/v1/certs", {"event": event,
                                                      "lang": lang})
                self.assertJSONError(r, 400, "invalid_lang")

    def test_bad_reasons_change_nothing(self):
        person, event = self.one_graduate("吴晓")
        c = issue_ok(self, self.staff, event)
        rv = "/api/v1/certs/%d/revoke" % c["id"]
        ri = "/api/v1/certs/%d/reissue" % c["id"]
        for body in ({}, {"reason": ""}, {"reason": "长" * 201},
                     {"reason": "x" * 201}, {"reason": 5},
                     {"reason": None}):
            with self.subTest(body=str(body)[:40]):
                self.assertJSONError(self.staff.post(rv, body), 400,
                                     "invalid_reason")
                self.assertJSONError(self.staff.post(ri, body), 400,
                                     "invalid_reason")
        for reason in ("", "长" * 201):
            with self.subTest(form_reason=len(reason)):
                r = self.staff.client.post_multipart(
                    "/certs/%d/revoke" % c["id"], [("reason", reason)],
                    page="/certs/%d" % c["id"])
                self.assertEqual(r.status, 400, r)
        # A bad corrected name or language is refused too.
        self.assertJSONError(self.staff.post(ri, {"reason": "改名",
                                                  "lang": "fr"}),
                             400, "invalid_lang")
        self.assertJSONError(self.staff.post(ri, {"reason": "改名",
                                                  "holder": "x" * 500}),
                             400, "invalid_name")
        got = cert_api(self.staff, c["id"])
        self.assertEqual(got["status"], "valid")
        self.assertNotIn("revoked", got)
        self.assertNotIn("superseded_by", got)
        self.assertEqual(len(person.get("/api/v1/certs").json()[
            "certificates"]), 1)
        self.assertEqual(self.scan_status(c["code"])[1]["status"], "valid")
        # 200 characters exactly is allowed.
        r = self.staff.post(rv, {"reason": "长" * 200})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["certificate"]["revoked"]["reason"],
                         "长" * 200)

    def test_unknown_certificate_ids(self):
        for path in ("/api/v1/certs/999999", "/api/v1/certs/999999/revoke",
                     "/api/v1/certs/999999/reissue"):
            with self.subTest(path=path):
                if path.endswith(("revoke", "reissue")):
                    r = self.staff.post(path, {"reason": "x"})
                else:
                    r = self.staff.get(path)
                self.assertJSONError(r, 404, "not_found")
        for path in ("/certs/999999", "/certs/999999.png",
                     "/certs/999999/credential.json"):
            with self.subTest(path=path):
                self.assertEqual(self.staff.get(path).status, 404)


if __name__ == "__main__":
    unittest.main()
