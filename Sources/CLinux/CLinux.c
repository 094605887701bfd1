#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
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
