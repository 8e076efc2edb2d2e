# Names that need quoting, everywhere: reserved words, mixed case, an
# embedded quote and Unicode, through autogenerate, upgrade, check and
# downgrade.
mkdir -p models
cat > models/odd.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(user) user {
	int64_t id    RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char    order[33] RG_UNIQUE;
	int32_t group RG_INDEX RG_DEFAULT(0);
};

struct RG_TABLE(MixedCase) RG_INDEX_ON(ix_MixedCase_both, CamelColumn, select) mixed {
	int64_t id          RG_PRIMARY_KEY;
	int64_t user_id     RG_REFERENCES(user, id) RG_ON_DELETE(CASCADE);
	char   *CamelColumn RG_TYPE(VARCHAR(20));
	int32_t select      RG_CHECK(ck_MixedCase_id, id >= 0) RG_DEFAULT(1);
	char   *quoted      RG_NAME("it's \"quoted\"") RG_TYPE(VARCHAR(20));
};

struct RG_TABLE("日本語のテーブル") jp {
	int64_t id   RG_PRIMARY_KEY;
	char   *name RG_NAME("名前") RG_TYPE(VARCHAR(20));
};
H
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
expect 0 models
expect 0 --autogenerate -m "odd names"
expect 0 upgrade head
expect 0 check
contains "$out" "No changes detected"
expect 0 inspect
contains "$out" "日本語のテーブル"
contains "$out" "名前"
contains "$out" "MixedCase"
expect 0 downgrade base
expect 0 upgrade head
expect 0 check
