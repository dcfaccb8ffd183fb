"""Incubation cohorts (孵化班): staff open one (with the three default
milestones), admit people at the incubation stage with a master as
mentor (one cohort a person, never more than its places — also when two
admissions race for the last place), add milestones (12 at most); the
mentor, and only they, signs each off once; the incubation → selection
gate follows (not in a cohort → NEED_COHORT; then NEED_MILESTONES with
have/want; open once all are signed, when staff move the person without
a reason); who may see a cohort."""
import html
import re
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from entry_util import day
from harness import ServerTestCase, user
from incub_util import (DEFAULT_MILESTONES, admit, admit_ok, cohort,
                        create_cohort, incubating, move, needs, person, sign)
from training_util import (NEED_COHORT, NEED_MILESTONES,
                           SPREAD_OVER_WORKERS, login, new_apprentice,
                           new_master)


class CohortsTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}
    # Admissions made at the same moment run in both workers.
    extra_conf = SPREAD_OVER_WORKERS

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.wang = new_master(cls.server, cls.staff, "王建平")
        cls.chen = new_master(cls.server, cls.staff, "陈国强")

    def cohort_new(self, name="2027 春季孵化班", places=12):
        return create_cohort(self.staff, name, day(-10), day(170), places)

    # -- opening a cohort -----------------------------------------------------

    def test_create(self):
        r = self.staff.post("/api/v1/cohorts", {
            "name": "2027 春季玉雕孵化班", "starts": day(-3),
            "ends": day(180), "places": 20})
        self.assertEqual(r.status, 201, r)
        c = r.json()["cohort"]
        self.assertEqual({k: c[k] for k in ("name", "starts", "ends",
                                            "places", "members")},
                         {"name": "2027 春季玉雕孵化班", "starts": day(-3),
                          "ends": day(180), "places": 20, "members": 0})
        j = cohort(self.staff, c["id"])
        self.assertEqual(j["cohort"], c)
        self.assertEqual([(m["title_zh"], m["title_en"])
                          for m in j["milestones"]], DEFAULT_MILESTONES)
        self.assertEqual(j["members"], [])
        self.assertIn(c, self.staff.get("/api/v1/cohorts").json()["cohorts"])
        # The form on /cohorts.
        page = self.staff.get("/cohorts")
        self.assertIn('id="cohort-form"', page.text)
        r = self.staff.client.post_multipart("/cohorts", [
            ("name", "2027 秋季班"), ("starts", "2027-09-01"),
            ("ends", "2028-02-28"), ("places", "12")], page="/cohorts")
        self.assertEqual(r.status, 303, r)
        cid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(r.location, "/cohorts/%d" % cid)
        page = self.staff.get(r.location).text
        self.assertIn('<h1 id="cohort-name">2027 秋季班</h1>', page)
        for zh, _ in DEFAULT_MILESTONES:
            self.assertIn(zh, page)
        self.assertIn("First original design",
                      self.staff.client.get(r.location, headers={
                          "Accept-Language": "en"}).text)
        # A single day is a valid span.
        self.assertEqual(self.staff.post("/api/v1/cohorts", {
            "name": "一日营", "starts": day(1), "ends": day(1),
            "places": 1}).status, 201)

    def test_create_validation(self):
        ok = {"name": "班", "starts": "2027-03-01", "ends": "2027-08-31",
              "places": 12}
        n = len(self.staff.get("/api/v1/cohorts").json()["cohorts"])
        for change, code in (
                ({"name": ""}, "invalid_name"),
                ({"name": None}, "invalid_name"),
                ({"name": "班" * 61}, "invalid_name"),
                ({"name": "春季\x07班"}, "invalid_name"),
                ({"starts": "2027-3-1"}, "invalid_dates"),
                ({"starts": "2027/03/01"}, "invalid_dates"),
                ({"starts": ""}, "invalid_dates"),
                ({"ends": "2027-13-01"}, "invalid_dates"),
                ({"starts": "2027-02-30"}, "invalid_dates"),
                ({"starts": "2027-04-31"}, "invalid_dates"),
                ({"ends": "2027-06-31"}, "invalid_dates"),
                ({"starts": "2027-02-29"}, "invalid_dates"),  # not a leap
                ({"starts": "2027-03-00"}, "invalid_dates"),
                ({"starts": "2027-09-01"}, "invalid_dates"),  # after ends
                ({"starts": "2027-03-01x"}, "invalid_dates"),
                ({"places": 0}, "invalid_places"),
                ({"places": 201}, "invalid_places"),
                ({"places": -1}, "invalid_places"),
                ({"places": "12"}, "invalid_places"),
                ({"places": 12.5}, "invalid_places"),
                ({"places": None}, "invalid_places")):
            body = dict(ok)
            body.update(change)
            with self.subTest(change=change):
                r = self.staff.post("/api/v1/cohorts", body)
                if r.status == 201:     # made: count it, then fail
                    n += 1
                self.assertJSONError(r, 400, code)
        self.assertEqual(len(self.staff.get(
            "/api/v1/cohorts").json()["cohorts"]), n)
        for places in (1, 200):
            body = dict(ok, places=places)
            self.assertEqual(self.staff.post("/api/v1/cohorts", body).status,
                             201)
        body = dict(ok, starts="2028-02-29", ends="2028-02-29")   # a leap
        self.assertEqual(self.staff.post("/api/v1/cohorts", body).status,
                         201)
        # Only staff open cohorts.
        a = new_apprentice(self.server, "林晓峰")
        for who, status, code in ((self.wang, 403, "forbidden"),
                                  (a, 403, "forbidden")):
            self.assertJSONError(who.post("/api/v1/cohorts", ok), status,
                                 code)
        self.assertJSONError(self.client().post_json("/api/v1/cohorts", ok),
                             401, "login_required")
        self.assertEqual(len(self.staff.get(
            "/api/v1/cohorts").json()["cohorts"]), n + 3)

    # -- admitting ------------------------------------------------------------

    def test_admit_rules(self):
        c = self.cohort_new("规则班", places=2)
        cid = c["id"]
        entry = new_apprentice(self.server, "刚入门")
        training = new_apprentice(self.server, "培养中")
        self.assertEqual(move(self.staff, training.id, "training",
                              "面试通过").status, 200)
        a = incubating(self.server, self.staff, "何嘉欣")
        b = incubating(self.server, self.staff, "张小敏")
        extra = incubating(self.server, self.staff, "梁伟")
        for uid, mentor, status, code in (
                (entry.id, self.wang.id, 409, "not_incubation"),
                (training.id, self.wang.id, 409, "not_incubation"),
                (self.chen.id, self.wang.id, 409, "not_incubation"),
                (self.staff.id, self.wang.id, 409, "not_incubation"),
                (a.id, b.id, 409, "mentor_not_master"),
                (a.id, self.staff.id, 409, "mentor_not_master"),
                (a.id, 999999, 409, "mentor_not_master"),
                (999999, self.wang.id, 404, "not_found")):
            with self.subTest(user=uid, mentor=mentor):
                self.assertJSONError(admit(self.staff, cid, uid, mentor),
                                     status, code)
        for body in ({}, {"user": a.id}, {"mentor": self.wang.id},
                     {"user": str(a.id), "mentor": self.wang.id},
                     {"user": 0, "mentor": self.wang.id},
                     {"user": a.id, "mentor": -3}):
            with self.subTest(body=body):
                self.assertJSONError(self.staff.post(
                    "/api/v1/cohorts/%d/admit" % cid, body), 400,
                    "invalid_user")
        self.assertEqual(cohort(self.staff, cid)["members"], [])
        # Admitted: 200 with the cohort; then never twice, nor in another.
        r = admit(self.staff, cid, a.id, self.wang.id)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["cohort"]["members"], 1)
        self.assertJSONError(admit(self.staff, cid, a.id, self.chen.id), 409,
                             "already_in_cohort")
        other = self.cohort_new("别的班")
        self.assertJSONError(admit(self.staff, other["id"], a.id,
                                   self.chen.id), 409, "already_in_cohort")
        # By the form on the cohort's page.
        page = self.staff.get("/cohorts/%d" % cid).text
        self.assertIn('id="admit-form"', page)
        self.assertIn('<option value="%d">张小敏</option>' % b.id, page)
        self.assertNotIn('<option value="%d">何嘉欣</option>' % a.id, page)
        self.assertNotIn('<option value="%d">刚入门</option>' % entry.id, page)
        r = self.staff.client.post_multipart(
            "/cohorts/%d/admit" % cid, [("user", str(b.id)),
                                        ("mentor", str(self.chen.id))],
            page="/cohorts/%d" % cid)
        self.assertRedirect(r, "/cohorts/%d" % cid)
        # Full.
        self.assertJSONError(admit(self.staff, cid, extra.id, self.wang.id),
                             409, "cohort_full")
        j = cohort(self.staff, cid)
        self.assertEqual(j["cohort"]["members"], 2)
        self.assertEqual([(m["user"], m["name"], m["mentor"],
                           m["mentor_name"], m["stage"], m["signed"])
                          for m in j["members"]],
                         [(a.id, "何嘉欣", self.wang.id, "王建平",
                           "incubation", 0),
                          (b.id, "张小敏", self.chen.id, "陈国强",
                           "incubation", 0)])
        for m in j["members"]:
            self.assertEqual([(x["milestone"], x["signed"], x["comment"])
                              for x in m["milestones"]],
                             [(ms["id"], False, "") for ms in
                              j["milestones"]])
        # Only staff admit; unknown cohorts are not found.
        for who in (self.wang, a):
            self.assertJSONError(who.post("/api/v1/cohorts/%d/admit" % cid,
                                          {"user": extra.id,
                                           "mentor": self.wang.id}),
                                 403, "forbidden")
        self.assertJSONError(admit(self.staff, 999999, extra.id,
                                   self.wang.id), 404, "not_found")
        # The one left out may join another cohort.
        self.assertEqual(admit(self.staff, other["id"], extra.id,
                               self.wang.id).status, 200)

    def test_race_for_the_last_place(self):
        for rnd in range(3):
            c = self.cohort_new("抢位班 %d" % rnd, places=2)
            first = incubating(self.server, self.staff, "先到")
            admit_ok(self.staff, c["id"], first.id, self.wang.id)
            racers = [incubating(self.server, self.staff, "抢位%d" % i)
                      for i in range(2)]
            go = threading.Barrier(2)

            def one(p):
                go.wait()
                return admit(self.staff, c["id"], p.id, self.chen.id)

            with ThreadPoolExecutor(2) as ex:
                rs = list(ex.map(one, racers))
            with self.subTest(round=rnd):
                self.assertEqual(sorted(r.status for r in rs), [200, 409],
                                 rs)
                for r in rs:
                    if r.status == 409:
                        self.assertJSONError(r, 409, "cohort_full")
                j = cohort(self.staff, c["id"])
                self.assertEqual(j["cohort"]["members"], 2)
                self.assertEqual(len(j["members"]), 2)
        # One person raced into two cohorts: one admission only.
        a, b = self.cohort_new("甲班"), self.cohort_new("乙班")
        p = incubating(self.server, self.staff, "两头报")
        go = threading.Barrier(2)

        def into(cid):
            go.wait()
            return admit(self.staff, cid, p.id, self.wang.id)

        with ThreadPoolExecutor(2) as ex:
            rs = list(ex.map(into, (a["id"], b["id"])))
        self.assertEqual(sorted(r.status for r in rs), [200, 409], rs)
        self.assertEqual(cohort(self.staff, a["id"])["cohort"]["members"] +
                         cohort(self.staff, b["id"])["cohort"]["members"], 1)

    # -- milestones -----------------------------------------------------------

    def test_add_milestones(self):
        cid = self.cohort_new("里程碑班")["id"]
        path = "/api/v1/cohorts/%d/milestones" % cid
        r = self.staff.post(path, {"title_zh": "结业作品展",
                                   "title_en": "Graduation show"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["cohort"]["id"], cid)
        ms = cohort(self.staff, cid)["milestones"]
        self.assertEqual([(m["title_zh"], m["title_en"]) for m in ms],
                         DEFAULT_MILESTONES + [("结业作品展",
                                                "Graduation show")])
        for body in ({"title_zh": "", "title_en": "x"},
                     {"title_zh": "x", "title_en": ""},
                     {"title_zh": "字" * 41, "title_en": "x"},
                     {"title_zh": "x", "title_en": "e" * 81},
                     {"title_zh": "作\x07品", "title_en": "x"},
                     {"title_en": "x"}, {"title_zh": "x"},
                     {"title_zh": 1, "title_en": "x"}):
            with self.subTest(body=body):
                self.assertJSONError(self.staff.post(path, body), 400,
                                     "invalid_title")
        self.assertEqual(self.staff.post(path, {
            "title_zh": "字" * 40, "title_en": "e" * 80}).status, 201)
        # By the form.
        r = self.staff.client.post_multipart(
            "/cohorts/%d/milestones" % cid, [("title_zh", "打样"),
                                             ("title_en", "Sample")],
            page="/cohorts/%d" % cid)
        self.assertRedirect(r, "/cohorts/%d" % cid)
        # Twelve at most.
        n = len(cohort(self.staff, cid)["milestones"])
        self.assertEqual(n, 6)
        for i in range(n, 12):
            self.assertEqual(self.staff.post(path, {
                "title_zh": "阶段 %d" % i, "title_en": "Step %d" % i}).status,
                201)
        self.assertJSONError(self.staff.post(path, {
            "title_zh": "第十三个", "title_en": "Thirteenth"}), 409,
            "too_many")
        self.assertEqual(len(cohort(self.staff, cid)["milestones"]), 12)
        # Only staff.
        self.assertJSONError(self.wang.post(path, {"title_zh": "x",
                                                   "title_en": "x"}),
                             403, "forbidden")

    def test_sign_offs(self):
        cid = self.cohort_new("签认班")["id"]
        a = incubating(self.server, self.staff, "何嘉欣")
        b = incubating(self.server, self.staff, "张小敏")
        outsider = incubating(self.server, self.staff, "不在班里")
        admit_ok(self.staff, cid, a.id, self.wang.id)
        admit_ok(self.staff, cid, b.id, self.chen.id)
        other_cid = self.cohort_new("另一个班")["id"]
        elsewhere = incubating(self.server, self.staff, "在别的班")
        admit_ok(self.staff, other_cid, elsewhere.id, self.wang.id)
        ms = [m["id"] for m in cohort(self.staff, cid)["milestones"]]
        # The mentor signs, with a comment: 201 with the cohort.
        r = sign(self.wang, ms[0], a.id, "构思完整，可以打样。")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["cohort"]["id"], cid)
        # Twice: 409, the first comment stays.
        self.assertJSONError(sign(self.wang, ms[0], a.id, "再签一次"), 409,
                             "already_signed")
        # Another master — even a mentor in the same cohort — may not.
        self.assertJSONError(sign(self.chen, ms[1], a.id), 403, "not_mentor")
        stranger = new_master(self.server, self.staff, "李玉华")
        self.assertJSONError(sign(stranger, ms[1], a.id), 403, "not_mentor")
        # Apprentices (the member too) and staff do not sign.
        for who in (a, b, self.staff):
            with self.subTest(who=who.name):
                self.assertJSONError(sign(who, ms[1], a.id), 403,
                                     "forbidden")
        # Not a member of this milestone's cohort: 404.
        self.assertJSONError(sign(self.wang, ms[1], outsider.id), 404,
                             "not_member")
        self.assertJSONError(sign(self.wang, ms[1], elsewhere.id), 404,
                             "not_member")
        self.assertJSONError(sign(self.wang, ms[1], 999999), 404,
                             "not_member")
        self.assertJSONError(sign(self.wang, 999999, a.id), 404,
                             "not_found")
        # The comment: 1 to 500 characters, lines allowed.
        for comment in ("", None, "评" * 501, "响\x07铃", 5):
            with self.subTest(comment=comment):
                self.assertJSONError(self.wang.post(
                    "/api/v1/milestones/%d/sign" % ms[1],
                    {"user": a.id, "comment": comment}), 400,
                    "invalid_comment")
        self.assertJSONError(self.wang.post(
            "/api/v1/milestones/%d/sign" % ms[1],
            {"user": "x", "comment": "好"}), 400, "invalid_user")
        self.assertEqual(sign(self.wang, ms[1], a.id, "评" * 500).status,
                         201)
        # A browser's textarea (CRLF), 500 characters with its breaks.
        r = sign(self.chen, ms[0], b.id, "\r\n".join(["评" * 9] * 50))
        self.assertEqual(r.status, 201, r)
        j = cohort(self.staff, cid)
        got = {m["user"]: m for m in j["members"]}
        self.assertEqual(got[a.id]["signed"], 2)
        self.assertEqual([(x["milestone"], x["signed"], x["comment"])
                          for x in got[a.id]["milestones"]],
                         [(ms[0], True, "构思完整，可以打样。"),
                          (ms[1], True, "评" * 500), (ms[2], False, "")])
        # The grid: sign-off forms for the mentor's own mentees only.
        page = self.wang.get("/cohorts/%d" % cid).text
        self.assertIn('action="/milestones/%d/sign"' % ms[2], page)
        self.assertIn('name="user" value="%d"' % a.id, page)
        self.assertNotIn('name="user" value="%d"' % b.id, page)
        self.assertIn("构思完整，可以打样。", page)
        self.assertNotIn("/sign", self.staff.get("/cohorts/%d" % cid).text)
        self.assertNotIn("/sign", a.get("/cohorts/%d" % cid).text)
        # The form signs too.
        r = self.wang.client.post_multipart(
            "/milestones/%d/sign" % ms[2],
            [("user", str(a.id)), ("comment", "展览作品完成。")],
            page="/cohorts/%d" % cid)
        self.assertRedirect(r, "/cohorts/%d" % cid)
        self.assertEqual({m["user"]: m["signed"] for m in cohort(
            self.staff, cid)["members"]}[a.id], 3)

    # -- the gate -------------------------------------------------------------

    def test_gate_to_selection(self):
        a = incubating(self.server, self.staff, "何嘉欣")
        p = person(self.staff, a.id)
        self.assertEqual((p["stage"], p["gate_open"]), ("incubation", False))
        self.assertEqual(needs(self.staff, a.id), [(NEED_COHORT, 0, 1)])
        for n in p["next_stage_needs"]:
            self.assertTrue(n["message"])
        self.assertJSONError(move(self.staff, a.id, "selection"), 409,
                             "gate_closed")
        cid = self.cohort_new("闸门班")["id"]
        admit_ok(self.staff, cid, a.id, self.wang.id)
        self.assertEqual(needs(self.staff, a.id), [(NEED_MILESTONES, 0, 3)])
        ms = [m["id"] for m in cohort(self.staff, cid)["milestones"]]
        self.assertEqual(sign(self.wang, ms[0], a.id).status, 201)
        self.assertEqual(needs(self.staff, a.id), [(NEED_MILESTONES, 1, 3)])
        # The person and their mentor see the same.
        self.assertEqual(needs(a, a.id), [(NEED_MILESTONES, 1, 3)])
        # A milestone added later is wanted too.
        r = self.staff.post("/api/v1/cohorts/%d/milestones" % cid,
                            {"title_zh": "结业展", "title_en": "Show"})
        self.assertEqual(r.status, 201, r)
        ms = [m["id"] for m in cohort(self.staff, cid)["milestones"]]
        self.assertEqual(needs(self.staff, a.id), [(NEED_MILESTONES, 1, 4)])
        for i, m in enumerate(ms[1:3], 2):
            self.assertEqual(sign(self.wang, m, a.id).status, 201)
            self.assertEqual(needs(self.staff, a.id),
                             [(NEED_MILESTONES, i, 4)])
            self.assertJSONError(move(self.staff, a.id, "selection"), 409,
                                 "gate_closed")
        # Another member's sign-offs do not count for her.
        b = incubating(self.server, self.staff, "张小敏")
        admit_ok(self.staff, cid, b.id, self.chen.id)
        self.assertEqual(sign(self.chen, ms[3], b.id).status, 201)
        self.assertEqual(needs(self.staff, a.id), [(NEED_MILESTONES, 3, 4)])
        self.assertEqual(needs(self.staff, b.id), [(NEED_MILESTONES, 1, 4)])
        # All signed: the gate is open and no reason is needed.
        self.assertEqual(sign(self.wang, ms[3], a.id).status, 201)
        p = person(self.staff, a.id)
        self.assertEqual((p["next_stage_needs"], p["gate_open"]), ([], True))
        self.assertIn('id="gate-open"', a.get("/people/%d" % a.id).text)
        r = move(self.staff, a.id, "selection")
        self.assertEqual(r.status, 200, r)
        p = person(self.staff, a.id)
        self.assertEqual(p["stage"], "selection")
        h = p["history"][-1]
        self.assertEqual((h["from"], h["to"], h["reason"], h["override"]),
                         ("incubation", "selection", "", False))
        members = {m["user"]: m for m in cohort(self.staff, cid)["members"]}
        self.assertEqual(members[a.id]["stage"], "selection")
        self.assertEqual(members[a.id]["signed"], 4)
        # The other member's gate is still closed.
        self.assertJSONError(move(self.staff, b.id, "selection"), 409,
                             "gate_closed")

    # -- the directory: specialities ------------------------------------------

    def test_speciality(self):
        m = new_master(self.server, self.staff, "黄少明")
        other = new_master(self.server, self.staff, "李玉华")
        a = new_apprentice(self.server, "林晓峰")
        path = "/api/v1/masters/%d/speciality" % m.id

        def shown():
            j = self.client().get("/api/v1/masters/%d" % m.id).json()
            page = self.client().get("/masters/%d" % m.id).text
            sp = re.search(r'<p id="speciality">(.*?)</p>', page, re.S)
            return j["speciality"], sp.group(1) if sp else None

        self.assertEqual(shown(), ("", None))
        # The master themself.
        r = m.post(path, {"speciality": "圆雕、镂空"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"master": m.id, "speciality": "圆雕、镂空"})
        spec, p = shown()
        self.assertEqual(spec, "圆雕、镂空")
        self.assertIn("圆雕、镂空", p)
        # Staff, by the form on the master's page; escaped there.
        xss = "<b>镂空</b> & \"圆雕\""
        r = self.staff.client.post_form(
            "/masters/%d/speciality" % m.id, {"speciality": xss},
            page="/masters/%d" % m.id)
        self.assertRedirect(r, "/masters/%d" % m.id)
        spec, p = shown()
        self.assertEqual(spec, xss)
        self.assertIn(html.escape(xss, quote=True).replace("&#x27;", "&#39;"),
                      p)
        self.assertNotIn("<b>", p)
        # Nobody else; and the rules.
        self.assertJSONError(other.post(path, {"speciality": "冒名"}), 403,
                             "forbidden")
        self.assertJSONError(a.post(path, {"speciality": "冒名"}), 403,
                             "forbidden")
        self.assertJSONError(self.client().post_json(
            path, {"speciality": "冒名"}), 401, "login_required")
        self.assertNotIn('action="/masters/%d/speciality"' % m.id,
                         other.get("/masters/%d" % m.id).text)
        for bad in ("艺" * 81, "圆雕\x07", "圆雕\n镂空", 5):
            with self.subTest(speciality=bad):
                self.assertJSONError(m.post(path, {"speciality": bad}), 400,
                                     "invalid_speciality")
        self.assertEqual(shown()[0], xss)
        self.assertEqual(m.post(path, {"speciality": "艺" * 80}).status, 200)
        # Empty clears it.
        self.assertEqual(m.post(path, {"speciality": ""}).status, 200)
        self.assertEqual(shown(), ("", None))
        # Not a master: not found.
        self.assertJSONError(self.staff.post(
            "/api/v1/masters/%d/speciality" % a.id, {"speciality": "x"}),
            404, "not_found")

    # -- who sees a cohort ----------------------------------------------------

    def test_visibility(self):
        cid = self.cohort_new("可见班")["id"]
        member = incubating(self.server, self.staff, "何嘉欣")
        admit_ok(self.staff, cid, member.id, self.wang.id)
        other_cid = self.cohort_new("隔壁班")["id"]
        neighbour = incubating(self.server, self.staff, "隔壁学员")
        admit_ok(self.staff, other_cid, neighbour.id, self.chen.id)
        outsider = new_apprentice(self.server, "路人")
        stranger = new_master(self.server, self.staff, "李玉华")
        for label, who, status in (
                ("staff", self.staff, 200), ("mentor", self.wang, 200),
                ("member", member, 200),
                ("another cohort's mentor", self.chen, 404),
                ("another cohort's member", neighbour, 404),
                ("apprentice", outsider, 404), ("master", stranger, 404)):
            for path in ("/cohorts/%d" % cid, "/api/v1/cohorts/%d" % cid):
                with self.subTest(who=label, path=path):
                    r = who.get(path)
                    self.assertEqual(r.status, status, r)
                    if status == 404:
                        self.assertNotIn("可见班", r.text)
                        self.assertNotIn("何嘉欣", r.text)
                        if path.startswith("/api/"):
                            self.assertJSONError(r, 404, "not_found")
                    elif path.startswith("/api/"):
                        self.assertEqual(r.json()["cohort"]["id"], cid)
                    else:
                        self.assertIn("何嘉欣", r.text)
        anon = self.client()
        self.assertRedirect(anon.get("/cohorts/%d" % cid), "/login")
        self.assertJSONError(anon.get("/api/v1/cohorts/%d" % cid), 401,
                             "login_required")
        self.assertJSONError(self.staff.get("/api/v1/cohorts/999999"), 404,
                             "not_found")
        # The list: staff all, a mentor theirs, apprentices none.
        ids = lambda who: [c["id"] for c in who.get(  # noqa: E731
            "/api/v1/cohorts").json()["cohorts"]]
        self.assertLessEqual({cid, other_cid}, set(ids(self.staff)))
        self.assertIn(cid, ids(self.wang))
        self.assertNotIn(other_cid, ids(self.wang))
        self.assertIn(other_cid, ids(self.chen))
        self.assertEqual(ids(stranger), [])
        self.assertNotIn("可见班", stranger.get("/cohorts").text)
        self.assertNotIn('id="cohort-form"', self.wang.get("/cohorts").text)
        for who in (member, outsider):
            self.assertJSONError(who.get("/api/v1/cohorts"), 403, "forbidden")
        self.assertRedirect(anon.get("/cohorts"), "/login")
        self.assertJSONError(anon.get("/api/v1/cohorts"), 401,
                             "login_required")


if __name__ == "__main__":
    unittest.main()
