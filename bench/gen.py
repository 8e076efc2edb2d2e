#!/usr/bin/env python3
"""gen.py - writes the benchmark schema of N tables three ways: annotated C
headers for revgen (models/), SQLAlchemy models for Alembic (alembic/), both
describing exactly the same tables, so that after the DDL of the unchanged
models is loaded, both tools see the same three changes.

Each table: 12 columns of mixed types, a primary key, a foreign key to an
earlier table (t_i refers to t_((i-1)/10), so chains stay short: a
3000-deep chain makes SQLAlchemy's table sort exceed Python's recursion
limit), two secondary indexes (one composite).

usage: gen.py N OUTDIR [--changed]   (--changed: with the three changes)
"""
import os
import sys

n = int(sys.argv[1])
out = sys.argv[2]
changed = "--changed" in sys.argv
per_header = 100

# the three changes: a new column, a new index, a column made NOT NULL
ADD_COL, ADD_IX, NOT_NULL = 10 % n, 20 % n, 30 % n


def name(i):
    return "t%05d" % i


os.makedirs(os.path.join(out, "models"), exist_ok=True)
os.makedirs(os.path.join(out, "alembic", "versions"), exist_ok=True)

for h in range(0, n, per_header):
    lines = ["#include <stdbool.h>", "#include <stdint.h>", "#include <time.h>",
             "#include <revgen.h>", ""]
    for i in range(h, min(n, h + per_header)):
        t = name(i)
        idx = ["RG_INDEX_ON(ix_%s_qty_created, qty, created)" % t]
        if changed and i == ADD_IX:
            idx.append("RG_INDEX_ON(ix_%s_code, code)" % t)
        lines.append("struct RG_TABLE(%s) %s row_%s {" % (t, " ".join(idx), t))
        lines.append("\tint64_t id RG_PRIMARY_KEY RG_AUTOINCREMENT;")
        lines.append("\tchar name[101] RG_INDEX;")
        lines.append("\tchar *note%s;" % (" RG_NOT_NULL" if changed and i == NOT_NULL else ""))
        lines.append("\tint32_t qty RG_DEFAULT(0);")
        lines.append("\tdouble *price;")
        lines.append("\tbool flag RG_DEFAULT(FALSE);")
        lines.append("\ttime_t created RG_DEFAULT(CURRENT_TIMESTAMP);")
        lines.append("\tint16_t *small;")
        lines.append("\tint64_t *big;")
        lines.append("\tfloat *ratio;")
        lines.append("\tchar *code RG_TYPE(VARCHAR(20));")
        if i > 0:
            lines.append("\tint64_t *parent_id RG_REFERENCES(%s, id);" % name((i - 1) // 10))
        else:
            lines.append("\tint64_t *parent_id;")
        if changed and i == ADD_COL:
            lines.append("\tchar *bio RG_TYPE(VARCHAR(500));")
        lines.append("};")
        lines.append("")
    with open(os.path.join(out, "models", "m%05d.h" % h), "w") as f:
        f.write("\n".join(lines))

py = ["import sqlalchemy as sa", "",
      "metadata = sa.MetaData(naming_convention={",
      "    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',",
      "    'pk': 'pk_%(table_name)s',",
      "})", ""]
for i in range(n):
    t = name(i)
    cols = [
        "sa.Column('id', sa.BigInteger, primary_key=True, autoincrement=True)",
        "sa.Column('name', sa.String(100), nullable=False)",
        "sa.Column('note', sa.Text, nullable=%s)" % ("False" if changed and i == NOT_NULL else "True"),
        "sa.Column('qty', sa.Integer, nullable=False, server_default=sa.text('0'))",
        "sa.Column('price', sa.Float(53), nullable=True)",
        "sa.Column('flag', sa.Boolean, nullable=False, server_default=sa.false())",
        "sa.Column('created', sa.DateTime, nullable=False, server_default=sa.func.current_timestamp())",
        "sa.Column('small', sa.SmallInteger, nullable=True)",
        "sa.Column('big', sa.BigInteger, nullable=True)",
        "sa.Column('ratio', sa.REAL, nullable=True)",
        "sa.Column('code', sa.String(20), nullable=True)",
        ("sa.Column('parent_id', sa.BigInteger, sa.ForeignKey('%s.id'), nullable=True)" % name((i - 1) // 10))
        if i > 0 else "sa.Column('parent_id', sa.BigInteger, nullable=True)",
    ]
    if changed and i == ADD_COL:
        cols.append("sa.Column('bio', sa.String(500), nullable=True)")
    cols.append("sa.Index('ix_%s_name', 'name')" % t)
    cols.append("sa.Index('ix_%s_qty_created', 'qty', 'created')" % t)
    if changed and i == ADD_IX:
        cols.append("sa.Index('ix_%s_code', 'code')" % t)
    py.append("sa.Table(%r, metadata,\n    %s)" % (t, ",\n    ".join(cols)))
with open(os.path.join(out, "alembic", "models.py"), "w") as f:
    f.write("\n".join(py) + "\n")
