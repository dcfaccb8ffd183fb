"""Paged lists alike (issue 16): the staff's people, every certificate,
the gallery, a portfolio and the outbox come newest first, 50 a page
(src/web/pager.h); ?before=<id> gives the page after the one whose last
row is <id>; the page links to the next one (rel="next") and the API
says "next": <id> or null. Walking the pages gives every row once, in
order, never more than 50 a page; past the end is an empty page with no
next; a wrong before is a 400 in the reader's language. The rows are
put in the real database with SQL (hundreds of people, certificates,
works and messages), the pages read from the real server.

A competition's entries (staff's list on /competitions/<id>) page by
category and code instead: before is the id of the page's last entry,
and the next page is the entries after it in that order."""
import html
import re
import unittest

from harness import ServerTestCase, sql_random_hex, sql_zpad, user
from training_util import login, new_apprentice

PAGE = 50
# (An empty before, as a form left blank sends it, is the first page.)
BAD = ("abc", "0", "-5", "1.5", "99999999999999999999", "12a")
MESSAGE = {
    "zh": "翻页参数 before 须为正整数（上一页最后一条的编号）。",
    "en": "The page parameter before must be a positive whole number "
          "(the number of the last row of the previous page).",
}


def raw(who):
    """The HTTP client of a logged-in Person, or the client itself."""
    return getattr(who, "client", who)


class PagingTest(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        s = cls.server
        cls.staff = login(s, cls.accounts["staff"])
        cls.owner = new_apprentice(s, "多作品")
        s.sql_write(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
            "WHERE n < 130) INSERT INTO users (name, account, pwhash, role, "
            "track, created, verified) SELECT '翻页' || n, '1370000' || "
            + sql_zpad("n", 4) +
            ", '!', 'apprentice', 'carver', 1700000000 + n, 1 FROM k")
        s.sql_write(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
            "WHERE n < 120) INSERT INTO certificates (serial, code, kind, "
            "event, user, holder, title_zh, title_en, level, lang, issued, "
            "kid, qr, issued_by, created, current, identity_checked) SELECT "
            "'P' || " + sql_zpad("n", 21) + ", " + sql_random_hex(16) +
            ", 'course', "
            "'completion:' || (900000 + n), ?1, '多作品', '玉雕工具与安全', "
            "'Carving tools and workshop safety', 0, 'zh', '2025-01-01', "
            "(SELECT kid FROM certificates LIMIT 1), 'x', 1, 1700000000, 1, "
            "1 FROM k", cls.owner.id)
        s.sql_write(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
            "WHERE n < 170) INSERT INTO works (user, title, material, public, "
            "created, updated) SELECT ?1, '作品' || n, 'jadeite', CASE WHEN "
            "n % 3 <> 0 THEN 1 ELSE 0 END, "
            "1700000000 + n, 1700000000 + n FROM k", cls.owner.id)
        s.sql_write(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
            "WHERE n < 125) INSERT INTO outbox (channel, address, body, "
            "state, next_at, created, sent) SELECT 'sms', '13900000000', "
            "'翻页 ' || n, 'sent', 1700000000, 1700000000 + n, 1700000000 "
            "FROM k")
        # 130 entries in the demo competition taking entries, over its
        # two categories, their codes falling as their ids rise (so the
        # list's order is not the ids').
        cls.comp = int(s.sql("SELECT id FROM competitions WHERE state = "
                             "'entries' ORDER BY id LIMIT 1")[0][0])
        s.sql_write(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
            "WHERE n < 130) INSERT INTO works (user, title, material, public, "
            "created, updated) SELECT ?1, '参赛' || n, 'jadeite', 0, "
            "1600000000 + n, 1600000000 + n FROM k", cls.owner.id)
        s.sql_write(
            "INSERT INTO comp_entries (competition, category, entrant, work, "
            "code, created) SELECT ?1, CASE w.id % 2 WHEN 0 THEN (SELECT "
            "min(id) FROM comp_categories WHERE competition = ?1) ELSE "
            "(SELECT max(id) FROM comp_categories WHERE competition = ?1) "
            "END, w.user, w.id, 'PG' || " + sql_zpad("1000000 - w.id", 6) +
            ", w.created "
            "FROM works w "
            "WHERE w.user = ?2 AND w.title LIKE '参赛%'", cls.comp,
            cls.owner.id)

    # -- the lists, as their API and their page show them -----------------

    def lists(self):
        """(name, who, api path, rows key, page path, row id pattern,
        the ids the store holds, newest first)."""
        ids = lambda q, *a: [int(r[0]) for r in self.server.sql(q, *a)]
        return (
            ("certificates", self.staff, "/api/v1/certs", "certificates",
             "/certs", r'<li><a href="/certs/(\d+)">',
             ids("SELECT id FROM certificates ORDER BY id DESC")),
            ("gallery", self.client(), "/api/v1/works", "works", "/works",
             r'<li class="work"><a href="/works/(\d+)">',
             ids("SELECT id FROM works WHERE public = 1 ORDER BY id DESC")),
            ("portfolio", self.owner, "/api/v1/portfolio", "works",
             "/portfolio", r'<li class="work"><a href="/works/(\d+)">',
             ids("SELECT id FROM works WHERE user = ?1 ORDER BY id DESC",
                 self.owner.id)),
            ("outbox", self.staff, "/api/v1/outbox", "messages",
             "/staff/outbox", r'<tr id="msg-(\d+)"',
             ids("SELECT id FROM outbox ORDER BY id DESC")),
            ("entries", self.staff, "/api/v1/competitions/%d" % self.comp,
             "entries", "/competitions/%d" % self.comp,
             r'<tr><td><a href="/entries/(\d+)"><code>',
             ids("SELECT id FROM comp_entries WHERE competition = ?1 "
                 "ORDER BY category, code", self.comp)),
        )

    def walk_api(self, who, path, key):
        got, pages, before = [], 0, None
        while True:
            r = who.get(path if before is None else
                        "%s?before=%d" % (path, before))
            self.assertEqual(r.status, 200, r)
            j = r.json()
            rows = [x["id"] for x in j[key]]
            self.assertLessEqual(len(rows), PAGE)
            got += rows
            pages += 1
            self.assertLess(pages, 20)
            if j["next"] is None:
                return got, pages
            self.assertEqual(len(rows), PAGE)
            self.assertEqual(j["next"], rows[-1])
            before = j["next"]

    def walk_pages(self, who, path, pattern):
        got, pages, href = [], 0, path
        while href is not None:
            r = who.get(href)
            self.assertEqual(r.status, 200, r)
            rows = [int(x) for x in re.findall(pattern, r.text)]
            self.assertLessEqual(len(rows), PAGE)
            got += rows
            pages += 1
            self.assertLess(pages, 20)
            m = re.search(r'<a [^>]*rel="next"[^>]*href="([^"]*)"', r.text)
            href = m.group(1).replace("&amp;", "&") if m else None
            if href is not None:
                self.assertEqual(len(rows), PAGE)
                self.assertTrue(href.endswith("before=%d" % rows[-1]), href)
        return got, pages

    def test_walk_every_list(self):
        for name, who, api, key, page, pattern, want in self.lists():
            with self.subTest(list=name):
                self.assertGreater(len(want), 2 * PAGE)
                got, pages = self.walk_api(who, api, key)
                self.assertEqual(got, want)
                self.assertEqual(pages, (len(want) + PAGE - 1) // PAGE)
                got, pages = self.walk_pages(who, page, pattern)
                self.assertEqual(got, want)

    def test_people(self):
        want = [r[0] for r in self.server.sql(
            "SELECT account FROM users ORDER BY id DESC")]
        got, href, pages = [], "/staff/users", 0
        while href is not None:
            r = self.staff.get(href)
            self.assertEqual(r.status, 200, r)
            body = r.text.split('<tbody id="users">', 1)[1]
            body = body.split("</tbody>", 1)[0]
            rows = re.findall(r"<td>([^<]*)</td></tr>", body)
            self.assertLessEqual(len(rows), PAGE)
            got += rows
            pages += 1
            m = re.search(r'<a rel="next" id="next-page" href="([^"]*)"',
                          r.text)
            href = m.group(1) if m else None
        self.assertEqual(got, want)
        self.assertEqual(pages, (len(want) + PAGE - 1) // PAGE)

    def test_second_page_and_past_the_end(self):
        for name, who, api, key, page, pattern, want in self.lists():
            with self.subTest(list=name):
                r = who.get("%s?before=%d" % (api, want[PAGE - 1]))
                self.assertEqual([x["id"] for x in r.json()[key]],
                                 want[PAGE:2 * PAGE])
                # Past the end: the oldest (last) row's id, and 1 (an
                # entry of another competition, for the entries).
                for before in (want[-1], 1):
                    r = who.get("%s?before=%d" % (api, before))
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(r.json()[key], [])
                    self.assertIsNone(r.json()["next"])
                    r = who.get("%s?before=%d" % (page, before))
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(re.findall(pattern, r.text), [])
                    self.assertNotIn('rel="next"', r.text)

    def test_bad_before(self):
        paths = [(who, api, page) for _, who, api, _, page, _, _ in
                 self.lists()] + [(self.staff, None, "/staff/users")]
        for who, api, page in paths:
            for bad in BAD:
                for lang in ("zh", "en"):
                    with self.subTest(path=page, before=bad, lang=lang):
                        h = {"Accept-Language": lang}
                        if api is not None:
                            r = raw(who).get("%s?before=%s" % (api, bad),
                                             headers=h)
                            self.assertEqual(r.status, 400, r)
                            self.assertEqual(r.json(), {
                                "error": "invalid_before",
                                "message": MESSAGE[lang]})
                        r = raw(who).get("%s?before=%s" % (page, bad),
                                         headers=h)
                        self.assertEqual(r.status, 400, r)
                        self.assertIn(MESSAGE[lang], html.unescape(r.text))


if __name__ == "__main__":
    unittest.main()
