#include "lib/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const char *dir, const char *name)
{
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        if (strcmp(f->dir, dir) == 0 && strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
