# lint's lock and rewrite rules against what the server does.
# PostgreSQL: a statement rewrites the table exactly when lint says so
# (pg-add-column-rewrite, or pg-alter-type as a warning): the table's
# relfilenode changes.  MySQL/MariaDB: lint reports mysql-copy exactly when
# the server refuses the ALTER with ALGORITHM=INPLACE, LOCK=NONE.
# SQLite has neither: nothing to run there.
[ "$E2E_DIALECT" = sqlite ] && exit 0
project_blog
expect 0 revision -m "probe" --rev-id a0000000001
f=$out
cp "$f" "$work/template.sql"

# lint_rules UP DOWN: the rules lint reports on a revision of UP (with
# DOWN as its downgrade), space-separated, as rule/severity
lint_rules() {
	python3 - "$work/template.sql" "$f" "$1" "$2" <<'PY'
import sys
src, dst, up, down = sys.argv[1:]
t = open(src).read()
open(dst, "w").write(t.replace("-- upgrade()\n", "-- upgrade()\n" + up + ";\n")
                      .replace("-- downgrade()\n", "-- downgrade()\n" + down + ";\n"))
PY
	rg lint --format json --fail-on never
	[ "$rc" -eq 0 ] || fail "lint exited $rc"
	printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(f["rule"] + "/" + f["severity"] for f in json.load(sys.stdin)["findings"]))'
}

if [ "$E2E_DIALECT" = postgresql ]; then
	setup="DROP TABLE IF EXISTS t; CREATE TABLE t (id int PRIMARY KEY, name varchar(10), n int, c text);
	       INSERT INTO t SELECT g, 'x' || g, g, 'c' FROM generate_series(1, 50) g;
	       CREATE EXTENSION IF NOT EXISTS pgcrypto"
	# statement | downgrade
	while IFS='|' read -r up down; do
		[ -n "$up" ] || continue
		db_sql "$setup" >/dev/null
		rules=$(lint_rules "$up" "$down")
		before=$(db_sql "SELECT relfilenode FROM pg_class WHERE relname = 't'")
		db_sql "$up" >/dev/null
		after=$(db_sql "SELECT relfilenode FROM pg_class WHERE relname = 't'")
		case " $rules " in
		*" pg-add-column-rewrite/warning "* | *" pg-alter-type/warning "*) said=rewrite ;;
		*) said=none ;;
		esac
		[ "$before" = "$after" ] && did=none || did=rewrite
		[ "$said" = "$did" ] || fail "$up: lint says $said ($rules), the server did $did"
	done <<'EOF'
ALTER TABLE t ALTER COLUMN name TYPE varchar(20)|ALTER TABLE t ALTER COLUMN name TYPE varchar(10)
ALTER TABLE t ALTER COLUMN name TYPE text|ALTER TABLE t ALTER COLUMN name TYPE varchar(10)
ALTER TABLE t ALTER COLUMN name TYPE varchar(5)|ALTER TABLE t ALTER COLUMN name TYPE varchar(10)
ALTER TABLE t ALTER COLUMN n TYPE bigint|ALTER TABLE t ALTER COLUMN n TYPE int
ALTER TABLE t ALTER COLUMN c TYPE varchar(50)|ALTER TABLE t ALTER COLUMN c TYPE text
ALTER TABLE t ADD COLUMN d int DEFAULT 5|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT 5|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d timestamptz DEFAULT now()|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d timestamptz DEFAULT clock_timestamp()|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d serial|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d bigint GENERATED ALWAYS AS IDENTITY|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (n * 2) STORED|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ADD COLUMN d uuid DEFAULT gen_random_uuid()|ALTER TABLE t DROP COLUMN d
ALTER TABLE t ALTER COLUMN n SET NOT NULL|ALTER TABLE t ALTER COLUMN n DROP NOT NULL
EOF
fi

if [ "$E2E_DIALECT" = mysql ]; then
	setup="DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS p;
	       CREATE TABLE p (id int PRIMARY KEY) ENGINE=InnoDB;
	       CREATE TABLE t (id int PRIMARY KEY, name varchar(10) NULL, n int NULL, u int NULL,
	                       c text NULL, l varchar(40) CHARACTER SET latin1 NULL,
	                       KEY ix_u (u)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
	       INSERT INTO p VALUES (1);
	       INSERT INTO t VALUES (1, 'a', 1, 1, 'c', 'l'), (2, 'b', 2, 1, 'd', 'm')"
	while IFS='|' read -r up down; do
		[ -n "$up" ] || continue
		db_sql "$setup" >/dev/null
		rules=$(lint_rules "$up" "$down")
		case " $rules " in
		*" mysql-copy/"*) said=copy ;;
		*) said=online ;;
		esac
		if db_sql "$up, ALGORITHM=INPLACE, LOCK=NONE" >/dev/null 2>&1 ||
		   db_sql "$up, ALGORITHM=INSTANT" >/dev/null 2>&1; then
			did=online
		else
			did=copy
		fi
		[ "$said" = "$did" ] || fail "$up: lint says $said ($rules), the server did $did"
	done <<'EOF'
ALTER TABLE t ADD COLUMN x int NULL|ALTER TABLE t DROP COLUMN x
ALTER TABLE t ADD COLUMN x int NULL AFTER id|ALTER TABLE t DROP COLUMN x
ALTER TABLE t DROP COLUMN c|ALTER TABLE t ADD COLUMN c text NULL
ALTER TABLE t ADD CONSTRAINT fk_t_u FOREIGN KEY (u) REFERENCES p (id)|ALTER TABLE t DROP FOREIGN KEY fk_t_u
ALTER TABLE t MODIFY name varchar(20) NULL|ALTER TABLE t MODIFY name varchar(10) NULL
ALTER TABLE t MODIFY name varchar(100) NULL|ALTER TABLE t MODIFY name varchar(10) NULL
ALTER TABLE t MODIFY n bigint NULL|ALTER TABLE t MODIFY n int NULL
ALTER TABLE t MODIFY l varchar(80) CHARACTER SET latin1 NULL|ALTER TABLE t MODIFY l varchar(40) CHARACTER SET latin1 NULL
ALTER TABLE t MODIFY l varchar(300) CHARACTER SET latin1 NULL|ALTER TABLE t MODIFY l varchar(40) CHARACTER SET latin1 NULL
ALTER TABLE t MODIFY name varchar(10) NOT NULL|ALTER TABLE t MODIFY name varchar(10) NULL
ALTER TABLE t ADD CONSTRAINT ck_t_n CHECK (n > 0)|ALTER TABLE t DROP CONSTRAINT ck_t_n
ALTER TABLE t DROP PRIMARY KEY|ALTER TABLE t ADD PRIMARY KEY (id)
ALTER TABLE t ADD UNIQUE KEY uq_t_n (n)|ALTER TABLE t DROP INDEX uq_t_n
ALTER TABLE t CONVERT TO CHARACTER SET latin1|ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4
ALTER TABLE t RENAME COLUMN c TO c2|ALTER TABLE t RENAME COLUMN c2 TO c
EOF
fi
