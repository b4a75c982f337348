/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Dockerfile RUN rules (table df_rules_run,
 * DF040-DF065: package managers, shell pitfalls, attack surface): the input
 * is parsed as a Dockerfile and every rule of that table runs on the model.
 * The last byte picks the --build-arg set, so that ARG values reach the
 * RUN text the rules read (plain words, values with quotes and shell
 * operators, an empty value, none at all). Every finding is checked and read.
 */
#include "fuzz-df-table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct vakt_rule df_rules_run[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_df_table(data, size, df_rules_run, vakt_rules_count(df_rules_run));
}
