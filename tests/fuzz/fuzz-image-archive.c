/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for `vakt image` on an archive: the input is the image
 * file (docker-save, OCI archive, or a root filesystem tar; compressed or
 * not). It is opened, every layer walked, the package databases read and
 * every image rule run, as the CLI does, with small ceilings so that each
 * run stays fast. Errors are expected; crashes, leaks and hangs are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"
#include "image/img-scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-image", MFD_CLOEXEC);
	struct vakt_config *config = vakt_config_new();
	struct vakt_scan_opts so;
	struct img_scan_opts io = {0};
	struct vakt_scan_result res = {0};
	struct img_scan *model = NULL;
	char path[64];

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		__builtin_trap();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	vakt_scan_opts_init(&so, config);
	io.scan = &so;
	/* Small ceilings: a few MiB of layer and a few thousand entries per input. */
	io.open.max_layer_bytes = 16u * 1024 * 1024;
	io.open.max_entries = 20000;
	img_scan_path(path, &io, &res, &model);
	if (!model && !res.errors.n)
		__builtin_trap(); /* a failure must say why */
	img_scan_free(model);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	close(fd);
	return 0;
}
