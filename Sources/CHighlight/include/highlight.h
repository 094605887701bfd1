#ifndef SITEGEN_HIGHLIGHT_H
#define SITEGEN_HIGHLIGHT_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Highlights `length` bytes of UTF-8 source code in `language` (a KSyntaxHighlighting
/// definition name, such as "Swift" or "C++") as HTML: the text escaped for element
/// content, every run of one style in <span class="hl-STYLE">. Returns a malloc'd,
/// NUL-terminated string the caller frees, with its length in `out_length`; NULL when
/// no definition has that name. Safe from any thread: each thread keeps its own
/// repository of definitions (made on its first call).
char *sitegen_highlight(const char *language, const char *code, size_t length, size_t *out_length);

/// Whether a definition has that name (as `sitegen_highlight` would find it).
int sitegen_highlight_knows(const char *language);

/// The version of KSyntaxHighlighting this was built with: its definitions decide the output.
const char *sitegen_highlight_version(void);

#ifdef __cplusplus
}
#endif
#endif
