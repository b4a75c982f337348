/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RUNLINE_H
#define VAKT_RUNLINE_H

/*
 * `docker run` / `podman run` (and `create`, `container run`, nerdctl)
 * command lines found in shell scripts, Makefiles, GitHub Actions `run:`
 * steps and GitLab CI scripts, read into the container-settings model the
 * compose domain fills too (container/ctr-settings.h), so the same rules apply.
 *
 * The shell text is tokenized by the shared shell tokenizer
 * (shell/shell.h: quotes, continuations, &&, sh -c); its flags are
 * read with the docker CLI's grammar (pflag): which flags take a value and
 * which are booleans, `--flag=value` and `--flag value`, combined short
 * flags (`-dit`, `-itp 80:80`, `-p8080:80`), `--` ending the options, so the
 * image is the word the CLI itself would take. Positions map back to the
 * file, through YAML block scalars and Makefile continuations.
 */

#include "container/ctr-settings.h"
#include "core/yaml.h"
#include "shell/shell.h"
#include "shell/shell-text.h"

/* Most Makefile variables remembered for $(NAME) in recipes. */
#define RUNLINE_MAX_MAKE_VARS 4096
/* Longest Makefile variable value substituted into a recipe. */
#define RUNLINE_MAX_MAKE_VALUE 4096
/* Most bytes of one logical Makefile recipe line (continuations joined). */
#define RUNLINE_MAX_RECIPE_BYTES (1u * 1024 * 1024)

/* The kinds of files the domain reads. */
enum runline_kind {
	RUNLINE_NONE = 0,
	RUNLINE_SHELL,  /* *.sh, *.bash, or a shell shebang */
	RUNLINE_MAKE,   /* Makefile, makefile, GNUmakefile, *.mk */
	RUNLINE_GITHUB, /* .github/workflows/NAME.yml or .yaml */
	RUNLINE_GITLAB, /* .gitlab-ci.yml, *.gitlab-ci.yml|yaml */
};

/* The kind of a file by its path and base name. */
enum runline_kind runline_kind_by_name(const char *path, const char *base);
/* The kind of a file by its content (shebang, workflow keys), for files named on the command line.
 */
enum runline_kind runline_kind_by_content(const char *data, size_t len);

/*
 * If cmd runs a container (docker|podman|nerdctl [globals] [container]
 * run|create ...), fill c (which the caller then releases with
 * ctr_settings_release()) and return true. object_prefix (may be NULL)
 * is prepended to the object path ("build/step[2]" gives
 * "build/step[2]/docker-run").
 */
bool runline_parse_cmd(const struct shell_cmd *cmd, const char *object_prefix,
                       struct ctr_settings *c);

/*
 * If cmd builds or tags an image (docker|podman|nerdctl [image|builder|buildx]
 * build -t NAME, buildah bud|build -t NAME, ... tag SOURCE TARGET...), add
 * the names it gives (-t/--tag values, tag targets) to set. Names the shell
 * expands are skipped.
 */
void runline_note_builds(const struct shell_cmd *cmd, struct ctr_local_images *set);

/*
 * The text of YAML scalar n of src as a shell_text whose segments give each
 * byte's position in src (block scalars, folded and quoted scalars alike).
 * Bytes that cannot be aligned (escape sequences) take the position of the
 * last aligned byte. The caller releases out with shell_text_release().
 */
void runline_yaml_text(const struct vakt_source *src, const struct vakt_yaml_node *n,
                       struct shell_text *out);

/* One logical recipe line of a Makefile, as the shell will get it. */
struct runline_recipe {
	struct shell_text text;
};

struct runline_recipes {
	struct runline_recipe *v; /* owned */
	size_t n;
	size_t cap;
};

/*
 * The recipe lines of a Makefile (tab-indented lines with their backslash
 * continuations), with the @, - and + prefixes removed, $$ read as $, and
 * simple $(NAME) / ${NAME} references to variables assigned in the file
 * replaced by their value. Release with runline_recipes_release().
 */
void runline_make_recipes(const struct vakt_source *src, struct runline_recipes *out);
void runline_recipes_release(struct runline_recipes *r);

#endif
