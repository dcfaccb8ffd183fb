"""A certificate's round trip, as an employer meets it: staff issue it
(JSON and the /certs form), the PNG is downloaded, its QR is decoded by
the real `zbarimg`, the decoded text is the certificate's signed QR text
(checked here with an independent Ed25519 and the key /api/v1/keys
publishes), the URL it opens (the fragment stripped, as a browser does)
says valid with the holder's name — in Chinese and in English — and,
once staff revoke it, the same scan says revoked with the reason."""
import os
import re
import unittest

from cert_util import (CODE_RE, PNG_MAGIC, SERIAL_RE, b64u_decode,
                       cert_api, china_today, completion_event,
                       ed25519_verify, graduate_run, graduates,
                       issue, keys, parse_qr, pending, url_path, verdict,
                       verify_api, zbar, zbar_file)
from entry_util import course_files
from harness import Server, ServerError, ServerTestCase, user
from training_util import login, new_apprentice, new_master, png_complete

JB101 = course_files()["JB101"]


class RoundTripTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")
        cls.pub = b64u_decode(keys(cls.server.client())["keys"][0][
            "public_key"])

    def graduate(self, name_prefix):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 1, name_prefix)
        return run, people[0], events[people[0].id]

    # -- checks shared by both ways of issuing ------------------------------

    def check_certificate(self, c, person, event, lang):
        base = self.server.base
        self.assertRegex(c["code"], CODE_RE)
        m = SERIAL_RE.match(c["serial"])
        self.assertIsNotNone(m, c["serial"])
        self.assertEqual(m.group(1), china_today()[2:4])    # YY
        self.assertEqual(m.group(2), "0")       # not a level certificate
        self.assertEqual(c["kind"], "course")
        self.assertEqual(c["holder"], person.name)
        self.assertEqual(c["user"], person.id)
        self.assertEqual(c["title_zh"], JB101["title_zh"])
        self.assertEqual(c["title_en"], JB101["title_en"])
        self.assertEqual(c["level"], 0)
        self.assertEqual(c["lang"], lang)
        self.assertEqual(c["issued"], china_today())
        self.assertEqual(c["status"], "valid")
        self.assertEqual(c["verify_url"], base + "/v/" + c["code"])
        self.assertEqual(c["png_url"], "/certs/%d.png" % c["id"])
        self.assertEqual(c["credential_url"],
                         "/certs/%d/credential.json" % c["id"])
        self.assertTrue(c["qr"].startswith(c["verify_url"] + "#"), c["qr"])
        self.assertNotIn("revoked", c)
        # Issued: no longer waiting.
        self.assertNotIn(event, pending(self.staff))
        # The picture on disk, drawn before the answer came.
        path = os.path.join(self.server.dir, "certificates",
                            c["serial"] + ".png")
        self.assertTrue(os.path.isfile(path), path)
        with open(path, "rb") as f:
            png = f.read()
        self.assertEqual(png[:8], PNG_MAGIC)
        self.assertTrue(png_complete(png), "PNG cut short")
        # The same bytes, as staff and as the holder download them.
        for who in (self.staff, person):
            with self.subTest(download=c["png_url"], by=who.name):
                r = who.get(c["png_url"])
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("content-type"), "image/png")
                self.assertEqual(r.body, png, "served PNG != file on disk")
        # The QR, by the real decoder.
        text = zbar(png)
        self.assertTrue(text.startswith(base + "/v/" + c["code"] + "#"),
                        text)
        self.assertEqual(text, c["qr"])
        # Its claims and signature, checked without the server's code.
        url, body, sig, cl = parse_qr(text)
        self.assertEqual(url, c["verify_url"])
        self.assertTrue(ed25519_verify(self.pub, body, sig),
                        "the QR's signature does not verify with the "
                        "published key")
        k = keys(self.client())["keys"][0]
        expect = {"v": cl.get("v"), "kid": k["kid"], "o": base,
                  "c": c["code"], "s": c["serial"], "h": person.name,
                  "k": "course",
                  "t": JB101["title_en"] if lang == "en" else
                  JB101["title_zh"],
                  "l": 0, "i": c["issued"]}
        if c["expires"] is not None:
            expect["e"] = c["expires"]
        self.assertEqual(cl, expect)
        self.assertIsInstance(cl["v"], int)
        return text

    def check_valid_scan(self, c, text, person):
        base = self.server.base
        path = url_path(self, text, base)
        self.assertEqual(path, "/v/" + c["code"])
        for lang, earned, h1 in (
                (None, JB101["title_zh"], "有效证书"),
                ("en", JB101["title_en"], "Valid certificate")):
            with self.subTest(page_lang=lang):
                r = self.client(lang=lang).get(path)
                self.assertEqual(r.status, 200, r)
                v = verdict(r.text)
                self.assertEqual((v["cls"], v["status"]),
                                 ("valid", "valid"), v)
                self.assertEqual(v["holder"], person.name)
                self.assertEqual(v["serial"], c["serial"])
                self.assertEqual(v["earned"], earned)
                self.assertIsNone(v["reason"])
                self.assertIsNone(v["superseded_by"])
                self.assertIn("<h1>%s</h1>" % h1, r.text)
                self.assertIn('<html lang="%s"' % (lang or "zh-CN"),
                              r.text)
        # The code is case-insensitive (a QR reader may upper-case it).
        r = self.client().get("/v/" + c["code"].upper())
        self.assertEqual(verdict(r.text)["status"], "valid", r)
        # The JSON twin.
        r = verify_api(self.client(), c["code"])
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["status"], "valid")
        cj = j["certificate"]
        for key in ("serial", "holder", "kind", "title_zh", "title_en",
                    "level", "issued", "lang", "expires"):
            self.assertEqual(cj[key], c[key], key)
        self.assertTrue(cj["issuer_zh"] and cj["issuer_en"], cj)
        self.assertNotIn("revoked", j)
        self.assertNotIn("superseded", j)
        self.assertNotIn("related", j)      # the holder does not share
        # What only the holder and staff see is not public.
        for secret in ("id", "user", "qr", "png_url"):
            self.assertNotIn(secret, cj)

    def check_revoked_scan(self, c, text, reason):
        path = url_path(self, text, self.server.base)
        for lang, h1, label in ((None, "证书已撤销", "原因："),
                                ("en", "Certificate revoked", "Reason: ")):
            with self.subTest(page_lang=lang):
                r = self.client(lang=lang).get(path)
                self.assertEqual(r.status, 200, r)
                v = verdict(r.text)
                self.assertEqual((v["cls"], v["status"]),
                                 ("revoked", "revoked"), v)
                self.assertIn("<h1>%s</h1>" % h1, r.text)
                self.assertIsNotNone(v["reason"], r.text)
                self.assertTrue(v["reason"].startswith(label + reason),
                                v["reason"])
                self.assertEqual(v["serial"], c["serial"])
        r = verify_api(self.client(), c["code"])
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["status"], "revoked")
        self.assertEqual(j["revoked"]["reason"], reason)
        self.assertIsInstance(j["revoked"]["at"], int)
        self.assertNotIn("superseded", j)
        self.assertEqual(j["certificate"]["serial"], c["serial"])

    # -- the tests --------------------------------------------------------

    def test_json_issue_scan_verify_revoke(self):
        run, person, event = self.graduate("林晓峰")
        p = pending(self.staff)
        self.assertIn(event, p)
        self.assertEqual(p[event]["kind"], "course")
        self.assertEqual(p[event]["user"], person.id)
        self.assertEqual(p[event]["name"], person.name)
        self.assertEqual(p[event]["title_zh"], JB101["title_zh"])
        r = issue(self.staff, event, "both")
        self.assertEqual(r.status, 201, r)
        c = r.json()["certificate"]
        text = self.check_certificate(c, person, event, "both")
        self.assertEqual(cert_api(self.staff, c["id"]), c)
        self.assertEqual(cert_api(person, c["id"])["serial"], c["serial"])
        self.check_valid_scan(c, text, person)

        # Staff revoke it: the very same scan now says revoked.
        reason = "成绩登记错误 <b>&amp; 待复核"
        r = self.staff.post("/api/v1/certs/%d/revoke" % c["id"],
                            {"reason": reason})
        self.assertEqual(r.status, 200, r)
        rc = r.json()["certificate"]
        self.assertEqual(rc["status"], "revoked")
        self.assertEqual(rc["revoked"]["reason"], reason)
        self.assertEqual(rc["serial"], c["serial"])
        self.assertEqual(cert_api(person, c["id"])["status"], "revoked")
        self.check_revoked_scan(c, text, reason)
        page = self.client().get("/v/" + c["code"]).text
        self.assertNotIn("<b>&amp;", page)      # escaped, not markup
        # The picture stays what it was (the QR is the same scan).
        self.assertEqual(zbar_file(os.path.join(
            self.server.dir, "certificates", c["serial"] + ".png")), text)

    def test_form_issue_scan_verify_revoke(self):
        run, person, event = self.graduate("陈美玲")
        page = self.staff.get("/certs")
        self.assertEqual(page.status, 200, page)
        self.assertIn('<ul class="list" id="pending">', page.text)
        self.assertRegex(page.text, r'<input type="hidden" name="event" '
                         r'value="%s"><strong>%s</strong>' %
                         (re.escape(event), re.escape(person.name)))
        r = self.staff.client.post_multipart(
            "/certs", [("event", event), ("lang", "en")], page="/certs")
        self.assertEqual(r.status, 303, r)
        m = re.fullmatch(r"/certs/(\d+)", r.location or "")
        self.assertIsNotNone(m, r.location)
        cid = int(m.group(1))
        show = self.staff.get(r.location)
        self.assertEqual(show.status, 200, show)
        c = cert_api(self.staff, cid)
        self.assertIn('<dd id="holder">%s</dd>' % person.name, show.text)
        self.assertIn('<dd id="serial">%s</dd>' % c["serial"], show.text)
        self.assertIn('href="/v/%s"' % c["code"], show.text)
        text = self.check_certificate(c, person, event, "en")
        self.check_valid_scan(c, text, person)
        # The holder's own list shows it.
        mine = person.get("/api/v1/certs").json()
        self.assertEqual([x["id"] for x in mine["certificates"]], [cid])
        self.assertIs(mine["share"], False)
        self.assertIn('href="/certs/%d"' % cid, person.get("/certs").text)

        # Revoke through the certificate page's form.
        reason = "证书信息有误\n需重新核对"
        r = self.staff.client.post_multipart(
            "/certs/%d/revoke" % cid, [("reason", reason)],
            page="/certs/%d" % cid)
        self.assertRedirect(r, "/certs/%d" % cid)
        self.assertEqual(cert_api(self.staff, cid)["status"], "revoked")
        self.check_revoked_scan(c, text, reason)
        # A revoked certificate's page offers no more actions.
        show = self.staff.get("/certs/%d" % cid).text
        self.assertNotIn('action="/certs/%d/revoke"' % cid, show)
        self.assertNotIn('action="/certs/%d/reissue"' % cid, show)

    def test_longest_names_still_scan(self):
        """A name of the most characters registration takes (40), in
        common CJK and in 4-byte CJK Extension B: issued, drawn, and the
        QR (then at its densest) still decodes to the signed text."""
        names = ["欧阳" + "玉雕翡翠镯子抛光" * 4 + "俏色巧雕设计",
                 "\U00020BB7" * 40]
        people = []
        for name in names:
            self.assertEqual(len(name), 40)
            people.append(new_apprentice(self.server, name))
        run = graduate_run(self, self.staff, self.teacher.id, people)
        for p in people:
            with self.subTest(name=p.name[:4]):
                self.assertEqual(p.name, names[people.index(p)])
                r = issue(self.staff, completion_event(self.server, p.id,
                                                       run), "both")
                self.assertEqual(r.status, 201, r)
                c = r.json()["certificate"]
                self.assertEqual(c["holder"], p.name)
                text = zbar_file(os.path.join(
                    self.server.dir, "certificates", c["serial"] + ".png"))
                self.assertEqual(text, c["qr"])
                self.assertEqual(parse_qr(text)[3]["h"], p.name)
                page = self.client().get(url_path(self, text,
                                                  self.server.base))
                self.assertEqual(verdict(page.text)["holder"], p.name)

    def test_png_drawn_again_when_lost(self):
        run, person, event = self.graduate("黄小龙")
        c = issue(self.staff, event, "zh").json()["certificate"]
        path = os.path.join(self.server.dir, "certificates",
                            c["serial"] + ".png")
        os.unlink(path)
        r = person.get(c["png_url"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "image/png")
        self.assertEqual(r.body[:8], PNG_MAGIC)
        self.assertTrue(png_complete(r.body))
        self.assertEqual(zbar(r.body), c["qr"])
        self.assertTrue(os.path.isfile(path), "not kept after drawing")
        with open(path, "rb") as f:
            self.assertEqual(f.read(), r.body)

    def test_unknown_and_malformed_codes(self):
        for code in ("0" * 16, "abcdefghjkmnpqrs", "ilou" * 4, "a" * 15,
                     "a" * 17, "A" * 64):
            with self.subTest(code=code):
                r = self.client().get("/v/" + code)
                self.assertEqual(r.status, 404, r)
                self.assertEqual(verdict(r.text)["status"], "not_found")
                r = verify_api(self.client(), code)
                self.assertEqual(r.status, 404, r)
                self.assertEqual(r.json()["status"], "not_found")
        self.assertHealthy()


class PublicUrlTest(ServerTestCase):
    """YUJIANG_PUBLIC_URL names another origin (the station's public
    site, with a trailing slash as people write it): the QR opens it."""
    PUBLIC = "https://cert.example.cn"
    env = {"YUJIANG_PUBLIC_URL": PUBLIC + "/"}
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def test_qr_opens_the_public_origin(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 1, "林晓峰")
        p = people[0]
        r = issue(self.staff, events[p.id], "zh")
        self.assertEqual(r.status, 201, r)
        c = r.json()["certificate"]
        self.assertEqual(c["verify_url"], self.PUBLIC + "/v/" + c["code"])
        self.assertTrue(c["qr"].startswith(c["verify_url"] + "#"))
        text = zbar_file(os.path.join(self.server.dir, "certificates",
                                      c["serial"] + ".png"))
        self.assertEqual(text, c["qr"])
        url, body, sig, cl = parse_qr(text)
        self.assertEqual(cl["o"], self.PUBLIC)
        k = keys(self.client())
        self.assertEqual(k["issuer"]["url"], self.PUBLIC)
        self.assertTrue(ed25519_verify(b64u_decode(k["keys"][0][
            "public_key"]), body, sig))
        # This server answers the path the QR opens.
        r = self.client().get(url_path(self, text, self.PUBLIC))
        self.assertEqual(verdict(r.text)["status"], "valid")
        r = self.staff.post("/api/v1/verify", {"serial": c["serial"],
                                               "name": p.name})
        self.assertEqual(r.json()["url"], c["verify_url"])

    def test_public_url_with_a_path(self):
        """A public URL with a path cannot be signed as an origin: the
        server must say so at start, not answer 500 to every issue."""
        srv = Server(users=[user("周站长", "staff", account="13900000009")],
                     env={"YUJIANG_PUBLIC_URL":
                          "https://cert.example.cn/yujiang"})
        try:
            try:
                srv.start()
            except ServerError as e:
                self.assertIn("YUJIANG_PUBLIC_URL", str(e))
                return      # refused at start: right
            staff = login(srv, "13900000009")
            a = new_apprentice(srv, "张小敏")
            r = staff.post("/api/v1/people/%d/level" % a.id,
                           {"level": 2, "evidence": "考核 80 分"})
            self.assertEqual(r.status, 200, r)
            lv = srv.sql("SELECT max(id) FROM skill_levels")[0][0]
            r = issue(staff, "level:%s" % lv)
            self.assertEqual(r.status, 201,
                             "started with an unusable YUJIANG_PUBLIC_URL, "
                             "then: %r" % r)
        finally:
            srv.stop(check=False)


if __name__ == "__main__":
    unittest.main()
