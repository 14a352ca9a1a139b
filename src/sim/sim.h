/*
 * sim/sim.h - internals of the T1535 telemetry simulator.
 *
 * simulate.c walks the time span slot by slot and owns the output tree;
 * sim_aws.c writes CloudTrail records (background, decoys and the seed's
 * AWS atomic tests) and sim_azure.c writes Azure Activity storage-export
 * records. Everything random comes from one tw_rng, consumed in a fixed
 * order, so a seed and options always give the same bytes.
 */
#ifndef TW_SIM_SIM_H
#define TW_SIM_SIM_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "sim/gzout.h"
#include "sim/rng.h"
#include "trawl.h"

/* The rules the manifest names. */
#define TW_SIM_RULE_ID "t1535-unused-regions"
#define TW_SIM_SEED_RULE_ID "t1535-seed"

/* AWS regions with a trail folder: the seed's approved four first. */
#define TW_SIM_NREGIONS 16
extern const char *const tw_sim_regions[TW_SIM_NREGIONS];
#define TW_SIM_NAPPROVED 4

/* A calling identity in one AWS account. */
typedef struct tw_sim_principal {
  const char *type;       /* IAMUser, AssumedRole, AWSService, Root */
  char name[64];          /* user or role name */
  char session[64];       /* AssumedRole session name */
  char principal_id[48];
  char role_id[24];       /* AROA... of the role */
  char access_key[24];
  char ip[48];
  const char *ua;
  const char *invoked_by; /* AWSService */
} tw_sim_principal;

enum {
  TW_P_ALICE,     /* admin IAM user, console */
  TW_P_BOB,       /* developer IAM user, CLI */
  TW_P_TERRAFORM, /* IaC pipeline role */
  TW_P_READONLY,  /* SSO read-only role */
  TW_P_CI,        /* CI IAM user whose key the attacker steals */
  TW_P_ROOT,
  TW_P_SERVICE,   /* AWSService */
  TW_P_ATTACKER,  /* TW_P_CI's key used from the attacker's host */
  TW_P_IDC,       /* IAM Identity Center user (IdentityCenterUser) */
  TW_P_COUNT
};

/* Offsets (from the start of each day) of the once-a-day decoys. */
#define TW_SIM_NDECOYS 7

typedef struct tw_sim_account {
  char id[16];
  tw_sim_principal p[TW_P_COUNT];
  int64_t decoy_at[TW_SIM_NDECOYS];
  /* Open log files of the current slot, one per region. */
  tw_gzout *gz[TW_SIM_NREGIONS];
  uint64_t nrec[TW_SIM_NREGIONS];
  /* us-east-1 files of the current hour, for its digest. */
  char last_file[TW_SIM_NREGIONS][256];
} tw_sim_account;

/* An Azure identity. */
typedef struct tw_sim_az_principal {
  const char *upn;        /* NULL for a service principal */
  const char *display;
  char object_id[37];
  char app_id[37];
  char ip[48];
  const char *role;
} tw_sim_az_principal;

enum { TW_AZ_ALICE, TW_AZ_PIPELINE, TW_AZ_OPS, TW_AZ_ATTACKER, TW_AZ_COUNT };

#define TW_SIM_AZ_NDECOYS 3

typedef struct tw_sim_sub {
  char id[37];
  char tenant[37];
  tw_sim_az_principal p[TW_AZ_COUNT];
  int64_t decoy_at[TW_SIM_AZ_NDECOYS];
} tw_sim_sub;

typedef struct tw_sim {
  trawl_sim_opts o;
  tw_rng rng;
  tw_rng aux;              /* features added later draw from here, so
                              the main sequence (and old output) holds */
  int nacct;
  tw_sim_account *acct;
  tw_sim_sub *sub;
  int64_t slot_len;        /* CloudTrail delivery slot */
  int64_t attack_at;       /* time of atomic test 1 */
  int gz_level;
  uint64_t aws_budget;     /* uncompressed bytes per account slot (0: count) */
  uint64_t az_budget;      /* bytes per subscription hour (0: count) */
  FILE *manifest;
  tw_buf rec, req, resp, add, tmp, path;
  trawl_sim_summary *sum;
  trawl_diag *diag;
  int failed;              /* an I/O error happened (diag filled) */
} tw_sim;

/* JSON helpers. */
void tw_sim_jstr(tw_buf *b, const char *s);
/* "YYYY-MM-DDTHH:MM:SSZ" (whole seconds) into out[32]. */
void tw_sim_iso(int64_t ticks, char out[32]);
/* Create every folder of `path` up to its last '/'. 0 on success. */
int tw_sim_mkdirs(tw_sim *s, const char *path);
/* Report an I/O failure on `path` (sets s->failed, fills the diag). */
void tw_sim_fail(tw_sim *s, const char *what, const char *path);

/* Manifest line for an event of interest. */
void tw_sim_manifest(tw_sim *s, const char *id, const char *cloud,
                     const char *test, const char *event,
                     const char *region, int64_t t, int alert,
                     int seed_alert, const char *why);

/* AWS (sim_aws.c). */
void tw_sim_aws_init(tw_sim *s, tw_sim_account *a, int index);
/* Write every record of account `a` whose time falls in [t0, t1). */
void tw_sim_aws_slot(tw_sim *s, tw_sim_account *a, int index, int64_t t0,
                     int64_t t1);

/* CloudTrail Insights objects for one account and day (sim_insight.c). */
void tw_sim_aws_insights(tw_sim *s, tw_sim_account *a, int64_t day);

/* Azure (sim_azure.c). */
void tw_sim_azure_init(tw_sim *s, tw_sim_sub *z, int index);
/* Write the PT1H.json blob of subscription `z` for the hour at `t0`. */
void tw_sim_azure_hour(tw_sim *s, tw_sim_sub *z, int index, int64_t t0);

#endif
