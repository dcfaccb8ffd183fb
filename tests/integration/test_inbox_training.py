"""The inbox (消息), the training and incubation stages' events: a
mentorship asked (to the master), accepted and declined (to the
apprentice), ended (to whoever did not end it: both when staff end it);
a training entry confirmed or rejected (to its apprentice); a milestone
signed (to the member). Each puts exactly one message in the right inbox
and none in anybody else's, worded in zh and in en."""
import unittest

from entry_util import china_today
from harness import ServerTestCase, user
from inbox_util import last_id, messages, one, recipients
from incub_util import admit_ok, cohort, create_cohort, incubating, sign
from training_util import ask, log, login, new_apprentice, new_master, \
    take_on


class InboxTrainingTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def test_mentorship_asked_accepted_declined(self):
        a = new_apprentice(self.server, "林小雨")
        b = new_apprentice(self.server, "陈大山")
        m = new_master(self.server, self.staff, "王建平")
        mark = last_id(self.server)
        r = ask(a, m.id, "想跟您学山水摆件。")
        self.assertEqual(r.status, 201, r)
        mid = r.json()["mentorship"]
        self.assertEqual(recipients(self.server, "mentor_asked", mark),
                         {m.id: 1})
        msg, zh, en = one(self, m, "mentor_asked")
        self.assertEqual(zh, "林小雨请求拜您为师。 留言：想跟您学山水摆件。")
        self.assertEqual(en, "林小雨 asks to become your apprentice. "
                         "Message: 想跟您学山水摆件。")
        self.assertEqual(msg["link"], "/training")
        self.assertEqual(messages(a), [])
        # Accepted: the apprentice is told, nobody else.
        r = m.post("/api/v1/mentorships/%d/accept" % mid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "mentor_accepted", mark),
                         {a.id: 1})
        _, zh, en = one(self, a, "mentor_accepted")
        self.assertEqual(zh, "王建平师傅已收您为徒。")
        self.assertEqual(en, "Master 王建平 has taken you on as an "
                         "apprentice.")
        # Declined.
        r = ask(b, m.id)
        mid = r.json()["mentorship"]
        r = m.post("/api/v1/mentorships/%d/decline" % mid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "mentor_declined", mark),
                         {b.id: 1})
        _, zh, en = one(self, b, "mentor_declined")
        self.assertEqual(zh, "王建平师傅婉拒了您的拜师请求。")
        self.assertEqual(en, "Master 王建平 has declined your request.")
        # A refused answer (decided already) tells nobody.
        before = last_id(self.server)
        self.assertEqual(m.post("/api/v1/mentorships/%d/accept" %
                                mid).status, 409)
        self.assertEqual(last_id(self.server), before)
        self.assertEqual([x["kind"] for x in messages(m)], ["mentor_asked"] * 2)

    def test_mentorship_ended(self):
        a = new_apprentice(self.server, "赵一")
        m = new_master(self.server, self.staff, "钱师傅")
        mid = take_on(a, m)
        mark = last_id(self.server)
        r = a.post("/api/v1/mentorships/%d/end" % mid,
                   {"reason": "搬家去外地"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "mentor_ended", mark),
                         {m.id: 1})
        _, zh, en = one(self, m, "mentor_ended")
        self.assertEqual(zh, "您与赵一的师徒关系已由赵一结束。 原因：搬家去外地")
        self.assertEqual(en, "Your mentorship with 赵一 was ended by 赵一. "
                         "Reason: 搬家去外地")
        # Ended by staff: both sides are told.
        b = new_apprentice(self.server, "孙二")
        m2 = new_master(self.server, self.staff, "李师傅")
        mid = take_on(b, m2)
        mark = last_id(self.server)
        r = self.staff.post("/api/v1/mentorships/%d/end" % mid,
                            {"reason": "核实后解除"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "mentor_ended", mark),
                         {b.id: 1, m2.id: 1})
        _, zh, _ = one(self, b, "mentor_ended")
        self.assertEqual(zh, "您与李师傅的师徒关系已由站长结束。 原因：核实后解除")
        _, zh, _ = one(self, m2, "mentor_ended")
        self.assertEqual(zh, "您与孙二的师徒关系已由站长结束。 原因：核实后解除")

    def test_training_entries_confirmed_or_rejected(self):
        a = new_apprentice(self.server, "周练")
        other = new_apprentice(self.server, "吴练")
        m = new_master(self.server, self.staff, "郑国强")
        take_on(a, m)
        take_on(other, m)
        today = china_today()
        e1 = log(a, today, "2").json()["id"]
        e2 = log(a, "2026-11-02", "1.5").json()["id"]
        mark = last_id(self.server)
        r = m.post("/api/v1/training/log/%d/confirm" % e1,
                   {"comment": "线条干净"})
        self.assertEqual(r.status, 200, r)
        r = m.post("/api/v1/training/log/%d/reject" % e2,
                   {"comment": "当天不在工作室"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "log_confirmed", mark),
                         {a.id: 1})
        self.assertEqual(recipients(self.server, "log_rejected", mark),
                         {a.id: 1})
        _, zh, en = one(self, a, "log_confirmed")
        self.assertEqual(zh, "郑国强师傅确认了您%s的训练记录（120分钟）。"
                         " 意见：线条干净" % today)
        self.assertEqual(en, "Master 郑国强 confirmed your training entry "
                         "of %s (120 minutes). Comment: 线条干净" % today)
        _, zh, en = one(self, a, "log_rejected")
        self.assertEqual(zh, "郑国强师傅退回了您2026-11-02的训练记录（90分钟）。"
                         " 意见：当天不在工作室")
        self.assertIn("rejected your training entry of 2026-11-02 "
                      "(90 minutes)", en)
        self.assertEqual(messages(other), [messages(other)[0]])
        self.assertEqual(messages(other)[0]["kind"], "mentor_accepted")

    def test_milestone_signed(self):
        mentor = new_master(self.server, self.staff, "冯导师")
        a = incubating(self.server, self.staff, "何嘉欣")
        b = incubating(self.server, self.staff, "张小敏")
        cid = create_cohort(self.staff, "消息孵化班")["id"]
        admit_ok(self.staff, cid, a.id, mentor.id)
        admit_ok(self.staff, cid, b.id, mentor.id)
        ms = cohort(self.staff, cid)["milestones"]
        mark = last_id(self.server)
        r = sign(mentor, ms[0]["id"], a.id, "构思完整，可以打样。")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(recipients(self.server, "milestone_signed", mark),
                         {a.id: 1})
        msg, zh, en = one(self, a, "milestone_signed")
        self.assertEqual(zh, "导师冯导师为您签署了里程碑「首件原创设计」。"
                         " 意见：构思完整，可以打样。")
        self.assertEqual(en, "Your mentor 冯导师 signed off the milestone "
                         "“First original design”. Comment: 构思完整，可以打样。")
        self.assertEqual(msg["link"], "/cohorts/%d" % cid)
        # Twice is refused, and tells nobody again.
        self.assertEqual(sign(mentor, ms[0]["id"], a.id).status, 409)
        self.assertEqual(recipients(self.server, "milestone_signed", mark),
                         {a.id: 1})
        self.assertEqual(messages(b), [])


if __name__ == "__main__":
    unittest.main()
