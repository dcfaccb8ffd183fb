"""Races: 20 people register the same mobile number at the same moment.
The UNIQUE index decides: exactly one 201, nineteen 409, one account."""
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from harness import PASSWORD, ServerTestCase, new_phone, staff_user_count, user

N = 20


class ConcurrentRegistrationTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    def race(self, post):
        """Run post(i, client, token) in N threads released together."""
        clients = [self.client() for _ in range(N)]
        tokens = [c.api_csrf() for c in clients]    # own anonymous cookie
        self.assertEqual(len(set(tokens)), N)
        gate = threading.Barrier(N, timeout=30)

        def one(i):
            gate.wait()
            return post(i, clients[i], tokens[i])

        with ThreadPoolExecutor(N) as ex:
            return clients, list(ex.map(one, range(N)))

    def test_same_phone_api(self):
        staff = self.logged_in("staff")
        before = staff_user_count(staff)
        phone = new_phone()
        clients, results = self.race(lambda i, c, t: c.post_json(
            "/api/v1/register", {"name": "抢注%d" % i, "account": phone,
                                 "password": PASSWORD + str(i),
                                 "track": "carver", "consent": 1},
            csrf=t))
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [201] + [409] * (N - 1), statuses)
        for r in results:
            if r.status == 409:
                self.assertEqual(r.json()["error"], "account_taken")
                self.assertIsNone(r.set_cookie("yj_session"))
        won = [i for i, r in enumerate(results) if r.status == 201][0]
        self.assertEqual(results[won].json()["user"]["name"], "抢注%d" % won)
        self.assertEqual(staff_user_count(staff), before + 1)
        page = staff.get("/staff/users").text
        self.assertEqual(page.count("<td>%s</td>" % phone), 1)
        # The winner is logged in; the losers are not.
        self.assertEqual(clients[won].me().status, 200)
        self.assertEqual(clients[(won + 1) % N].me().status, 401)
        # The stored password is the winner's.
        r = self.client().login_api(phone, PASSWORD + str(won))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["user"]["name"], "抢注%d" % won)
        self.assertHealthy()

    def test_same_phone_forms_in_different_spellings(self):
        staff = self.logged_in("staff")
        before = staff_user_count(staff)
        phone = new_phone()
        spellings = [phone, "+86" + phone, "86 " + phone,
                     "%s-%s-%s" % (phone[:3], phone[3:7], phone[7:])]

        def post(i, c, t):
            return c.post_form("/register", {
                "name": "表单%d" % i, "account": spellings[i % 4],
                "password": PASSWORD, "track": "designer", "consent": 1},
                csrf=t)

        clients, results = self.race(post)
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [303] + [409] * (N - 1), statuses)
        for r in results:
            if r.status == 409:
                self.assertIn("这个手机号或邮箱已经注册过了。", r.text)
            else:
                self.assertEqual(r.location, "/me")
        self.assertEqual(staff_user_count(staff), before + 1)
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
