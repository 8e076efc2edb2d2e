/*
 * fingerprint.c - the catalog queries of fingerprint.h.
 *
 * PostgreSQL leaves out invalid indexes: an interrupted CREATE INDEX
 * CONCURRENTLY leaves one behind, and it must not count as the statement
 * having taken effect.  It reads the managed schemas and those the
 * statement names (@SCHEMAS@): a fleet of tenants' schemas holds the same
 * names many times, and another tenant's deploy must not look like this
 * statement's effect.
 */
#include "introspect/fingerprint.h"

const char rg_sqlite_catalog_sql[] =
	"SELECT tbl_name || char(31) || type || ' ' || name || ' ' || coalesce(sql, '') "
	"FROM sqlite_master WHERE lower(tbl_name) IN @NAMES@ OR lower(name) IN @NAMES@";

#define PG_IN_SCHEMAS(n) n ".nspname IN @SCHEMAS@"

const char rg_pg_catalog_sql[] =
	"SELECT c.relname || chr(31) || 'r ' || n.nspname || ' ' || c.relkind::text "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " PG_IN_SCHEMAS("n") " "
	"AND c.relname IN @NAMES@ "
	"UNION ALL SELECT c.relname || chr(31) || 'c ' || n.nspname || ' ' || a.attnum || ' ' "
	"|| a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull "
	"|| ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') "
	"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
	"AND " PG_IN_SCHEMAS("n") " AND c.relname IN @NAMES@ "
	"UNION ALL SELECT t.relname || chr(31) || 'i ' || pg_get_indexdef(i.indexrelid) "
	"FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid "
	"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE i.indisvalid AND " PG_IN_SCHEMAS("n") " "
	"AND (t.relname IN @NAMES@ OR ic.relname IN @NAMES@) "
	"UNION ALL SELECT coalesce(t.relname, '') || chr(31) || 'k ' || n.nspname || ' ' "
	"|| co.conname || ' ' || pg_get_constraintdef(co.oid) "
	"FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace "
	"LEFT JOIN pg_class t ON t.oid = co.conrelid WHERE " PG_IN_SCHEMAS("n") " "
	"AND (t.relname IN @NAMES@ OR co.conname IN @NAMES@) "
	"UNION ALL SELECT c.relname || chr(31) || 'v ' || pg_get_viewdef(c.oid) "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.relkind IN ('v', 'm') AND " PG_IN_SCHEMAS("n") " AND c.relname IN @NAMES@ "
	"UNION ALL SELECT c.relname || chr(31) || 'g ' || pg_get_triggerdef(tg.oid) "
	"FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT tg.tgisinternal AND " PG_IN_SCHEMAS("n") " "
	"AND (c.relname IN @NAMES@ OR tg.tgname IN @NAMES@) "
	"UNION ALL SELECT chr(31) || 't ' || n.nspname || ' ' || t.typname || ' ' || t.typtype::text "
	"|| ' ' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) "
	"FROM pg_enum e WHERE e.enumtypid = t.oid), '') "
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
	"WHERE t.typtype IN ('e', 'd') AND " PG_IN_SCHEMAS("n") " AND t.typname IN @NAMES@ "
	"UNION ALL SELECT chr(31) || 'p ' || n.nspname || ' ' || p.proname || '(' "
	"|| pg_get_function_identity_arguments(p.oid) || ') ' || md5(coalesce(p.prosrc, '')) "
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " PG_IN_SCHEMAS("n") " "
	"AND p.proname IN @NAMES@";

/* CONCAT_WS leaves out NULLs, which is all the rows need. */
#define MY_ROW(table, tag) "SELECT CONCAT_WS(' ', CONCAT(" table ", CHAR(31), '" tag "'), "

const char rg_mysql_catalog_sql[] =
	MY_ROW("TABLE_NAME", "r") "TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT) "
	"FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("TABLE_NAME", "c") "ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
	"COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT, GENERATION_EXPRESSION) "
	"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("TABLE_NAME", "i") "INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, "
	"SUB_PART, INDEX_TYPE, COLLATION) "
	"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("TABLE_NAME", "k") "CONSTRAINT_NAME, CONSTRAINT_TYPE) "
	"FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
	"AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("TABLE_NAME", "f") "CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE) "
	"FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
	"AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("TABLE_NAME", "v") "VIEW_DEFINITION) "
	"FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN @NAMES@ "
	"UNION ALL " MY_ROW("EVENT_OBJECT_TABLE", "g") "TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, "
	"ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
	"AND (EVENT_OBJECT_TABLE IN @NAMES@ OR TRIGGER_NAME IN @NAMES@) "
	"UNION ALL " MY_ROW("''", "p") "ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION) "
	"FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME IN @NAMES@";
