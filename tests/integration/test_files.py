"""Issue 15.5 and 15.6: files on disk and `make run` as root.

The data directory holds personal data and password hashes: every
folder under it is 0700 and every file 0600 (the server and the admin
tool set umask 077 at start, whatever the shell's), after `yujiang-admin
init` and a server run, in development and in production mode (root,
`runas nobody`); the root's owner never changes. A key file another user
owns is refused. The handover to the workers' user never follows a
symbolic link. `make run` started as root runs the workers as the
unprivileged user yujiang, chrooted into the data directory."""
import http.client
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import unittest

from harness import (ADMIN, ENGINE, ROOT, Server, ServerError,
                     ServerTestCase, free_port, new_phone, user)
from training_util import id_number, new_apprentice

# Written by the test harness (its own open(), not the server's).
HARNESS_FILES = {"kore.log"}


def loose_modes(top):
    """Every path under top (lstat, symbolic links not followed) whose
    mode is not 0700 (folders) or 0600 (files)."""
    bad = []
    for d, dirs, files in os.walk(top):
        for name in dirs + files:
            p = os.path.join(d, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode) or (d == top and
                                             name in HARNESS_FILES):
                continue
            want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
            if stat.S_IMODE(st.st_mode) != want:
                bad.append("%s %03o" % (os.path.relpath(p, top),
                                        stat.S_IMODE(st.st_mode)))
    return sorted(bad)


def issue_certificate(test):
    """A certificate issued through the workers (they write its files
    under certificates/)."""
    s = test.logged_in("staff")
    holder = new_apprentice(test.server, "文件学徒").id
    r = s.post_json("/api/v1/people/%d/identity" % holder,
                    {"doc_type": "resident_id", "consent": True,
                     "number": id_number(holder), "name": "文件学徒"})
    test.assertEqual(r.status, 201, r)
    r = s.post_json("/api/v1/people/%d/level" % holder,
                    {"level": 2, "evidence": "考核 80 分"})
    test.assertEqual(r.status, 200, r)
    ev = "level:%s" % test.server.sql(
        "SELECT max(id) FROM skill_levels WHERE user = ?1", holder)[0][0]
    r = s.post_json("/api/v1/certs", {"event": ev, "lang": "zh"})
    test.assertEqual(r.status, 201, r)
    code = r.json()["certificate"]["code"]
    # Its files, made by a worker, are read back by one.
    test.assertEqual(test.client().get("/v/%s" % code).status, 200)


@unittest.skipUnless(os.geteuid() == 0, "the harness runs as root")
class DevFilesTest(ServerTestCase):
    """`init` and a server run with the shell's usual umask 022."""
    init = True
    users = {"staff": user("站长", "staff")}

    @classmethod
    def setUpClass(cls):
        old = os.umask(0o022)
        try:
            super().setUpClass()
        finally:
            os.umask(old)

    def test_folders_0700_files_0600(self):
        issue_certificate(self)
        r = self.client().register_api("Files", "files-%s@example.com" %
                                        new_phone())
        self.assertEqual(r.status, 201, r)
        self.assertEqual(loose_modes(self.server.dir), [])
        self.assertEqual(os.lstat(self.server.dir).st_uid, 0)
        self.assertHealthy()


@unittest.skipUnless(os.geteuid() == 0, "production mode needs root")
class ProductionFilesTest(ServerTestCase):
    """Root, `runas nobody`: the workers own what they write, the root
    stays root's, and everything is still 0700/0600."""
    production = True
    init = True
    users = {"staff": user("站长", "staff")}

    @classmethod
    def setUpClass(cls):
        old = os.umask(0o022)
        try:
            super().setUpClass()
        finally:
            os.umask(old)

    def test_folders_0700_files_0600_root_unchanged(self):
        issue_certificate(self)
        self.assertEqual(loose_modes(self.server.dir), [])
        root = os.lstat(self.server.dir)
        self.assertEqual(root.st_uid, 0)
        nobody = pwd.getpwnam("nobody").pw_uid
        owned = ("certificates", "uploads", "fonts")
        if ENGINE == "sqlite":
            owned = ("yujiang.db",) + owned
        else:                   # on PostgreSQL no SQLite file is made
            self.assertFalse(os.path.exists(os.path.join(self.server.dir,
                                                         "yujiang.db")))
        for name in owned:
            self.assertEqual(os.lstat(os.path.join(self.server.dir,
                                                   name)).st_uid, nobody,
                             name)
        for name in ("keys", "code.key", "kore.conf"):
            self.assertEqual(os.lstat(os.path.join(self.server.dir,
                                                   name)).st_uid, 0, name)
        self.assertHealthy()


@unittest.skipUnless(os.geteuid() == 0, "production mode needs root")
class HandoverTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="yj-files.", dir="/tmp")
        self.outside = tempfile.mkdtemp(prefix="yj-outside.", dir="/tmp")
        self.env = dict(os.environ,
                        YUJIANG_PUBLIC_URL="http://127.0.0.1:1")

    def tearDown(self):
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.outside, ignore_errors=True)

    def admin(self, *args):
        return subprocess.run([ADMIN, "-d", self.dir] + list(args),
                              cwd=ROOT, capture_output=True, text=True,
                              env=self.env)

    def test_symlinks_are_not_followed(self):
        """Links planted where the parent hands files over to the
        workers' user: the links change owner, their targets do not."""
        p = self.admin("init")
        self.assertEqual(p.returncode, 0, p.stderr)
        target = os.path.join(self.outside, "secret")
        with open(target, "w") as f:
            f.write("root's\n")
        tdir = os.path.join(self.outside, "dir")
        os.mkdir(tdir)
        inner = os.path.join(tdir, "inner")
        open(inner, "w").close()
        links = [os.path.join(self.dir, "uploads", "photos", "evil"),
                 os.path.join(self.dir, "certificates", "evil-dir"),
                 os.path.join(self.dir, "fonts", "evil")]
        os.symlink(target, links[0])
        os.symlink(tdir, links[1])
        os.symlink(target, links[2])
        srv = Server(data=self.dir, production=True)
        try:
            srv.start()
            nobody = pwd.getpwnam("nobody").pw_uid
            for link in links:
                self.assertEqual(os.lstat(link).st_uid, nobody, link)
            for p in (target, tdir, inner, self.outside):
                self.assertEqual(os.lstat(p).st_uid, 0, p)
            self.assertEqual(os.lstat(self.dir).st_uid, 0)
        finally:
            srv.stop()
        self.dir = None     # removed by srv.stop()

    def test_key_owned_by_another_user_is_refused(self):
        p = self.admin("init")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.admin("keys").returncode, 0)
        key = os.path.join(self.dir, "keys", "ed25519.key")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        nobody = pwd.getpwnam("nobody")
        os.chown(key, nobody.pw_uid, nobody.pw_gid)
        p = self.admin("keys")
        self.assertNotEqual(p.returncode, 0, p.stdout)
        self.assertIn("ed25519.key: owned by uid %d, not by uid 0" %
                      nobody.pw_uid, p.stderr)
        # The server does not start on it either.
        srv = Server(data=self.dir)
        with self.assertRaises(ServerError) as cm:
            srv.start()
        srv.stop(check=False)
        self.assertIn("owned by uid %d" % nobody.pw_uid, str(cm.exception))
        self.dir = None


@unittest.skipUnless(os.geteuid() == 0, "the test is `make run` as root")
class MakeRunAsRootTest(unittest.TestCase):
    """`make run` (deps left alone: they are installed) on a fresh data
    directory, started as root."""

    def test_workers_unprivileged_and_chrooted(self):
        data = tempfile.mkdtemp(prefix="yj-run.", dir="/tmp")
        port = free_port()
        log = open(os.path.join(tempfile.gettempdir(),
                                "yj-run.%d.log" % port), "wb")
        env = dict(os.environ)
        env.pop("MAKEFLAGS", None)
        env.pop("YUJIANG_PUBLIC_URL", None)
        proc = subprocess.Popen(
            ["setsid", "make", "-s", "-o", "deps", "run", "DATA=" + data,
             "PORT=%d" % port, "WORKERS=2"], cwd=ROOT, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        try:
            self._check(proc, data, port, log.name)
        finally:
            try:
                with open(os.path.join(data, "kore.pid")) as f:
                    os.kill(int(f.read()), signal.SIGTERM)
                proc.wait(timeout=15)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
            log.close()
            shutil.rmtree(data, ignore_errors=True)

    def _check(self, proc, data, port, logname):
        deadline = time.time() + 120
        while time.time() < deadline:
            if proc.poll() is not None:
                with open(logname) as f:
                    self.fail("make run exited: " + f.read()[-3000:])
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            self.fail("make run did not answer")
        with open(os.path.join(data, "kore.pid")) as f:
            parent = int(f.read())
        workers = []
        for d in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
                with open("/proc/%s/cmdline" % d, "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if (int(st[st.rindex(")") + 2:].split()[1]) == parent and
                    b"[signer]" not in cmd):
                workers.append(int(d))
        self.assertEqual(len(workers), 2, workers)
        for pid in workers:
            with open("/proc/%d/status" % pid) as f:
                uids = [line.split()[1:] for line in f
                        if line.startswith("Uid:")][0]
            self.assertNotIn("0", uids)
            self.assertEqual(pwd.getpwuid(int(uids[0])).pw_name, "yujiang")
            self.assertEqual(os.readlink("/proc/%d/root" % pid),
                             os.path.realpath(data))
        self.assertEqual(loose_modes(data), [])


if __name__ == "__main__":
    unittest.main()
