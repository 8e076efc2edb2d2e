/*
 * libclang.h - libclang, opened with dlopen() the first time models are
 * loaded rather than linked.
 *
 * Linked, it would cost every revgen process the relocations and static
 * constructors of libclang and LLVM before main() (bench/RESULTS.md has
 * the figure), which `upgrade`, `current` and `history` never need; and when models are loaded, the cost now falls on the thread
 * that loads them, while the database answers.
 *
 * The functions are called through a table (introspect/dlib.h).
 */
#ifndef RG_LIBCLANG_H
#define RG_LIBCLANG_H

#include <clang-c/Index.h>

#include "introspect/dlib.h"
#include "util/util.h"

#define RG_LIBCLANG_FUNCTIONS(X) \
	X(clang_Location_isInSystemHeader) X(clang_getLocationForOffset) X(clang_Type_getNamedType) \
	X(clang_createIndex) X(clang_disposeDiagnostic) X(clang_disposeIndex) \
	X(clang_disposeString) X(clang_disposeTranslationUnit) \
	X(clang_formatDiagnostic) X(clang_getArrayElementType) X(clang_getArraySize) \
	X(clang_getCString) X(clang_getCanonicalType) X(clang_getCursorKind) \
	X(clang_getCursorLocation) X(clang_getCursorSpelling) X(clang_getCursorType) \
	X(clang_getDiagnostic) X(clang_getDiagnosticSeverity) \
	X(clang_getExpansionLocation) X(clang_getFileContents) X(clang_getFileName) \
	X(clang_getFileUniqueID) X(clang_getNumDiagnostics) X(clang_getPointeeType) \
	X(clang_getSpellingLocation) X(clang_getTranslationUnitCursor) \
	X(clang_getTypeDeclaration) X(clang_getTypeSpelling) \
	X(clang_getTypedefDeclUnderlyingType) X(clang_getTypedefName) \
	X(clang_isCursorDefinition) X(clang_visitChildren) \
	X(clang_parseTranslationUnit2) X(clang_getInclusions) \
	X(clang_File_tryGetRealPathName) X(clang_getIncludedFile) \
	X(clang_getCursorReferenced) X(clang_Type_getSizeOf) X(clang_getNullCursor)

struct rg_libclang {
	RG_LIBCLANG_FUNCTIONS(RG_DLIB_MEMBER)
};

/*
 * Opens libclang once per process (safe from any thread, and to call
 * again); on failure says why, naming the library and the package that has
 * it, and returns -1.  After a 0, the thread that got it may call through
 * rg_libclang_api: the table is written once, before pthread_once returns.
 */
int rg_libclang_open(struct rg_error *err);
/* The soname it opens (for the model cache's key). */
extern const char rg_libclang_soname[];
extern struct rg_libclang rg_libclang_api;

#endif
