"""Entering a competition and the staff's set-up: who may enter what and
when (the selection stage, one's own work with a photo, the window, once
per work), the route's roles, the eligibility check (a refusal needs a
note), what opening judging waits for (every entry checked, an eligible
entry, a judge on every category with entries), judges are masters, the
rules' validation (criteria, tiers, dates, numbers, non-string JSON), a
body over 1 MB, hostile text escaped on every page, and every error in
Chinese by default and in English when asked (Accept-Language or the
yj_lang cookie)."""
import html
import re
import unittest

from comp_util import (THREE_TIERS, add_category, add_judge, check,
                       check_ok, comp_body, comp_open, comp_show, csv_rows,
                       create_comp, enter, enter_ok, lock, publish,
                       selection_apprentice, sheet_ok, step_ok,
                       work_with_photo)
from entry_util import day
from harness import ServerTestCase, user
from incub_util import create_work, move
from training_util import login, new_apprentice, new_master

MSG = {
    "entries_closed": ("不在报名期内。", "Entries are not open now."),
    "not_selection_stage": ("只有处于评选阶段的学员可以报名参赛。",
                            "Only apprentices at the selection stage can "
                            "enter."),
    "not_your_work": ("只能用自己作品集中的作品参赛。",
                      "You can only enter a work from your own portfolio."),
    "no_photos": ("参赛作品至少要有一张照片。",
                  "An entry needs at least one photo of the work."),
    "already_done": ("已经处理过了，不能重复。", "That has been done already."),
    "judge_not_master": ("评委须为师傅。", "Judges are masters."),
    "invalid_criteria": (
        "评分项有误：每行“中文 | English | 权重”，1到12项，权重合计须为100。",
        "The criteria are wrong: one per line “中文 | English | weight”, 1 "
        "to 12 of them, weights summing to 100."),
    "invalid_tiers": ("奖项有误：每行“中文 | English | 名额”，1到6项。",
                      "The tiers are wrong: one per line “中文 | English | "
                      "places”, 1 to 6 of them."),
    "invalid_dates": ("请填写正确的日期（年-月-日），结课不能早于开课。",
                      "Please give valid dates (YYYY-MM-DD); the end cannot "
                      "be before the start."),
    "entries_unchecked": ("还有参赛作品未审核资格。",
                          "Some entries still wait for their eligibility "
                          "check."),
    "no_entries": ("没有符合资格的参赛作品。", "There is no eligible entry."),
    "no_judges": ("有组别已有参赛作品但还没有评委。",
                  "A category with entries has no judge."),
    "not_published": ("结果尚未公布。", "The results are not published yet."),
    "not_found": ("没有这个评选。", "There is no such competition."),
    "invalid_note": ("说明最多200个字；判定不符合资格时须写明原因。",
                     "A note is up to 200 characters, and a refusal needs "
                     "one."),
    "invalid_category": ("请选择本评选的组别。",
                         "Choose one of this competition's categories."),
    "wrong_state": ("评选当前所处阶段不允许此操作。",
                    "The competition is not at a step that allows this."),
}


class EntriesTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.judge = new_master(cls.server, staff, "评委")
        cls.comp = create_comp(staff, name_zh="开放中的大赛")
        cls.cid = cls.comp["id"]
        cls.cat = add_category(staff, cls.cid, "摆件", "Ornament")
        cls.cat2 = add_category(staff, cls.cid, "挂件", "Pendant")
        add_judge(staff, cls.cid, cls.cat, cls.judge.id)
        cls.future = create_comp(staff, name_zh="尚未开始的大赛",
                                 opens=day(5), closes=day(40))
        cls.future_cat = add_category(staff, cls.future["id"], "摆件")
        cls.past = create_comp(staff, name_zh="已截止的大赛",
                               opens=day(-40), closes=day(-1))
        cls.past_cat = add_category(staff, cls.past["id"], "摆件")
        cls.sel = selection_apprentice(cls.server, staff, "评选学员")
        cls.sel2 = selection_apprentice(cls.server, staff, "另一学员")

    def count(self, cid=None):
        return int(self.server.sql(
            "SELECT count(*) FROM comp_entries WHERE competition = ?1",
            cid or self.cid)[0][0])

    def new_comp(self, name, judge=True):
        cid = create_comp(self.staff, name_zh=name)["id"]
        cat = add_category(self.staff, cid, "摆件")
        if judge:
            add_judge(self.staff, cid, cat, self.judge.id)
        return cid, cat

    # -- entering -------------------------------------------------------------

    def test_who_may_enter_what(self):
        before = self.count()
        newbie = new_apprentice(self.server, "刚入门")
        w_newbie = work_with_photo(newbie, "入门作品")
        incubating = new_apprentice(self.server, "孵化中")
        self.assertEqual(move(self.staff, incubating.id, "incubation",
                              "测试").status, 200)
        w_incub = work_with_photo(incubating, "孵化作品")
        w_sel2 = work_with_photo(self.sel2, "别人的作品")
        bare = create_work(self.sel, title="没有照片的作品")
        for who, body, status, code in (
                (newbie, {"category": self.cat, "work": w_newbie["id"]}, 403,
                 "not_selection_stage"),
                (incubating, {"category": self.cat, "work": w_incub["id"]},
                 403, "not_selection_stage"),
                (self.sel, {"category": self.cat, "work": w_sel2["id"]}, 403,
                 "not_your_work"),
                (self.sel, {"category": self.cat, "work": 999999}, 403,
                 "not_your_work"),
                (self.sel, {"category": self.cat, "work": bare["id"]}, 409,
                 "no_photos"),
                (self.sel, {"category": self.future_cat,
                            "work": bare["id"]}, 400, "invalid_category"),
                (self.sel, {"category": 999999, "work": bare["id"]}, 400,
                 "invalid_category"),
                (self.sel, {"category": str(self.cat), "work": bare["id"]},
                 400, "invalid_category"),
                (self.sel, {"work": bare["id"]}, 400, "invalid_category"),
                (self.sel, {"category": self.cat}, 400, "invalid_work"),
                (self.sel, {"category": self.cat, "work": -1}, 400,
                 "invalid_work")):
            with self.subTest(who=who.name, body=body, code=code):
                r = who.post("/api/v1/competitions/%d/entries" % self.cid,
                             body)
                self.assertJSONError(r, status, code)
        self.assertEqual(self.count(), before)
        # Outside the window, whatever else is right.
        w = work_with_photo(self.sel, "按时的作品")
        for comp, cat in ((self.future, self.future_cat),
                          (self.past, self.past_cat)):
            with self.subTest(comp=comp["name_zh"]):
                self.assertJSONError(enter(self.sel, comp["id"], cat,
                                           w["id"]), 409, "entries_closed")
                self.assertEqual(self.count(comp["id"]), 0)
        # Once per work, whichever category.
        e = enter_ok(self.sel, self.cid, self.cat, w["id"])
        self.assertEqual((e["status"], e["entrant"], e["work"], e["title"],
                          e["category"], e["reached"]),
                         ("pending", self.sel.id, w["id"], "按时的作品",
                          self.cat, 0))
        for cat in (self.cat, self.cat2):
            self.assertJSONError(enter(self.sel, self.cid, cat, w["id"]),
                                 409, "already_done")
        self.assertEqual(self.count(), before + 1)
        # The same work may go to another competition.
        other, ocat = self.new_comp("另一场大赛")
        enter_ok(self.sel, other, ocat, w["id"])

    def test_only_apprentices_enter(self):
        w = work_with_photo(self.sel2, "角色测试")
        body = {"category": self.cat, "work": w["id"]}
        before = self.count()
        anon = self.client()
        for who, c, token, status, code in (
                ("master", self.judge.client, self.judge.csrf, 403,
                 "forbidden"),
                ("staff", self.staff.client, self.staff.csrf, 403,
                 "forbidden"),
                ("anonymous", anon, anon.api_csrf(), 401,
                 "login_required")):
            with self.subTest(who=who):
                r = c.post_json("/api/v1/competitions/%d/entries" % self.cid,
                                body, csrf=token)
                self.assertJSONError(r, status, code)
                r = c.post_multipart(
                    "/competitions/%d/entries" % self.cid,
                    [("category", str(self.cat)), ("work", str(w["id"]))],
                    csrf=token)
                self.assertEqual(r.status, status, r)
        self.assertEqual(self.count(), before)

    def test_the_entry_form(self):
        p = selection_apprentice(self.server, self.staff, "表单学员")
        w = work_with_photo(p, "有照片的作品")
        create_work(p, title="无照片的作品")
        page = p.get("/competitions/%d" % self.cid)
        self.assertEqual(page.status, 200)
        form = re.search(r'<form[^>]*id="enter-form".*?</form>', page.text,
                         re.S)
        self.assertIsNotNone(form, "no entry form")
        self.assertIn('<option value="%d">有照片的作品</option>' % w["id"],
                      form.group(0))
        self.assertNotIn("无照片的作品", form.group(0))
        self.assertIn('<option value="%d">摆件</option>' % self.cat,
                      form.group(0))
        r = p.client.post_multipart(
            "/competitions/%d/entries" % self.cid,
            [("category", str(self.cat)), ("work", str(w["id"]))],
            csrf=page.form_csrf("/competitions/%d/entries" % self.cid))
        self.assertEqual(r.status, 303, r)
        eid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(r.location, "/entries/%d" % eid)
        page = p.get(r.location)
        self.assertEqual(page.status, 200)
        self.assertIn("有照片的作品", page.text)
        self.assertIn('<p id="status">待审核', page.text)
        # Not at the selection stage: the page says why, no form.
        newbie = new_apprentice(self.server, "未到评选阶段")
        page = newbie.get("/competitions/%d" % self.cid).text
        self.assertNotIn('id="enter-form"', page)
        self.assertIn("只有处于评选阶段的学员可以报名参赛。", page)
        # Outside the window: no entry section at all.
        self.assertNotIn('id="enter"', p.get("/competitions/%d" %
                                             self.future["id"]).text)

    def test_the_check(self):
        w = work_with_photo(self.sel2, "待审核作品")
        e = enter_ok(self.sel2, self.cid, self.cat, w["id"])["id"]
        for body, status, code in (
                ({"verdict": "refused"}, 400, "invalid_note"),
                ({"verdict": "refused", "note": ""}, 400, "invalid_note"),
                ({"verdict": "refused", "note": "理" * 201}, 400,
                 "invalid_note"),
                ({"verdict": "eligible", "note": 5}, 400, "invalid_note"),
                ({"verdict": "maybe"}, 400, "invalid_verdict"),
                ({}, 400, "invalid_verdict")):
            with self.subTest(body=body):
                self.assertJSONError(self.staff.post(
                    "/api/v1/entries/%d/check" % e, body), status, code)
        self.assertEqual(self.server.sql(
            "SELECT status FROM comp_entries WHERE id = ?1", e),
            [["pending"]])
        self.assertJSONError(self.judge.post("/api/v1/entries/%d/check" % e,
                                             {"verdict": "eligible"}), 403,
                             "forbidden")
        self.assertJSONError(self.staff.post("/api/v1/entries/999999/check",
                                             {"verdict": "eligible"}), 404,
                             "not_found")
        r = check(self.staff, e, "refused", "理" * 200)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["entry"]["status"],
                          r.json()["entry"]["note"]), ("refused", "理" * 200))
        # A decision may change while entries are taken.
        r = check(self.staff, e, "eligible")
        self.assertEqual(r.json()["entry"]["status"], "eligible")
        # The form on the staff's page.
        page = self.staff.get("/competitions/%d" % self.cid)
        r = self.staff.client.post_multipart(
            "/entries/%d/check" % e, [("verdict", "refused"), ("note", "")],
            csrf=page.form_csrf("/entries/%d/check" % e))
        self.assertEqual(r.status, 400, r)
        r = self.staff.client.post_multipart(
            "/entries/%d/check" % e, [("verdict", "refused"),
                                      ("note", "尺寸超出规定")],
            csrf=self.staff.csrf)
        self.assertRedirect(r, "/competitions/%d#entries" % self.cid)
        self.assertEqual(self.server.sql(
            "SELECT status, note FROM comp_entries WHERE id = ?1", e),
            [["refused", "尺寸超出规定"]])

    def test_a_double_click(self):
        # The same work entered twice at the same moment: one entry.
        import threading
        from concurrent.futures import ThreadPoolExecutor
        p = selection_apprentice(self.server, self.staff, "双击学员")
        w = work_with_photo(p, "双击作品")
        barrier = threading.Barrier(2)

        def go(_):
            barrier.wait()
            return enter(p, self.cid, self.cat, w["id"])

        with ThreadPoolExecutor(2) as ex:
            answers = list(ex.map(go, range(2)))
        self.assertEqual(sorted(r.status for r in answers), [201, 409],
                         answers)
        self.assertJSONError([r for r in answers if r.status == 409][0],
                             409, "already_done")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_entries WHERE work = ?1", w["id"]),
            [["1"]])

    # -- opening --------------------------------------------------------------

    def test_category_names(self):
        cid, _ = self.new_comp("组别名称赛")
        url = "/api/v1/competitions/%d/categories" % cid
        for body in ({}, {"name_zh": ""}, {"name_zh": "组" * 31},
                     {"name_zh": 5}, {"name_zh": "组", "name_en": ["x"]},
                     {"name_zh": "组", "name_en": "x" * 61},
                     # 31 characters, 62 bytes: past what a category holds.
                     {"name_zh": "组", "name_en": "·" * 31}):
            with self.subTest(body=str(body)[:40]):
                self.assertJSONError(self.staff.post(url, body), 400,
                                     "invalid_name")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_categories WHERE competition = ?1",
            cid), [["1"]])
        self.assertEqual(self.staff.post(url, {"name_zh": "组" * 30,
                                              "name_en": "·" * 30}).status,
                         201)
        self.assertJSONError(self.staff.post(url, {"name_zh": "组" * 30}),
                             409, "already_done")

    def test_what_opening_waits_for(self):
        staff = self.staff
        # No entries at all.
        cid, cat = self.new_comp("空的大赛")
        self.assertJSONError(comp_open(staff, cid), 409, "no_entries")
        # One waiting for its check.
        p = selection_apprentice(self.server, staff, "开赛学员")
        e = enter_ok(p, cid, cat, work_with_photo(p)["id"])["id"]
        self.assertJSONError(comp_open(staff, cid), 409, "entries_unchecked")
        # Every entry refused.
        check_ok(staff, e, "refused", "不符合组别要求")
        self.assertJSONError(comp_open(staff, cid), 409, "no_entries")
        # A category with an eligible entry and no judge.
        cat2 = add_category(staff, cid, "挂件")
        e2 = enter_ok(p, cid, cat2, work_with_photo(p, "挂件作品")["id"])["id"]
        check_ok(staff, e2)
        self.assertJSONError(comp_open(staff, cid), 409, "no_judges")
        self.assertEqual(comp_show(staff, cid)["competition"]["state"],
                         "entries")
        add_judge(staff, cid, cat2, self.judge.id)
        o = step_ok(comp_open(staff, cid), "open")["competition"]
        self.assertEqual((o["state"], o["round"]), ("judging", 1))
        # And now entries, categories and rules are closed.
        self.assertJSONError(enter(p, cid, cat2, work_with_photo(
            p, "迟到的作品")["id"]), 409, "wrong_state")
        self.assertJSONError(staff.post(
            "/api/v1/competitions/%d/categories" % cid, {"name_zh": "新组"}),
            409, "wrong_state")
        self.assertJSONError(staff.post("/api/v1/competitions/%d" % cid,
                                        comp_body("改名")), 409,
                             "wrong_state")
        self.assertJSONError(check(staff, e2, "refused", "太迟"), 409,
                             "wrong_state")
        self.assertJSONError(comp_open(staff, cid), 409, "wrong_state")
        # Judges may still join (until the lock).
        late = new_master(self.server, staff, "后加评委")
        add_judge(staff, cid, cat2, late.id)
        # Only staff open.
        self.assertJSONError(self.judge.post(
            "/api/v1/competitions/%d/open" % cid, {}), 403, "forbidden")

    def test_judges_are_masters(self):
        cid, cat = self.new_comp("评委测试", judge=False)
        apprentice = new_apprentice(self.server, "学员评委")
        for judge, status, code in ((apprentice.id, 400, "judge_not_master"),
                                    (self.staff.id, 400, "judge_not_master"),
                                    (999999, 400, "judge_not_master")):
            with self.subTest(judge=judge):
                self.assertJSONError(self.staff.post(
                    "/api/v1/competitions/%d/judges" % cid,
                    {"category": cat, "judge": judge}), status, code)
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/%d/judges" % cid,
            {"category": self.cat, "judge": self.judge.id}), 400,
            "invalid_category")
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/%d/judges" % cid,
            {"category": cat}), 400, "invalid_judge")
        add_judge(self.staff, cid, cat, self.judge.id)
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/%d/judges" % cid,
            {"category": cat, "judge": self.judge.id}), 409, "already_done")
        j = comp_show(self.staff, cid)
        self.assertEqual(j["judges"], [{"category": cat,
                                        "judge": self.judge.id,
                                        "name": "评委"}])
        self.assertEqual(j["categories"][0]["judges"], 1)
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/999999/judges",
            {"category": cat, "judge": self.judge.id}), 404, "not_found")

    # -- the rules ------------------------------------------------------------

    def test_rules_validation(self):
        twelve = "\n".join("项%d | C%d | %d" % (i, i, 9 if i <= 4 else 8)
                           for i in range(1, 13))       # 4×9 + 8×8 = 100
        thirteen = twelve.replace("项1 | C1 | 9", "项1 | C1 | 1") + \
            "\n项13 | C13 | 8"                           # 100, 13 lines
        bad = [
            ({"criteria": "甲 | A | 50\n乙 | B | 49"}, "invalid_criteria"),
            ({"criteria": "甲 | A | 50\n乙 | B | 51"}, "invalid_criteria"),
            ({"criteria": thirteen}, "invalid_criteria"),
            ({"criteria": "甲 A 100"}, "invalid_criteria"),
            ({"criteria": "甲 | A | 0\n乙 | B | 100"}, "invalid_criteria"),
            ({"criteria": "甲 | A | abc"}, "invalid_criteria"),
            ({"criteria": "甲 | A | 100.0"}, "invalid_criteria"),
            ({"criteria": " | A | 100"}, "invalid_criteria"),
            ({"criteria": "甲" * 21 + " | A | 100"}, "invalid_criteria"),
            ({"criteria": "甲 | A | B | 100"}, "invalid_criteria"),
            ({"criteria": "甲 | " + "A" * 61 + " | 100"}, "invalid_criteria"),
            ({"tiers": "金奖 | Gold"}, "invalid_tiers"),
            ({"tiers": "金奖 | Gold | 0"}, "invalid_tiers"),
            ({"tiers": "金奖 | Gold | -1"}, "invalid_tiers"),
            ({"tiers": "金奖 | Gold | x"}, "invalid_tiers"),
            ({"tiers": "金奖 | Gold | 1001"}, "invalid_tiers"),
            ({"tiers": "\n".join("奖%d | T%d | 1" % (i, i)
                                 for i in range(7))}, "invalid_tiers"),
            ({"opens": "2027-02-30"}, "invalid_dates"),
            ({"opens": "2027/03/01"}, "invalid_dates"),
            ({"opens": ""}, "invalid_dates"),
            ({"opens": day(40), "closes": day(10)}, "invalid_dates"),
            ({"closes": "2027-13-01"}, "invalid_dates"),
            ({"name_zh": ""}, "invalid_name"),
            ({"name_zh": "赛" * 61}, "invalid_name"),
            ({"name_en": "x" * 121}, "invalid_name"),
            # 61 characters, 122 bytes: past what a competition holds.
            ({"name_en": "·" * 61}, "invalid_name"),
            ({"mode": "olympic"}, "invalid_mode"),
            ({"min_panel": 0}, "invalid_min_panel"),
            ({"min_panel": 17}, "invalid_min_panel"),
            ({"min_panel": "3"}, "invalid_min_panel"),
            ({"spread": 4}, "invalid_spread"),
            ({"spread": -1}, "invalid_spread"),
            ({"generations": 0}, "invalid_generations"),
            ({"generations": 6}, "invalid_generations"),
            ({"advance": -1}, "invalid_advance"),
            ({"advance": 1001}, "invalid_advance"),
            ({"advance": 1.5}, "invalid_advance"),
            ({"tiebreak": "10"}, "invalid_tiebreak"),
            ({"tiebreak": "4 4"}, "invalid_tiebreak"),
            ({"tiebreak": "x"}, "invalid_tiebreak"),
            ({"tiebreak": "0"}, "invalid_tiebreak"),
        ]
        n = len(self.client().get("/api/v1/competitions").json()[
            "competitions"])
        for change, code in bad:
            body = comp_body("规则测试")
            body.update(change)
            with self.subTest(change=str(change)[:60]):
                r = self.staff.post("/api/v1/competitions", body)
                if r.status == 201:
                    n += 1
                self.assertJSONError(r, 400, code, MSG.get(code, (None,))[0])
        # Non-strings where text is wanted: refused, never defaulted.
        for field, value in (("name_zh", 123), ("name_zh", None),
                             ("name_en", ["x"]), ("criteria", ["甲|A|100"]),
                             ("tiers", 5), ("opens", 20270301),
                             ("mode", True), ("tiebreak", 4)):
            body = comp_body("类型测试")
            body[field] = value
            with self.subTest(field=field, value=value):
                r = self.staff.post("/api/v1/competitions", body)
                if r.status == 201:
                    n += 1
                self.assertEqual(r.status, 400, r)
                self.assertTrue(r.json()["message"])
        self.assertEqual(len(self.client().get("/api/v1/competitions").json()[
            "competitions"]), n)
        # The limits themselves are good.
        c = create_comp(self.staff, name_zh="赛" * 60, criteria=twelve,
                        tiers="\n".join("奖%d | T%d | %d" % (i, i, i)
                                        for i in range(1, 7)),
                        tiebreak="12 1", min_panel=16, spread=3,
                        generations=5, advance=1000)
        self.assertEqual((len(c["criteria"]), len(c["tiers"]), c["tiebreak"],
                          c["rounds"]), (12, 6, [12, 1], 2))
        c = create_comp(self.staff, criteria="甲 | A | 60\r\n\r\n乙 | | 40\r\n",
                        opens=day(3), closes=day(3))
        self.assertEqual([(x["name_zh"], x["name_en"], x["weight"])
                          for x in c["criteria"]],
                         [("甲", "A", 60), ("乙", "", 40)])
        # New criteria drop the default tie-break (it named old positions).
        self.assertEqual(c["tiebreak"], [])
        # The edit route checks the same way.
        r = self.staff.post("/api/v1/competitions/%d" % c["id"],
                            comp_body("改规则", criteria="甲 | A | 99"))
        self.assertJSONError(r, 400, "invalid_criteria")
        r = self.staff.post("/api/v1/competitions/%d" % c["id"],
                            comp_body("改规则", tiers=THREE_TIERS))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["competition"]["name_zh"], "改规则")

    def test_a_body_over_a_megabyte(self):
        n = len(self.client().get("/api/v1/competitions").json()[
            "competitions"])
        r = self.staff.post("/api/v1/competitions", None, raw=(
            b'{"name_zh":"' + b"a" * (1024 * 1024 + 10) + b'"}'))
        self.assertJSONError(r, 413, "too_large")
        r = self.staff.client.post_multipart(
            "/competitions", [("name_zh", "赛"), ("criteria",
                                                   "x" * (1024 * 1024 + 10))],
            csrf=self.staff.csrf)
        self.assertEqual(r.status, 413, r)
        self.assertEqual(len(self.client().get("/api/v1/competitions").json()[
            "competitions"]), n)
        self.assertHealthy()

    # -- errors in both languages ---------------------------------------------

    def test_errors_in_the_readers_language(self):
        staff = self.staff
        newbie = new_apprentice(self.server, "语言测试")
        w_newbie = work_with_photo(newbie, "语言作品")
        w_other = work_with_photo(self.sel2, "他人作品")
        bare = create_work(self.sel, title="无照片")
        done = work_with_photo(self.sel, "已报名")
        enter_ok(self.sel, self.cid, self.cat, done["id"])
        pending_cid, pending_cat = self.new_comp("待审核大赛")
        enter_ok(self.sel, pending_cid, pending_cat, done["id"])
        empty_cid, _ = self.new_comp("空大赛")
        nojudge_cid, nojudge_cat = self.new_comp("无评委大赛", judge=False)
        e = enter_ok(self.sel, nojudge_cid, nojudge_cat, done["id"])["id"]
        check_ok(staff, e)
        cases = [
            ("entries_closed", 409, self.sel, "POST",
             "/api/v1/competitions/%d/entries" % self.past["id"],
             {"category": self.past_cat, "work": done["id"]}),
            ("not_selection_stage", 403, newbie, "POST",
             "/api/v1/competitions/%d/entries" % self.cid,
             {"category": self.cat, "work": w_newbie["id"]}),
            ("not_your_work", 403, self.sel, "POST",
             "/api/v1/competitions/%d/entries" % self.cid,
             {"category": self.cat, "work": w_other["id"]}),
            ("no_photos", 409, self.sel, "POST",
             "/api/v1/competitions/%d/entries" % self.cid,
             {"category": self.cat, "work": bare["id"]}),
            ("already_done", 409, self.sel, "POST",
             "/api/v1/competitions/%d/entries" % self.cid,
             {"category": self.cat, "work": done["id"]}),
            ("invalid_category", 400, self.sel, "POST",
             "/api/v1/competitions/%d/entries" % self.cid,
             {"category": 999999, "work": done["id"]}),
            ("judge_not_master", 400, staff, "POST",
             "/api/v1/competitions/%d/judges" % self.cid,
             {"category": self.cat, "judge": newbie.id}),
            ("invalid_criteria", 400, staff, "POST", "/api/v1/competitions",
             comp_body(criteria="甲 | A | 1")),
            ("invalid_tiers", 400, staff, "POST", "/api/v1/competitions",
             comp_body(tiers="金奖")),
            ("invalid_dates", 400, staff, "POST", "/api/v1/competitions",
             comp_body(opens="2027-02-30")),
            ("entries_unchecked", 409, staff, "POST",
             "/api/v1/competitions/%d/open" % pending_cid, {}),
            ("no_entries", 409, staff, "POST",
             "/api/v1/competitions/%d/open" % empty_cid, {}),
            ("no_judges", 409, staff, "POST",
             "/api/v1/competitions/%d/open" % nojudge_cid, {}),
            ("wrong_state", 409, staff, "POST",
             "/api/v1/competitions/%d/lock" % self.cid, {}),
            ("invalid_note", 400, staff, "POST",
             "/api/v1/entries/%d/check" % e, {"verdict": "refused"}),
            ("not_published", 404, None, "GET",
             "/api/v1/competitions/%d/results" % self.cid, None),
            ("not_found", 404, None, "GET", "/api/v1/competitions/999999",
             None),
        ]
        for code, status, who, method, path, body in cases:
            zh, en = MSG[code]
            c = who.client if who is not None else self.client()
            token = who.csrf if who is not None else None
            for lang, cookie, want in ((None, None, zh), ("en", None, en),
                                       ("en-GB,en;q=0.9", None, en),
                                       ("zh-CN", "en", en),
                                       ("en", "zh", zh)):
                with self.subTest(code=code, lang=lang, cookie=cookie):
                    saved = c.cookies.get("yj_lang")
                    if cookie:
                        c.cookies["yj_lang"] = cookie
                    try:
                        h = {"Accept-Language": lang} if lang else {}
                        if method == "POST":
                            r = c.post_json(path, body, csrf=token,
                                            headers=h)
                        else:
                            r = c.request("GET", path, headers=h)
                    finally:
                        if saved is None:
                            c.cookies.pop("yj_lang", None)
                        else:
                            c.cookies["yj_lang"] = saved
                    self.assertJSONError(r, status, code, want)
        # An HTML refusal reads in the reader's language too.
        r = self.sel.client.post_multipart(
            "/competitions/%d/entries" % self.past["id"],
            [("category", str(self.past_cat)), ("work", str(done["id"]))],
            csrf=self.sel.csrf, headers={"Accept-Language": "en"})
        self.assertEqual(r.status, 409, r)
        self.assertIn("Entries are not open now.", r.text)
        self.assertIn('<html lang="en"', r.text)
        r = self.sel.client.post_multipart(
            "/competitions/%d/entries" % self.past["id"],
            [("category", str(self.past_cat)), ("work", str(done["id"]))],
            csrf=self.sel.csrf)
        self.assertIn("不在报名期内。", r.text)


class HostileTextTest(ServerTestCase):
    """Markup in every name staff, judges and entrants may type is shown
    as text on every page, from set-up to the published results."""
    users = {"staff": user("周晓琳", "staff")}

    NAME = "<script>alert(1)</script>玉雕赛"
    NAME_EN = "<img src=x onerror=alert(2)>"
    CAT = "<b>摆件</b>"
    CRIT = "<s>工艺</s> | <em>Craft</em> | 60\n创意 | Creativity | 40"
    TIERS = "<i>金奖</i> | <u>Gold</u> | 1"
    TITLE = "<script>alert(3)</script>"
    PERSON = "<svg onload=alert(4)>"
    JUDGE = "<a href=javascript:alert(5)>评委</a>"
    NOTE = "<iframe src=x>"
    RAW = ["<script>alert(", "<img src=x", "<b>摆件", "<s>工艺", "<em>Craft",
           "<i>金奖", "<u>Gold", "<svg onload", "<a href=javascript",
           "<iframe"]

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.comp = create_comp(staff, name_zh=cls.NAME, name_en=cls.NAME_EN,
                               criteria=cls.CRIT, tiers=cls.TIERS,
                               min_panel=1)
        cid = cls.cid = cls.comp["id"]
        cat = add_category(staff, cid, cls.CAT, cls.CAT)
        cls.judge = new_master(cls.server, staff, cls.JUDGE)
        add_judge(staff, cid, cat, cls.judge.id)
        cls.entrant = selection_apprentice(cls.server, staff, cls.PERSON)
        cls.other = selection_apprentice(cls.server, staff, "普通学员")
        w = work_with_photo(cls.entrant, cls.TITLE)
        cls.entry = enter_ok(cls.entrant, cid, cat, w["id"])["id"]
        w2 = work_with_photo(cls.other, "普通作品")
        cls.refused = enter_ok(cls.other, cid, cat, w2["id"])["id"]
        cls.formula = selection_apprentice(cls.server, staff, "+学员")
        w3 = work_with_photo(cls.formula, '=HYPERLINK("http://x","点我")')
        cls.formula_entry = enter_ok(cls.formula, cid, cat, w3["id"])["id"]
        check_ok(staff, cls.entry)
        check_ok(staff, cls.formula_entry)
        check_ok(staff, cls.refused, "refused", cls.NOTE)
        cls.pages = {}
        cls.snap("entries")
        step_ok(comp_open(staff, cid), "open")
        cls.snap("judging")
        sheet_ok(cls.judge, cls.entry, [8, 9])
        sheet_ok(cls.judge, cls.formula_entry, [7, 7])
        step_ok(lock(staff, cid), "lock")
        cls.snap("locked")
        step_ok(publish(staff, cid), "publish")
        cls.snap("published")

    @classmethod
    def snap(cls, when):
        cid, e = cls.cid, cls.entry
        anon = cls.server.client()
        for who, c in (("anonymous", anon), ("staff", cls.staff.client),
                       ("judge", cls.judge.client),
                       ("entrant", cls.entrant.client),
                       ("other", cls.other.client)):
            for path in ("/competitions", "/competitions/%d" % cid,
                         "/competitions/%d/results" % cid, "/entries/%d" % e,
                         "/entries/%d" % cls.refused, "/judging",
                         "/judging/%d" % e, "/me", "/nominations",
                         "/staff/dashboard", "/certs"):
                r = c.get(path)
                cls.pages[(when, who, path)] = r

    def test_escaped_everywhere(self):
        shown = 0
        for (when, who, path), r in sorted(self.pages.items()):
            with self.subTest(when=when, who=who, path=path):
                self.assertNotIn(r.status, (500, 502, 503), r)
                for raw in self.RAW:
                    self.assertNotIn(raw, r.text)
                if r.status != 200:
                    continue
                self.assertTrue(r.header("content-type", "").startswith(
                    "text/html"), r.headers)
                if "&lt;script&gt;alert(1)" in r.text:
                    shown += 1
        # The name was shown (escaped) on the pages that carry it.
        self.assertGreater(shown, 10)
        for key, needle in (
                (("published", "anonymous", "/competitions/%d/results" %
                  self.cid), html.escape("<svg onload=alert(4)>",
                                         quote=False)),
                (("published", "anonymous", "/competitions/%d/results" %
                  self.cid), "&lt;i&gt;金奖&lt;/i&gt;"),
                (("judging", "judge", "/judging/%d" % self.entry),
                 "&lt;s&gt;工艺&lt;/s&gt;"),
                (("entries", "staff", "/competitions/%d" % self.cid),
                 "&lt;iframe src=x&gt;"),
                (("published", "entrant", "/entries/%d" % self.entry),
                 "&lt;a href=javascript:alert(5)&gt;评委&lt;/a&gt;")):
            with self.subTest(page=key, needle=needle):
                self.assertIn(needle, self.pages[key].text)
        # The English name too, on the English page.
        en = self.client(lang="en").get("/competitions/%d" % self.cid).text
        self.assertIn("&lt;img src=x onerror=alert(2)&gt;", en)
        self.assertNotIn("<img src=x", en)

    def test_csv_cells_are_never_formulas(self):
        r = self.client().get("/competitions/%d/results.csv" % self.cid)
        self.assertEqual(r.status, 200, r)
        bom, crlf, rows = csv_rows(r.body)
        self.assertTrue(bom and crlf)
        # <s>工艺</s> 60 %, 创意 40 %: 8 and 9 → 48 + 36 = 84.00;
        # 7 and 7 → 70.00.
        self.assertEqual(rows[1:], [
            [self.CAT, "1", "<i>金奖</i>", self.code(self.entry),
             self.PERSON, self.TITLE, "84.00", "1"],
            [self.CAT, "2", "", self.code(self.formula_entry), "'+学员",
             "'=HYPERLINK(\"http://x\",\"点我\")", "70.00", "1"]])

    def code(self, entry):
        return self.server.sql("SELECT code FROM comp_entries WHERE id = ?1",
                               entry)[0][0]


if __name__ == "__main__":
    unittest.main()
