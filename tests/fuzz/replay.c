/* SPDX-License-Identifier: MIT */
/*
 * Replays a libFuzzer corpus through a harness without libFuzzer, so that
 * `make check` runs every corpus file under ASan+UBSan with any compiler.
 * Usage: replay-fuzz-NAME DIR|FILE... ; prints one TAP line per file.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path, int *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++*n, path);
		return 1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		if (r == 0)
			break;
		len += r;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s\n", ++*n, path);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int n = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char **names = NULL;
		size_t nn = 0;

		if (stat(argv[i], &st) < 0) {
			printf("not ok %d - %s: missing corpus\n", ++n, argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += replay_file(argv[i], &n);
			continue;
		}
		d = opendir(argv[i]);
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (nn + 1) * sizeof(*names));
			if (!names)
				abort();
			names[nn] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
			if (!names[nn])
				abort();
			snprintf(names[nn], strlen(argv[i]) + strlen(e->d_name) + 2, "%s/%s",
			         argv[i], e->d_name);
			nn++;
		}
		if (d)
			closedir(d);
		qsort(names, nn, sizeof(*names), name_cmp);
		for (size_t k = 0; k < nn; k++) {
			bad += replay_file(names[k], &n);
			free(names[k]);
		}
		free(names);
	}
	printf("1..%d\n", n);
	return bad ? 1 : 0;
}
