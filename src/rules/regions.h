/*
 * rules/regions.h - the catalogue of AWS and Azure regions compiled into
 * trawl (codes, display names, status), used to check configured region
 * names, suggest the intended one, and normalise Azure display names.
 */
#ifndef TW_RULES_REGIONS_H
#define TW_RULES_REGIONS_H

#include <stddef.h>

typedef enum tw_cloud { TW_CLOUD_AWS = 0, TW_CLOUD_AZURE = 1 } tw_cloud;

typedef struct tw_region {
  const char *name;     /* us-east-1, japaneast */
  const char *display;  /* US East (N. Virginia), Japan East */
  const char *status;   /* AWS: default, opt-in, separate-partition;
                           Azure: public, logical, sovereign-usgov, ... */
} tw_region;

/* The whole table of a cloud. */
const tw_region *tw_regions(tw_cloud c, size_t *n);

/*
 * Normalise a region name as written in logs or configs into `out`
 * (NUL-terminated, at most outn-1 bytes): lower case; for Azure also
 * without spaces ("Japan East" -> "japaneast"). Returns the length.
 */
size_t tw_region_normalize(tw_cloud c, const char *in, char *out,
                           size_t outn);

/* The catalogue entry for a (normalised) name or an Azure display name. */
const tw_region *tw_region_find(tw_cloud c, const char *name);

/* The closest catalogue name by edit distance (for "did you mean"). */
const char *tw_region_suggest(tw_cloud c, const char *name);

#endif
