"""The build and the Kore it is built for (issue 12, item 1).

On a fresh machine the first `make test` used to compile the module before
`make deps` had installed kore: the Makefile read kore's feature flags when
make started, found none, and built a module whose view of struct
http_request was 16 bytes off (the attendance form lost its fields). These
tests build a scratch copy of the tree with the real Makefile:

- without kore's feature file the build stops with a message;
- the fresh-machine order (the feature file appears during the make run,
  as `deps` installs kore) builds a module that serves;
- a module built for another feature set (empty flags) refuses to start
  against the running kore, naming the difference, and a change of the
  features rebuilds every object.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import ROOT, Server, ServerError

FEATURES = "/usr/share/kore/features"


def scratch_tree():
    """A copy of what the build reads (Makefile, src/) in a new folder."""
    top = tempfile.mkdtemp(prefix="yj-build.")
    shutil.copy(os.path.join(ROOT, "Makefile"), top)
    shutil.copytree(os.path.join(ROOT, "src"), os.path.join(top, "src"))
    return top


def make(top, *args):
    # -O0: these builds prove which flags reach the compiler, not speed.
    return subprocess.run(["make", "-C", top, "OPT=-O0"] + list(args),
                          capture_output=True, text=True, timeout=600)


class BuildTest(unittest.TestCase):

    def setUp(self):
        self.top = scratch_tree()
        self.addCleanup(shutil.rmtree, self.top, True)

    def test_build_without_kore_features_stops(self):
        p = make(self.top, "KORE_FEATURES_FILE=/nonexistent/features",
                 "build/web/web.o")
        self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("Kore is not installed", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.top, "build",
                                                     "web", "web.o")))

    def test_fresh_machine_order_then_wrong_features(self):
        features = os.path.join(self.top, "features")
        # `deps` installing kore in the same make run as the build: the
        # feature file does not exist when make starts.
        with open(os.path.join(self.top, "fake-deps.mk"), "w") as f:
            f.write("fake-deps:\n\tcp %s $(KORE_FEATURES_FILE)\n" % FEATURES)
        p = make(self.top, "-f", "Makefile", "-f", "fake-deps.mk",
                 "KORE_FEATURES_FILE=" + features, "fake-deps",
                 "build/yujiang.so")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(FEATURES) as a, open(os.path.join(
                self.top, "build", "kore-features")) as b:
            self.assertEqual(a.read(), b.read())
        module = os.path.join(self.top, "build", "yujiang.so")
        srv = Server(module=module).start()
        try:
            self.assertEqual(srv.client().get("/healthz").status, 200)
        finally:
            srv.stop()

        # The same tree, now built as if kore had none of its features.
        app_o = os.path.join(self.top, "build", "app.o")
        before = os.stat(app_o).st_mtime_ns
        with open(features, "w") as f:
            f.write("\n")
        p = make(self.top, "KORE_FEATURES_FILE=" + features,
                 "build/yujiang.so")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotEqual(os.stat(app_o).st_mtime_ns, before,
                            "a change of kore's features rebuilt nothing")
        srv = Server(module=module)
        with self.assertRaises(ServerError) as cm:
            srv.start(timeout=15)
        srv.stop(check=False)
        self.assertIn("built without KORE_USE_TASKS but the running kore "
                      "was built with it", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
