/*
 * libpq.h - libpq, opened with dlopen() when a PostgreSQL database is
 * first connected to, rather than linked.
 *
 * Linked, libpq and the twenty libraries it needs (Kerberos, LDAP,
 * GnuTLS...) would be loaded and relocated before main() by every revgen
 * process, SQLite and MariaDB runs too; and every symbol
 * libclang's dlopen() resolves is looked for in each of them first.
 * The functions are called through a table (introspect/dlib.h).
 */
#ifndef RG_LIBPQ_H
#define RG_LIBPQ_H

#include <libpq-fe.h>

#include "introspect/dlib.h"
#include "util/util.h"

#define RG_LIBPQ_FUNCTIONS(X) \
	X(PQclear) X(PQconnectdbParams) X(PQenterPipelineMode) X(PQerrorMessage) \
	X(PQexec) X(PQexecParams) X(PQexitPipelineMode) X(PQfinish) X(PQfnumber) \
	X(PQgetResult) X(PQgetisnull) X(PQgetvalue) X(PQntuples) X(PQpipelineSync) \
	X(PQresultErrorField) X(PQresultStatus) X(PQsendQueryParams) \
	X(PQsetNoticeProcessor) X(PQstatus)

struct rg_libpq {
	RG_LIBPQ_FUNCTIONS(RG_DLIB_MEMBER)
};

/* Opens libpq once per process (safe to call again, from any thread);
 * on failure says why, naming the package that has it, and returns -1. */
int rg_libpq_open(struct rg_error *err);
extern struct rg_libpq rg_libpq_api;

#endif
