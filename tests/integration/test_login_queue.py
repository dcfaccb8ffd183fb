"""Logins in turn (issue 16, item 5): each worker hashes at most a few
passwords at once and queues the rest (src/web/web_pw.c). Queued logins
each get their own answer; a full queue answers 503 with Retry-After in
the reader's language; a hash of the older, dearer Argon2id parameters is
replaced at the next good login. Timings are printed, never asserted."""
import ctypes
import ctypes.util
import threading
import time

from harness import PASSWORD, ServerTestCase, user

FULL_ZH = "此刻登录的人很多，请几秒钟后再试。"
FULL_EN = ("Many people are logging in right now; please try again in a "
           "few seconds.")


def argon2id(password, opslimit, memlimit):
    """A real crypto_pwhash_str() string from the system's libsodium."""
    so = ctypes.CDLL(ctypes.util.find_library("sodium"))
    assert so.sodium_init() >= 0
    out = ctypes.create_string_buffer(128)
    pw = password.encode()
    rc = so.crypto_pwhash_str(out, pw, ctypes.c_ulonglong(len(pw)),
                              ctypes.c_ulonglong(opslimit),
                              ctypes.c_size_t(memlimit))
    assert rc == 0
    return out.value.decode()


def storm(server, logins, lang=None):
    """Send every (account, password) login at once, each from a client of
    its own. Returns [(account, password, response, seconds)]."""
    clients = [server.client(lang=lang) for _ in logins]
    tokens = [c.api_csrf() for c in clients]
    go = threading.Barrier(len(logins))
    out = [None] * len(logins)

    def one(i):
        acc, pw = logins[i]
        go.wait()
        t = time.monotonic()
        r = clients[i].post_json("/api/v1/login",
                                 {"account": acc, "password": pw},
                                 csrf=tokens[i])
        out[i] = (acc, pw, r, time.monotonic() - t, clients[i])

    ts = [threading.Thread(target=one, args=(i,))
          for i in range(len(logins))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


class QueuedLoginsTest(ServerTestCase):
    """One hash at a time per worker: 16 logins at once mostly wait."""
    env = {"YUJIANG_LOGIN_HASHES": "1"}
    users = {"u%d" % i: user("排队%d" % i, "apprentice") for i in range(16)}

    def test_each_queued_login_gets_its_own_answer(self):
        # Half with the right password, half with a wrong one, shuffled:
        # an answer given to the wrong request would show.
        logins = [(self.accounts["u%d" % i],
                   PASSWORD if i % 2 == 0 else "wrong %d" % i)
                  for i in range(16)]
        res = storm(self.server, logins)
        for acc, pw, r, _, c in res:
            if pw == PASSWORD:
                self.assertEqual(r.status, 200, (acc, r))
                self.assertEqual(r.json()["user"]["account"], acc)
                # The session is this account's.
                me = c.me()
                self.assertEqual(me.status, 200, me)
                self.assertEqual(me.json()["user"]["account"], acc)
            else:
                self.assertJSONError(r, 401, "login_failed")
                self.assertIsNone(r.set_cookie("yj_session"))
        took = sorted(x[3] for x in res)
        print("\n  16 logins at once, 1 hash per worker: first %.0f ms, "
              "median %.0f ms, last %.0f ms" % (
                  took[0] * 1000, took[8] * 1000, took[-1] * 1000))
        # Only the wrong passwords remain counted by the throttle.
        n = int(self.server.sql("SELECT count(*) FROM login_failures")[0][0])
        self.assertEqual(n, 8)
        self.assertHealthy()


class FullQueueTest(ServerTestCase):
    """No queue at all: a login that finds its worker hashing is refused."""
    env = {"YUJIANG_LOGIN_HASHES": "1", "YUJIANG_LOGIN_QUEUE": "0"}
    users = {"u%d" % i: user("满了%d" % i, "apprentice") for i in range(12)}

    def test_full_queue_answers_503_with_retry_after(self):
        logins = [(self.accounts["u%d" % i], PASSWORD) for i in range(12)]
        seen = {"zh": None, "en": None}
        for rnd in range(10):
            lang = "en" if rnd % 2 else None
            for acc, _, r, _, _ in storm(self.server, logins, lang=lang):
                if r.status == 200:
                    self.assertEqual(r.json()["user"]["account"], acc)
                    continue
                self.assertJSONError(r, 503, "busy",
                                     FULL_EN if lang else FULL_ZH)
                self.assertRegex(r.header("retry-after", ""), r"^[1-9]\d*$")
                self.assertIsNone(r.set_cookie("yj_session"))
                seen["en" if lang else "zh"] = r
            if all(seen.values()):
                break
        self.assertIsNotNone(seen["zh"], "no login was refused (zh)")
        self.assertIsNotNone(seen["en"], "no login was refused (en)")
        # A refused attempt never tried the password: it does not count
        # against the throttle, and the account logs in afterwards.
        n = int(self.server.sql("SELECT count(*) FROM login_failures")[0][0])
        self.assertEqual(n, 0)
        r = self.client().login_api(self.accounts["u0"])
        self.assertEqual(r.status, 200, r)

    def test_full_queue_form_page_in_the_readers_language(self):
        # The same refusal reaches the form's reader as a page.
        logins = [(self.accounts["u%d" % i], PASSWORD) for i in range(12)]
        for _ in range(10):
            clients = [self.client(lang="en") for _ in logins]
            pages = [c.get("/login") for c in clients]
            go = threading.Barrier(len(logins))
            out = [None] * len(logins)

            def one(i):
                go.wait()
                out[i] = clients[i].post_form(
                    "/login", {"account": logins[i][0],
                               "password": PASSWORD},
                    csrf=pages[i].form_csrf("/login"))

            ts = [threading.Thread(target=one, args=(i,))
                  for i in range(len(logins))]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            full = [r for r in out if r.status == 503]
            for r in out:
                self.assertIn(r.status, (303, 503), r)
            if full:
                self.assertIn(FULL_EN, full[0].text)
                self.assertRegex(full[0].header("retry-after", ""),
                                 r"^[1-9]\d*$")
                return
        self.fail("no form login was refused")


class UpgradeTest(ServerTestCase):
    """Hashes of libsodium's interactive limits (64 MiB, t=2), as every
    account made before issue 16 has, are rehashed at login."""
    users = {"old": user("老哈希", "apprentice"),
             "wrong": user("错密码", "apprentice")}

    @classmethod
    def prepare(cls):
        for k in ("old", "wrong"):
            cls.server.sql_write("UPDATE users SET pwhash = ?1 WHERE "
                                 "account = ?2",
                                 argon2id(PASSWORD, 2, 64 << 20),
                                 cls.accounts[k])

    def pwhash(self, key):
        return self.server.sql("SELECT pwhash FROM users WHERE account = ?1",
                               self.accounts[key])[0][0]

    def test_old_hash_upgraded_at_login(self):
        old = self.pwhash("old")
        self.assertIn("$m=65536,t=2,p=1$", old)
        r = self.client().login_api(self.accounts["old"])
        self.assertEqual(r.status, 200, r)
        new = self.pwhash("old")
        self.assertIn("$argon2id$v=19$m=19456,t=2,p=1$", new)
        # The new hash is the same password's: the next login works, and
        # leaves it as it is.
        r = self.client().login_api(self.accounts["old"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.pwhash("old"), new)
        r = self.client().login_api(self.accounts["old"], "not it")
        self.assertJSONError(r, 401, "login_failed")
        self.assertEqual(self.pwhash("old"), new)

    def test_wrong_password_leaves_old_hash(self):
        old = self.pwhash("wrong")
        r = self.client().login_api(self.accounts["wrong"], "not it")
        self.assertJSONError(r, 401, "login_failed")
        self.assertEqual(self.pwhash("wrong"), old)

    def test_new_accounts_get_current_parameters(self):
        c = self.server.client()
        r = c.register_api("新人", "13911112222", verify=False)
        self.assertEqual(r.status, 201, r)
        h = self.server.sql("SELECT pwhash FROM users WHERE account = ?1",
                            "13911112222")[0][0]
        self.assertIn("$argon2id$v=19$m=19456,t=2,p=1$", h)
