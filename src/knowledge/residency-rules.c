/* SPDX-License-Identifier: MIT */
/*
 * The data-residency rules (RS001-RS099): the single source of their text.
 * They have no check function of their own: the engine judges every
 * domain's values (core/domain.h, struct vakt_value) with
 * vakt_residency_judge() (src/knowledge/residency.h).
 */
#include "core/domain.h"
#include "residency.h"

#define SCHREMS_II                                                                                 \
	"CJEU, C-311/18 Data Protection Commissioner v Facebook Ireland and Maximillian Schrems "  \
	"(Schrems II), 16 July 2020: https://curia.europa.eu/juris/liste.jsf?num=C-311/18"
#define EDPB_01_2020                                                                               \
	"EDPB Recommendations 01/2020 on measures that supplement transfer tools: "                \
	"https://www.edpb.europa.eu/our-work-tools/our-documents/recommendations/"                 \
	"recommendations-012020-measures-supplement-transfer_en"
#define ADEQUACY                                                                                   \
	"European Commission, adequacy decisions: "                                                \
	"https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-" \
	"protection/adequacy-decisions_en"
#define AWS_REGIONS                                                                                \
	"https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html"
#define GCP_LOCATIONS "https://cloud.google.com/about/locations"
#define GAR_LOCATIONS "https://cloud.google.com/artifact-registry/docs/repositories/repo-locations"
#define AZURE_REGIONS "https://learn.microsoft.com/azure/reliability/regions-list"
#define DOC_PAGE      "docs/residency.md (regions vakt knows, allowed-regions syntax)"

#define REFS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS  ((const char *const[]){NULL})

/* The legal background both rules share. */
#define WHY_EEA                                                                                    \
	"Since the CJEU's Schrems II judgment (July 2020) struck down the EU-US Privacy "          \
	"Shield, personal data sent outside the EEA needs a transfer tool and an assessment of "   \
	"the destination's laws; data kept in EEA regions needs neither. By default only "         \
	"regions in the EEA (the EU member states, Iceland, Liechtenstein, Norway) are "           \
	"allowed. Countries with an EU adequacy decision, such as the United Kingdom and "         \
	"Switzerland, are outside the EEA and reported too, with a note: allow them in "           \
	"residency.allowed-regions if you rely on the decision. Transfers to the United States "   \
	"may rely on the EU-US Data Privacy Framework (2023), which covers certified "             \
	"organisations only and follows two frameworks the CJEU annulled (Safe Harbor in 2015, "   \
	"Privacy Shield in 2020). "
#define WHY_LOW                                                                                    \
	" The severity is low by default: where data may live is a legal decision, not a "         \
	"vulnerability; raise it with `severity:` in .vakt.yaml where residency is a requirement."

const struct vakt_rule vakt_rules_residency[] = {
    {
        .id = "RS001",
        .slug = "registry-outside-allowed-regions",
        .domain = "residency",
        .severity = VAKT_SEV_LOW,
        .title = "An image is pulled from a registry outside the allowed regions",
        .rationale = WHY_EEA
        "A registry stores your images and whatever is built into them, and every "
        "deployment that pulls from it depends on that region. vakt reads the region from "
        "the registry host: Amazon ECR (ACCOUNT.dkr.ecr.REGION.amazonaws.com), Artifact "
        "Registry (LOCATION-docker.pkg.dev), Container Registry (gcr.io and us.gcr.io are "
        "the US multi-region, eu.gcr.io the EU, asia.gcr.io Asia) and Azure Container "
        "Registry data endpoints (NAME.REGION.data.azurecr.io). Hosts that name no region "
        "(NAME.azurecr.io, Docker Hub, ghcr.io, public.ecr.aws, quay.io) are not reported, "
        "and neither are well-known public images such as gcr.io/distroless: pulling a "
        "public image sends none of your data." WHY_LOW,
        .remediation = "Push the image to a registry in an allowed region and pull it from "
                       "there:\n"
                       "  FROM europe-west4-docker.pkg.dev/PROJECT/REPO/app:1.4\n"
                       "  FROM 123456789012.dkr.ecr.eu-north-1.amazonaws.com/app:1.4\n"
                       "If the region is acceptable to you, allow it in .vakt.yaml "
                       "(residency: {allowed-regions: [eea, country:GB]}); list a public image "
                       "in residency.exempt-images.",
        .references = REFS(SCHREMS_II, EDPB_01_2020, ADEQUACY, AWS_REGIONS, GAR_LOCATIONS,
                           GCP_LOCATIONS, AZURE_REGIONS, DOC_PAGE),
        .equivalents = NO_PEERS,
        .check = NULL,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "RS002",
        .slug = "endpoint-outside-allowed-regions",
        .domain = "residency",
        .severity = VAKT_SEV_LOW,
        .title = "A value names an endpoint, bucket or region outside the allowed regions",
        .rationale = WHY_EEA
        "A typical case is a backup job that sends snapshots to an S3 bucket in us-east-1 "
        "(Northern Virginia). The values a container is given decide "
        "where its data goes: AWS_REGION=us-east-1, an S3 endpoint "
        "(s3.us-west-2.amazonaws.com, BUCKET.s3-us-west-2.amazonaws.com), a regional "
        "Google endpoint (us-central1-aiplatform.googleapis.com, "
        "SERVICE.us-central1.run.app), an Azure host with its region "
        "(eastus.api.cognitive.microsoft.com), a bare region or zone name (eastus, "
        "us-central1-a, us-east-1b). Dockerfiles are read in ENV and ARG values, RUN, CMD, "
        "ENTRYPOINT and ADD arguments and heredocs; other domains hand vakt the values "
        "they hold (environment, arguments, annotations). References whose region cannot "
        "be told from the text are not reported: s3:// and gs:// URLs, "
        "storage.googleapis.com, BUCKET.s3.amazonaws.com, NAME.blob.core.windows.net." WHY_LOW,
        .remediation = "Point the value at an allowed region and move the bucket or service "
                       "there:\n"
                       "  ENV AWS_REGION=eu-north-1\n"
                       "  ENV BACKUP_URL=https://backups.s3.eu-north-1.amazonaws.com\n"
                       "If the region is acceptable to you, allow it in .vakt.yaml "
                       "(residency: {allowed-regions: [eea, us-east-1]}); for one deliberate "
                       "exception, suppress the finding (# vakt ignore=RS002 -- reason).",
        .references = REFS(SCHREMS_II, EDPB_01_2020, ADEQUACY, AWS_REGIONS, GCP_LOCATIONS,
                           AZURE_REGIONS, DOC_PAGE),
        .equivalents = NO_PEERS,
        .check = NULL,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};

static const struct vakt_rule *const residency_tables[] = {vakt_rules_residency, NULL};

/* A family every domain runs (core/domain.h): no files of its own. */
const struct vakt_domain residency_domain = {
    .name = "residency",
    .tables = residency_tables,
    .judge = vakt_residency_judge,
};
