"""Who may see and do what with certificates, beyond test_matrix's
route x role table: a certificate, its picture and its credential are
its holder's and staff's — to anyone else (another apprentice, the
master who taught the run, another master) it does not exist (404,
nothing of it in the answer); anonymous callers are sent to log in (or
401 for JSON); staff routes refuse apprentices and masters (403), even
the holder acting on their own certificate; a POST without its CSRF
token is 403 and changes nothing; the public face (/v/<code>,
/api/v1/verify/<code>, /verify, /api/v1/keys) needs no login. And what
a holder chooses to share: their other valid certificates on a verify
page, only while they say so."""
import unittest

from cert_util import (graduates, issue, issue_ok, cert_api, verdict,
                       verify_api)
from harness import ServerTestCase, random_token, user
from training_util import login, new_apprentice, new_master

CSRF_ZH = "页面已过期，请刷新后重新提交。"


class CertPermissionsTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")
        cls.other_master = new_master(cls.server, cls.staff, "李玉华")
        run, people, events = graduates(cls("test_anonymous"), cls.server,
                                        cls.staff, cls.teacher.id, 2,
                                        "持证人")
        cls.run_id = run
        cls.holder, cls.classmate = people
        r = issue(cls.staff, events[cls.holder.id], "both")
        assert r.status == 201, r
        cls.cert = r.json()["certificate"]
        cls.classmate_event = events[cls.classmate.id]
        cls.stranger = new_apprentice(cls.server, "路人")
        r = cls.staff.post("/api/v1/runs/%d/certificates" % run, {})
        assert r.status == 202, r
        cls.batch = r.json()["batch"]["id"]

    def own_paths(self, c):
        return ("/certs/%d" % c["id"], "/api/v1/certs/%d" % c["id"],
                c["png_url"], c["pdf_url"], c["credential_url"])

    def test_holder_and_staff_see_it(self):
        c = self.cert
        for who in (self.holder, self.staff):
            for path in self.own_paths(c):
                with self.subTest(who=who.name, path=path):
                    r = who.get(path)
                    self.assertEqual(r.status, 200, r)
        self.assertEqual(cert_api(self.holder, c["id"])["qr"], c["qr"])
        # The holder's list holds it, and no staff section.
        j = self.holder.get("/api/v1/certs").json()
        self.assertEqual(set(j), {"share", "certificates"})
        self.assertEqual([x["id"] for x in j["certificates"]], [c["id"]])
        page = self.holder.get("/certs").text
        self.assertNotIn('id="pending"', page)
        self.assertIn('action="/certs/share"', page)
        # The holder's page has no staff actions.
        page = self.holder.get("/certs/%d" % c["id"]).text
        self.assertNotIn("/revoke", page)
        self.assertNotIn("/reissue", page)
        self.assertIn('action="/certs/%d/revoke"' % c["id"],
                      self.staff.get("/certs/%d" % c["id"]).text)

    def test_nobody_else_sees_it(self):
        c = self.cert
        for who in (self.classmate, self.stranger, self.teacher,
                    self.other_master):
            for path in self.own_paths(c):
                with self.subTest(who=who.name, path=path):
                    r = who.get(path)
                    self.assertEqual(r.status, 404, r)
                    if path.startswith("/api/"):
                        self.assertJSONError(r, 404, "not_found")
                    for secret in (c["serial"], c["code"], c["holder"]):
                        self.assertNotIn(secret, r.text)
            with self.subTest(who=who.name, path="/api/v1/certs"):
                j = who.get("/api/v1/certs").json()
                self.assertNotIn(c["id"], [x["id"] for x in
                                           j["certificates"]])
                self.assertNotIn("pending", j)

    def test_anonymous(self):
        c = self.cert
        anon = self.client()
        for path in ("/certs", "/certs/%d" % c["id"], c["png_url"],
                     c["pdf_url"], c["credential_url"], "/batches/%d" % self.batch,
                     "/batches/%d.zip" % self.batch):
            with self.subTest(path=path):
                self.assertRedirect(anon.get(path), "/login")
        for path in ("/api/v1/certs", "/api/v1/certs/%d" % c["id"],
                     "/api/v1/batches/%d" % self.batch):
            with self.subTest(path=path):
                self.assertJSONError(anon.get(path), 401, "login_required")
        for path, body in (("/api/v1/certs", {"event": "completion:1"}),
                           ("/api/v1/certs/%d/revoke" % c["id"],
                            {"reason": "x"}),
                           ("/api/v1/certs/share", {"share": "1"}),
                           ("/api/v1/runs/%d/certificates" % self.run_id, {})):
            with self.subTest(post=path):
                self.assertJSONError(anon.post_json(path, body), 401,
                                     "login_required")
        for path in ("/certs", "/certs/%d/revoke" % c["id"],
                     "/certs/%d/reissue" % c["id"], "/certs/share",
                     "/runs/%d/certificates" % self.run_id):
            with self.subTest(post_form=path):
                token = anon.get("/verify").form_csrf("/verify")
                r = anon.post_form(path, {"reason": "x"}, csrf=token)
                self.assertEqual(r.status, 401, r)
        self.assertEqual(cert_api(self.staff, c["id"])["status"], "valid")

    def test_public_face_needs_no_login(self):
        c = self.cert
        anon = self.client()
        r = anon.get("/v/" + c["code"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(verdict(r.text)["status"], "valid")
        self.assertIsNone(r.set_cookie("yj_session"))
        self.assertEqual(verify_api(anon, c["code"]).status, 200)
        self.assertEqual(anon.get("/verify").status, 200)
        r = anon.get("/api/v1/keys")
        self.assertEqual(r.status, 200, r)
        k = r.json()
        self.assertEqual(k["issuer"]["url"], self.server.base)
        self.assertEqual(len(k["keys"]), 1)
        self.assertEqual(k["keys"][0]["alg"], "Ed25519")
        self.assertEqual(k["keys"][0]["public_key_multibase"],
                         k["keys"][0]["did"][len("did:key:"):])

    def test_staff_routes_refuse_others(self):
        c = self.cert
        for who in (self.holder, self.classmate, self.teacher,
                    self.other_master):
            with self.subTest(who=who.name):
                for path, body in (
                        ("/api/v1/certs", {"event": self.classmate_event}),
                        ("/api/v1/certs/%d/revoke" % c["id"],
                         {"reason": "我自己撤销"}),
                        ("/api/v1/certs/%d/reissue" % c["id"],
                         {"reason": "我自己改名", "holder": "改名"}),
                        ("/api/v1/runs/%d/certificates" % self.run_id, {})):
                    self.assertJSONError(who.post(path, body), 403,
                                         "forbidden")
                for path, fields in (
                        ("/certs", [("event", self.classmate_event)]),
                        ("/certs/%d/revoke" % c["id"], [("reason", "x")]),
                        ("/certs/%d/reissue" % c["id"], [("reason", "x")]),
                        ("/runs/%d/certificates" % self.run_id, [])):
                    r = who.client.post_multipart(path, fields,
                                                  csrf=who.csrf)
                    self.assertEqual(r.status, 403, (path, r))
                for path in ("/batches/%d" % self.batch,
                             "/batches/%d.zip" % self.batch):
                    self.assertEqual(who.get(path).status, 403, path)
                self.assertJSONError(
                    who.get("/api/v1/batches/%d" % self.batch), 403,
                    "forbidden")
        # Staff hold no certificates to share.
        self.assertJSONError(self.staff.post("/api/v1/certs/share",
                                             {"share": "1"}), 403,
                             "forbidden")
        # Nothing of that happened.
        got = cert_api(self.staff, c["id"])
        self.assertEqual(got["status"], "valid")
        self.assertEqual(got["holder"], c["holder"])

    def test_csrf_required(self):
        c = self.cert
        s = self.staff
        for token in (None, random_token(), self.holder.csrf):
            label = "missing" if token is None else "wrong"
            with self.subTest(token=label):
                for path, body in (
                        ("/api/v1/certs/%d/revoke" % c["id"],
                         {"reason": "伪造请求"}),
                        ("/api/v1/certs/%d/reissue" % c["id"],
                         {"reason": "伪造请求", "holder": "伪造"}),
                        ("/api/v1/runs/%d/certificates" % self.run_id, {})):
                    r = s.client.post_json(path, body, csrf=token)
                    self.assertJSONError(r, 403, "csrf", CSRF_ZH)
                for path in ("/certs/%d/revoke" % c["id"],
                             "/certs/%d/reissue" % c["id"]):
                    r = s.client.post_multipart(
                        path, [("reason", "伪造请求")], csrf=token)
                    self.assertEqual(r.status, 403, r)
                    self.assertIn(CSRF_ZH, r.text)
                r = s.client.post_multipart(
                    "/certs", [("event", self.classmate_event)], csrf=token)
                self.assertEqual(r.status, 403, r)
                r = self.holder.client.post_json(
                    "/api/v1/certs/share", {"share": "1"}, csrf=token
                    if token != self.holder.csrf else self.staff.csrf)
                self.assertJSONError(r, 403, "csrf")
        got = cert_api(s, c["id"])
        self.assertEqual(got["status"], "valid")
        self.assertIs(self.holder.get("/api/v1/certs").json()["share"],
                      False)
        self.assertEqual(len(self.holder.get("/api/v1/certs").json()[
            "certificates"]), 1)

    def test_sharing_other_certificates(self):
        # Two certificates of one holder: a course, then a level.
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 1, "何嘉欣")
        a = people[0]
        course = issue_ok(self, self.staff, events[a.id], "zh")
        r = self.staff.post("/api/v1/people/%d/level" % a.id,
                            {"level": 1, "evidence": "考核 70 分"})
        self.assertEqual(r.status, 200, r)
        lv = self.server.sql("SELECT max(id) FROM skill_levels WHERE "
                             "user = ?1", a.id)[0][0]
        level = issue_ok(self, self.staff, "level:%s" % lv, "zh")

        def related(code):
            j = verify_api(self.client(), code).json()
            page = self.client().get("/v/" + code).text
            return j.get("related"), page

        self.assertIs(a.get("/api/v1/certs").json()["share"], False)
        rel, page = related(course["code"])
        self.assertIsNone(rel)
        self.assertNotIn('id="related"', page)
        self.assertNotIn(level["code"], page)

        # Share, the JSON way with "1".
        r = a.post("/api/v1/certs/share", {"share": "1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"share": True})
        self.assertIs(a.get("/api/v1/certs").json()["share"], True)
        rel, page = related(course["code"])
        self.assertEqual(rel, [{"code": level["code"],
                                "serial": level["serial"], "kind": "level",
                                "title_zh": level["title_zh"],
                                "title_en": level["title_en"],
                                "issued": level["issued"]}])
        self.assertIn('<ul class="list" id="related">', page)
        self.assertIn('href="/v/%s"' % level["code"], page)
        rel, page = related(level["code"])
        self.assertEqual([x["code"] for x in rel], [course["code"]])

        # Only valid ones are shown, and only on a valid one's page.
        r = self.staff.post("/api/v1/certs/%d/revoke" % level["id"],
                            {"reason": "考核作废"})
        self.assertEqual(r.status, 200, r)
        rel, page = related(course["code"])
        self.assertEqual(rel, [])
        self.assertNotIn(level["code"], page)
        rel, page = related(level["code"])
        self.assertIsNone(rel)
        self.assertNotIn(course["code"], page)

        # Stop sharing through the form.
        r = a.client.post_multipart("/certs/share", [("share", "0")],
                                    page="/certs")
        self.assertRedirect(r, "/certs")
        self.assertIs(a.get("/api/v1/certs").json()["share"], False)
        self.assertIsNone(related(course["code"])[0])
        # Bad values.
        for v in ("2", "yes", "", "on"):
            with self.subTest(share=v):
                self.assertJSONError(a.post("/api/v1/certs/share",
                                            {"share": v}), 400,
                                     "invalid_share")
        self.assertIs(a.get("/api/v1/certs").json()["share"], False)

    def test_share_with_json_boolean(self):
        """/api/v1/certs/share takes {"share": true} as well as "1"."""
        p = self.classmate
        for v, want in ((True, True), (False, False)):
            with self.subTest(share=v):
                r = p.post("/api/v1/certs/share", {"share": v})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json(), {"share": want})
                self.assertIs(p.get("/api/v1/certs").json()["share"], want)


if __name__ == "__main__":
    unittest.main()
