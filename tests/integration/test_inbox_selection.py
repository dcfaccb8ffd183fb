"""The inbox (消息), the selection stage's and the certificates' events:
an entry checked eligible or refused (to its entrant); results published
(to every entrant judged, once however many entries); a certificate
issued (by hand, and with each award as results are published), revoked
or replaced (to its holder); a title nomination (to the nominee). Each
puts exactly one message in the right inbox and none in anybody else's,
worded in zh and in en."""
import unittest

from cert_util import graduates, issue_ok
from comp_util import (build, check_ok, enter_ok, flat, lock, publish,
                       selection_apprentice, sheet_ok, step_ok,
                       work_with_photo)
from harness import ServerTestCase, user
from inbox_util import last_id, messages, one, recipients
from training_util import login, new_master


class InboxSelectionTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.judge = new_master(cls.server, cls.staff, "评委")

    def test_entry_checked_or_refused(self):
        b = build(self.server, self.staff, [("A", "摆件", "Ornaments")], [],
                  judges={"A": [self.judge]}, open_=False,
                  name_zh="资格赛", name_en="Qualifier")
        ok = selection_apprentice(self.server, self.staff, "合格者")
        no = selection_apprentice(self.server, self.staff, "不合格者")
        e_ok = enter_ok(ok, b.id, b.cats["A"],
                        work_with_photo(ok, "山水")["id"])
        e_no = enter_ok(no, b.id, b.cats["A"],
                        work_with_photo(no, "花鸟")["id"])
        mark = last_id(self.server)
        check_ok(self.staff, e_ok["id"])
        check_ok(self.staff, e_no["id"], "refused", "照片不清楚")
        self.assertEqual(recipients(self.server, "entry_eligible", mark),
                         {ok.id: 1})
        self.assertEqual(recipients(self.server, "entry_refused", mark),
                         {no.id: 1})
        m, zh, en = one(self, ok, "entry_eligible")
        self.assertEqual(zh, "您在「资格赛」的参赛作品（编号%s）已通过资格审核。"
                         % e_ok["code"])
        self.assertEqual(en, "Your entry %s in “Qualifier” passed the "
                         "eligibility check." % e_ok["code"])
        self.assertEqual(m["link"], "/entries/%d" % e_ok["id"])
        _, zh, en = one(self, no, "entry_refused")
        self.assertEqual(zh, "您在「资格赛」的参赛作品（编号%s）未通过资格审核。"
                         " 说明：照片不清楚" % e_no["code"])
        self.assertEqual(en, "Your entry %s in “Qualifier” was refused at "
                         "the eligibility check. Note: 照片不清楚" %
                         e_no["code"])
        # The same decision again tells nobody; a changed one does.
        check_ok(self.staff, e_ok["id"])
        self.assertEqual(recipients(self.server, "entry_eligible", mark),
                         {ok.id: 1})
        check_ok(self.staff, e_no["id"])
        self.assertEqual(recipients(self.server, "entry_eligible", mark),
                         {ok.id: 1, no.id: 1})
        self.assertEqual(messages(self.judge), [])

    def test_results_awards_and_nomination(self):
        gold = selection_apprentice(self.server, self.staff, "常胜学员")
        second = selection_apprentice(self.server, self.staff, "亚军学员")
        mark = last_id(self.server)

        def locked(name_zh, name_en, marks):
            b = build(self.server, self.staff, [("A", "摆件", "")],
                      [(str(i), "A", p, name_zh + str(i)) for i, (p, _) in
                       enumerate(marks)], judges={"A": [self.judge]},
                      name_zh=name_zh, name_en=name_en, min_panel=1)
            for i, (_, m) in enumerate(marks):
                sheet_ok(self.judge, b.entries[str(i)]["id"], flat(m))
            step_ok(lock(self.staff, b.id), "lock")
            return b.id

        # 甲赛: gold enters twice; both are judged.
        c1 = locked("甲赛", "Contest A", [(gold, 9), (second, 8), (gold, 7)])
        self.assertEqual(recipients(self.server, "results", mark), {})
        step_ok(publish(self.staff, c1), "publish")
        self.assertEqual(recipients(self.server, "results", mark),
                         {gold.id: 1, second.id: 1})
        m, zh, en = one(self, gold, "results")
        self.assertEqual(zh, "「甲赛」的评选结果已公布。")
        self.assertEqual(en, "The results of “Contest A” are published.")
        self.assertEqual(m["link"], "/competitions/%d/results" % c1)
        # Each award's certificate, issued on publication, is told.
        issued = recipients(self.server, "cert_issued", mark)
        self.assertEqual(issued, {gold.id: 2, second.id: 1})
        texts = sorted(x["text"] for x in messages(second, "cert_issued"))
        [cert] = second.get("/api/v1/certs").json()["certificates"]
        self.assertEqual(texts, ["您的证书「%s」已颁发，编号%s。" %
                                 (cert["title_zh"], cert["serial"])])
        self.assertEqual(recipients(self.server, "nominated", mark), {})
        # 乙赛: a second gold proposes the title, to gold alone.
        c2 = locked("乙赛", "Contest B", [(gold, 9), (second, 8)])
        step_ok(publish(self.staff, c2), "publish")
        self.assertEqual(recipients(self.server, "nominated", mark),
                         {gold.id: 1})
        m, zh, en = one(self, gold, "nominated")
        self.assertTrue(zh.startswith("您已被提名「平洲玉匠」称号，待驿站确认。"
                                      " 原因：2 × 金奖"), zh)
        self.assertTrue(en.startswith(
            "You have been nominated for the title “Pingzhou Jade "
            "Artisan”, to be confirmed by the station. Reason: "), en)
        self.assertEqual(m["link"], "/competitions/%d/results" % c2)
        self.assertEqual(messages(self.judge), [])
        self.assertEqual(messages(self.staff), [])

    def test_certificate_issued_revoked_replaced(self):
        teacher = new_master(self.server, self.staff, "陈国强")
        _, people, events = graduates(self, self.server, self.staff,
                                      teacher.id, 2, "证书学员")
        p, other = people
        mark = last_id(self.server)
        c = issue_ok(self, self.staff, events[p.id], "zh")
        self.assertEqual(recipients(self.server, "cert_issued", mark),
                         {p.id: 1})
        m, zh, en = one(self, p, "cert_issued")
        self.assertEqual(zh, "您的证书「玉雕入门」已颁发，编号%s。" % c["serial"])
        self.assertEqual(en, "Your certificate “Jade carving for "
                         "beginners” has been issued, serial %s." %
                         c["serial"])
        self.assertEqual(m["link"], "/certs/%d" % c["id"])
        # Replaced: one message, of the new serial; no second "issued".
        r = self.staff.post("/api/v1/certs/%d/reissue" % c["id"],
                            {"reason": "姓名写错"})
        self.assertEqual(r.status, 201, r)
        new = r.json()["certificate"]
        self.assertEqual(recipients(self.server, "cert_replaced", mark),
                         {p.id: 1})
        self.assertEqual(recipients(self.server, "cert_issued", mark),
                         {p.id: 1})
        m, zh, en = one(self, p, "cert_replaced")
        self.assertEqual(zh, "您的证书「玉雕入门」已换发新证，新编号%s。"
                         " 原因：姓名写错" % new["serial"])
        self.assertEqual(en, "Your certificate “Jade carving for "
                         "beginners” has been replaced; the new serial is "
                         "%s. Reason: 姓名写错" % new["serial"])
        self.assertEqual(m["link"], "/certs/%d" % new["id"])
        # Revoked.
        r = self.staff.post("/api/v1/certs/%d/revoke" % new["id"],
                            {"reason": "成绩有误"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "cert_revoked", mark),
                         {p.id: 1})
        _, zh, en = one(self, p, "cert_revoked")
        self.assertEqual(zh, "您的证书「玉雕入门」（编号%s）已被撤销。"
                         " 原因：成绩有误" % new["serial"])
        self.assertEqual(en, "Your certificate “Jade carving for "
                         "beginners” (serial %s) has been revoked. "
                         "Reason: 成绩有误" % new["serial"])
        # Refused twice: no second message.
        r = self.staff.post("/api/v1/certs/%d/revoke" % new["id"],
                            {"reason": "再撤销"})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(recipients(self.server, "cert_revoked", mark),
                         {p.id: 1})
        self.assertEqual(messages(other), [])
        self.assertEqual(messages(teacher), [])


if __name__ == "__main__":
    unittest.main()
