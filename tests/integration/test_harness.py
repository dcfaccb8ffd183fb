"""The harness's own promise: a worker killed the way the seccomp sandbox
kills (SIGSYS) fails the test class. Without this, a clean log would
prove nothing."""
import os
import shutil
import signal
import time
import unittest

from harness import Server, crash_lines


class HarnessSelfTest(unittest.TestCase):
    def test_clean_startup_log_is_not_a_crash(self):
        self.assertEqual(crash_lines(
            "[parent]: seccomp sandbox enabled\n"
            "[parent]: worker [wrk 1] exited\n[parent]: goodbye\n"), [])
        self.assertEqual(len(crash_lines(
            "[parent]: worker wrk 1 (77) exited with status 31\n"
            "[parent]: worker 1 (pid: 77) (hdlr: none) gone\n"
            "[parent]: worker 1 died from sandbox violation\n"
            "[wrk 1]: seccomp violation, wrk 1 pid=77, syscall=1:x\n")), 4)

    def test_sigsys_in_a_worker_fails_the_class(self):
        s = Server(workers=1).start()
        try:
            workers = s.worker_pids()
            self.assertEqual(len(workers), 1)
            os.kill(workers[0], signal.SIGSYS)
            time.sleep(0.5)     # policy terminate: the parent stops
        finally:
            with self.assertRaises(AssertionError) as cm:
                s.stop(check=True)
        self.assertIn("sandbox violation", str(cm.exception))
        # The log was kept for the post-mortem; clean it up here.
        shutil.rmtree(s.dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
