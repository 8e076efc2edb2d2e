/*
 * libmariadb.h - the libmysqlclient API (Debian's libmariadb), opened with
 * dlopen() when a MySQL or MariaDB database is first connected to, rather
 * than linked; for the reason libpq.h gives.
 *
 * Linked, libmariadb brings OpenSSL's libssl and libcrypto into every
 * revgen process, loaded and relocated before main(): a start-up cost
 * that PostgreSQL and SQLite runs would pay too (the figures measured
 * then are in the history of this comment).
 */
#ifndef RG_LIBMARIADB_H
#define RG_LIBMARIADB_H

#include <mysql.h>

#include "introspect/dlib.h"
#include "util/util.h"

/* mysql_library_init and _end are macros for mysql_server_init and _end,
 * which are what the library exports */
#define RG_LIBMARIADB_FUNCTIONS(X) \
	X(mysql_close) X(mysql_errno) X(mysql_error) X(mysql_fetch_lengths) \
	X(mysql_fetch_row) X(mysql_field_count) X(mysql_free_result) \
	X(mysql_get_server_info) X(mysql_init) X(mysql_next_result) X(mysql_num_fields) \
	X(mysql_num_rows) X(mysql_options) X(mysql_real_connect) X(mysql_real_query) \
	X(mysql_server_end) X(mysql_server_init) X(mysql_store_result) \
	X(mysql_thread_end) X(mysql_thread_init) X(mysql_use_result)

struct rg_libmariadb {
	RG_LIBMARIADB_FUNCTIONS(RG_DLIB_MEMBER)
};

/* Opens libmariadb once per process (safe to call again, from any
 * thread); on failure says why, naming the package that has it, and
 * returns -1. */
int rg_libmariadb_open(struct rg_error *err);
extern struct rg_libmariadb rg_libmariadb_api;

#endif
