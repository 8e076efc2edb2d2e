#!/usr/bin/env python3
"""lint-vs-squawk.py - `revgen lint` and squawk side by side on the same
PostgreSQL revisions (test/fixtures/lint/postgresql), per statement of each
upgrade() section, as the Markdown table of docs/lint.md.

    scripts/lint-vs-squawk.py REVGEN SQUAWK [--pg-version 15] > table.md

squawk (npm's squawk-cli) reads plain SQL: it gets each upgrade section with
every other line blanked, so that line numbers stay the file's.  Exits 1
when squawk reports a lock or rewrite on a statement where revgen reports
no lock (or hygiene) finding: revgen must find each of those.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "test", "fixtures", "lint", "postgresql")

# squawk's rules about locks and rewrites (the rest are about style:
# prefer-bigint, prefer-robust-stmts, ... or about what breaks running code)
SQUAWK_LOCK_RULES = {
    "require-concurrent-index-creation", "require-concurrent-index-deletion",
    "constraint-missing-not-valid", "adding-field-with-default",
    "changing-column-type", "disallowed-unique-constraint",
    "adding-serial-primary-key-field", "adding-foreign-key-constraint",
    "require-lock-timeout", "ban-concurrent-index-creation-in-transaction",
    "adding-not-nullable-field", "adding-primary-key-constraint",
}


def statements(path):
    """(first line, last line, text) of each statement of upgrade(), and the
    upgrade-only text with other lines blank."""
    lines = open(path).read().split("\n")
    start = lines.index("-- upgrade()")
    end = lines.index("-- downgrade()")
    out, cur, first = [], [], None
    for n in range(start + 1, end):
        s = lines[n]
        if not cur and (not s.strip() or s.lstrip().startswith("--")):
            continue
        if first is None:
            first = n + 1
        cur.append(s)
        if s.rstrip().endswith(";"):
            out.append((first, n + 1, " ".join(x.strip() for x in cur)))
            cur, first = [], None
    only = [l if start < i < end else "" for i, l in enumerate(lines)]
    return out, "\n".join(only)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("revgen")
    ap.add_argument("squawk")
    ap.add_argument("--pg-version", default="15")
    a = ap.parse_args()
    work = tempfile.mkdtemp()
    try:
        vers = os.path.join(work, "migrations", "versions")
        os.makedirs(vers)
        files = sorted(f for f in os.listdir(FIXTURES) if f.endswith(".sql"))
        for f in files:
            shutil.copy(os.path.join(FIXTURES, f), vers)
        with open(os.path.join(work, "revgen.ini"), "w") as ini:
            ini.write("[revgen]\nurl = postgresql://localhost/unused\n")
        r = subprocess.run([a.revgen, "lint", "--offline", "--all", "--format", "json",
                            "--fail-on", "never", "--server-version", a.pg_version],
                           cwd=work, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("revgen lint failed: " + r.stderr)
        mine = {}
        for f in json.loads(r.stdout)["findings"]:
            if f["section"] != "upgrade":
                continue
            key = (os.path.basename(f["file"]), f["line"])
            mine.setdefault(key, []).append(f)
        rows, missed, nstmts = [], [], 0
        for f in files:
            stmts, only = statements(os.path.join(vers, f))
            if not stmts:
                continue
            plain = os.path.join(work, f + ".plain.sql")
            open(plain, "w").write(only)
            r = subprocess.run([a.squawk, "--reporter", "json", "--pg-version", a.pg_version, plain],
                               capture_output=True, text=True)
            theirs = json.loads(r.stdout or "[]")
            created = set()
            for first, last, text in stmts:
                nstmts += 1
                sq = sorted({t["rule_name"] for t in theirs if first <= t["line"] + 1 <= last})
                rg = mine.get((f, first), [])
                rg_names = sorted({x["rule"] + ("" if not x["silenced"] else " (silenced)")
                                   for x in rg})
                # a table the same upgrade created holds no rows and nobody
                # uses it yet: no lock to report (squawk reports it anyway)
                new = any(re.search(r"\b(ON|TABLE)\s+" + re.escape(t) + r"\b", text, re.I)
                          for t in created)
                m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", text, re.I)
                if m:
                    created.add(m.group(1))
                if new and not rg_names:
                    rg_names = ["— (new table)"]
                if any(s in SQUAWK_LOCK_RULES for s in sq) and not new and \
                        not any(x["category"] in ("lock", "hygiene") for x in rg):
                    missed.append(f"{f}:{first}: {text}")
                short = text if len(text) <= 70 else text[:67] + "..."
                rows.append(f"| {f.split('_')[0]}:{first} | `{short}` | "
                            f"{', '.join(sq) or '—'} | {', '.join(rg_names) or '—'} |")
        print(f"{nstmts} statements, {subprocess.run([a.squawk, '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"PostgreSQL {a.pg_version}.\n")
        print("| revision:line | statement | squawk | revgen lint |")
        print("|---|---|---|---|")
        print("\n".join(rows))
        if missed:
            print("\nsquawk reports a lock or rewrite that revgen does not:", file=sys.stderr)
            print("\n".join(missed), file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
