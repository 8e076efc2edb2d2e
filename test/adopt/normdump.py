#!/usr/bin/env python3
# normdump.py DIALECT - an independent schema dump (pg_dump -s,
# mariadb-dump --no-data, sqlite3 .schema) on stdin, normalised so that two
# databases with the same schema print the same text: comments, SET lines
# and settings gone; views, triggers, functions and revgen's version tables
# left out (models do not describe them); whitespace collapsed;
# AUTO_INCREMENT counters dropped; inside CREATE TABLE, the columns kept in
# order and the constraints and keys sorted; statements sorted.  SQLite
# keeps the text as written, so there case and quoting are folded too, and
# a column's inline constraints are moved to the table's list
# (unfold_sqlite).  Used by test/adopt/run.sh and test/e2e/inspect-c.sh.
import re, sys
dialect = sys.argv[1]
text = sys.stdin.read()
lines = [l for l in text.splitlines()
         if l.strip() and not l.lstrip().startswith("--")
         and not re.match(r"\s*(SET |SELECT pg_catalog\.set_config|/\*!|\\(un)?restrict )", l)]
stmts, cur = [], []
for l in lines:
    cur.append(l)
    # an SQLite trigger's body holds statements of its own: it ends at
    # END; a PostgreSQL function's is in dollar quotes, outside which it ends
    body = dialect == "sqlite" and re.match(r"\s*create (temp\w* )?trigger\b", cur[0], re.I)
    dollars = len(re.findall(r"\$[A-Za-z_]*\$", " ".join(cur))) % 2
    if l.rstrip().endswith(";") and not dollars and (not body or re.search(r"\bend\s*;$", l.rstrip(), re.I)):
        stmts.append(" ".join(cur)); cur = []
if cur:
    stmts.append(" ".join(cur))

def fold(s):
    if dialect != "sqlite":
        return s
    parts = re.split(r"(\x27(?:[^\x27]|\x27\x27)*\x27)", s)
    return "".join(p if i % 2 else re.sub(r"[\"`\[\]]", "", p.lower()) for i, p in enumerate(parts))

def items(body):
    out, depth, cur = [], 0, ""
    for ch in body:
        if ch == "(": depth += 1
        if ch == ")": depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip()); cur = ""
        else:
            cur += ch
    if cur.strip(): out.append(cur.strip())
    return out

# a foreign key's DEFERRABLE [INITIALLY ...], which ends its clause
DEFER = r"( (?:not )?deferrable(?: initially (?:deferred|immediate))?)?"

def unfold_sqlite(its):
    # SQLite keeps the text as written: the inline PRIMARY KEY of a column,
    # UNIQUE, REFERENCES and CHECK become the table constraints they mean,
    # and constraint names go (SQLite keeps them only in this text)
    out, extra = [], []
    for it in its:
        it = re.sub(r"\bconstraint \S+ ", "", it)
        if key.match(it):
            extra.append(it); continue
        col = it.split(" ", 1)[0]
        m = re.search(r" primary key( autoincrement)?", it)
        if m:
            extra.append("primary key (%s)%s" % (col, m.group(1) or "")); it = it.replace(m.group(0), "")
        if re.search(r" unique\b", it):
            extra.append("unique (%s)" % col); it = re.sub(r" unique\b", "", it)
        m = re.search(r" references (\S+) (\([^)]*\))((?: on (?:delete|update) (?:set null|set default|no action|cascade|restrict))*)" + DEFER, it)
        if m:
            acts = sorted(re.findall(r"on (?:delete|update) (?:set null|set default|no action|cascade|restrict)", m.group(3)))
            extra.append(" ".join(["foreign key (%s) references %s %s" % (col, m.group(1), m.group(2))] + acts) + (m.group(4) or ""))
            it = it.replace(m.group(0), "")
        i = it.find(" check (")
        if i >= 0:
            depth, j = 0, i + 7
            while j < len(it):
                depth += it[j] == "("; depth -= it[j] == ")"
                j += 1
                if depth == 0: break
            extra.append(it[i + 1:j]); it = it[:i] + it[j:]
        out.append(it.strip())
    fks = []
    for e in extra:
        m = re.match(r"(foreign key .*?\))((?: on (?:delete|update) [a-z ]+?)*)" + DEFER + "$", e)
        if m and dialect == "sqlite":
            acts = sorted(re.findall(r"on (?:delete|update) (?:set null|set default|no action|cascade|restrict)", m.group(2)))
            e = " ".join([re.sub(r" references (\S+) ?\(", r" references \1 (", m.group(1))] + acts) + (m.group(3) or "")
        fks.append(e)
    return out + sorted(fks)

key = re.compile(r"(constraint|primary key|unique|foreign key|check|key|fulltext|index)\b", re.I)
stmts = [re.sub(r"\s+", " ", fold(s)).strip() for s in stmts]

# SQLite treats a unique index on columns and a UNIQUE constraint alike
# (the constraint is such an index, its name kept only in the table's
# text, which the names above are dropped from): the index is folded into
# its table's list as the constraint
uniques = {}
if dialect == "sqlite":
    kept = []
    for s in stmts:
        m = re.match(r"create unique index (?:if not exists )?\S+ on (\S+) ?(\([^()]*\));$", s)
        if m:
            uniques.setdefault(m.group(1), []).append("unique " + re.sub(r" ?, ?", ", ", m.group(2)))
        else:
            kept.append(s)
    stmts = kept

# PostgreSQL: a unique btree index on plain columns is what a UNIQUE
# constraint is made of, and the models declare both with RG_UNIQUE (issue
# 18, finding 8): the index is written as the constraint
if dialect == "postgresql":
    stmts = [re.sub(r"^CREATE UNIQUE INDEX (\S+) ON (\S+) USING btree (\((?:\w+|\"[^\"]*\")(?:, (?:\w+|\"[^\"]*\"))*\));$",
                    r"ALTER TABLE ONLY \2 ADD CONSTRAINT \1 UNIQUE \3;", s) for s in stmts]

def rowid_not_null(its):
    # an INTEGER PRIMARY KEY column is the rowid, NOT NULL written or not
    pks = [i for i in its if re.match(r"primary key \((\S+)\)", i)]
    if len(pks) != 1:
        return its
    col = re.match(r"primary key \((\S+)\)", pks[0]).group(1)
    return [re.sub(r" not null\b", "", i) if re.match(re.escape(col) + r" integer( |$)", i) else i
            for i in its]

res = []
for s in stmts:
    s = re.sub(r" AUTO_INCREMENT=\d+", "", s)
    if re.search(r"revgen_version", s, re.I):
        continue
    if re.match(r"create (or replace )?(view|function|trigger|procedure)|create (definer=\S+ )?(view|trigger)|alter \S+ \S+ owner to|comment on", s, re.I):
        continue
    m = re.match(r"(create table [^(]*)\((.*)\)([^)]*;)$", s, re.I)
    if m:
        its = items(m.group(2))
        if dialect == "sqlite":
            its = rowid_not_null(unfold_sqlite(its))
            its += [u for u in uniques.get(m.group(1).split()[-1], []) if u not in its]
        cols = [i for i in its if not key.match(i)]
        keys = sorted(i for i in its if key.match(i))
        s = m.group(1).strip() + " (\n    " + ",\n    ".join(cols + keys) + "\n)" + m.group(3)
    res.append(s)
print("\n".join(sorted(res)))
