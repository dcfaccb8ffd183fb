"""Paths no route claims: the 404 page in the reader's language (JSON
under /api/), for any method, with the same security headers."""
import unittest

from harness import ServerTestCase


class NotFoundTest(ServerTestCase):
    users = {}

    def test_page_in_the_readers_language(self):
        zh = self.client().get("/no/such/page")
        self.assertEqual(zh.status, 404, zh)
        self.assertIn("找不到这个页面", zh.text)
        self.assertIn('<html lang="zh-CN"', zh.text)
        en = self.client(lang="en").get("/no/such/page")
        self.assertEqual(en.status, 404, en)
        self.assertIn("This page does not exist", en.text)
        self.assertIn("frame-ancestors 'none'",
                      en.header("content-security-policy") or "")

    def test_api_answers_json(self):
        r = self.client(lang="en").get("/api/v1/no-such-thing")
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.json()["error"], "not_found")
        self.assertEqual(r.json()["message"], "This page does not exist.")

    def test_every_method_and_hostile_paths(self):
        c = self.client()
        for method in ("GET", "HEAD", "DELETE"):
            with self.subTest(method=method):
                self.assertEqual(c.request(method, "/x/y").status, 404)
        r = c.get("/%3Cscript%3Ealert(1)%3C/script%3E")
        self.assertEqual(r.status, 404, r)
        self.assertNotIn("<script>alert", r.text)


if __name__ == "__main__":
    unittest.main()
