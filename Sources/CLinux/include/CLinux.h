// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module
// does not define: wrapped here so Swift code calls them by name, type-checked.
#ifndef SITEGEN_CLINUX_H
#define SITEGEN_CLINUX_H

/// Swaps two paths in one step (renameat2 with RENAME_EXCHANGE). 0, or -1 with errno.
int sitegen_exchange_paths(const char *first, const char *second);

/// Writes the file system holding `descriptor` to disk (syncfs). 0, or -1 with errno.
int sitegen_sync_file_system(int descriptor);

/// glibc's malloc tuning: grow each heap this many bytes ahead (mallopt M_TOP_PAD).
void sitegen_set_malloc_top_pad(int bytes);

/// glibc's malloc gives freed memory at the top of every heap back to the system (malloc_trim).
void sitegen_return_free_memory(void);

/// A pipe whose both ends close on exec (pipe2 with O_CLOEXEC), so a program started
/// meanwhile on another thread never holds it open. 0, or -1 with errno.
int sitegen_pipe_cloexec(int descriptors[2]);

#include <spawn.h>

/// The git revision the binary was built from (scripts/package defines SITEGEN_REVISION);
/// empty for a development build.
const char *sitegen_revision(void);

/// Makes a spawned program close every descriptor from `lowest` up before it starts
/// (posix_spawn_file_actions_addclosefrom_np): it holds no pipe of another program's.
int sitegen_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
