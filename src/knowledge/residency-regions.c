/* SPDX-License-Identifier: MIT */
/*
 * Data residency: the tables. Countries with their EEA membership and EU
 * adequacy decisions, the cloud regions of AWS, Google Cloud and Azure with
 * their country, and the lookups over them (by name, by provider). What the
 * world is, kept apart from how text is read against it (residency.c).
 */
#include <pthread.h>

#include "residency-priv.h"

/* ---- countries ---------------------------------------------------------- */

struct country {
	const char *code;
	const char *name;
	bool eea;
	bool adequate; /* a general EU adequacy decision */
};

/*
 * The EEA: the 27 EU member states, Iceland, Liechtenstein and Norway.
 * Adequacy: the European Commission's list (Article 45 GDPR), without the
 * United States, whose decision (the 2023 EU-US Data Privacy Framework)
 * covers certified organisations only. Then the other countries that have
 * cloud regions in the tables below.
 */
static const struct country countries[] = {
    {"AT", "Austria", true, false},
    {"BE", "Belgium", true, false},
    {"BG", "Bulgaria", true, false},
    {"HR", "Croatia", true, false},
    {"CY", "Cyprus", true, false},
    {"CZ", "Czechia", true, false},
    {"DK", "Denmark", true, false},
    {"EE", "Estonia", true, false},
    {"FI", "Finland", true, false},
    {"FR", "France", true, false},
    {"DE", "Germany", true, false},
    {"GR", "Greece", true, false},
    {"HU", "Hungary", true, false},
    {"IE", "Ireland", true, false},
    {"IT", "Italy", true, false},
    {"LV", "Latvia", true, false},
    {"LT", "Lithuania", true, false},
    {"LU", "Luxembourg", true, false},
    {"MT", "Malta", true, false},
    {"NL", "Netherlands", true, false},
    {"PL", "Poland", true, false},
    {"PT", "Portugal", true, false},
    {"RO", "Romania", true, false},
    {"SK", "Slovakia", true, false},
    {"SI", "Slovenia", true, false},
    {"ES", "Spain", true, false},
    {"SE", "Sweden", true, false},
    {"IS", "Iceland", true, false},
    {"LI", "Liechtenstein", true, false},
    {"NO", "Norway", true, false},
    {"EU", "the EU", true, false},
    {"AD", "Andorra", false, true},
    {"AR", "Argentina", false, true},
    {"CA", "Canada", false, true},
    {"FO", "Faroe Islands", false, true},
    {"GG", "Guernsey", false, true},
    {"IL", "Israel", false, true},
    {"IM", "Isle of Man", false, true},
    {"JP", "Japan", false, true},
    {"JE", "Jersey", false, true},
    {"NZ", "New Zealand", false, true},
    {"KR", "South Korea", false, true},
    {"CH", "Switzerland", false, true},
    {"GB", "United Kingdom", false, true},
    {"UY", "Uruguay", false, true},
    {"US", "United States", false, false},
    {"MX", "Mexico", false, false},
    {"BR", "Brazil", false, false},
    {"CL", "Chile", false, false},
    {"BH", "Bahrain", false, false},
    {"AE", "United Arab Emirates", false, false},
    {"QA", "Qatar", false, false},
    {"SA", "Saudi Arabia", false, false},
    {"ZA", "South Africa", false, false},
    {"HK", "Hong Kong", false, false},
    {"TW", "Taiwan", false, false},
    {"CN", "China", false, false},
    {"IN", "India", false, false},
    {"SG", "Singapore", false, false},
    {"ID", "Indonesia", false, false},
    {"MY", "Malaysia", false, false},
    {"TH", "Thailand", false, false},
    {"AU", "Australia", false, false},
    {"", "several countries", false, false},
};

static const struct country *country_find(const char *code)
{
	for (size_t i = 0; code && i < VAKT_ARRAY_SIZE(countries); i++)
		if (!vakt_strcasecmp(countries[i].code, code))
			return &countries[i];
	return NULL;
}

const char *vakt_residency_country_name(const char *code)
{
	const struct country *c = country_find(code);

	return c ? c->name : NULL;
}

bool vakt_residency_country_adequate(const char *code)
{
	const struct country *c = country_find(code);

	return c && c->adequate;
}

/* ---- regions ------------------------------------------------------------ */

#define AWS(n, p, c)                                                                               \
	{                                                                                          \
		"aws", n, p, c, false                                                              \
	}
#define GCP(n, p, c)                                                                               \
	{                                                                                          \
		"gcp", n, p, c, false                                                              \
	}
#define GCP_M(n, p, c)                                                                             \
	{                                                                                          \
		"gcp", n, p, c, true                                                               \
	}
#define AZ(n, p, c)                                                                                \
	{                                                                                          \
		"azure", n, p, c, false                                                            \
	}

/*
 * Region names as the providers publish them (AWS and Google Cloud region
 * codes, Azure's programmatic names). Every name is unique across providers
 * (a unit test checks), so a bare name says its provider.
 */
static const struct vakt_region regions[] = {
    AWS("us-east-1", "N. Virginia", "US"),
    AWS("us-east-2", "Ohio", "US"),
    AWS("us-west-1", "N. California", "US"),
    AWS("us-west-2", "Oregon", "US"),
    AWS("us-gov-east-1", "GovCloud US-East", "US"),
    AWS("us-gov-west-1", "GovCloud US-West", "US"),
    AWS("ca-central-1", "Canada Central", "CA"),
    AWS("ca-west-1", "Calgary", "CA"),
    AWS("mx-central-1", "Mexico Central", "MX"),
    AWS("sa-east-1", "Sao Paulo", "BR"),
    AWS("eu-central-1", "Frankfurt", "DE"),
    AWS("eu-central-2", "Zurich", "CH"),
    AWS("eu-west-1", "Ireland", "IE"),
    AWS("eu-west-2", "London", "GB"),
    AWS("eu-west-3", "Paris", "FR"),
    AWS("eu-south-1", "Milan", "IT"),
    AWS("eu-south-2", "Spain", "ES"),
    AWS("eu-north-1", "Stockholm", "SE"),
    AWS("eusc-de-east-1", "European Sovereign Cloud, Brandenburg", "DE"),
    AWS("il-central-1", "Tel Aviv", "IL"),
    AWS("me-south-1", "Bahrain", "BH"),
    AWS("me-central-1", "UAE", "AE"),
    AWS("af-south-1", "Cape Town", "ZA"),
    AWS("ap-east-1", "Hong Kong", "HK"),
    AWS("ap-east-2", "Taipei", "TW"),
    AWS("ap-south-1", "Mumbai", "IN"),
    AWS("ap-south-2", "Hyderabad", "IN"),
    AWS("ap-southeast-1", "Singapore", "SG"),
    AWS("ap-southeast-2", "Sydney", "AU"),
    AWS("ap-southeast-3", "Jakarta", "ID"),
    AWS("ap-southeast-4", "Melbourne", "AU"),
    AWS("ap-southeast-5", "Malaysia", "MY"),
    AWS("ap-southeast-7", "Thailand", "TH"),
    AWS("ap-northeast-1", "Tokyo", "JP"),
    AWS("ap-northeast-2", "Seoul", "KR"),
    AWS("ap-northeast-3", "Osaka", "JP"),
    AWS("cn-north-1", "Beijing", "CN"),
    AWS("cn-northwest-1", "Ningxia", "CN"),

    GCP_M("us", NULL, "US"),
    GCP_M("eu", NULL, "EU"),
    GCP_M("europe", NULL, "EU"),
    GCP_M("asia", "Asia", ""),
    GCP("us-central1", "Iowa", "US"),
    GCP("us-east1", "South Carolina", "US"),
    GCP("us-east4", "N. Virginia", "US"),
    GCP("us-east5", "Columbus", "US"),
    GCP("us-south1", "Dallas", "US"),
    GCP("us-west1", "Oregon", "US"),
    GCP("us-west2", "Los Angeles", "US"),
    GCP("us-west3", "Salt Lake City", "US"),
    GCP("us-west4", "Las Vegas", "US"),
    GCP("northamerica-northeast1", "Montreal", "CA"),
    GCP("northamerica-northeast2", "Toronto", "CA"),
    GCP("northamerica-south1", "Queretaro", "MX"),
    GCP("southamerica-east1", "Sao Paulo", "BR"),
    GCP("southamerica-west1", "Santiago", "CL"),
    GCP("europe-central2", "Warsaw", "PL"),
    GCP("europe-north1", "Hamina", "FI"),
    GCP("europe-north2", "Stockholm", "SE"),
    GCP("europe-southwest1", "Madrid", "ES"),
    GCP("europe-west1", "St. Ghislain", "BE"),
    GCP("europe-west2", "London", "GB"),
    GCP("europe-west3", "Frankfurt", "DE"),
    GCP("europe-west4", "Eemshaven", "NL"),
    GCP("europe-west6", "Zurich", "CH"),
    GCP("europe-west8", "Milan", "IT"),
    GCP("europe-west9", "Paris", "FR"),
    GCP("europe-west10", "Berlin", "DE"),
    GCP("europe-west12", "Turin", "IT"),
    GCP("me-central1", "Doha", "QA"),
    GCP("me-central2", "Dammam", "SA"),
    GCP("me-west1", "Tel Aviv", "IL"),
    GCP("africa-south1", "Johannesburg", "ZA"),
    GCP("asia-east1", "Changhua County", "TW"),
    GCP("asia-east2", "Hong Kong", "HK"),
    GCP("asia-northeast1", "Tokyo", "JP"),
    GCP("asia-northeast2", "Osaka", "JP"),
    GCP("asia-northeast3", "Seoul", "KR"),
    GCP("asia-south1", "Mumbai", "IN"),
    GCP("asia-south2", "Delhi", "IN"),
    GCP("asia-southeast1", "Jurong West", "SG"),
    GCP("asia-southeast2", "Jakarta", "ID"),
    GCP("australia-southeast1", "Sydney", "AU"),
    GCP("australia-southeast2", "Melbourne", "AU"),

    AZ("eastus", "Virginia", "US"),
    AZ("eastus2", "Virginia", "US"),
    AZ("centralus", "Iowa", "US"),
    AZ("northcentralus", "Illinois", "US"),
    AZ("southcentralus", "Texas", "US"),
    AZ("westcentralus", "Wyoming", "US"),
    AZ("westus", "California", "US"),
    AZ("westus2", "Washington", "US"),
    AZ("westus3", "Arizona", "US"),
    AZ("usgovvirginia", "US Gov Virginia", "US"),
    AZ("usgovarizona", "US Gov Arizona", "US"),
    AZ("usgovtexas", "US Gov Texas", "US"),
    AZ("usdodeast", "US DoD East", "US"),
    AZ("usdodcentral", "US DoD Central", "US"),
    AZ("canadacentral", "Toronto", "CA"),
    AZ("canadaeast", "Quebec City", "CA"),
    AZ("mexicocentral", "Queretaro", "MX"),
    AZ("brazilsouth", "Sao Paulo State", "BR"),
    AZ("brazilsoutheast", "Rio de Janeiro", "BR"),
    AZ("chilecentral", "Santiago", "CL"),
    AZ("northeurope", "Ireland", "IE"),
    AZ("westeurope", "Netherlands", "NL"),
    AZ("francecentral", "Paris", "FR"),
    AZ("francesouth", "Marseille", "FR"),
    AZ("germanywestcentral", "Frankfurt", "DE"),
    AZ("germanynorth", "Berlin", "DE"),
    AZ("norwayeast", "Oslo", "NO"),
    AZ("norwaywest", "Stavanger", "NO"),
    AZ("swedencentral", "Gavle", "SE"),
    AZ("swedensouth", "Malmo", "SE"),
    AZ("polandcentral", "Warsaw", "PL"),
    AZ("italynorth", "Milan", "IT"),
    AZ("spaincentral", "Madrid", "ES"),
    AZ("austriaeast", "Vienna", "AT"),
    AZ("belgiumcentral", "Brussels", "BE"),
    AZ("switzerlandnorth", "Zurich", "CH"),
    AZ("switzerlandwest", "Geneva", "CH"),
    AZ("uksouth", "London", "GB"),
    AZ("ukwest", "Cardiff", "GB"),
    AZ("eastasia", "Hong Kong", "HK"),
    AZ("southeastasia", "Singapore", "SG"),
    AZ("japaneast", "Tokyo", "JP"),
    AZ("japanwest", "Osaka", "JP"),
    AZ("koreacentral", "Seoul", "KR"),
    AZ("koreasouth", "Busan", "KR"),
    AZ("centralindia", "Pune", "IN"),
    AZ("southindia", "Chennai", "IN"),
    AZ("westindia", "Mumbai", "IN"),
    AZ("jioindiawest", "Jamnagar", "IN"),
    AZ("jioindiacentral", "Nagpur", "IN"),
    AZ("australiaeast", "New South Wales", "AU"),
    AZ("australiasoutheast", "Victoria", "AU"),
    AZ("australiacentral", "Canberra", "AU"),
    AZ("australiacentral2", "Canberra", "AU"),
    AZ("newzealandnorth", "Auckland", "NZ"),
    AZ("indonesiacentral", "Jakarta", "ID"),
    AZ("malaysiawest", "Kuala Lumpur", "MY"),
    AZ("uaenorth", "Dubai", "AE"),
    AZ("uaecentral", "Abu Dhabi", "AE"),
    AZ("qatarcentral", "Doha", "QA"),
    AZ("israelcentral", "Israel", "IL"),
    AZ("southafricanorth", "Johannesburg", "ZA"),
    AZ("southafricawest", "Cape Town", "ZA"),
    AZ("chinanorth", "Beijing", "CN"),
    AZ("chinanorth2", "Beijing", "CN"),
    AZ("chinanorth3", "Hebei", "CN"),
    AZ("chinaeast", "Shanghai", "CN"),
    AZ("chinaeast2", "Shanghai", "CN"),
    AZ("chinaeast3", "Shanghai", "CN"),
};

/* The regions sorted by name, for lookups by a word of scanned text. */
static const struct vakt_region *by_name[VAKT_ARRAY_SIZE(regions)];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int region_cmp(const void *a, const void *b)
{
	const struct vakt_region *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static void by_name_fill(void)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(regions); i++)
		by_name[i] = &regions[i];
	qsort(by_name, VAKT_ARRAY_SIZE(by_name), sizeof(by_name[0]), region_cmp);
}

int residency_name_cmp(const char *s, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		char a = residency_lower(s[i]), b = name[i];

		if (!b || a != b)
			return (unsigned char)a - (unsigned char)b;
	}
	return name[n] ? -1 : 0;
}

const struct vakt_region *residency_region_lookup(const char *provider, const char *s, size_t n,
                                                  bool multi)
{
	size_t lo = 0, hi = VAKT_ARRAY_SIZE(by_name);

	pthread_once(&by_name_once, by_name_fill);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = residency_name_cmp(s, n, by_name[mid]->name);

		if (!c) {
			const struct vakt_region *r = by_name[mid];

			if ((provider && strcmp(provider, r->provider)) || (r->multi && !multi))
				return NULL;
			return r;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct vakt_region *vakt_region_find(const char *provider, const char *name)
{
	return name ? residency_region_lookup(provider, name, strlen(name), true) : NULL;
}

const struct vakt_region *vakt_regions(size_t *n)
{
	*n = VAKT_ARRAY_SIZE(regions);
	return regions;
}

const char *vakt_residency_provider_name(const char *provider)
{
	if (!strcmp(provider, "aws"))
		return "AWS";
	if (!strcmp(provider, "gcp"))
		return "Google Cloud";
	return "Azure";
}

bool vakt_region_in_eea(const struct vakt_region *r)
{
	const struct country *c = country_find(r->country);

	return c && c->eea;
}
