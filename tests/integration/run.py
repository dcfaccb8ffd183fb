#!/usr/bin/env python3
"""Run every integration test (tests/integration/test_*.py) against the
real server. Prints one line per test and ends with exactly one line
"N passed, N failed" (", N skipped" appended when some were skipped);
exits non-zero when any test failed or errored.

    python3 tests/integration/run.py            # from the project root
    python3 tests/integration/run.py test_csrf  # only some modules
    YJ_KEEP=1 ...                               # keep data dirs and logs
"""
import os
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


class Result(unittest.TestResult):
    """One outcome per test method (a failed subTest fails its test);
    errors in setUpClass/tearDownClass count as failed entries."""

    def __init__(self, out):
        super().__init__()
        self.out = out
        self.outcome = {}       # test id -> "ok" | "FAIL" | "skip"
        self.details = []       # (title, text)
        self.started = {}

    def _name(self, test):
        if isinstance(test, unittest.TestCase):
            return "%s.%s" % (type(test).__name__, test._testMethodName)
        return str(test)        # _ErrorHolder: "setUpClass (module.Class)"

    def _line(self, status, test, extra=""):
        t = time.time() - self.started.get(test.id(), time.time())
        self.out.write("%-4s %s (%.2fs)%s\n" % (status, self._name(test), t,
                                                extra))
        self.out.flush()

    def startTest(self, test):
        super().startTest(test)
        self.started[test.id()] = time.time()

    def stopTest(self, test):
        super().stopTest(test)
        tid = test.id()
        if tid not in self.outcome:
            self.outcome[tid] = "ok"
        status = self.outcome[tid]
        self._line({"ok": "ok", "FAIL": "FAIL", "skip": "skip"}[status],
                   test)

    def _fail(self, test, err, kind):
        self.outcome[test.id()] = "FAIL"
        self.details.append(("%s: %s" % (kind, self._name(test)),
                             self._exc_info_to_string(err, test)))

    def addError(self, test, err):
        super().addError(test, err)
        if not isinstance(test, unittest.TestCase):
            # A class or module fixture: no startTest/stopTest for it.
            if issubclass(err[0], unittest.SkipTest):
                return
            self.outcome[test.id()] = "FAIL"
            self.details.append(("ERROR: %s" % self._name(test),
                                 self._exc_info_to_string(err, test)))
            self.out.write("FAIL %s\n" % self._name(test))
            self.out.flush()
            return
        self._fail(test, err, "ERROR")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err, "FAIL")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "ERROR" if not issubclass(err[0], AssertionError) \
                else "FAIL"
            self.outcome[test.id()] = "FAIL"
            self.details.append(("%s: %s %s" % (kind, self._name(test),
                                                subtest._subDescription()),
                                 self._exc_info_to_string(err, test)))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcome[test.id()] = "skip"
        if not isinstance(test, unittest.TestCase):
            self.out.write("skip %s: %s\n" % (self._name(test), reason))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.outcome[test.id()] = "ok"

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.outcome[test.id()] = "FAIL"
        self.details.append(("UNEXPECTED SUCCESS: %s" % self._name(test),
                             "marked expectedFailure but passed\n"))


def main(argv):
    os.chdir(ROOT)
    sys.path.insert(0, HERE)
    for f in ("build/yujiang.so", "build/yujiang-admin"):
        if not os.path.exists(f):
            print("%s is missing: run `make` first" % f)
            print("0 passed, 1 failed")
            return 1
    loader = unittest.TestLoader()
    if argv:
        suite = unittest.TestSuite()
        for name in argv:
            suite.addTests(loader.loadTestsFromName(name))
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    out = sys.stdout
    result = Result(out)
    t0 = time.time()
    try:
        suite.run(result)
    except KeyboardInterrupt:
        out.write("interrupted\n")
        result.outcome["<interrupted>"] = "FAIL"
    elapsed = time.time() - t0
    for title, text in result.details:
        out.write("\n" + "=" * 70 + "\n" + title + "\n" + "-" * 70 + "\n")
        out.write(text)
    counts = {"ok": 0, "FAIL": 0, "skip": 0}
    for v in result.outcome.values():
        counts[v] += 1
    out.write("\n%d tests in %.1fs\n" % (len(result.outcome), elapsed))
    line = "%d passed, %d failed" % (counts["ok"], counts["FAIL"])
    if counts["skip"]:
        line += ", %d skipped" % counts["skip"]
    out.write(line + "\n")
    out.flush()
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception:
        traceback.print_exc(file=sys.stdout)
        print("0 passed, 1 failed")
        sys.exit(1)
