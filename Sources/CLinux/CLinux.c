#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <spawn.h>
#include <stdio.h>
#include <unistd.h>
#include "CLinux.h"

int sitegen_exchange_paths(const char *first, const char *second) {
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
}

int sitegen_sync_file_system(int descriptor) {
    return syncfs(descriptor);
}

void sitegen_return_free_memory(void) {
    malloc_trim(0);
}

void sitegen_set_malloc_top_pad(int bytes) {
    mallopt(M_TOP_PAD, bytes);
}

int sitegen_pipe_cloexec(int descriptors[2]) {
    return pipe2(descriptors, O_CLOEXEC);
}

int sitegen_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

#ifndef SITEGEN_REVISION
#define SITEGEN_REVISION ""
#endif

const char *sitegen_revision(void) {
    return SITEGEN_REVISION;
}
