"""评选 end to end through HTTP: staff create a weighted competition with
the default rules (checked in the answer), narrow its tiers, add two
categories with panels of five and of three masters, apprentices at the
selection stage enter works with photos, staff check them (one refused),
open judging; every judge submits (one drafts, edits, then submits;
one uses the HTML form), staff lock and publish. Then the public results
(JSON, the page, the CSV) hold the ranks, tiers and totals computed by
hand below from the marks sent; the list shows the competition
published; every placed entry has its award certificate, drawn in one
batch; two golds propose the title 平洲玉匠; the entrant sees each
judge's sheet with the dropped highest and lowest marked, others see
the result only.

The whole competition is run once in prepare() (its answers kept); each
test checks one part of what it left.

Marks (weights 5 5 25 30 10 5 5 10 5; a judge's total is Σ w × m / 10):

  摆件 (five judges J1..J5: the highest and lowest total are dropped)
    A1 林晓雯  J1 all 9.0 = 90.00 (dropped, highest)
               J2 all 8.5, c4 9.0 = 85 + 30 × 0.5 / 10 = 86.50
               J3 all 8.8, c1 8.1 = 88 − 5 × 0.7 / 10 = 87.65
               J4 all 8.7 = 87.00
               J5 all 6.0 = 60.00 (dropped, lowest)
               (86.50 + 87.65 + 87.00) / 3 = 261.15 / 3 = 87.05
               as a fraction: (8650 + 8765 + 8700) / (3 × 100) = 26115/300
    A2 陈美玲  J1 8.0 = 80.00, J2 8.2 = 82.00,
               J3 all 7.9, c3 8.0 = 79 + 25 × 0.1 / 10 = 79.25,
               J4 9.5 = 95.00 (highest), J5 7.0 = 70.00 (lowest)
               (80 + 82 + 79.25) / 3 = 241.25 / 3 = 80.41666… → "80.42"
               24125/300
    A3 黄志豪  J1..J5 7.5 7.6 7.7 7.8 7.9: drop 79 and 75,
               (76 + 77 + 78) / 3 = 77.00, 23100/300
    A4 梁家伟  all five 7.0: 70.00 (two of the equal sheets dropped),
               21000/300
    ranks 1 2 3 4; tiers (narrowed to 金 1, 银 1, 铜 1): 金 银 铜 none

  挂件 (three judges K1..K3: all count)
    B1 林晓雯  K1 9.0 = 90, K2 all 8.0, c4 9.5 = 80 + 30 × 1.5 / 10 = 84.50,
               K3 8.5 = 85; (90 + 84.5 + 85) / 3 = 86.50, 25950/300
    B2 吴嘉怡  K1 8.0 = 80, K2 8.1 = 81, K3 all 8.0, c2 8.3 = 80.15;
               241.15 / 3 = 80.38333… → "80.38", 24115/300
    B3 郭子轩  all three 6.5 (K3 through the HTML form): 65.00, 19500/300
    ranks 1 2 3; tiers 金 银 铜

  Awards: A1 A2 A3 B1 B2 B3 = 6; 林晓雯 has two golds → one nomination.
"""
import re
import unittest

from cert_util import wait_batch
from comp_util import (DEFAULT_CRITERIA, DEFAULT_TIEBREAK, DEFAULT_TIERS,
                       THREE_TIERS, add_category, add_judge, check,
                       check_ok, comp_body, comp_open, csv_rows, enter_ok,
                       flat, judging, lock, publish, results,
                       selection_apprentice, sheet, step_ok,
                       work_with_photo, CODE_RE)
from entry_util import day
from harness import ServerTestCase, user
from training_util import login, new_apprentice, new_master

A_JUDGES = ["韩立评", "赵文评", "钱思评", "孙敬评", "李正评"]
B_JUDGES = ["周明评", "吴德评", "郑宽评"]

# entry key -> (category key, entrant name, work title)
ENTRIES = [
    ("A1", "A", "林晓雯", "翡翠观音摆件"),
    ("A2", "A", "陈美玲", "岫玉山水摆件"),
    ("A3", "A", "黄志豪", "独山玉花鸟摆件"),
    ("A4", "A", "梁家伟", "和田玉仕女摆件"),
    ("B1", "B", "林晓雯", "和田玉平安扣"),
    ("B2", "B", "吴嘉怡", "翡翠如意挂件"),
    ("B3", "B", "郭子轩", "岫玉葫芦挂件"),
]

# Marks per entry, one list per judge in panel order.
MARKS = {
    "A1": [flat(9.0), flat(8.5, c4=9.0), flat(8.8, c1=8.1), flat(8.7),
           flat(6.0)],
    "A2": [flat(8.0), flat(8.2), flat(7.9, c3=8.0), flat(9.5), flat(7.0)],
    "A3": [flat(7.5), flat(7.6), flat(7.7), flat(7.8), flat(7.9)],
    "A4": [flat(7.0)] * 5,
    "B1": [flat(9.0), flat(8.0, c4=9.5), flat(8.5)],
    "B2": [flat(8.0), flat(8.1), flat(8.0, c2=8.3)],
    "B3": [flat(6.5)] * 3,
}

# entry -> (rank, tier pos, tier_zh, tier_en, total, total_num, counted)
EXPECTED = {
    "A1": (1, 1, "金奖", "Gold", "87.05", 26115, 3),
    "A2": (2, 2, "银奖", "Silver", "80.42", 24125, 3),
    "A3": (3, 3, "铜奖", "Bronze", "77.00", 23100, 3),
    "A4": (4, 0, "", "", "70.00", 21000, 3),
    "B1": (1, 1, "金奖", "Gold", "86.50", 25950, 3),
    "B2": (2, 2, "银奖", "Silver", "80.38", 24115, 3),
    "B3": (3, 3, "铜奖", "Bronze", "65.00", 19500, 3),
}

NAME_ZH = "2027 平洲玉雕大赛"
NAME_EN = "2027 Pingzhou Jade Carving Awards"


class FlowTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        # 1. Create with the defaults: name and window only.
        r = staff.post("/api/v1/competitions", comp_body(NAME_ZH, NAME_EN))
        cls.created = step_ok(r, "create", 201)["competition"]
        cid = cls.cid = cls.created["id"]
        # 2. The rules while taking entries: three tiers of one place.
        cls.edited = step_ok(staff.post(
            "/api/v1/competitions/%d" % cid,
            comp_body(NAME_ZH, NAME_EN, tiers=THREE_TIERS)),
            "edit rules")["competition"]
        # 3. Categories and panels.
        cls.cat = {"A": add_category(staff, cid, "摆件", "Ornament"),
                   "B": add_category(staff, cid, "挂件", "Pendant")}
        cls.judges = {
            "A": [new_master(cls.server, staff, n) for n in A_JUDGES],
            "B": [new_master(cls.server, staff, n) for n in B_JUDGES]}
        for k, js in cls.judges.items():
            for j in js:
                add_judge(staff, cid, cls.cat[k], j.id)
        # 4. Entrants (林晓雯 enters both categories), works, entries.
        cls.people = {}
        cls.works = {}
        cls.entries = {}
        for key, cat, name, title in ENTRIES:
            if name not in cls.people:
                cls.people[name] = selection_apprentice(cls.server, staff,
                                                        name)
            p = cls.people[name]
            cls.works[key] = work_with_photo(p, title)
            cls.entries[key] = enter_ok(p, cid, cls.cat[cat],
                                        cls.works[key]["id"])
        cls.refused_person = selection_apprentice(cls.server, staff,
                                                  "何俊杰")
        w = work_with_photo(cls.refused_person, "模糊的照片")
        cls.refused = enter_ok(cls.refused_person, cid, cls.cat["A"],
                               w["id"])
        cls.pending_before_open = step_ok(comp_open(staff, cid), "open "
                                          "while pending", 409)
        for key in cls.entries:
            check_ok(staff, cls.entries[key]["id"])
        cls.refused_checked = step_ok(check(
            staff, cls.refused["id"], "refused", "照片不清晰，无法评审"),
            "refuse")["entry"]
        # 5. Open round 1.
        cls.opened = step_ok(comp_open(staff, cid), "open")["competition"]
        # 6. Sheets. J2 on A1: a draft, an edited draft, the final one.
        j2 = cls.judges["A"][1]
        a1 = cls.entries["A1"]["id"]
        cls.draft1 = step_ok(sheet(j2, a1, flat(8.0), final=False),
                             "draft")["sheet"]
        cls.list_draft = judging(j2)[cid]
        cls.draft2 = step_ok(sheet(j2, a1, ["8.3"] * 9, final=False),
                             "edit")["sheet"]
        cls.get_draft2 = step_ok(j2.get("/api/v1/judging/%d" % a1),
                                 "get draft")
        cls.final_j2 = step_ok(sheet(j2, a1, MARKS["A1"][1]),
                               "final")["sheet"]
        cls.final_again = sheet(j2, a1, flat(10))
        for key, cat, _, _ in ENTRIES:
            for n, j in enumerate(cls.judges[cat]):
                if (key, n) in (("A1", 1), ("B3", 2)):
                    continue
                step_ok(sheet(j, cls.entries[key]["id"], MARKS[key][n]),
                        "sheet %s J%d" % (key, n + 1))
        # K3 on B3 through the HTML form (c1..c9, final=1).
        k3 = cls.judges["B"][2]
        b3 = cls.entries["B3"]["id"]
        cls.form = k3.client.post_multipart(
            "/judging/%d" % b3, [("c%d" % i, "6.5") for i in range(1, 10)] +
            [("final", "1")], csrf=k3.csrf)
        cls.list_done = {j.id: judging(j)[cid] for js in
                         cls.judges.values() for j in js}
        cls.dash_judging = step_ok(staff.get("/api/v1/dashboard"),
                                   "dashboard")["competitions_in_progress"]
        # 7. Lock: results for staff only, then publish.
        cls.locked = step_ok(lock(staff, cid), "lock")
        cls.anon_before = cls.server.client().get(
            "/api/v1/competitions/%d/results" % cid)
        cls.staff_before = results(staff, cid)
        cls.published = step_ok(publish(staff, cid, "zh"), "publish")

    # -- helpers --------------------------------------------------------------

    def eid(self, key):
        return self.entries[key]["id"]

    def person_of(self, key):
        return self.people[dict((k, n) for k, _, n, _ in ENTRIES)[key]]

    # -- before publication ---------------------------------------------------

    def test_created_with_the_default_rules(self):
        c = self.created
        self.assertEqual({k: c[k] for k in (
            "name_zh", "name_en", "state", "round", "rounds", "published",
            "entries", "mode", "mark_max", "min_panel", "spread",
            "generations", "advance", "tiebreak")}, {
            "name_zh": NAME_ZH, "name_en": NAME_EN, "state": "entries",
            "round": 0, "rounds": 1, "published": False, "entries": 0,
            "mode": "weighted", "mark_max": 10, "min_panel": 3,
            "spread": 1, "generations": 2, "advance": 0,
            "tiebreak": DEFAULT_TIEBREAK})
        self.assertEqual(c["criteria"], [
            {"pos": i + 1, "name_zh": zh, "name_en": en, "weight": w}
            for i, (zh, en, w) in enumerate(DEFAULT_CRITERIA)])
        self.assertEqual(c["tiers"], [
            {"pos": i + 1, "name_zh": zh, "name_en": en, "quota": q}
            for i, (zh, en, q) in enumerate(DEFAULT_TIERS)])
        self.assertNotIn("log_head", c)
        # The staff's page offers the same rules in the form.
        page = self.staff.get("/competitions/%d" % self.cid)
        self.assertEqual(page.status, 200)

    def test_rules_edit_kept_the_criteria(self):
        e = self.edited
        self.assertEqual(e["id"], self.cid)
        self.assertEqual([(t["name_zh"], t["name_en"], t["quota"])
                          for t in e["tiers"]],
                         [("金奖", "Gold", 1), ("银奖", "Silver", 1),
                          ("铜奖", "Bronze", 1)])
        self.assertEqual([x["weight"] for x in e["criteria"]],
                         [5, 5, 25, 30, 10, 5, 5, 10, 5])

    def test_entries_and_the_check(self):
        for key, cat, name, title in ENTRIES:
            e = self.entries[key]
            self.assertRegex(e["code"], CODE_RE)
            self.assertEqual((e["category"], e["status"], e["entrant"],
                              e["entrant_name"], e["title"], e["reached"]),
                             (self.cat[cat], "pending",
                              self.person_of(key).id, name, title, 0))
        self.assertEqual(len({e["code"] for e in self.entries.values()}), 7)
        self.assertEqual(self.pending_before_open["error"],
                         "entries_unchecked")
        self.assertEqual((self.refused_checked["status"],
                          self.refused_checked["note"]),
                         ("refused", "照片不清晰，无法评审"))
        o = self.opened
        self.assertEqual((o["state"], o["round"], o["entries"]),
                         ("judging", 1, 7))     # the refused one not counted

    def test_draft_edit_final(self):
        self.assertEqual(self.draft1["marks"], ["8"] * 9)
        self.assertFalse(self.draft1["final"])
        a1 = self.eid("A1")
        self.assertEqual({e["id"]: e["sheet"] for e in self.list_draft}[a1],
                         "draft")
        self.assertEqual(self.draft2["marks"], ["8.3"] * 9)
        g = self.get_draft2
        self.assertEqual(g["sheet"]["marks"], ["8.3"] * 9)
        self.assertFalse(g["sheet"]["final"])
        self.assertEqual((g["round"], g["mode"], g["mark_max"]),
                         (1, "weighted", 10))
        self.assertEqual(self.final_j2["marks"],
                         ["8.5", "8.5", "8.5", "9", "8.5", "8.5", "8.5",
                          "8.5", "8.5"])
        self.assertTrue(self.final_j2["final"])
        self.assertJSONError(self.final_again, 409, "sheet_final")
        # The form's sheet landed as typed.
        self.assertRedirect(self.form, "/judging")
        rows = self.server.sql(
            "SELECT marks, final FROM comp_sheets WHERE entry = ?1 AND "
            "judge = ?2", self.eid("B3"), self.judges["B"][2].id)
        self.assertEqual(rows, [[" ".join(["65"] * 9), "1"]])
        # Every judge's list ends all final: 4 entries for the five of
        # 摆件 (the refused one is not judged), 3 for the three of 挂件.
        for k, js in self.judges.items():
            for j in js:
                lst = self.list_done[j.id]
                self.assertEqual(sorted(e["id"] for e in lst), sorted(
                    self.eid(key) for key, cat, _, _ in ENTRIES
                    if cat == k))
                self.assertEqual({e["sheet"] for e in lst}, {"final"})
        # Two drafts and 29 final sheets in the score log (4 × 5 + 3 × 3).
        rows = self.server.sql(
            "SELECT action, count(*) FROM score_log WHERE competition = ?1 "
            "AND action IN ('draft', 'final') GROUP BY action ORDER BY "
            "action", self.cid)
        self.assertEqual(rows, [["draft", "2"], ["final", "29"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM score_log WHERE competition = ?1 AND "
            "action = 'judge.add'", self.cid), [["8"]])

    def test_lock_answer(self):
        lk = self.locked
        self.assertEqual((lk["ranked"], lk["advanced"], lk["short_panels"]),
                         (7, 0, 0))
        self.assertEqual((lk["competition"]["state"],
                          lk["competition"]["published"]),
                         ("locked", False))
        self.assertJSONError(self.anon_before, 404, "not_published")
        s = self.staff_before
        self.assertEqual((s["competition"]["published"],
                          s["competition"]["state"],
                          s["competition"]["log_head"]),
                         (False, "locked", ""))
        self.assertEqual(sum(len(k["results"]) for k in s["categories"]), 7)

    # -- publication ----------------------------------------------------------

    def test_publish_answer(self):
        p = self.published
        self.assertEqual((p["awards"], p["nominations"]), (6, 1))
        self.assertIsInstance(p["batch"], int)
        self.assertGreater(p["batch"], 0)
        c = p["competition"]
        self.assertEqual((c["state"], c["published"]), ("published", True))
        self.assertRegex(c["log_head"], r"^[0-9a-f]{64}$")
        # The head is the "publish" record's hash, the last of the log.
        self.assertEqual(self.server.sql(
            "SELECT action, hash FROM score_log ORDER BY id DESC LIMIT 1"),
            [["publish", c["log_head"]]])

    def test_dashboard_count(self):
        # One competition: in progress while judged, not once published.
        self.assertEqual(self.dash_judging, 1)
        self.assertEqual(self.staff.get("/api/v1/dashboard").json()[
            "competitions_in_progress"], 0)

    def test_results_json(self):
        res = results(self.client(), self.cid)
        c = res["competition"]
        self.assertEqual({k: c[k] for k in ("id", "name_zh", "name_en",
                                            "published", "state")},
                         {"id": self.cid, "name_zh": NAME_ZH,
                          "name_en": NAME_EN, "published": True,
                          "state": "published"})
        self.assertEqual(c["log_head"], self.published["competition"][
            "log_head"])
        self.assertEqual([(k["id"], k["name_zh"], k["name_en"])
                          for k in res["categories"]],
                         [(self.cat["A"], "摆件", "Ornament"),
                          (self.cat["B"], "挂件", "Pendant")])
        for k, cat in zip(res["categories"], ("A", "B")):
            keys = [key for key, c2, _, _ in ENTRIES if c2 == cat]
            want = []
            for key in keys:
                rank, tier, tzh, ten, total, num, counted = EXPECTED[key]
                p = self.person_of(key)
                want.append({
                    "rank": rank, "tier": tier, "tier_zh": tzh,
                    "tier_en": ten, "code": self.entries[key]["code"],
                    "entry": self.eid(key), "entrant": p.id,
                    "entrant_name": p.name,
                    "title": self.works[key]["title"], "total": total,
                    "total_num": num, "total_den": 300, "counted": counted,
                    "panel_short": False})
            self.assertEqual(k["results"], want)

    def test_competitions_list(self):
        for c in (self.client(), self.person_of("A2").client):
            r = c.get("/api/v1/competitions")
            self.assertEqual(r.status, 200, r)
            mine = [x for x in r.json()["competitions"]
                    if x["id"] == self.cid]
            self.assertEqual(len(mine), 1)
            x = mine[0]
            self.assertEqual({k: x[k] for k in (
                "name_zh", "state", "round", "rounds", "published",
                "entries", "log_head")}, {
                "name_zh": NAME_ZH, "state": "published", "round": 1,
                "rounds": 1, "published": True, "entries": 7,
                "log_head": self.published["competition"]["log_head"]})
        page = self.client().get("/competitions")
        self.assertEqual(page.status, 200)
        self.assertIn('href="/competitions/%d/results"' % self.cid,
                      page.text)

    def test_results_page(self):
        r = self.client().get("/competitions/%d/results" % self.cid)
        self.assertEqual(r.status, 200, r)
        self.assertNotIn('id="provisional"', r.text)
        self.assertIn('<code id="log-head">%s</code>' %
                      self.published["competition"]["log_head"], r.text)
        for cat, heading in (("A", "摆件"), ("B", "挂件")):
            m = re.search(r'<h2>%s</h2><div class="scroll" tabindex="0">'
                          r'<table class="grid results" id="results-%d">'
                          r'(.*?)</table>' %
                          (heading, self.cat[cat]), r.text, re.S)
            self.assertIsNotNone(m, "no table for %s" % heading)
            rows = re.findall(
                r'<tr(?: class="tier-(\d)")?><td>(\d+)</td><td>([^<]*)</td>'
                r'<td><a href="/entries/(\d+)">([^<]*)</a><br><small>'
                r'([^<]*) · <code>([A-Z0-9]{8})</code>.*?</small></td>'
                r'<td>([0-9.]+)</td></tr>', m.group(1))
            want = []
            for key in [k for k, c2, _, _ in ENTRIES if c2 == cat]:
                rank, tier, tzh, _, total, _, _ = EXPECTED[key]
                want.append((str(tier) if tier else "", str(rank), tzh,
                             str(self.eid(key)), self.person_of(key).name,
                             self.works[key]["title"],
                             self.entries[key]["code"], total))
            self.assertEqual(rows, want)
        self.assertNotIn("何俊杰", r.text)
        # In English: the tiers' English names.
        en = self.client(lang="en").get("/competitions/%d/results" %
                                        self.cid)
        self.assertIn("<td>Gold</td>", en.text)
        self.assertIn("<h2>Ornament</h2>", en.text)

    def test_results_csv(self):
        r = self.client().get("/competitions/%d/results.csv" % self.cid)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("content-type", "").startswith("text/csv"),
                        r.headers)
        bom, crlf, rows = csv_rows(r.body)
        self.assertTrue(bom)
        self.assertTrue(crlf)
        self.assertEqual(rows[0], ["组别 category", "名次 rank", "奖项 tier",
                                   "编号 code", "参赛者 entrant", "作品 work",
                                   "总分 total", "计分评委 judges"])
        want = []
        for key, cat, name, title in ENTRIES:
            rank, _, tzh, _, total, _, counted = EXPECTED[key]
            want.append(["摆件" if cat == "A" else "挂件", str(rank), tzh,
                         self.entries[key]["code"], name, title, total,
                         str(counted)])
        self.assertEqual(rows[1:], want)

    def test_award_certificates_and_batch(self):
        b = wait_batch(self, self.staff, self.published["batch"])
        self.assertEqual((b["total"], b["done"], b["failed"], b["status"]),
                         (6, 6, 0, "done"))
        rows = self.server.sql(
            "SELECT c.user, c.kind, c.title_zh, c.batch FROM certificates c "
            "JOIN honours h ON c.event = 'honour:' || h.id WHERE h.source "
            "= ?1 AND h.kind = 'award' ORDER BY c.user, c.title_zh",
            "competition:%d" % self.cid)
        want = sorted([
            [str(self.person_of(key).id), "award", "%s %s %s" % (
                NAME_ZH, "摆件" if key[0] == "A" else "挂件",
                EXPECTED[key][2]), str(self.published["batch"])]
            for key in ("A1", "A2", "A3", "B1", "B2", "B3")],
            key=lambda x: (int(x[0]), x[2]))
        self.assertEqual(rows, want)
        # 林晓雯's own list: two golds, in Chinese and English.
        lin = self.people["林晓雯"]
        r = lin.get("/api/v1/certs")
        self.assertEqual(r.status, 200, r)
        awards = sorted((c["title_zh"], c["title_en"], c["status"])
                        for c in r.json()["certificates"]
                        if c["kind"] == "award")
        self.assertEqual(awards, [
            (NAME_ZH + " 挂件 金奖",
             NAME_EN + " · Pendant · Gold", "valid"),
            (NAME_ZH + " 摆件 金奖",
             NAME_EN + " · Ornament · Gold", "valid")])
        # No tier, no award.
        liang = self.person_of("A4")
        self.assertEqual([c for c in liang.get("/api/v1/certs").json()[
            "certificates"] if c["kind"] == "award"], [])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM honours WHERE user = ?1", liang.id),
            [["0"]])

    def test_two_golds_propose_the_title(self):
        lin = self.people["林晓雯"]
        r = self.staff.get("/api/v1/nominations")
        self.assertEqual(r.status, 200, r)
        noms = [n for n in r.json()["nominations"]
                if n["competition"] == self.cid]
        self.assertEqual(len(noms), 1, noms)
        n = noms[0]
        self.assertEqual((n["user"], n["name"], n["title_zh"], n["state"]),
                         (lin.id, "林晓雯", "平洲玉匠", "proposed"))
        self.assertIn("2 × 金奖", n["reason"])
        page = self.staff.get("/nominations")
        self.assertIn("林晓雯", page.text)
        r = self.staff.post("/api/v1/nominations/%d/confirm" % n["id"])
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["state"], "confirmed")
        self.assertEqual((j["certificate"]["kind"],
                          j["certificate"]["holder"],
                          j["certificate"]["title_zh"]),
                         ("title", "林晓雯", "平洲玉匠"))
        self.assertJSONError(self.staff.post(
            "/api/v1/nominations/%d/confirm" % n["id"]), 409,
            "already_done")
        titles = [c["title_zh"] for c in lin.get("/api/v1/certs").json()[
            "certificates"] if c["kind"] == "title"]
        self.assertEqual(titles, ["平洲玉匠"])

    def test_entrant_breakdown(self):
        # 陈美玲's A2: J4 (95.00) and J5 (70.00) dropped.
        p = self.person_of("A2")
        r = p.get("/api/v1/entries/%d" % self.eid("A2"))
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["entry"]["entrant_name"], "陈美玲")
        self.assertEqual(j["photos"], ["/entries/%d/photos/1.jpg" %
                                       self.eid("A2")])
        self.assertEqual(j["result"], {
            "round": 1, "rank": 2, "tier": 2, "total_num": 24125,
            "total_den": 300, "counted": 3, "flags": 0})
        js = self.judges["A"]
        got = {s["judge"]: (s["judge_name"], s["round"], s["final"],
                            s["total"], s.get("dropped"))
               for s in j["sheets"]}
        self.assertEqual(got, {
            js[0].id: (A_JUDGES[0], 1, True, "80.00", None),
            js[1].id: (A_JUDGES[1], 1, True, "82.00", None),
            js[2].id: (A_JUDGES[2], 1, True, "79.25", None),
            js[3].id: (A_JUDGES[3], 1, True, "95.00", "highest"),
            js[4].id: (A_JUDGES[4], 1, True, "70.00", "lowest")})
        # Each judge's marks per criterion (J3: 7.9 everywhere, c3 8.0).
        marks = {s["judge"]: s["marks"] for s in j["sheets"]}
        self.assertEqual(mark_values(marks[js[2].id]),
                         [7.9, 7.9, 8.0, 7.9, 7.9, 7.9, 7.9, 7.9, 7.9])
        # The page: the breakdown, two rows marked dropped, marks as typed.
        page = p.get("/entries/%d" % self.eid("A2")).text
        self.assertIn('id="breakdown-1"', page)
        self.assertEqual(page.count('<tr class="dropped">'), 2)
        row = re.search(r'<th scope="row">%s</th>(.*?)</tr>' % A_JUDGES[2],
                        page).group(1)
        self.assertEqual(re.findall(r"<td>([0-9.]+)</td>", row),
                         ["7.9", "7.9", "8", "7.9", "7.9", "7.9", "7.9",
                          "7.9", "7.9"])
        self.assertIn("<strong>79.25</strong>", row)
        self.assertIn('src="/entries/%d/spread.png"' % self.eid("A2"), page)
        chart = p.get("/entries/%d/spread.png" % self.eid("A2"))
        self.assertEqual((chart.status, chart.header("content-type")),
                         (200, "image/png"))
        # A4: all five equal — still two dropped (the first highest, the
        # first other lowest: J1 and J2 in judge order).
        r = self.person_of("A4").get("/api/v1/entries/%d" % self.eid("A4"))
        drops = {s["judge"]: s.get("dropped") for s in r.json()["sheets"]}
        self.assertEqual(drops, {js[0].id: "highest", js[1].id: "lowest",
                                 js[2].id: None, js[3].id: None,
                                 js[4].id: None})

    def test_breakdown_dropped_is_null_when_counted(self):
        """README: dropped: "highest"|"lowest"|null — a counted sheet
        carries "dropped": null."""
        r = self.person_of("A2").get("/api/v1/entries/%d" % self.eid("A2"))
        for s in r.json()["sheets"]:
            with self.subTest(judge=s["judge_name"]):
                self.assertIn("dropped", s)

    def test_breakdown_marks_as_judges_type_them(self):
        """The breakdown's marks read as the judging API gives them
        (["7.9", …], 0–10), not in the store's tenths ("79 …"), which a
        client would take for marks out of 10."""
        r = self.person_of("A2").get("/api/v1/entries/%d" % self.eid("A2"))
        j3 = self.judges["A"][2].id
        marks = {s["judge"]: s["marks"] for s in r.json()["sheets"]}[j3]
        self.assertEqual(marks, ["7.9", "7.9", "8", "7.9", "7.9", "7.9",
                                 "7.9", "7.9", "7.9"])

    def test_others_see_the_result_not_the_sheets(self):
        outsider = new_apprentice(self.server, "路人甲")
        a1 = self.eid("A1")
        for who, c in (("apprentice", outsider.client),
                       ("judge", self.judges["A"][0].client),
                       ("other entrant", self.person_of("A2").client),
                       ("anonymous", self.client())):
            with self.subTest(who=who):
                r = c.get("/api/v1/entries/%d" % a1)
                self.assertEqual(r.status, 200, r)
                j = r.json()
                self.assertEqual((j["entry"]["entrant_name"],
                                  j["entry"]["title"]),
                                 ("林晓雯", "翡翠观音摆件"))
                self.assertEqual((j["result"]["rank"], j["result"]["tier"],
                                  j["result"]["total_num"]), (1, 1, 26115))
                self.assertNotIn("sheets", j)
                page = c.get("/entries/%d" % a1)
                self.assertEqual(page.status, 200)
                self.assertIn('<dd id="total">87.05</dd>', page.text)
                self.assertNotIn("breakdown", page.text)
                for name in A_JUDGES:
                    self.assertNotIn(name, page.text)
                self.assertEqual(c.get("/entries/%d/spread.png" %
                                       a1).status,
                                 303 if who == "anonymous" else 404)
        # The entrant's own view has the five sheets, J1 and J5 dropped.
        r = self.people["林晓雯"].get("/api/v1/entries/%d" % a1)
        drops = {s["judge_name"]: (s["total"], s.get("dropped"))
                 for s in r.json()["sheets"]}
        self.assertEqual(drops, {
            A_JUDGES[0]: ("90.00", "highest"), A_JUDGES[1]: ("86.50", None),
            A_JUDGES[2]: ("87.65", None), A_JUDGES[3]: ("87.00", None),
            A_JUDGES[4]: ("60.00", "lowest")})
        # Staff see every sheet too, and the judges' chart.
        self.assertEqual(len(self.staff.get("/api/v1/entries/%d" % a1)
                             .json()["sheets"]), 5)
        chart = self.staff.get("/competitions/%d/judges.png" % self.cid)
        self.assertEqual((chart.status, chart.header("content-type")),
                         (200, "image/png"))

    def test_refused_entry(self):
        rid = self.refused["id"]
        for lst in self.list_done.values():
            self.assertNotIn(rid, [e["id"] for e in lst])
        self.assertNotIn(rid, [x["entry"] for k in results(
            self.client(), self.cid)["categories"] for x in k["results"]])
        j = self.refused_person.get("/api/v1/entries/%d" % rid).json()
        self.assertEqual((j["entry"]["status"], j["entry"]["note"]),
                         ("refused", "照片不清晰，无法评审"))
        self.assertNotIn("result", j)
        # Published, but a refused entry is not public.
        self.assertJSONError(self.client().get("/api/v1/entries/%d" % rid),
                             404, "not_found")

    def test_nothing_more_after_publication(self):
        j1 = self.judges["A"][0]
        self.assertEqual(judging(j1), {})
        r = sheet(j1, self.eid("A3"), flat(10))
        self.assertEqual(r.status, 409, r)
        for step in ("open", "lock", "publish"):
            self.assertJSONError(self.staff.post(
                "/api/v1/competitions/%d/%s" % (self.cid, step), {}),
                409, "wrong_state")
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/%d/judges" % self.cid,
            {"category": self.cat["A"], "judge": j1.id}), 409,
            "wrong_state")
        # The published results never change: the sheets still read as
        # they were.
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_sheets s JOIN comp_entries e ON "
            "e.id = s.entry WHERE e.competition = ?1 AND s.final = 1",
            self.cid), [["29"]])


class FormFlowTest(ServerTestCase):
    """The same steps through the pages' own forms (multipart, the csrf
    field), as staff, an entrant and a judge use them on a phone.

    Two criteria 设计 60 %, 工艺 40 %, one judge:
      E1 9.0 and 8.0 → 60 × 9 / 10 + 40 × 8 / 10 = 54 + 32 = 86.00
      E2 7.5 and 9.5 → 45 + 38 = 83.00"""
    users = {"staff": user("周晓琳", "staff")}

    def form(self, who, page, action, fields, status=303, location=None):
        p = who.get(page)
        self.assertEqual(p.status, 200, (page, p))
        token = p.form_csrf(action)
        self.assertIsNotNone(token, "no form for %s on %s" % (action, page))
        r = who.client.post_multipart(action, fields, csrf=token)
        self.assertEqual(r.status, status, (action, r))
        if location is not None:
            self.assertEqual(r.location, location, action)
        return r

    def test_through_the_forms(self):
        staff = login(self.server, self.accounts["staff"])
        judge = new_master(self.server, staff, "表单评委")
        r = self.form(staff, "/competitions", "/competitions", [
            ("name_zh", "2027 平洲玉器节·设计评比"),
            ("name_en", "2027 Design Awards"), ("opens", day(-2)),
            ("closes", day(20)), ("mode", "weighted"), ("min_panel", "1"),
            ("spread", "1"), ("generations", "1"), ("advance", "0"),
            ("criteria", "设计 | Design | 60\r\n工艺 | Craft | 40\r\n"),
            ("tiers", "一等奖 | First | 1\r\n二等奖 | Second | 1"),
            ("tiebreak", "2")])
        m = re.fullmatch(r"/competitions/(\d+)", r.location)
        self.assertIsNotNone(m, r.location)
        cid = int(m.group(1))
        page = "/competitions/%d" % cid
        c = staff.get("/api/v1" + page).json()["competition"]
        self.assertEqual((c["name_en"], c["opens"], c["closes"], c["mode"],
                          c["min_panel"], c["generations"], c["tiebreak"]),
                         ("2027 Design Awards", day(-2), day(20), "weighted",
                          1, 1, [2]))
        self.assertEqual([(x["name_zh"], x["name_en"], x["weight"])
                          for x in c["criteria"]],
                         [("设计", "Design", 60), ("工艺", "Craft", 40)])
        self.assertEqual([(x["name_zh"], x["quota"]) for x in c["tiers"]],
                         [("一等奖", 1), ("二等奖", 1)])
        # The rules form of the competition's page keeps them as lines.
        text = staff.get(page).text
        self.assertIn("设计 | Design | 60\n工艺 | Craft | 40\n", text)
        self.form(staff, page, page + "/categories",
                  [("name_zh", "设计稿"), ("name_en", "Design")],
                  location=page)
        cat = staff.get("/api/v1" + page).json()["categories"][0]["id"]
        self.form(staff, page, page + "/judges",
                  [("category", str(cat)), ("judge", str(judge.id))],
                  location=page)
        entries = []
        for name, title in (("表单学员甲", "设计稿甲"), ("表单学员乙", "设计稿乙")):
            p = selection_apprentice(self.server, staff, name)
            w = work_with_photo(p, title)
            r = self.form(p, page, page + "/entries",
                          [("category", str(cat)), ("work", str(w["id"]))])
            entries.append(int(r.location.rsplit("/", 1)[1]))
        for e in entries:
            self.form(staff, page, "/entries/%d/check" % e,
                      [("verdict", "eligible"), ("note", "")],
                      location=page + "#entries")
        self.form(staff, page, page + "/open", [], location=page)
        for e, (m1, m2) in zip(entries, (("9.0", "8"), ("7.5", "9.5"))):
            self.form(judge, "/judging/%d" % e, "/judging/%d" % e,
                      [("c1", m1), ("c2", m2), ("final", "1")],
                      location="/judging")
        self.form(staff, page, page + "/lock", [], location=page)
        self.form(staff, page, page + "/publish", [("lang", "both")],
                  location=page + "/results")
        res = results(self.client(), cid)["categories"][0]["results"]
        self.assertEqual([(x["entry"], x["rank"], x["tier_zh"], x["total"])
                          for x in res],
                         [(entries[0], 1, "一等奖", "86.00"),
                          (entries[1], 2, "二等奖", "83.00")])
        self.assertEqual(self.server.sql(
            "SELECT c.lang, count(*) FROM certificates c JOIN honours h ON "
            "c.event = 'honour:' || h.id WHERE h.source = ?1 GROUP BY "
            "c.lang", "competition:%d" % cid), [["both", "2"]])


def mark_values(marks):
    """A sheet's marks as numbers, from the API's list of typed marks
    (["7.9", …]) or from the stored form in tenths ("79 79 …")."""
    if isinstance(marks, str):
        return [int(m) / 10 for m in marks.split()]
    return [float(m) for m in marks]


if __name__ == "__main__":
    unittest.main()
