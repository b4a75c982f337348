/* SPDX-License-Identifier: MIT */
/* The container-engine rules HO040-HO069 (placeholder until they land). */
#include "core/rule.h"
#include "host-facts.h"

const struct vakt_rule host_docker_rules[] = {
    {.id = NULL},
};
