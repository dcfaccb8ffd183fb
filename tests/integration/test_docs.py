"""The reference cannot drift from the code (issue 17).

The route table is read from the source: the rows of `routes[]` in
src/app.c (path, GET function, POST function, flags), checked against the
`route` lines of conf/common.conf - the same pair the server compares at
start (web_routes_check()), so a row this parser missed fails here rather
than passing unseen. The documentation is read in the format docs/README.md
defines: a table row of a docs/*.md page whose first cell is exactly
`METHOD /path` (GET, POST, or ANY for the catch-all), placeholders in
angle brackets.

- every route of the table, with each method it answers (and each
  alternative of a `(a|b)` group), has a row in docs/;
- every documented row reaches a route of its own, as Kore would route it
  (conf/common.conf in order, the first match wins), with a method that
  route answers; nothing is documented twice;
- every `src/...` path (and `conf/`, `tests/`, `assets/` path) that
  README.md and docs/*.md name exists.
"""
import glob
import itertools
import os
import re
import unittest

from harness import ROOT

METHODS = ("GET", "POST", "ANY")

# The placeholders docs/README.md allows, each with a value it stands for.
PLACEHOLDERS = {
    "<id>": "1",
    "<n>": "1",
    "<entry>": "1",
    "<CODE>": "JB101",
    "<code>": "ABCDEFGHJKMNPQRS",
    "<other>": "no/such/page",
}

ROW = re.compile(r"""
    \{\s*"((?:[^"\\]|\\.)*)"\s*,    # path, a C string
    \s*([^,{}]+?)\s*,               # who
    \s*([^,{}]+?)\s*,               # flags
    \s*(\w+)\s*,                    # GET function or NULL
    \s*(\w+)\s*,                    # POST function or NULL
    \s*([^,{}]*?)\s*\}              # who may POST
    """, re.S | re.X)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def route_table():
    """[(path, methods)] from src/app.c's routes[], in table order."""
    src = read("src/app.c")
    start = src.index("const struct route routes[] = {")
    end = src.index("\n};", start)
    block = re.sub(r"/\*.*?\*/", "", src[start:end], flags=re.S)
    block = block[block.index("{") + 1:]
    rows = ROW.findall(block)
    if len(rows) != block.count('{ "'):
        raise AssertionError("src/app.c: %d rows in routes[], %d parsed: "
                             "the parser is out of date" %
                             (block.count('{ "'), len(rows)))
    table = []
    for path, _who, flags, get, post, _pw in rows:
        path = re.sub(r"\\(.)", r"\1", path)
        if "R_CATCH_ALL" in flags:
            methods = {"ANY"}
        else:
            methods = set()
            if get != "NULL" or "R_DIRECT" in flags:
                methods.add("GET")
            if post != "NULL":
                methods.add("POST")
        table.append((path, methods))
    return table


def conf_routes():
    """The route lines of conf/common.conf, in the order Kore tries them."""
    return re.findall(r"^\s*route\s+(\S+)", read("conf/common.conf"), re.M)


def kore_match(route, path):
    if route.startswith("^"):
        return re.search(route, path) is not None
    return route == path


def variants(route):
    """A regex route with each (a|b) group taken apart: ^/x/(a|b)$ gives
    ^/x/a$ and ^/x/b$; a route without one gives itself."""
    parts = re.split(r"\(([^()]*\|[^()]*)\)", route)
    fixed, groups = parts[0::2], [g.split("|") for g in parts[1::2]]
    out = []
    for pick in itertools.product(*groups):
        s = fixed[0]
        for alt, rest in zip(pick, fixed[1:]):
            s += alt + rest
        out.append(s)
    return out


def doc_pages():
    return sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))


def doc_rows():
    """([(page:line, method, path)], [malformed rows]) of docs/*.md; rows
    inside fenced code blocks are examples, not documentation."""
    rows, bad = [], []
    for page in doc_pages():
        name = os.path.relpath(page, ROOT)
        fenced = False
        for n, line in enumerate(read(name).splitlines(), 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if fenced or not line.startswith("|"):
                continue
            cell = line.split("|")[1].strip()
            if not re.search(r"`(%s) " % "|".join(METHODS), cell):
                continue
            m = re.fullmatch(r"`(%s) (/[^`\s?…]*)`" % "|".join(METHODS),
                             cell)
            if m is None:
                bad.append("%s:%d: %s (one `METHOD /path` per row)" %
                           (name, n, cell))
                continue
            rows.append(("%s:%d" % (name, n), m.group(1), m.group(2)))
    return rows, bad


def concrete(path):
    """The documented path with each placeholder replaced; None when it
    holds one docs/README.md does not define."""
    for ph, value in PLACEHOLDERS.items():
        path = path.replace(ph, value)
    return None if "<" in path or ">" in path else path


def check(table, routed, rows):
    """The problems, each naming its route or page line: undocumented
    routes, documented routes that do not exist, rows given twice."""
    methods = dict(table)
    problems = []
    # The server's routing (src/web/web.c, web_dispatch()): Kore answers
    # the direct routes above the catch-all; every other path goes to
    # the catch-all, whose index picks the first route in conf order
    # that matches, else the 404 page. As a scan: the catch-all last.
    routed = ([r for r in routed if r != "^/"] +
              [r for r in routed if r == "^/"])
    hits = {}               # (route, method) -> [concrete paths]
    seen = {}
    for where, method, path in rows:
        key = (method, path)
        if key in seen:
            problems.append("%s: %s %s is documented twice (also %s)" %
                            (where, method, path, seen[key]))
            continue
        seen[key] = where
        c = concrete(path)
        if c is None:
            problems.append("%s: %s %s: unknown placeholder (docs/README.md"
                            " lists them)" % (where, method, path))
            continue
        winner = next((r for r in routed if kore_match(r, c)), None)
        if winner is None or winner not in methods:
            problems.append("%s: documented route %s %s does not exist" %
                            (where, method, path))
            continue
        if method not in methods[winner]:
            if "ANY" in methods[winner]:
                problems.append("%s: documented route %s %s does not exist "
                                "(only the 404 catch-all answers it)" %
                                (where, method, path))
            else:
                problems.append("%s: documented route %s %s does not exist "
                                "(%s answers %s)" %
                                (where, method, path, winner,
                                 "/".join(sorted(methods[winner]))))
            continue
        hits.setdefault((winner, method), []).append(c)
    for route, ms in table:
        for method in sorted(ms):
            for v in variants(route):
                if not any(kore_match(v, c)
                           for c in hits.get((route, method), [])):
                    problems.append("route %s %s is not documented in docs/"
                                    % (method, v))
    return problems


class DocsTest(unittest.TestCase):

    def test_parser_reads_the_route_table_kore_routes(self):
        """src/app.c's table and conf/common.conf name the same routes,
        and the parser read every row of the table."""
        table = route_table()
        routed = conf_routes()
        self.assertGreater(len(table), 200)
        self.assertEqual(sorted(p for p, _ in table), sorted(routed))

    def test_route_rows_are_well_formed(self):
        rows, bad = doc_rows()
        self.assertEqual(bad, [], "malformed route rows in docs/")
        self.assertGreater(len(rows), 200)

    def test_every_route_documented_and_every_documented_route_exists(self):
        rows, _ = doc_rows()
        problems = check(route_table(), conf_routes(), rows)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_paths_named_in_readme_and_docs_exist(self):
        """Every src/... file or folder README.md and docs/*.md name (and
        every conf/, tests/, assets/ one without a placeholder) exists."""
        missing = []
        pages = ["README.md"] + [os.path.relpath(p, ROOT)
                                 for p in doc_pages()]
        for name in pages:
            for n, line in enumerate(read(name).splitlines(), 1):
                for m in re.finditer(r"(?<![\w./-])((?:src|conf|tests|"
                                     r"assets)/[\w./{}<>*…-]*)", line):
                    p = m.group(1).rstrip(".")
                    if (re.search(r"[{}<>*…]", p) or
                            p.startswith("tests/out/")):
                        continue
                    if not os.path.exists(os.path.join(ROOT, p)):
                        missing.append("%s:%d: %s" % (name, n, p))
        self.assertEqual(missing, [], "paths that do not exist")


if __name__ == "__main__":
    unittest.main()
