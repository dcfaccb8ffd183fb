"""十大金牌导购大师, the sales guides' integrity selection (issue 19 item 2),
through the real server: a competition made a guide selection (listed
by /api/v1/competitions with 导购 in its name and kind "guide"), shops'
nominations (staff on a shop's behalf, with a photo; a shop's own
employer account, approved, on its own, checked by staff), the blind panel with a declared recusal,
the public vote (one per verified phone per Asia/Shanghai day per
selection, the day moved back in the database the way the other tests
move a clock; a race of two votes gives exactly one; email accounts,
CSRF and the throttle refused), staff's view of anomalies (a burst from
one IPv4 /24, an IPv6 /64 grouped, accounts created within new_days)
and voids, complaints upheld, the combined score against hand-worked
literals, the winners' 金牌导购大师 certificates (verify page, API,
credential) and the hash-chained score log checked by
`yujiang-admin audit verify`.

The figures (weights 60 / 30 / 10, 20 points a complaint, winners 2):

  nominee  panel (J1, J2)       valid votes  public      complaints  integ.
  A        (90 + 80) / 2 = 85   3            100         2 (own, shop)  60
  B        (80 + 80) / 2 = 80   1            100/3       1 (shop)       80
  C        (100 + 70) / 2 = 85  2            200/3       0             100
  D        J2 alone: 50         1            100/3       0             100
  final A = .6·85 + .3·100   + .1·60  = 51 + 30 + 6  = 87
        B = .6·80 + .3·100/3 + .1·80  = 48 + 10 + 8  = 66
        C = .6·85 + .3·200/3 + .1·100 = 51 + 20 + 10 = 81
        D = .6·50 + .3·100/3 + .1·100 = 30 + 10 + 10 = 50
  ranks A 1, C 2, B 3, D 4; winners A and C.
"""
import datetime
import threading
import unittest

from harness import (PASSWORD, PRIVACY_VERSION, ServerTestCase, new_email,
                     new_phone, user)
from cert_util import verdict
from comp_util import audit_verify
from incub_util import jpeg
from training_util import (Person, check_identity, login, new_apprentice,
                           new_master)
from test_jobs import new_code

CST = datetime.timezone(datetime.timedelta(hours=8))


def day(offset=0):
    return (datetime.datetime.now(CST) +
            datetime.timedelta(offset)).strftime("%Y-%m-%d")


class GuideSelectionTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}
    env = {"YUJIANG_TRUST_PROXY": "1"}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    # -- helpers ------------------------------------------------------------

    def ok(self, r, status=200):
        self.assertEqual(r.status, status, r)
        return r.json()

    def selection(self, **rules):
        r = self.staff.post("/api/v1/competitions", {
            "name_zh": "2027 十大金牌导购大师评选",
            "name_en": "2027 Top Ten Gold Sales Guide Masters",
            "opens": day(-1), "closes": day(30), "min_panel": 1})
        cid = self.ok(r, 201)["competition"]["id"]
        c = self.ok(self.staff.post("/api/v1/competitions/%d/guide" % cid,
                                    rules))["competition"]
        self.assertEqual(c["kind"], "guide")
        self.ok(self.staff.post("/api/v1/competitions/%d/categories" % cid,
                                {"name_zh": "导购"}), 201)
        cat = int(self.server.sql("SELECT id FROM comp_categories WHERE "
                                  "competition = ?1", cid)[0][0])
        return cid, cat

    def nominate(self, who, cid, shop, guide, account, photo=None,
                 status=201):
        files = {"photo": ("p.jpg", photo, "image/jpeg")} if photo else {}
        r = who.client.post_multipart(
            "/api/v1/competitions/%d/nominees" % cid,
            [("shop", shop), ("guide", guide), ("account", account),
             ("evidence", "顾客多次来信表扬：如实介绍翡翠种水，不夸大。")],
            files, csrf=None, headers={"X-CSRF-Token": who.csrf})
        self.assertEqual(r.status, status, r)
        return r.json()

    def shop(self, business, approve=True):
        """A shop's own account: an employer (就业) with a proven phone,
        approved by staff unless approve is false."""
        c = self.server.client()
        account = new_phone()
        r = c.post_json("/api/v1/jobs/register", {
            "business": business, "credit_code": new_code(),
            "name": "店主", "account": account, "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertEqual(r.status, 201, r)
        c.verify_account(account)
        p = Person(c, r.json()["user"], r.json()["csrf"])
        if approve:
            eid = self.ok(p.get("/api/v1/employer"))["employer"]["id"]
            self.ok(self.staff.post("/api/v1/employers/%d/approve" % eid))
        return p

    def vote(self, who, cid, nominee, ip, csrf=True):
        return who.client.post_json(
            "/api/v1/competitions/%d/vote" % cid, {"nominee": nominee},
            csrf=who.csrf if csrf else None, headers={"X-Real-IP": ip})

    # -- the whole selection --------------------------------------------------

    def test_selection_end_to_end(self):
        staff = self.staff
        cid, cat = self.selection(winners=2, burst=3)
        listed = self.ok(self.server.client().get("/api/v1/competitions"))
        mine = [c for c in listed["competitions"] if c["id"] == cid]
        self.assertEqual(len(mine), 1)
        self.assertIn("导购", mine[0]["name_zh"])
        self.assertEqual(mine[0]["kind"], "guide")
        full = self.ok(self.server.client().get(
            "/api/v1/competitions/%d" % cid))["competition"]
        self.assertEqual(full["guide"]["w_panel"], 60)
        self.assertEqual(full["guide"]["w_public"], 30)
        self.assertEqual(full["guide"]["w_integrity"], 10)
        self.assertEqual([k["name_zh"] for k in full["criteria"]],
                         ["产品知识", "如实描述", "服务", "投诉记录"])

        j1 = new_master(self.server, staff, "评委甲")
        j2 = new_master(self.server, staff, "评委乙")
        for j in (j1, j2):
            self.ok(staff.post("/api/v1/competitions/%d/judges" % cid,
                               {"category": cat, "judge": j.id}), 201)
        guides = {k: new_apprentice(self.server, "导购" + k)
                  for k in "ABCD"}

        # Staff nominate on the shops' behalf: eligible at once.
        pic = jpeg(64, 48)
        nom = {}
        for k, shop in (("A", "翠华珠宝"), ("B", "翠华珠宝"),
                        ("C", "金玉坊")):
            n = self.nominate(staff, cid, shop, "导购" + k,
                              guides[k].user["account"],
                              photo=pic if k == "A" else None)["nominee"]
            self.assertEqual(n["status"], "eligible")
            nom[k] = n
        # Only a shop nominates on its own: an apprentice's account, and
        # a shop staff have not yet approved, are refused.
        self.nominate(new_apprentice(self.server, "路人"), cid, "玉缘阁",
                      "导购D", guides["D"].user["account"], status=403)
        self.nominate(self.shop("未审核珠宝", approve=False), cid, "玉缘阁",
                      "导购D", guides["D"].user["account"], status=403)
        # An approved shop's own account: pending until staff check it.
        owner = self.shop("玉缘阁")
        n = self.nominate(owner, cid, "玉缘阁", "导购D",
                          guides["D"].user["account"])["nominee"]
        self.assertEqual(n["status"], "pending")
        nom["D"] = n
        # The same guide twice; an account that does not exist; no fields.
        self.assertEqual(self.nominate(staff, cid, "翠华珠宝", "导购A",
                                       guides["A"].user["account"],
                                       status=409)["error"], "already_done")
        self.assertEqual(self.nominate(staff, cid, "x", "y", "13999999999",
                                       status=404)["error"],
                         "no_such_account")
        r = owner.client.post_multipart(
            "/api/v1/competitions/%d/nominees" % cid, [], {},
            csrf=None, headers={"X-CSRF-Token": owner.csrf})
        self.assertEqual(r.status, 400, r)
        # The public sees eligible nominees only.
        public = self.ok(self.server.client().get(
            "/api/v1/competitions/%d/guides" % cid))["nominees"]
        self.assertEqual(sorted(x["guide"] for x in public),
                         ["导购A", "导购B", "导购C"])
        self.assertNotIn("evidence", public[0])
        # Opening waits for the check.
        self.assertEqual(self.ok(staff.post(
            "/api/v1/competitions/%d/open" % cid), 409)["error"],
            "entries_unchecked")
        self.ok(staff.post("/api/v1/nominees/%d/check" % nom["D"]["id"],
                           {"verdict": "eligible"}))
        # J1 declared recused from D (a relative, say).
        self.ok(staff.post("/api/v1/nominees/%d/recusals" % nom["D"]["id"],
                           {"judge": j1.id, "reason": "亲属"}))
        self.ok(staff.post("/api/v1/competitions/%d/open" % cid))

        # The panel: blind codes, no names; the recused judge is refused.
        codes = {k: self.server.sql(
            "SELECT code FROM guide_nominees WHERE id = ?1",
            nom[k]["id"])[0][0] for k in nom}
        listing = self.ok(j1.get("/api/v1/judging/guides"))["nominees"]
        self.assertEqual(sorted(x["code"] for x in listing),
                         sorted(codes[k] for k in "ABC"))
        sheet = self.ok(j1.get("/api/v1/judging/guides/" + codes["A"]))
        self.assertNotIn("导购A", str(sheet))
        self.assertNotIn("翠华珠宝", str(sheet))
        self.assertTrue(sheet["photo"])
        r = j1.get("/judging/guides/%s/photo.jpg" % codes["A"])
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.body.startswith(b"\xff\xd8"))
        self.assertEqual(self.ok(j1.get("/api/v1/judging/guides/" +
                                        codes["D"]), 403)["error"],
                         "recused")
        self.assertEqual(self.ok(j1.post("/api/v1/judging/guides/" +
                                         codes["D"], {"marks": [9] * 4,
                                                      "final": True}),
                                 403)["error"], "recused")
        marks = {("A", j1): 9, ("A", j2): 8, ("B", j1): 8, ("B", j2): 8,
                 ("C", j2): 7, ("D", j2): 5}
        for (k, j), m in marks.items():
            self.ok(j.post("/api/v1/judging/guides/" + codes[k],
                           {"marks": [m] * 4, "final": True}))
        # C: J1 saves a draft, then its final marks of 10.
        self.ok(j1.post("/api/v1/judging/guides/" + codes["C"],
                        {"marks": [6] * 4, "final": False}))
        self.ok(j1.post("/api/v1/judging/guides/" + codes["C"],
                        {"marks": [10] * 4, "final": True}))
        self.assertEqual(self.ok(j1.post(
            "/api/v1/judging/guides/" + codes["C"],
            {"marks": [1] * 4, "final": True}), 409)["error"],
            "sheet_final")

        # The public vote.
        voters = [new_apprentice(self.server, "居民%d" % i)
                  for i in range(8)]
        # Voter 5's account is old: not flagged as new.
        self.server.sql_write("UPDATE users SET created = created - "
                              "30 * 86400 WHERE id = ?1", voters[5].id)
        for i in range(4):
            self.ok(self.vote(voters[i], cid, nom["A"]["id"],
                              "203.0.113.%d" % (i + 1)), 201)
        self.ok(self.vote(voters[5], cid, nom["B"]["id"],
                          "2001:db8:1:2::5"), 201)
        self.ok(self.vote(voters[6], cid, nom["C"]["id"],
                          "2001:db8:1:2::6"), 201)
        # One vote per phone per day, whichever nominee.
        self.assertEqual(self.ok(self.vote(voters[0], cid, nom["C"]["id"],
                                           "198.51.100.9"), 409)["error"],
                         "voted_today")
        # A new day (the vote moved back one day, as the clock would have
        # moved on): voter 0 votes again.
        self.server.sql_write(
            "UPDATE guide_votes SET day = ?1, at = at - 86400 WHERE "
            "user = ?2", day(-1), voters[0].id)
        self.ok(self.vote(voters[0], cid, nom["C"]["id"], "198.51.100.9"),
                201)
        # Two votes of one phone at the same moment: exactly one counts.
        out = []

        def race():
            out.append(self.vote(voters[7], cid, nom["D"]["id"],
                                 "198.51.100.7").status)
        ts = [threading.Thread(target=race) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(sorted(out), [201, 409])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM guide_votes WHERE user = ?1",
            voters[7].id)[0][0], "1")
        # Refused: no CSRF token; an email account; a nominee not eligible.
        r = self.vote(voters[4], cid, nom["A"]["id"], "192.0.2.1",
                      csrf=False)
        self.assertEqual(r.status, 403, r)
        mail = self.server.client()
        r = mail.register_api("邮箱居民", new_email("g"))
        self.assertEqual(r.status, 201, r)
        r = mail.post_json("/api/v1/competitions/%d/vote" % cid,
                           {"nominee": nom["A"]["id"]})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["error"], "phone_required")
        self.assertEqual(self.ok(self.vote(voters[4], cid, 999999,
                                           "192.0.2.1"), 404)["error"],
                         "not_found")

        # Staff's view: anomalies and a void.
        v = self.ok(staff.get("/api/v1/competitions/%d/votes" % cid))
        by_user = {x["user"]: x for x in v["votes"]}
        self.assertEqual(len(v["votes"]), 8)
        a2 = by_user[voters[1].id]
        self.assertEqual(a2["net"], "203.0.113.0/24")
        self.assertEqual(a2["nearby"], 3)       # voters 1-3; 0's moved
        self.assertTrue(a2["burst"])
        self.assertTrue(a2["new_account"])
        self.assertFalse(by_user[voters[0].id]["burst"])
        b5 = by_user[voters[5].id]
        self.assertEqual(b5["net"], "2001:db8:1:2::/64")
        self.assertEqual(b5["nearby"], 2)
        self.assertFalse(b5["burst"])
        self.assertFalse(b5["new_account"])
        odd = self.ok(staff.get("/api/v1/competitions/%d/votes?"
                                "anomalies=1" % cid))["votes"]
        self.assertEqual(len(odd), 7)
        self.assertNotIn(voters[5].id, [x["user"] for x in odd])
        page = staff.get("/competitions/%d/votes?anomalies=1" % cid)
        self.assertEqual(page.status, 200, page)
        self.assertIn("203.0.113.0/24", page.text)
        void = by_user[voters[3].id]["id"]
        self.assertEqual(self.ok(staff.post("/api/v1/votes/%d/void" % void,
                                            {}), 400)["error"],
                         "invalid_reason")
        self.ok(staff.post("/api/v1/votes/%d/void" % void,
                           {"reason": "同一网段集中刷票"}))
        self.assertEqual(self.ok(staff.post(
            "/api/v1/votes/%d/void" % void, {"reason": "again"}),
            409)["error"], "already_done")
        # The voided phone has still voted today.
        self.assertEqual(self.ok(self.vote(voters[3], cid, nom["A"]["id"],
                                           "203.0.113.4"), 409)["error"],
                         "voted_today")

        # Integrity: one against guide A, one against the shop of B (and
        # so of A, the same shop).
        self.ok(staff.post("/api/v1/competitions/%d/complaints" % cid, {
            "nominee": nom["A"]["id"], "against": "guide",
            "summary": "以染色翡翠冒充天然，已查实"}), 201)
        self.ok(staff.post("/api/v1/competitions/%d/complaints" % cid, {
            "nominee": nom["B"]["id"], "against": "shop",
            "summary": "店铺虚标证书，已查实"}), 201)
        self.assertEqual(self.ok(staff.post(
            "/api/v1/competitions/%d/complaints" % cid,
            {"nominee": nom["C"]["id"], "against": "boss",
             "summary": "x"}), 400)["error"], "invalid_complaint")

        # Lock: voting ends, the results are frozen.
        self.ok(staff.post("/api/v1/competitions/%d/lock" % cid))
        self.assertEqual(self.ok(self.vote(voters[4], cid, nom["A"]["id"],
                                           "192.0.2.1"), 409)["error"],
                         "wrong_state")
        # The winners need their identity checked for a certificate: A is.
        check_identity(staff, guides["A"].id, "导购A")
        pub = self.ok(staff.post("/api/v1/competitions/%d/publish" % cid))
        self.assertEqual(pub["winners"], 2)
        self.assertEqual(pub["unverified"], 1)
        h = self.ok(self.server.client().get(
            "/api/v1/competitions/%d/honours" % cid))
        rows = {x["guide"]: x for x in h["honours"]}
        self.assertEqual(sorted(rows), ["导购A", "导购C"])
        self.assertEqual((rows["导购A"]["rank"], rows["导购A"]["final"],
                          rows["导购A"]["panel"], rows["导购A"]["public"],
                          rows["导购A"]["integrity"],
                          rows["导购A"]["votes"],
                          rows["导购A"]["complaints"]),
                         (1, "87.00", "85.00", "100.00", 60, 3, 2))
        self.assertEqual((rows["导购C"]["rank"], rows["导购C"]["final"],
                          rows["导购C"]["panel"], rows["导购C"]["public"],
                          rows["导购C"]["integrity"]),
                         (2, "81.00", "85.00", "66.67", 100))
        self.assertEqual(rows["导购C"]["certificate"], "")
        # Staff see every nominee's row: B 66, D 50.
        every = {x["guide"]: x for x in self.ok(staff.get(
            "/api/v1/competitions/%d/honours" % cid))["honours"]}
        self.assertEqual((every["导购B"]["rank"], every["导购B"]["final"],
                          every["导购B"]["integrity"],
                          every["导购B"]["winner"]), (3, "66.00", 80, False))
        self.assertEqual((every["导购D"]["rank"], every["导购D"]["final"],
                          every["导购D"]["panel"]), (4, "50.00", "50.00"))
        page = self.server.client().get("/competitions/%d/honours" % cid)
        self.assertEqual(page.status, 200, page)
        self.assertIn("导购A", page.text)
        self.assertNotIn("导购B", page.text)

        # A's certificate: the verify page, its JSON, its credential.
        code = rows["导购A"]["certificate"]
        self.assertEqual(len(code), 16)
        r = self.server.client().get("/v/" + code)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(verdict(r.text)["status"], "valid")
        j = self.ok(self.server.client().get("/api/v1/verify/" + code))
        self.assertEqual(j["certificate"]["kind"], "guide")
        self.assertEqual(j["certificate"]["title_zh"], "金牌导购大师")
        cert_id = self.server.sql("SELECT id FROM certificates WHERE code "
                                  "= ?1", code)[0][0]
        r = guides["A"].get("/certs/%s/credential.json" % cert_id)
        self.assertEqual(r.status, 200, r)
        self.assertIn("Gold Sales Guide Master", r.text)
        # C's waits on the pending list, issued once C is checked.
        check_identity(staff, guides["C"].id, "导购C")
        ev = "honour:%s" % self.server.sql(
            "SELECT honour FROM guide_results WHERE nominee = ?1",
            nom["C"]["id"])[0][0]
        r = staff.post("/api/v1/certs", {"event": ev})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["certificate"]["kind"], "guide")

        # The score log: every vote, void and deduction, and the chain.
        acts = dict((a, int(n)) for a, n in self.server.sql(
            "SELECT action, count(*) FROM score_log WHERE competition = ?1 "
            "GROUP BY action", cid))
        self.assertEqual(acts["guide.vote"], 8)
        self.assertEqual(acts["guide.void"], 1)
        self.assertEqual(acts["guide.deduct"], 2)
        self.assertEqual(acts["guide.final"], 6 + 1 + 0)
        self.assertEqual(acts["lock"], 1)
        self.assertEqual(acts["publish"], 1)
        status, out = audit_verify(self.server.dir)
        self.assertEqual(status, 0, out)

    def test_vote_throttled_per_address(self):
        cid, cat = self.selection()
        j = new_master(self.server, self.staff, "评委丙")
        self.ok(self.staff.post("/api/v1/competitions/%d/judges" % cid,
                                {"category": cat, "judge": j.id}), 201)
        g = new_apprentice(self.server, "导购E")
        n = self.nominate(self.staff, cid, "玉器行", "导购E",
                          g.user["account"])["nominee"]
        self.ok(self.staff.post("/api/v1/competitions/%d/open" % cid))
        voter = new_apprentice(self.server, "居民甲")
        got = [self.vote(voter, cid, n["id"], "192.0.2.200").status
               for _ in range(31)]
        self.assertEqual(got[0], 201)
        self.assertEqual(set(got[1:30]), {409})
        self.assertEqual(got[30], 429)
        # Another address is not held back by it.
        other = new_apprentice(self.server, "居民乙")
        self.ok(self.vote(other, cid, n["id"], "192.0.2.201"), 201)

    def test_works_cannot_be_entered_in_a_guide_selection(self):
        cid, cat = self.selection()
        p = new_apprentice(self.server, "学员")
        r = p.post("/api/v1/competitions/%d/entries" % cid,
                   {"category": cat, "work": 1})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(r.json()["error"], "guide_selection")

    def test_weights_must_sum_to_100(self):
        r = self.staff.post("/api/v1/competitions", {
            "name_zh": "导购评选", "opens": day(-1), "closes": day(3)})
        cid = self.ok(r, 201)["competition"]["id"]
        r = self.staff.post("/api/v1/competitions/%d/guide" % cid,
                            {"w_panel": 60, "w_public": 30,
                             "w_integrity": 20})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["error"], "invalid_rules")
        self.assertEqual(self.server.sql(
            "SELECT kind FROM competitions WHERE id = ?1", cid)[0][0],
            "works")


if __name__ == "__main__":
    unittest.main()
