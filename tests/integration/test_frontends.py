"""Several front ends and restarts (issue 18): the key anonymous forms'
CSRF tokens are signed with lives in the data directory (csrf.key, 0600),
not in one process's memory. A form fetched from one server posts to
another that shares the data directory's keys (two front ends behind one
balancer), and an open form still posts after a restart. A key file that
is not a key stops the start with a reason, and writes nothing."""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

from harness import (ADMIN, PASSWORD, Server, ServerError, new_phone)

CSRF_ZH = "页面已过期，请刷新后重新提交。"
KEY = "csrf.key"


def data_dir():
    d = tempfile.mkdtemp(prefix="yj-fe.", dir="/tmp")
    os.chmod(d, 0o755)
    subprocess.run([ADMIN, "-d", d, "migrate"], check=True,
                   capture_output=True)
    return d


def kept(server):
    """A server whose data directory outlives its stop()."""
    server._cleanup = lambda ok: None
    return server


def register(client, token, cookies):
    """POST /register with a token and cookie fetched elsewhere."""
    client.cookies = dict(cookies)
    return client.post_form("/register", {
        "name": "两台", "account": new_phone(), "password": PASSWORD,
        "track": "carver", "consent": 1}, csrf=token)


class FrontEndsTest(unittest.TestCase):
    def setUp(self):
        self.dirs, self.servers = [], []

    def tearDown(self):
        for s in self.servers:
            s.stop(check=False)
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)

    def start(self, d):
        s = kept(Server(data=d))
        self.servers.append(s)
        return s.start()

    def form(self, server):
        c = server.client()
        token = c.get("/register").form_csrf("/register")
        self.assertIsNotNone(token)
        self.assertIn("yj_csrf", c.cookies)
        return token, dict(c.cookies)

    def test_key_file_private(self):
        d = data_dir()
        self.dirs.append(d)
        self.start(d)
        st = os.stat(os.path.join(d, KEY))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        self.assertEqual(st.st_size, 32)

    def test_form_posts_to_another_front_end(self):
        a, b = data_dir(), data_dir()
        self.dirs += [a, b]
        sa = self.start(a)
        # The second front end shares the first's keys (README: two front
        # ends share the data directory's keys).
        shutil.copy2(os.path.join(a, KEY), os.path.join(b, KEY))
        sb = self.start(b)
        token, cookies = self.form(sa)
        r = register(sb.client(), token, cookies)
        self.assertNotEqual(r.status, 403, r.text[:300])
        self.assertNotIn(CSRF_ZH, r.text)
        self.assertEqual(r.status, 303, r)
        # A front end with keys of its own refuses the token, as a forged
        # one: the check is still the key's.
        c = data_dir()
        self.dirs.append(c)
        sc = self.start(c)
        r = register(sc.client(), token, cookies)
        self.assertEqual(r.status, 403, r)
        self.assertIn(CSRF_ZH, r.text)

    def test_form_posts_after_restart(self):
        d = data_dir()
        self.dirs.append(d)
        s = self.start(d)
        token, cookies = self.form(s)
        s.stop()
        s = self.start(d)
        r = register(s.client(), token, cookies)
        self.assertEqual(r.status, 303, r)
        n = s.sql("SELECT count(*) FROM users WHERE name = '两台'")
        self.assertEqual(int(n[0][0]), 1)

    def test_bad_key_file_stops_start(self):
        d = data_dir()
        self.dirs.append(d)
        with open(os.path.join(d, KEY), "wb") as f:
            f.write(b"short")
        os.chmod(os.path.join(d, KEY), 0o600)
        s = kept(Server(data=d))
        self.servers.append(s)
        with self.assertRaises(ServerError) as e:
            s.start(timeout=10)
        self.assertIn("csrf.key: not a 32-byte key", str(e.exception))
        with open(os.path.join(d, KEY), "rb") as f:
            self.assertEqual(f.read(), b"short")


if __name__ == "__main__":
    unittest.main()
