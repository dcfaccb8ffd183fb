"""Every waiting request gets its turn (issue 18: the results page's tail).

Kore 4.1 puts a newly read request at the head of its worker's queue and
serves the queue from the head for at most http_request_ms (default 10)
a loop iteration. While handlers are fast (SQLite: well under a
millisecond) every iteration empties the queue and the order does not
matter. When they take a few milliseconds (PostgreSQL: each statement a
round trip), ten milliseconds serve only a few requests, the newest
first, and a request read early waits behind every later one: on
PostgreSQL the results page's p99 was 0.5-1.1 s at 32 connections, and
a connection whose request waited past http_keepalive_time was closed
by Kore's idle check without an answer (a reset, seen by this test).
conf/common.conf raises the budget so that an iteration serves all the
requests it has read.

What is asserted is behaviour, not time: 32 keep-alive connections ask
a published competition's results page as fast as it answers for a few
seconds; every request is answered 200 (no reset, no close), and every
connection is served a share (the least-served connection at least a
quarter of the mean), and no request waits more than 20 times the median
(first-come order: a few rounds of the queue; newest-first order left
requests waiting seconds, 100 to 360 times the median). Latencies are
printed."""
import asyncio
import time

from harness import ServerTestCase, user

CONNS = 32
SECONDS = 4.0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


async def one_conn(port, path, deadline, out):
    """Ask path over one keep-alive connection until deadline: out gets
    (latency, status) per answer, or (None, error) once it fails."""
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port)
    except OSError as e:
        out.append((None, repr(e)))
        return
    req = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode()
    try:
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            w.write(req)
            await w.drain()
            head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 30)
            lines = head.split(b"\r\n")
            status = int(lines[0].split()[1])
            n = 0
            for h in lines[1:]:
                k, _, v = h.partition(b":")
                if k.strip().lower() == b"content-length":
                    n = int(v)
            await asyncio.wait_for(r.readexactly(n), 30)
            out.append((time.monotonic() - t0, status))
    except (OSError, asyncio.IncompleteReadError,
            asyncio.TimeoutError, ValueError, IndexError) as e:
        out.append((None, repr(e)))
    finally:
        w.close()


async def hammer(port, path):
    deadline = time.monotonic() + SECONDS
    outs = [[] for _ in range(CONNS)]
    await asyncio.gather(*[one_conn(port, path, deadline, o)
                           for o in outs])
    return outs


class FairQueueTest(ServerTestCase):
    init = True                 # the demo's published competition
    users = {"staff": user("周站长", "staff")}

    def test_every_connection_is_served_its_turn(self):
        rows = self.server.sql("SELECT id FROM competitions WHERE state = "
                               "'published' ORDER BY id LIMIT 1")
        self.assertEqual(len(rows), 1, "the demo has a published "
                         "competition")
        path = "/competitions/%d/results" % int(rows[0][0])
        r = self.server.client().get(path)
        self.assertEqual(r.status, 200)
        self.assertIn('class="grid results"', r.text)
        outs = asyncio.run(hammer(self.server.port, path))
        errors = [(i, x[1]) for i, o in enumerate(outs) for x in o
                  if x[0] is None]
        statuses = {x[1] for o in outs for x in o if x[0] is not None}
        counts = [sum(1 for x in o if x[0] is not None) for o in outs]
        lat = [x[0] * 1000 for o in outs for x in o if x[0] is not None]
        mean = sum(counts) / float(CONNS)
        print("\n  [fair] %d connections, %d answers in %.0f s: p50 %.1f "
              "ms, p99 %.1f ms, max %.1f ms; per connection min %d, mean "
              "%.1f, max %d" % (CONNS, len(lat), SECONDS, pct(lat, 50),
                                 pct(lat, 99), max(lat), min(counts), mean,
                                 max(counts)))
        self.assertEqual(errors, [], "connections closed or reset "
                         "before their answer")
        self.assertEqual(statuses, {200})
        self.assertGreater(mean, 5, "too few answers to judge")
        # Two workers share the connections as the kernel hands them
        # out (20 and 12 is common), so shares differ by worker; within
        # a worker, first-come order keeps them even.
        self.assertGreaterEqual(min(counts), mean / 4.0,
                                "a connection was starved: %r" % counts)
        # First come, first served: the longest wait is a few rounds of
        # the queue, not seconds behind requests read after it.
        self.assertLess(max(lat), 20 * pct(lat, 50),
                        "a request waited behind later ones")
        # The server still serves everyone after the burst.
        self.assertEqual(self.server.client().get(path).status, 200)
        self.assertHealthy()
