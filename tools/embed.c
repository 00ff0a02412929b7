/* embed: turns files into a C source of byte arrays (build-time tool).
 * Usage: embed OUT.c FILE... ; each file is exposed by its base name through
 * the table declared in src/lib/embedded.h. */
#include <stdio.h>
#include <string.h>

static int emit(FILE *out, const char *path, int idx)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return -1;
    }
    fprintf(out, "static const unsigned char f%d[] = {", idx);
    int c;
    size_t n = 0;
    while ((c = fgetc(in)) != EOF)
        fprintf(out, "%s%u,", (n++ % 20) ? "" : "\n", (unsigned)c);
    fprintf(out, "0};\n");
    fclose(in);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    FILE *out = fopen(argv[1], "w");
    if (!out)
        return 1;
    fprintf(out, "#include \"lib/embedded.h\"\n");
    for (int i = 2; i < argc; i++)
        if (emit(out, argv[i], i) != 0)
            return 1;
    fprintf(out, "const struct embedded_file embedded_files[] = {\n");
    for (int i = 2; i < argc; i++) {
        const char *base = strrchr(argv[i], '/');
        const char *dir = argv[i];
        fprintf(out, "  {\"%s\", \"%.*s\", f%d, sizeof f%d - 1},\n", base ? base + 1 : argv[i],
                base ? (int)(base - dir) : 0, dir, i, i);
    }
    fprintf(out, "  {0, 0, 0, 0}\n};\n");
    return fclose(out) == 0 ? 0 : 1;
}
