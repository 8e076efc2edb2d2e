/*
 * user.h - the users table of the blog example (the seed guide's User
 * model).  This header is ordinary C: the application includes it as is;
 * revgen reads the RG_ annotations.
 */
#ifndef BLOG_USER_H
#define BLOG_USER_H

#include <stdint.h>
#include <time.h>

#include <revgen.h>

struct RG_TABLE(users) user {
	int64_t id            RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    username[256] RG_UNIQUE;           /* VARCHAR(255) NOT NULL */
	time_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);
};

#endif
