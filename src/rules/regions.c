/*
 * rules/regions.c - the region catalogue (see regions.h): every AWS and
 * Azure region code with its display name and status, written from the
 * facts in ../shared/data/aws-regions.tsv and azure-regions.tsv
 * (tests/unit/test_rules.c compares the two when ../shared is present),
 * plus normalisation, lookup and "did you mean" suggestions.
 */
#include "rules/regions.h"

#include <ctype.h>
#include <string.h>

static const tw_region aws_regions[] = {
    {"us-east-1", "US East (N. Virginia)", "default"},
    {"us-east-2", "US East (Ohio)", "default"},
    {"us-west-1", "US West (N. California)", "default"},
    {"us-west-2", "US West (Oregon)", "default"},
    {"af-south-1", "Africa (Cape Town)", "opt-in"},
    {"ap-east-1", "Asia Pacific (Hong Kong)", "opt-in"},
    {"ap-east-2", "Asia Pacific (Taipei)", "opt-in"},
    {"ap-south-1", "Asia Pacific (Mumbai)", "default"},
    {"ap-south-2", "Asia Pacific (Hyderabad)", "opt-in"},
    {"ap-southeast-1", "Asia Pacific (Singapore)", "default"},
    {"ap-southeast-2", "Asia Pacific (Sydney)", "default"},
    {"ap-southeast-3", "Asia Pacific (Jakarta)", "opt-in"},
    {"ap-southeast-4", "Asia Pacific (Melbourne)", "opt-in"},
    {"ap-southeast-5", "Asia Pacific (Malaysia)", "opt-in"},
    {"ap-southeast-6", "Asia Pacific (New Zealand)", "opt-in"},
    {"ap-southeast-7", "Asia Pacific (Thailand)", "opt-in"},
    {"ap-northeast-1", "Asia Pacific (Tokyo)", "default"},
    {"ap-northeast-2", "Asia Pacific (Seoul)", "default"},
    {"ap-northeast-3", "Asia Pacific (Osaka)", "default"},
    {"ca-central-1", "Canada (Central)", "default"},
    {"ca-west-1", "Canada West (Calgary)", "opt-in"},
    {"eu-central-1", "Europe (Frankfurt)", "default"},
    {"eu-central-2", "Europe (Zurich)", "opt-in"},
    {"eu-north-1", "Europe (Stockholm)", "default"},
    {"eu-south-1", "Europe (Milan)", "opt-in"},
    {"eu-south-2", "Europe (Spain)", "opt-in"},
    {"eu-west-1", "Europe (Ireland)", "default"},
    {"eu-west-2", "Europe (London)", "default"},
    {"eu-west-3", "Europe (Paris)", "default"},
    {"il-central-1", "Israel (Tel Aviv)", "opt-in"},
    {"me-central-1", "Middle East (UAE)", "opt-in"},
    {"me-south-1", "Middle East (Bahrain)", "opt-in"},
    {"mx-central-1", "Mexico (Central)", "opt-in"},
    {"sa-east-1", "South America (Sao Paulo)", "default"},
    {"cn-north-1", "China (Beijing)", "separate-partition"},
    {"cn-northwest-1", "China (Ningxia)", "separate-partition"},
    {"us-gov-west-1", "AWS GovCloud (US-West)", "separate-partition"},
    {"us-gov-east-1", "AWS GovCloud (US-East)", "separate-partition"},
    {"eusc-de-east-1", "AWS European Sovereign Cloud (Germany)", "separate-partition"},
    {"us-iso-east-1", "US ISO East", "separate-partition"},
    {"us-iso-west-1", "US ISO West", "separate-partition"},
    {"us-isob-east-1", "US ISOB East (Ohio)", "separate-partition"},
    {"us-isob-west-1", "US ISOB West", "separate-partition"},
    {"us-isof-south-1", "US ISOF South", "separate-partition"},
    {"us-isof-east-1", "US ISOF East", "separate-partition"},
    {"eu-isoe-west-1", "EU ISOE West", "separate-partition"},
};

static const tw_region azure_regions[] = {
    {"australiacentral", "Australia Central", "public"},
    {"australiacentral2", "Australia Central 2", "public-restricted"},
    {"australiaeast", "Australia East", "public"},
    {"australiasoutheast", "Australia Southeast", "public"},
    {"austriaeast", "Austria East", "public"},
    {"belgiumcentral", "Belgium Central", "public"},
    {"brazilsouth", "Brazil South", "public"},
    {"brazilsoutheast", "Brazil Southeast", "public-restricted"},
    {"canadacentral", "Canada Central", "public"},
    {"canadaeast", "Canada East", "public"},
    {"centralindia", "Central India", "public"},
    {"centralus", "Central US", "public"},
    {"chilecentral", "Chile Central", "public"},
    {"denmarkeast", "Denmark East", "public"},
    {"eastasia", "East Asia", "public"},
    {"eastus", "East US", "public"},
    {"eastus2", "East US 2", "public"},
    {"francecentral", "France Central", "public"},
    {"francesouth", "France South", "public-restricted"},
    {"germanynorth", "Germany North", "public-restricted"},
    {"germanywestcentral", "Germany West Central", "public"},
    {"indiasouthcentral", "India South Central", "public"},
    {"indonesiacentral", "Indonesia Central", "public"},
    {"israelcentral", "Israel Central", "public"},
    {"italynorth", "Italy North", "public"},
    {"japaneast", "Japan East", "public"},
    {"japanwest", "Japan West", "public"},
    {"koreacentral", "Korea Central", "public"},
    {"koreasouth", "Korea South", "public"},
    {"malaysiawest", "Malaysia West", "public"},
    {"mexicocentral", "Mexico Central", "public"},
    {"newzealandnorth", "New Zealand North", "public"},
    {"northcentralus", "North Central US", "public"},
    {"northeurope", "North Europe", "public"},
    {"norwayeast", "Norway East", "public"},
    {"norwaywest", "Norway West", "public-restricted"},
    {"polandcentral", "Poland Central", "public"},
    {"qatarcentral", "Qatar Central", "public"},
    {"southafricanorth", "South Africa North", "public"},
    {"southafricawest", "South Africa West", "public-restricted"},
    {"southcentralus", "South Central US", "public"},
    {"southindia", "South India", "public"},
    {"southeastasia", "Southeast Asia", "public"},
    {"spaincentral", "Spain Central", "public"},
    {"swedencentral", "Sweden Central", "public"},
    {"swedensouth", "Sweden South", "public-restricted"},
    {"switzerlandnorth", "Switzerland North", "public"},
    {"switzerlandwest", "Switzerland West", "public-restricted"},
    {"uaecentral", "UAE Central", "public-restricted"},
    {"uaenorth", "UAE North", "public"},
    {"uksouth", "UK South", "public"},
    {"ukwest", "UK West", "public"},
    {"westcentralus", "West Central US", "public"},
    {"westeurope", "West Europe", "public"},
    {"westindia", "West India", "public"},
    {"westus", "West US", "public"},
    {"westus2", "West US 2", "public"},
    {"westus3", "West US 3", "public"},
    {"jioindiacentral", "Jio India Central", "public-limited"},
    {"jioindiawest", "Jio India West", "public-limited"},
    {"malaysiasouth", "Malaysia South", "public-limited"},
    {"taiwannorth", "Taiwan North", "public-limited"},
    {"taiwannorthwest", "Taiwan Northwest", "public-limited"},
    {"israelnorthwest", "Israel Northwest", "public-limited"},
    {"brazilus", "Brazil US", "public-limited"},
    {"eastusslv", "East US SLV", "public-limited"},
    {"eastus2euap", "East US 2 EUAP", "canary-euap"},
    {"centraluseuap", "Central US EUAP", "canary-euap"},
    {"eastusstg", "East US STG", "stage-internal"},
    {"southcentralusstg", "South Central US STG", "stage-internal"},
    {"eastusstage", "East US (Stage)", "stage-internal"},
    {"eastus2stage", "East US 2 (Stage)", "stage-internal"},
    {"centralusstage", "Central US (Stage)", "stage-internal"},
    {"northcentralusstage", "North Central US (Stage)", "stage-internal"},
    {"southcentralusstage", "South Central US (Stage)", "stage-internal"},
    {"westusstage", "West US (Stage)", "stage-internal"},
    {"westus2stage", "West US 2 (Stage)", "stage-internal"},
    {"eastasiastage", "East Asia (Stage)", "stage-internal"},
    {"southeastasiastage", "Southeast Asia (Stage)", "stage-internal"},
    {"global", "Global", "logical"},
    {"asia", "Asia", "logical"},
    {"asiapacific", "Asia Pacific", "logical"},
    {"australia", "Australia", "logical"},
    {"brazil", "Brazil", "logical"},
    {"canada", "Canada", "logical"},
    {"europe", "Europe", "logical"},
    {"france", "France", "logical"},
    {"germany", "Germany", "logical"},
    {"india", "India", "logical"},
    {"japan", "Japan", "logical"},
    {"korea", "Korea", "logical"},
    {"norway", "Norway", "logical"},
    {"singapore", "Singapore", "logical"},
    {"southafrica", "South Africa", "logical"},
    {"sweden", "Sweden", "logical"},
    {"switzerland", "Switzerland", "logical"},
    {"uae", "United Arab Emirates", "logical"},
    {"uk", "United Kingdom", "logical"},
    {"unitedstates", "United States", "logical"},
    {"unitedstateseuap", "United States EUAP", "logical"},
    {"usgovvirginia", "US Gov Virginia", "sovereign-usgov"},
    {"usgovarizona", "US Gov Arizona", "sovereign-usgov"},
    {"usgovtexas", "US Gov Texas", "sovereign-usgov"},
    {"usgoviowa", "US Gov Iowa", "retired"},
    {"usdodcentral", "US DoD Central", "sovereign-usgov"},
    {"usdodeast", "US DoD East", "sovereign-usgov"},
    {"usseceast", "US Sec East", "sovereign-classified"},
    {"ussecwest", "US Sec West", "sovereign-classified"},
    {"ussecwestcentral", "US Sec West Central", "sovereign-classified"},
    {"usnateast", "USNat East", "sovereign-classified"},
    {"usnatwest", "USNat West", "sovereign-classified"},
    {"chinaeast", "China East", "sovereign-china"},
    {"chinaeast2", "China East 2", "sovereign-china"},
    {"chinaeast3", "China East 3", "sovereign-china"},
    {"chinanorth", "China North", "sovereign-china"},
    {"chinanorth2", "China North 2", "sovereign-china"},
    {"chinanorth3", "China North 3", "sovereign-china"},
    {"germanycentral", "Germany Central", "retired"},
    {"germanynortheast", "Germany Northeast", "retired"},
};

const tw_region *tw_regions(tw_cloud c, size_t *n) {
  if (c == TW_CLOUD_AWS) {
    *n = sizeof aws_regions / sizeof aws_regions[0];
    return aws_regions;
  }
  *n = sizeof azure_regions / sizeof azure_regions[0];
  return azure_regions;
}

size_t tw_region_normalize(tw_cloud c, const char *in, char *out,
                           size_t outn) {
  size_t k = 0;
  if (outn == 0) {
    return 0;
  }
  for (; *in && k + 1 < outn; in++) {
    unsigned char ch = (unsigned char)*in;
    if (c == TW_CLOUD_AZURE && isspace(ch)) {
      continue;
    }
    out[k++] = (char)tolower(ch);
  }
  out[k] = 0;
  return k;
}

const tw_region *tw_region_find(tw_cloud c, const char *name) {
  char norm[128];
  size_t n;
  const tw_region *t = tw_regions(c, &n);
  tw_region_normalize(c, name, norm, sizeof norm);
  for (size_t i = 0; i < n; i++) {
    if (strcmp(t[i].name, norm) == 0) {
      return &t[i];
    }
  }
  if (c == TW_CLOUD_AZURE) {
    for (size_t i = 0; i < n; i++) {
      char d[128];
      tw_region_normalize(c, t[i].display, d, sizeof d);
      if (strcmp(d, norm) == 0) {
        return &t[i];
      }
    }
  }
  return NULL;
}

/* Levenshtein distance of two short strings (capped at 64 bytes each). */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64) {
    la = 64;
  }
  if (lb > 64) {
    lb = 64;
  }
  size_t prev[65], cur[65];
  for (size_t j = 0; j <= lb; j++) {
    prev[j] = j;
  }
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
  }
  return prev[lb];
}

const char *tw_region_suggest(tw_cloud c, const char *name) {
  char norm[128];
  size_t n, best_d = (size_t)-1;
  const char *best = NULL;
  const tw_region *t = tw_regions(c, &n);
  /* Compare without separators too: "west-europe" -> "westeurope". */
  char bare[128];
  size_t k = 0;
  tw_region_normalize(c, name, norm, sizeof norm);
  for (const char *p = norm; *p && k + 1 < sizeof bare; p++) {
    if (c == TW_CLOUD_AWS || (*p != '-' && *p != '_')) {
      bare[k++] = *p;
    }
  }
  bare[k] = 0;
  for (size_t i = 0; i < n; i++) {
    size_t d = edit_distance(bare, t[i].name);
    if (d < best_d) {
      best_d = d;
      best = t[i].name;
    }
  }
  return best_d <= 4 ? best : NULL;
}
