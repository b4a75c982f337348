/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Dockerfile build rules (table df_rules_build,
 * DF080-DF099: ADD and COPY, CMD and ENTRYPOINT form, stages and their
 * names, flags, WORKDIR, ONBUILD, legacy forms): the input is parsed as a
 * Dockerfile and every rule of that table runs on the model. The last byte
 * picks the --build-arg set, so that ARG values reach FROM lines, stage
 * references and the text the rules read (plain words, values with quotes
 * and shell operators, an empty value, none at all). Every finding is
 * checked and read.
 */
#include "fuzz-df-table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct vakt_rule df_rules_build[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_df_table(data, size, df_rules_build, vakt_rules_count(df_rules_build));
}
