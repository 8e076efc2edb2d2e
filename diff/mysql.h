/*
 * mysql.h (diff) - what MySQL's renderer (emit/mysql.c) shares with its
 * canonical forms: how a type's text says what character set it holds.
 */
#ifndef RG_DIFF_MYSQL_H
#define RG_DIFF_MYSQL_H

#include <stdbool.h>

/* What a column type's own text says of its characters. */
struct rg_mysql_type_cs {
	bool string;   /* a type with a character set: CHAR, VARCHAR, TEXT, ENUM, SET */
	bool national; /* NCHAR, NVARCHAR, NATIONAL ...: utf8mb3 whatever the table's */
	bool binary;   /* the BINARY attribute (VARCHAR(40) BINARY): the _bin collation */
	char charset[64], collation[64]; /* CHARACTER SET, COLLATE in the text; "" none */
};

void rg_mysql_type_cs(const char *type, struct rg_mysql_type_cs *out);

#endif
