"""Login throttling: 5 failures for one account, or 20 from one address,
within 15 minutes, and further attempts get 429 — even with the right
password. Every test talks from 127.0.0.1, so each limit gets its own
server (the address limit would otherwise leak between tests)."""
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from harness import PASSWORD, ServerTestCase, new_email, new_phone, user
from inbox_util import one

THROTTLED_ZH = "尝试次数太多，请 15 分钟后再试。"
THROTTLED_EN = "Too many attempts; please try again in 15 minutes."


class AccountThrottleTest(ServerTestCase):
    """5 failed logins in all from this address (well under 20)."""
    users = {
        "target": user("目标", "apprentice"),
        "bystander": user("旁人", "apprentice"),
    }

    def test_five_failures_then_429_even_with_right_password(self):
        c = self.client()
        acc = self.accounts["target"]
        for i in range(5):
            r = c.login_api(acc, "wrong password %d" % i)
            self.assertJSONError(r, 401, "login_failed")
        r = c.login_api(acc, PASSWORD)
        self.assertJSONError(r, 429, "throttled", THROTTLED_ZH)
        self.assertEqual(r.header("retry-after"), "900")
        self.assertIsNone(r.set_cookie("yj_session"))
        self.assertJSONError(c.me(), 401, "login_required")

        # The same account written differently is the same account.
        r = self.client(lang="en").login_api("+86 " + acc, PASSWORD)
        self.assertJSONError(r, 429, "throttled", THROTTLED_EN)

        # The form is throttled too, with the page in the reader's language.
        f = self.client()
        r = f.login_form(acc, PASSWORD)
        self.assertEqual(r.status, 429, r)
        self.assertIn(THROTTLED_ZH, r.text)
        self.assertIsNone(r.set_cookie("yj_session"))
        self.assertRedirect(f.get("/me"), "/login")

        # Another account from the same address is not affected.
        r = self.client().login_api(self.accounts["bystander"], PASSWORD)
        self.assertEqual(r.status, 200, r)


class AddressThrottleTest(ServerTestCase):
    """20 failed logins across different accounts from one address."""
    users = {
        "valid": user("有效", "apprentice"),
        "other": user("另一个", "master"),
    }

    def test_twenty_failures_from_one_address_then_429(self):
        c = self.client()
        # Different accounts, none over its own limit of 5: some unknown,
        # some real (wrong password), never the one we test at the end.
        targets = [self.accounts["other"]] * 4 + \
            [new_phone() for _ in range(8)] + \
            [new_email("x") for _ in range(8)]
        self.assertEqual(len(targets), 20)
        for acc in targets:
            r = c.login_api(acc, "wrong password")
            self.assertJSONError(r, 401, "login_failed")
        # The 21st attempt, a valid account with its right password.
        r = self.client().login_api(self.accounts["valid"], PASSWORD)
        self.assertJSONError(r, 429, "throttled")
        self.assertEqual(r.header("retry-after"), "900")
        # X-Real-IP is not trusted without YUJIANG_TRUST_PROXY=1.
        r = self.client().post_json(
            "/api/v1/login", {"account": self.accounts["valid"],
                              "password": PASSWORD},
            headers={"X-Real-IP": "203.0.113.9"})
        self.assertJSONError(r, 429, "throttled")
        r = self.client().login_form(self.accounts["valid"])
        self.assertEqual(r.status, 429, r)
        # Registration is not a login: still open.
        r = self.client().register_api("新人", new_phone())
        self.assertEqual(r.status, 201, r)


class ConcurrentThrottleTest(ServerTestCase):
    """The per-account limit must hold for parallel guesses too: a burst of
    simultaneous wrong passwords must not buy more than 5 evaluated
    attempts. 15 failures in all from this address (under 20)."""
    users = {"target": user("并发", "apprentice")}
    N = 15

    def test_parallel_failures_do_not_exceed_the_account_limit(self):
        acc = self.accounts["target"]
        clients = [self.client() for _ in range(self.N)]
        tokens = [c.api_csrf() for c in clients]
        gate = threading.Barrier(self.N)

        def guess(i):
            gate.wait()
            return clients[i].post_json("/api/v1/login", {
                "account": acc, "password": "wrong guess %d" % i},
                csrf=tokens[i]).status

        with ThreadPoolExecutor(self.N) as ex:
            statuses = sorted(ex.map(guess, range(self.N)))
        self.assertEqual(set(statuses) - {401, 429}, set(), statuses)
        self.assertLessEqual(
            statuses.count(401), 5,
            "%d of %d simultaneous wrong passwords were checked (limit 5): "
            "%s" % (statuses.count(401), self.N, statuses))
        r = self.client().login_api(acc, PASSWORD)
        self.assertJSONError(r, 429, "throttled")




class SuccessDoesNotResetTest(ServerTestCase):
    """A right password takes back only its own attempt: failures made
    by someone else guessing keep counting, so the victim logging in
    does not hand the guesser five fresh tries."""
    users = {"victim": user("受害者", "apprentice")}

    def test_guesses_keep_counting_across_a_good_login(self):
        acc = self.accounts["victim"]
        guesser = self.client()
        for i in range(4):
            self.assertJSONError(guesser.login_api(acc, "guess %d" % i),
                                 401, "login_failed")
        self.assertEqual(self.client().login_api(acc, PASSWORD).status, 200)
        self.assertJSONError(guesser.login_api(acc, "guess 5"), 401,
                             "login_failed")
        r = self.client().login_api(acc, PASSWORD)
        self.assertJSONError(r, 429, "throttled")


class RegistrationThrottleTest(ServerTestCase):
    """Self-registration is limited per address (3 here; 30 an hour by
    default): each costs an Argon2id hash and tells whether a number is
    taken. Behind nginx (YUJIANG_TRUST_PROXY=1) the address is X-Real-IP."""
    users = {}
    env = {"YUJIANG_REGISTER_LIMIT": "3", "YUJIANG_TRUST_PROXY": "1"}

    def register(self, addr, lang=None):
        return self.client(lang=lang).post_json("/api/v1/register", {
            "name": "注册者", "account": new_phone(),
            "password": PASSWORD, "track": "carver", "consent": 1},
            headers={"X-Real-IP": addr})

    def test_fourth_registration_from_one_address_is_refused(self):
        for _ in range(3):
            self.assertEqual(self.register("203.0.113.7").status, 201)
        r = self.register("203.0.113.7", lang="en")
        self.assertJSONError(r, 429, "throttled")
        self.assertIn("registrations", r.json()["message"])
        self.assertEqual(r.header("retry-after"), "3600")
        # Another address is not affected.
        self.assertEqual(self.register("198.51.100.9").status, 201)

    def test_an_ipv6_client_is_counted_by_its_64(self):
        # Issue 15: one subscriber holds a whole /64 and may register
        # from any address in it; three from one /64 use up the limit,
        # the fourth (a fifth address of the same /64) is refused, and
        # another /64 is counted apart. The session keeps the address.
        net = "2001:db8:15:64"
        for host in ("::1", ":a:b:c:d", ":ffff:ffff:ffff:fffe"):
            r = self.register(net + host)
            self.assertEqual(r.status, 201, r)
        self.assertEqual(self.server.sql(
            "SELECT addr FROM sessions WHERE user_id = ?1",
            r.json()["user"]["id"]), [[net + ":ffff:ffff:ffff:fffe"]])
        r = self.register(net + ":1234::99", lang="en")
        self.assertJSONError(r, 429, "throttled")
        self.assertEqual(self.register("2001:db8:15:65::1").status, 201)
        self.assertEqual(self.register("2001:db8:15:65::2").status, 201)

    def test_an_ipv4_mapped_address_is_the_ipv4_one(self):
        for a in ("::ffff:192.0.2.33", "192.0.2.33", "::FFFF:c000:221"):
            self.assertEqual(self.register(a).status, 201)
        self.assertJSONError(self.register("192.0.2.33"), 429, "throttled")

class DistributedGuessingTest(ServerTestCase):
    """Issue 15: strangers must not lock a named account out. Failures
    are locked per (account, address) and per address; failures from many
    addresses only slow down the addresses that failed, and the owner is
    told (once an hour) through the inbox."""
    users = {
        "judge": user("裁判", "master"),
        "pair": user("一对", "apprentice"),
        "student": user("学生", "apprentice"),
    }
    env = {"YUJIANG_TRUST_PROXY": "1"}

    def login(self, acc, password, addr, lang=None, path="/api/v1/login"):
        return self.client(lang=lang).post_json(
            path, {"account": acc, "password": password},
            headers={"X-Real-IP": addr})

    def test_hundred_addresses_do_not_stop_the_owner(self):
        acc = self.accounts["judge"]
        for i in range(100):
            r = self.login(acc, "guess %d" % i, "198.51.%d.%d" %
                           (100 + i // 50, 1 + i % 50))
            self.assertJSONError(r, 401, "login_failed")
        # The owner, from an address that has not failed: let in.
        owner = self.client()
        r = owner.post_json("/api/v1/login", {"account": acc,
                            "password": PASSWORD},
                            headers={"X-Real-IP": "192.0.2.7"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.set_cookie("yj_session"))
        # The latest guesser's address is slowed down (not locked): a few
        # seconds, at most 30, in the reader's language.
        r = self.login(acc, "guess again", "198.51.101.50", lang="en")
        self.assertJSONError(r, 429, "throttled")
        self.assertIn("wait a few seconds", r.json()["message"])
        self.assertTrue(0 < int(r.header("retry-after")) <= 30, r.headers)
        # The owner got one message, not a hundred.
        m, zh, en = one(self, owner, "login_guessed")
        self.assertEqual(m["link"], "/me/password")
        self.assertIn("15 分钟内有 10 次用错误的密码登录您的账号", zh)
        self.assertIn("10 logins to your account with a wrong password", en)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM inbox WHERE kind = 'login_guessed'"),
            [["1"]])

    def test_one_address_is_locked_after_five(self):
        acc = self.accounts["pair"]
        for i in range(5):
            r = self.login(acc, "guess %d" % i, "203.0.113.5")
            self.assertJSONError(r, 401, "login_failed")
        r = self.login(acc, PASSWORD, "203.0.113.5")
        self.assertJSONError(r, 429, "throttled", THROTTLED_ZH)
        self.assertEqual(r.header("retry-after"), "900")
        # The same account from another address still logs in.
        self.assertEqual(self.login(acc, PASSWORD, "203.0.113.6").status,
                         200)

    def test_activation_codes_have_their_own_counter(self):
        # Five wrong codes at /activate do not lock the account's login
        # from that address (they shared one counter before).
        acc = self.accounts["student"]
        for i in range(5):
            r = self.client().post_json(
                "/api/v1/activate", {"account": acc, "code": "WRONG%d" % i,
                                     "password": PASSWORD + "x"},
                headers={"X-Real-IP": "203.0.113.77"})
            self.assertJSONError(r, 401, "activation_failed")
        r = self.login(acc, PASSWORD, "203.0.113.77")
        self.assertEqual(r.status, 200, r)


if __name__ == "__main__":
    unittest.main()
