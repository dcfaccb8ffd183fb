"""Recusal (回避): a judge never scores their own line. The lineage comes
from the master–apprentice links: 师爷 (the grand-master) took 师傅 on
when 师傅 was an apprentice, and 师傅 took on 徒弟, the entrant.

- With generations = 2 (the default) both 师傅 (one generation up) and
  师爷 (two) are recused from 徒弟's entry: it is not in their
  /api/v1/judging, a crafted POST with valid marks is 403 `recused` and
  stores nothing, and each recusal is a comp_recusals row and a score-log
  record ("recuse"). On a three-judge panel with min_panel 3 that leaves
  one sheet: the result says panel_short.
- With generations = 1 only 师傅 is recused; 师爷 scores. On a five-judge
  panel that leaves four sheets, so nothing is dropped (drop needs 5).
- A link made during judging recuses the judge from then on.
- The entrant's cohort mentor (孵化), who sees their private works, is
  recused like their master (issue 15): depth -2, a score-log record."""
import unittest

from comp_util import (add_judge, build, by_entry, flat, judging, lock,
                       master_of_masters, publish, results,
                       selection_apprentice, sheet, sheet_ok, step_ok)
from entry_util import day
from harness import ServerTestCase, user
from incub_util import admit_ok, create_cohort, incubating
from training_util import check_identity, login, new_master, take_on

RECUSED_ZH = "需要回避：这件作品出自您的传承谱系，您不能评分。此次回避已记录。"
RECUSED_EN = ("You are recused: this entry is by someone in your own line, "
              "so you cannot score it. The recusal is recorded.")


class RecusalTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.grand, cls.master = master_of_masters(cls.server, staff, "王师爷")
        cls.x = new_master(cls.server, staff, "评委X")
        cls.y = new_master(cls.server, staff, "评委Y")
        cls.z = new_master(cls.server, staff, "评委Z")
        cls.pupil = selection_apprentice(cls.server, staff, "徒弟小何")
        take_on(cls.pupil, cls.master)
        cls.stranger = selection_apprentice(cls.server, staff, "无关学员")
        cls.late = selection_apprentice(cls.server, staff, "后拜师学员")

    def competition(self, judges, entrants, **rules):
        """(competition id, {key: entry}) opened, one category."""
        b = build(self.server, self.staff, [("A", "摆件", "Ornament")],
                  [(key, "A", p, "作品" + key) for key, p in entrants],
                  judges={"A": judges}, **rules)
        return b.id, b.entries

    def recusals(self, entry_id):
        return self.server.sql(
            "SELECT judge, depth FROM comp_recusals WHERE entry = ?1 "
            "ORDER BY judge", entry_id)

    def log(self, entry_id, action="recuse"):
        return self.server.sql(
            "SELECT judge, actor FROM score_log WHERE entry = ?1 AND "
            "action = ?2 ORDER BY judge", entry_id, action)

    def sheets(self, entry_id):
        return self.server.sql(
            "SELECT judge FROM comp_sheets WHERE entry = ?1 ORDER BY judge",
            entry_id)

    def test_two_generations_and_a_short_panel(self):
        # Panel 师傅, 师爷, X; min_panel 3 (the default).
        cid, e = self.competition([self.master, self.grand, self.x],
                                  [("pupil", self.pupil),
                                   ("stranger", self.stranger)])
        pe, se = e["pupil"]["id"], e["stranger"]["id"]
        # Recorded at the opening: depth 1 for 师傅, 2 for 师爷; by staff.
        self.assertEqual(self.recusals(pe), sorted(
            [[str(self.master.id), "1"], [str(self.grand.id), "2"]],
            key=lambda r: int(r[0])))
        self.assertEqual(self.log(pe), sorted(
            [[str(self.master.id), str(self.staff.id)],
             [str(self.grand.id), str(self.staff.id)]],
            key=lambda r: int(r[0])))
        self.assertEqual(self.recusals(se), [])
        # Not offered.
        for j in (self.master, self.grand):
            self.assertEqual([x["id"] for x in judging(j)[cid]], [se])
        self.assertEqual(sorted(x["id"] for x in judging(self.x)[cid]),
                         sorted([pe, se]))
        # Refused whatever the request says, in the reader's language.
        for j in (self.master, self.grand):
            with self.subTest(judge=j.name):
                r = sheet(j, pe, flat(9.5))
                self.assertJSONError(r, 403, "recused", RECUSED_ZH)
                r = j.client.post_json(
                    "/api/v1/judging/%d" % pe, {"marks": flat(9.5),
                                                "final": True},
                    csrf=j.csrf, headers={"Accept-Language": "en"})
                self.assertJSONError(r, 403, "recused", RECUSED_EN)
                self.assertJSONError(j.get("/api/v1/judging/%d" % pe), 403,
                                     "recused")
                form = j.client.post_multipart(
                    "/judging/%d" % pe, [("c%d" % i, "9") for i in
                                         range(1, 10)] + [("final", "1")],
                    csrf=j.csrf)
                self.assertEqual(form.status, 403, form)
        self.assertEqual(self.sheets(pe), [])
        # Still one record each: a refusal does not log twice.
        self.assertEqual(len(self.log(pe)), 2)
        # X alone scores 徒弟: 77.00 from one sheet (all 7.7).
        sheet_ok(self.x, pe, flat(7.7))
        # 徒弟's stranger: 8.0, 8.0, 9.0 → (80 + 80 + 90) / 3 = 83.33…
        sheet_ok(self.master, se, flat(8.0))
        sheet_ok(self.grand, se, flat(8.0))
        sheet_ok(self.x, se, flat(9.0))
        self.assertEqual(self.sheets(pe), [[str(self.x.id)]])
        # Staff's progress: 4 sheets expected (2 × 3 − 2 recused).
        page = self.staff.get("/competitions/%d" % cid).text
        self.assertIn('<p id="progress">', page)
        self.assertRegex(page, r'<p id="progress">[^<]*: 4 / 4 · [^<]* 0 · '
                               r'[^<]* 2</p>')
        lk = step_ok(lock(self.staff, cid), "lock")
        self.assertEqual((lk["ranked"], lk["short_panels"]), (2, 1))
        res = by_entry(results(self.staff, cid))
        self.assertEqual((res[pe]["total"], res[pe]["total_num"],
                          res[pe]["total_den"], res[pe]["counted"],
                          res[pe]["panel_short"]),
                         ("77.00", 7700, 100, 1, True))
        self.assertEqual((res[se]["total"], res[se]["total_num"],
                          res[se]["total_den"], res[se]["counted"],
                          res[se]["panel_short"]),
                         ("83.33", 25000, 300, 3, False))
        self.assertEqual((res[se]["rank"], res[pe]["rank"]), (1, 2))
        step_ok(publish(self.staff, cid), "publish")
        page = self.client().get("/competitions/%d/results" % cid).text
        self.assertEqual(page.count("评委人数不足"), 1, "the panel_short note")

    def test_one_generation_and_no_dropping(self):
        # Panel 师傅, 师爷, X, Y, Z; generations 1: only 师傅 is recused.
        cid, e = self.competition(
            [self.master, self.grand, self.x, self.y, self.z],
            [("pupil", self.pupil)], generations=1)
        pe = e["pupil"]["id"]
        self.assertEqual(self.recusals(pe), [[str(self.master.id), "1"]])
        self.assertEqual(judging(self.master)[cid], [])
        self.assertEqual([x["id"] for x in judging(self.grand)[cid]], [pe])
        self.assertJSONError(sheet(self.master, pe, flat(10)), 403,
                             "recused")
        # 师爷 9.0 = 90, X 8.0 = 80, Y 7.0 = 70, Z 8.5 = 85: four sheets,
        # nothing dropped: (90 + 80 + 70 + 85) / 4 = 325 / 4 = 81.25
        # (dropping 90 and 70 would give 82.50).
        for j, m in ((self.grand, 9.0), (self.x, 8.0), (self.y, 7.0),
                     (self.z, 8.5)):
            sheet_ok(j, pe, flat(m))
        lk = step_ok(lock(self.staff, cid), "lock")
        self.assertEqual(lk["short_panels"], 0)
        r = by_entry(results(self.staff, cid))[pe]
        self.assertEqual((r["total"], r["total_num"], r["total_den"],
                          r["counted"], r["panel_short"]),
                         ("81.25", 32500, 400, 4, False))
        step_ok(publish(self.staff, cid), "publish")
        j = self.pupil.get("/api/v1/entries/%d" % pe).json()
        self.assertEqual(sorted(s["judge"] for s in j["sheets"]),
                         sorted([self.grand.id, self.x.id, self.y.id,
                                 self.z.id]))
        self.assertEqual([s.get("dropped") for s in j["sheets"]],
                         [None] * 4)
        self.assertEqual(j["result"]["counted"], 4)

    def test_a_link_made_during_judging(self):
        # Panel X, Y, Z; 后拜师学员 has no master when judging opens.
        cid, e = self.competition([self.x, self.y, self.z],
                                  [("late", self.late)], min_panel=1)
        le = e["late"]["id"]
        self.assertEqual(self.recusals(le), [])
        sheet_ok(self.z, le, flat(6.0), final=False)
        take_on(self.late, self.z)          # 拜师 during judging
        # Z's list no longer offers it; the recusal is recorded by the
        # list itself (actor Z), once.
        self.assertEqual(judging(self.z)[cid], [])
        self.assertEqual(self.recusals(le), [[str(self.z.id), "1"]])
        self.assertEqual(self.log(le), [[str(self.z.id), str(self.z.id)]])
        self.assertJSONError(sheet(self.z, le, flat(6.0)), 403, "recused")
        self.assertEqual(len(self.log(le)), 1)
        # X 8.0 and Y 7.0 count; Z's draft does not: (80 + 70) / 2 = 75.00.
        sheet_ok(self.x, le, flat(8.0))
        sheet_ok(self.y, le, flat(7.0))
        step_ok(lock(self.staff, cid), "lock")
        r = by_entry(results(self.staff, cid))[le]
        self.assertEqual((r["total"], r["counted"], r["panel_short"]),
                         ("75.00", 2, False))

    def test_ended_and_declined_links(self):
        # An ended mentorship is still the lineage (出师 does not make
        # a stranger); a declined request never was.
        staff = self.staff
        j_end = new_master(self.server, staff, "出师的师傅")
        j_dec = new_master(self.server, staff, "婉拒的师傅")
        p_end = selection_apprentice(self.server, staff, "已出师学员")
        p_dec = selection_apprentice(self.server, staff, "被婉拒学员")
        mid = take_on(p_end, j_end)
        r = j_end.post("/api/v1/mentorships/%d/end" % mid,
                       {"reason": "出师"})
        self.assertEqual(r.status, 200, r)
        r = p_dec.post("/api/v1/masters/%d/ask" % j_dec.id, {})
        self.assertEqual(r.status, 201, r)
        r = j_dec.post("/api/v1/mentorships/%d/decline" %
                       r.json()["mentorship"])
        self.assertEqual(r.status, 200, r)
        cid, e = self.competition([j_end, j_dec], [("end", p_end),
                                                   ("dec", p_dec)])
        ee, de = e["end"]["id"], e["dec"]["id"]
        self.assertEqual(self.recusals(ee), [[str(j_end.id), "1"]])
        self.assertEqual(self.recusals(de), [])
        self.assertEqual([x["id"] for x in judging(j_end)[cid]], [de])
        self.assertEqual(sorted(x["id"] for x in judging(j_dec)[cid]),
                         sorted([ee, de]))
        self.assertJSONError(sheet(j_end, ee, flat(9)), 403, "recused")
        sheet_ok(j_dec, de, flat(9))

    def test_a_judge_added_during_judging(self):
        # 师傅 joins the panel after the opening: recused at once (by the
        # staff member who added them), and the lock does not wait for a
        # sheet 师傅 may not give.
        cid, e = self.competition([self.x], [("pupil", self.pupil)],
                                  min_panel=1)
        pe = e["pupil"]["id"]
        cat = self.staff.get("/api/v1/competitions/%d" % cid).json()[
            "categories"][0]["id"]
        add_judge(self.staff, cid, cat, self.master.id)
        self.assertEqual(self.recusals(pe), [[str(self.master.id), "1"]])
        self.assertEqual(self.log(pe), [[str(self.master.id),
                                         str(self.staff.id)]])
        self.assertEqual(judging(self.master)[cid], [])
        page = self.staff.get("/competitions/%d" % cid).text
        self.assertRegex(page, r'<p id="progress">[^<]*: 0 / 1 · ')
        sheet_ok(self.x, pe, flat(8.0))
        lk = step_ok(lock(self.staff, cid), "lock")
        self.assertEqual(lk["ranked"], 1)

    def test_a_final_sheet_before_the_link(self):
        # Z submits a final sheet, then takes the entrant on: from the
        # lock on Z is recused, the sheet does not count — X 8.0 and Y
        # 7.0 do: (80 + 70) / 2 = 75.00 — and the published breakdown,
        # which explains the total, must not show Z's 60.00 as a counted
        # sheet (dropped null) beside the two that made 75.00.
        staff = self.staff
        x = new_master(self.server, staff, "先评X")
        y = new_master(self.server, staff, "先评Y")
        z = new_master(self.server, staff, "先评Z")
        p = selection_apprentice(self.server, staff, "后来拜师")
        cid, e = self.competition([x, y, z], [("p", p)], min_panel=1)
        pe = e["p"]["id"]
        sheet_ok(z, pe, flat(6.0))
        sheet_ok(x, pe, flat(8.0))
        sheet_ok(y, pe, flat(7.0))
        take_on(p, z)
        step_ok(lock(staff, cid), "lock")
        self.assertEqual(self.recusals(pe), [[str(z.id), "1"]])
        step_ok(publish(staff, cid), "publish")
        j = p.get("/api/v1/entries/%d" % pe).json()
        self.assertEqual((j["result"]["counted"], j["result"]["total_num"],
                          j["result"]["total_den"]), (2, 15000, 200))
        counted = sorted(s["judge_name"] for s in j["sheets"]
                         if s.get("dropped") is None)
        self.assertEqual(counted, ["先评X", "先评Y"], j["sheets"])

    def test_the_cohort_mentor(self):
        # 孵化学员 was admitted to a cohort with 孵化导师 as mentor (no
        # 拜师: no lineage between them), then moved on to selection.
        # The mentor sees the entrant's private works, so is recused from
        # the entry at the opening (actor: staff), is not offered it, and
        # a crafted sheet is 403 recused and stores nothing; X scores.
        staff = self.staff
        mentor = new_master(self.server, staff, "孵化导师")
        x = new_master(self.server, staff, "导师案评委X")
        mentee = incubating(self.server, staff, "孵化学员")
        check_identity(staff, mentee.id, mentee.name)
        other = selection_apprentice(self.server, staff, "非孵化学员")
        c = create_cohort(staff, "2027 导师回避班", day(-10), day(170))
        admit_ok(staff, c["id"], mentee.id, mentor.id)
        cid, e = self.competition([mentor, x], [("mentee", mentee),
                                                ("other", other)],
                                  min_panel=1)
        me, oe = e["mentee"]["id"], e["other"]["id"]
        self.assertEqual(self.recusals(me), [[str(mentor.id), "-2"]])
        self.assertEqual(self.log(me), [[str(mentor.id), str(staff.id)]])
        self.assertEqual(self.recusals(oe), [])
        self.assertEqual([j["id"] for j in judging(mentor)[cid]], [oe])
        self.assertEqual(sorted(j["id"] for j in judging(x)[cid]),
                         sorted([me, oe]))
        self.assertJSONError(sheet(mentor, me, flat(9.5)), 403, "recused",
                             RECUSED_ZH)
        self.assertEqual(self.sheets(me), [])
        self.assertEqual(len(self.log(me)), 1)
        sheet_ok(x, me, flat(8.0))
        sheet_ok(mentor, oe, flat(8.0))


if __name__ == "__main__":
    unittest.main()
