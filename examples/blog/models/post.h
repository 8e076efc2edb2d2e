/*
 * post.h - the posts table of the blog example (the seed guide's Post
 * model): a foreign key to users, an index for "posts of a user, newest
 * first", and a field the application keeps in memory only.
 */
#ifndef BLOG_POST_H
#define BLOG_POST_H

#include <stdint.h>
#include <time.h>

#include <revgen.h>

struct RG_TABLE(posts) RG_INDEX_ON(ix_posts_user_created, user_id, created_at) post {
	int64_t id         RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    title[256];                           /* VARCHAR(255) NOT NULL */
	char   *content    RG_TYPE(TEXT) RG_NOT_NULL;
	int64_t user_id    RG_REFERENCES(users, id) RG_ON_DELETE(CASCADE) RG_INDEX;
	time_t  created_at RG_DEFAULT(CURRENT_TIMESTAMP);
	time_t  updated_at RG_DEFAULT(CURRENT_TIMESTAMP);
	void   *cache      RG_SKIP;                   /* not a column */
};

#endif
