"""Shared helpers of the inbox tests (test_inbox_*.py): a person's
messages read back through /api/v1/inbox in a chosen language (the
Accept-Language of the request: the text is worded when read), and the
whole inbox table checked for who got what."""


def inbox(who, lang="zh", before=None):
    """who's /api/v1/inbox answer, worded in lang ("zh" or "en")."""
    c = who.client if hasattr(who, "client") else who
    saved, c.lang = c.lang, lang
    try:
        path = "/api/v1/inbox" + ("" if before is None else
                                  "?before=%d" % before)
        r = c.get(path)
    finally:
        c.lang = saved
    if r.status != 200:
        raise AssertionError("GET %s: %r" % (path, r))
    return r.json()


def messages(who, kind=None, lang="zh"):
    """who's messages (first page), of one kind when given."""
    return [m for m in inbox(who, lang)["messages"]
            if kind is None or m["kind"] == kind]


def one(test, who, kind):
    """The single message of kind in who's inbox, with its zh and en
    wordings: (message, text_zh, text_en). Fails unless exactly one."""
    zh = messages(who, kind, "zh")
    en = messages(who, kind, "en")
    test.assertEqual(len(zh), 1, "%s messages of %s: %r" % (kind, who, zh))
    test.assertEqual(len(en), 1)
    test.assertEqual(zh[0]["id"], en[0]["id"])
    return zh[0], zh[0]["text"], en[0]["text"]


def recipients(server, kind, since=0):
    """{user id: count} of messages of kind with an id above since, read
    from the database itself (nobody else may have got one)."""
    rows = server.sql("SELECT user, count(*) FROM inbox WHERE kind = ?1 "
                      "AND id > ?2 GROUP BY user", kind, since)
    return {int(u): int(n) for u, n in rows}


def last_id(server):
    return int(server.sql("SELECT coalesce(max(id), 0) FROM inbox")[0][0])
