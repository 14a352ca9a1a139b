/*
 * sim/sim_azure.c - Azure Activity Log records for `trawl simulate t1535`.
 *
 * Writes the storage-export shape (log-formats.md 3.1): one JSON record
 * per line in insights-activity-logs/resourceId=/SUBSCRIPTIONS/<SUB>/
 * y=/m=/d=/h=/m=00/PT1H.json, upper-case operation names and resource
 * ids, export status vocabulary (Start, Accept, Success, Failure), and the
 * created resource's region only inside the JSON strings
 * properties.requestbody (Start record) and properties.responseBody
 * (completion record), as Azure really logs it. Each operation is a Start
 * record plus a completion record sharing a correlationId.
 */
#include <string.h>

#include "base/timeutil.h"
#include "sim/sim.h"

#define HEX32 "0123456789abcdef"

static void set_az(tw_sim *s, tw_sim_az_principal *p, const char *upn,
                   const char *display, const char *role) {
  memset(p, 0, sizeof *p);
  p->upn = upn;
  p->display = display;
  p->role = role;
  tw_rng_guid(&s->rng, p->object_id);
  tw_rng_guid(&s->rng, p->app_id);
  snprintf(p->ip, sizeof p->ip, "198.51.100.%d",
           (int)tw_rng_range(&s->rng, 10, 250));
}

void tw_sim_azure_init(tw_sim *s, tw_sim_sub *z, int index) {
  memset(z, 0, sizeof *z);
  tw_rng_guid(&s->rng, z->id);
  tw_rng_guid(&s->rng, z->tenant);
  set_az(s, &z->p[TW_AZ_ALICE], "alice.admin@contoso.example", "Alice Admin",
         "Owner");
  set_az(s, &z->p[TW_AZ_PIPELINE], NULL, "github-deploy-pipeline",
         "Contributor");
  set_az(s, &z->p[TW_AZ_OPS], "ops.oncall@contoso.example", "Ops On-call",
         "Contributor");
  set_az(s, &z->p[TW_AZ_ATTACKER], "devops.admin@contoso.example",
         "DevOps Admin", "Owner");
  snprintf(z->p[TW_AZ_ATTACKER].ip, sizeof z->p[TW_AZ_ATTACKER].ip,
           "203.0.113.%d", (int)tw_rng_range(&s->rng, 10, 250));
  for (int i = 0; i < TW_SIM_AZ_NDECOYS; i++) {
    z->decoy_at[i] = tw_rng_range(&s->rng, 1 * 3600, 22 * 3600) *
                     TW_TICKS_PER_SECOND;
  }
  (void)index;
}

/* Azure's 7-digit fractional timestamps. */
static void az_time(int64_t t, char out[40]) {
  char iso[32];
  tw_sim_iso(t, iso);
  snprintf(out, 40, "%.19s.%07lldZ", iso,
           (long long)(t % TW_TICKS_PER_SECOND));
}

static void upper_into(tw_buf *b, const char *s) {
  for (; *s; s++) {
    char c = *s;
    tw_buf_addc(b, c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
  }
}

typedef struct az_op {
  const tw_sim_az_principal *p;
  int64_t t;
  const char *op;         /* ARM operation, mixed case */
  const char *category;   /* NULL = Administrative */
  char scope[256];        /* /subscriptions/.../resourceGroups/... */
  const char *request;    /* JSON body text or NULL */
  const char *done;       /* Success, Accept, Failure; NULL = no Start */
  const char *done_sig;   /* resultSignature of the completion */
  const char *status;     /* properties.statusCode of the completion */
  const char *response;   /* JSON body text or NULL */
  const char *status_msg; /* properties.statusMessage (JSON text) or NULL */
  const char *extra;      /* raw JSON members added to properties */
  char correlation[37];   /* filled */
} az_op;

static void record(tw_sim *s, tw_sim_sub *z, const az_op *o, int start,
                   int64_t t, FILE *f) {
  tw_buf *b = &s->rec;
  char when[40], rid[33], rdef[33], pid[33], srid[37];
  tw_buf_clear(b);
  az_time(t, when);
  tw_rng_chars(&s->rng, rid, 32, HEX32);
  tw_rng_chars(&s->rng, rdef, 32, HEX32);
  snprintf(pid, sizeof pid, "%.8s%.4s%.4s%.4s%.12s", o->p->object_id,
           o->p->object_id + 9, o->p->object_id + 14, o->p->object_id + 19,
           o->p->object_id + 24);
  tw_rng_guid(&s->rng, srid);
  const char *cat = o->category ? o->category : "Administrative";
  tw_buf_printf(b, "{\"time\":\"%s\",\"resourceId\":\"", when);
  upper_into(b, o->scope);
  tw_buf_adds(b, "\",\"operationName\":\"");
  upper_into(b, o->op);
  const char *rt = start ? "Start" : o->done;
  const char *sig = start ? "Started." : o->done_sig;
  tw_buf_printf(b, "\",\"category\":\"%s\",\"resultType\":\"%s\","
                   "\"resultSignature\":\"%s\",\"durationMs\":\"%d\","
                   "\"callerIpAddress\":\"%s\",\"correlationId\":\"%s\","
                   "\"identity\":{\"authorization\":{\"scope\":",
                cat, rt, sig, start ? 0 : (int)tw_rng_range(&s->rng, 90, 4000),
                o->p->ip, o->correlation);
  tw_sim_jstr(b, o->scope);
  tw_buf_adds(b, ",\"action\":");
  tw_sim_jstr(b, o->op);
  tw_buf_printf(b, ",\"evidence\":{\"role\":\"%s\",\"roleAssignmentScope\":"
                   "\"/subscriptions/%s\",\"roleAssignmentId\":\"%s\","
                   "\"roleDefinitionId\":\"%s\",\"principalId\":\"%s\","
                   "\"principalType\":\"%s\"}},\"claims\":{\"aud\":"
                   "\"https://management.core.windows.net/\",\"iss\":"
                   "\"https://sts.windows.net/%s/\",\"iat\":\"%lld\","
                   "\"nbf\":\"%lld\",\"exp\":\"%lld\"",
                o->p->role, z->id, rid, rdef, pid,
                o->p->upn ? "User" : "ServicePrincipal", z->tenant,
                (long long)(t / TW_TICKS_PER_SECOND - 600),
                (long long)(t / TW_TICKS_PER_SECOND - 600),
                (long long)(t / TW_TICKS_PER_SECOND + 4200));
  if (o->p->upn) {
    tw_buf_printf(b, ",\"http://schemas.microsoft.com/claims/"
                     "authnmethodsreferences\":\"pwd,mfa\",\"appid\":"
                     "\"c44b4083-3bb0-49c1-b47d-974e53cbdf3c\",\"appidacr\":"
                     "\"2\",\"http://schemas.xmlsoap.org/ws/2005/05/identity/"
                     "claims/givenname\":\"%.*s\",\"ipaddr\":\"%s\",\"name\":"
                     "\"%s\",\"http://schemas.microsoft.com/identity/claims/"
                     "objectidentifier\":\"%s\",\"http://schemas.xmlsoap.org/"
                     "ws/2005/05/identity/claims/upn\":\"%s\","
                     "\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
                     "name\":\"%s\",\"ver\":\"1.0\"}}",
                  (int)strcspn(o->p->display, " "), o->p->display, o->p->ip,
                  o->p->display, o->p->object_id, o->p->upn, o->p->upn);
  } else {
    tw_buf_printf(b, ",\"appid\":\"%s\",\"appidacr\":\"2\",\"idtyp\":\"app\","
                     "\"http://schemas.microsoft.com/identity/claims/"
                     "objectidentifier\":\"%s\",\"ver\":\"1.0\"}}",
                  o->p->app_id, o->p->object_id);
  }
  const char *status = start ? "" : o->status;
  tw_buf_printf(b, ",\"level\":\"%s\",\"location\":\"global\","
                   "\"properties\":{",
                !start && strcmp(o->done, "Failure") == 0 ? "Error"
                                                          : "Information");
  if (status[0]) {
    tw_buf_printf(b, "\"statusCode\":\"%s\",", status);
  }
  if (!start && o->status_msg) {
    tw_buf_adds(b, "\"statusMessage\":");
    tw_sim_jstr(b, o->status_msg);
    tw_buf_adds(b, ",");
  }
  tw_buf_printf(b, "\"serviceRequestId\":%s%s%s,\"eventCategory\":\"%s\","
                   "\"entity\":",
                start ? "" : "\"", start ? "null" : srid, start ? "" : "\"",
                cat);
  tw_sim_jstr(b, o->scope);
  tw_buf_adds(b, ",\"message\":");
  tw_sim_jstr(b, o->op);
  tw_buf_printf(b, ",\"hierarchy\":\"%s/%s\"", z->tenant, z->id);
  if (o->extra) {
    tw_buf_printf(b, ",%s", o->extra);
  }
  if (start && o->request) {
    tw_buf_adds(b, ",\"requestbody\":");
    tw_sim_jstr(b, o->request);
  }
  if (!start && o->response) {
    tw_buf_adds(b, ",\"responseBody\":");
    tw_sim_jstr(b, o->response);
  }
  tw_buf_printf(b, "},\"tenantId\":\"%s\"}\n", z->tenant);
  if (fwrite(b->data, 1, b->len, f) != b->len) {
    tw_sim_fail(s, "cannot write", "PT1H.json");
    return;
  }
  s->sum->azure_records++;
  s->sum->bytes += b->len;
}

/* Write the operation's Start (when it has a completion) and completion. */
static void op_write(tw_sim *s, tw_sim_sub *z, az_op *o, FILE *f) {
  tw_rng_guid(&s->rng, o->correlation);
  int64_t t = o->t + tw_rng_range(&s->rng, 0, TW_TICKS_PER_SECOND - 1);
  record(s, z, o, 1, t, f);
  int64_t d = tw_rng_range(&s->rng, 800, 9000) * TW_TICKS_PER_MS +
              tw_rng_range(&s->rng, 0, TW_TICKS_PER_MS - 1);
  record(s, z, o, 0, t + d, f);
}

static void rg_scope(az_op *o, const tw_sim_sub *z, const char *rg,
                     const char *rest) {
  snprintf(o->scope, sizeof o->scope, "/subscriptions/%s/resourceGroups/%s%s",
           z->id, rg, rest ? rest : "");
}

static void background(tw_sim *s, tw_sim_sub *z, int64_t t, FILE *f) {
  az_op o;
  memset(&o, 0, sizeof o);
  o.t = t;
  static const char *const vm_regions[] = {"westeurope", "northeurope",
                                           "eastus2", "uksouth"};
  static const char *const rgs[] = {"rg-web-prod", "rg-data-prod",
                                    "rg-shared-services", "rg-ci-runners"};
  const char *rg = TW_RNG_PICK(&s->rng, rgs);
  char name[128], body[768], resp[1024];
  uint64_t k = tw_rng_below(&s->rng, 100);
  if (k < 25) {
    const char *loc = TW_RNG_PICK(&s->rng, vm_regions);
    snprintf(name, sizeof name, "/providers/Microsoft.Compute/virtualMachines/"
                                "vm-app-%02d",
             (int)tw_rng_range(&s->rng, 1, 40));
    rg_scope(&o, z, rg, name);
    o.p = &z->p[TW_AZ_PIPELINE];
    o.op = "Microsoft.Compute/virtualMachines/write";
    snprintf(body, sizeof body,
             "{\"location\":\"%s\",\"properties\":{\"hardwareProfile\":"
             "{\"vmSize\":\"Standard_D2s_v5\"},\"storageProfile\":"
             "{\"imageReference\":{\"publisher\":\"Canonical\",\"offer\":"
             "\"0001-com-ubuntu-server-jammy\",\"sku\":\"22_04-lts-gen2\","
             "\"version\":\"latest\"}},\"osProfile\":{\"computerName\":"
             "\"%s\",\"adminUsername\":\"azureuser\"}}}",
             loc, name + strlen("/providers/Microsoft.Compute/virtualMachines/"));
    snprintf(resp, sizeof resp,
             "{\"name\":\"%s\",\"id\":\"%s\",\"type\":\"Microsoft.Compute/"
             "virtualMachines\",\"location\":\"%s\",\"properties\":"
             "{\"hardwareProfile\":{\"vmSize\":\"Standard_D2s_v5\"},"
             "\"provisioningState\":\"Creating\"}}",
             name + strlen("/providers/Microsoft.Compute/virtualMachines/"),
             o.scope, loc);
    o.request = body;
    o.response = resp;
    o.done = "Accept";
    o.done_sig = "Accepted.Created";
    o.status = "Created";
  } else if (k < 45) {
    snprintf(name, sizeof name, "/providers/Microsoft.Storage/storageAccounts/"
                                "stcontoso%02d",
             (int)tw_rng_range(&s->rng, 1, 20));
    rg_scope(&o, z, rg, name);
    o.p = &z->p[TW_AZ_OPS];
    o.op = "Microsoft.Storage/storageAccounts/listKeys/action";
    o.done = "Success";
    o.done_sig = "Succeeded.OK";
    o.status = "OK";
  } else if (k < 57) {
    snprintf(name, sizeof name, "/providers/Microsoft.Resources/deployments/"
                                "pipeline-%llu",
             (unsigned long long)tw_rng_range(&s->rng, 1000, 9999));
    rg_scope(&o, z, rg, name);
    o.p = &z->p[TW_AZ_PIPELINE];
    o.op = "Microsoft.Resources/deployments/write";
    o.request = "{\"properties\":{\"mode\":\"Incremental\",\"template\":"
                "{\"$schema\":\"https://schema.management.azure.com/schemas/"
                "2019-04-01/deploymentTemplate.json#\",\"contentVersion\":"
                "\"1.0.0.0\",\"resources\":[]}}}";
    o.done = "Accept";
    o.done_sig = "Accepted.Created";
    o.status = "Created";
  } else if (k < 69) {
    rg_scope(&o, z, rg, "/providers/Microsoft.Network/networkSecurityGroups/"
                        "nsg-web/securityRules/allow-https");
    o.p = &z->p[TW_AZ_ALICE];
    o.op = "Microsoft.Network/networkSecurityGroups/securityRules/write";
    o.request = "{\"properties\":{\"protocol\":\"Tcp\",\"sourcePortRange\":"
                "\"*\",\"destinationPortRange\":\"443\",\"sourceAddressPrefix\":"
                "\"Internet\",\"destinationAddressPrefix\":\"*\",\"access\":"
                "\"Allow\",\"priority\":110,\"direction\":\"Inbound\"}}";
    o.done = "Success";
    o.done_sig = "Succeeded.OK";
    o.status = "OK";
  } else if (k < 77) {
    snprintf(name, sizeof name, "/providers/Microsoft.Compute/virtualMachines/"
                                "vm-app-%02d/start/action",
             (int)tw_rng_range(&s->rng, 1, 40));
    rg_scope(&o, z, rg, name);
    *strrchr(o.scope, '/') = '\0';
    *strrchr(o.scope, '/') = '\0';
    o.p = &z->p[TW_AZ_OPS];
    o.op = "Microsoft.Compute/virtualMachines/start/action";
    o.done = "Accept";
    o.done_sig = "Accepted.OK";
    o.status = "Accepted";
  } else if (k < 85) {
    const char *loc = TW_RNG_PICK(&s->rng, ((const char *const[]){
        "westus2", "eastus", "westeurope"}));
    snprintf(name, sizeof name, "rg-feature-%llu",
             (unsigned long long)tw_rng_range(&s->rng, 100, 999));
    snprintf(o.scope, sizeof o.scope, "/subscriptions/%s/resourceGroups/%s",
             z->id, name);
    o.p = &z->p[TW_AZ_PIPELINE];
    o.op = "Microsoft.Resources/subscriptions/resourceGroups/write";
    snprintf(body, sizeof body, "{\"location\":\"%s\",\"tags\":{\"env\":"
                                "\"dev\",\"owner\":\"platform\"}}",
             loc);
    snprintf(resp, sizeof resp,
             "{\"id\":\"%s\",\"name\":\"%s\",\"type\":\"Microsoft.Resources/"
             "resourceGroups\",\"location\":\"%s\",\"tags\":{\"env\":\"dev\","
             "\"owner\":\"platform\"},\"properties\":{\"provisioningState\":"
             "\"Succeeded\"}}",
             o.scope, name, loc);
    o.request = body;
    o.response = resp;
    o.done = "Success";
    o.done_sig = "Succeeded.Created";
    o.status = "Created";
  } else {
    /* Policy evaluation: one record, region unescaped at top level. */
    rg_scope(&o, z, rg, "/providers/Microsoft.Storage/storageAccounts/"
                        "stcontoso01");
    o.p = &z->p[TW_AZ_PIPELINE];
    o.op = "Microsoft.Authorization/policies/audit/action";
    o.category = "Policy";
    o.done = "Success";
    o.done_sig = "Succeeded.";
    o.status = "";
    o.extra = "\"isComplianceCheck\":\"True\",\"resourceLocation\":"
              "\"westeurope\",\"policies\":\"[{\\\"policyDefinitionName\\\":"
              "\\\"secure-transfer-required\\\",\\\"policyDefinitionEffect\\\""
              ":\\\"Audit\\\"}]\"";
    tw_rng_guid(&s->rng, o.correlation);
    record(s, z, &o, 0, t, f);
    return;
  }
  op_write(s, z, &o, f);
}

static void decoy(tw_sim *s, tw_sim_sub *z, int k, int64_t t, FILE *f) {
  az_op o;
  memset(&o, 0, sizeof o);
  o.t = t;
  char resp[1024];
  if (k == 0) { /* denied by policy in an unapproved region */
    rg_scope(&o, z, "rg-data-prod", "/providers/Microsoft.Compute/"
                                    "virtualMachines/vm-gpu-01");
    o.p = &z->p[TW_AZ_ALICE];
    o.op = "Microsoft.Compute/virtualMachines/write";
    o.request = "{\"location\":\"brazilsouth\",\"properties\":"
                "{\"hardwareProfile\":{\"vmSize\":\"Standard_NC6s_v3\"}}}";
    o.done = "Failure";
    o.done_sig = "Failed.Forbidden";
    o.status = "Forbidden";
    o.status_msg = "{\"error\":{\"code\":\"RequestDisallowedByPolicy\","
                   "\"message\":\"Resource 'vm-gpu-01' was disallowed by "
                   "policy. Policy identifiers: "
                   "'[{\\\"policyAssignment\\\":{\\\"name\\\":\\\"Allowed "
                   "locations\\\"}}]'.\"}}";
    op_write(s, z, &o, f);
    tw_sim_manifest(s, o.correlation, "azure", "decoy: VM write in "
                    "brazilsouth denied by policy", o.op, "brazilsouth", t,
                    0, 0, "the operation failed");
  } else if (k == 1) { /* display-name region, approved */
    snprintf(o.scope, sizeof o.scope,
             "/subscriptions/%s/resourceGroups/rg-analytics-weu", z->id);
    o.p = &z->p[TW_AZ_ALICE];
    o.op = "Microsoft.Resources/subscriptions/resourceGroups/write";
    o.request = "{\"location\":\"West Europe\",\"tags\":{}}";
    snprintf(resp, sizeof resp,
             "{\"id\":\"%s\",\"name\":\"rg-analytics-weu\",\"type\":"
             "\"Microsoft.Resources/resourceGroups\",\"location\":"
             "\"westeurope\",\"properties\":{\"provisioningState\":"
             "\"Succeeded\"}}",
             o.scope);
    o.response = resp;
    o.done = "Success";
    o.done_sig = "Succeeded.Created";
    o.status = "Created";
    op_write(s, z, &o, f);
    tw_sim_manifest(s, o.correlation, "azure", "decoy: resource group in "
                    "'West Europe' (display name)", o.op, "westeurope", t, 0,
                    0, "westeurope is approved");
  } else { /* long-running create in an approved region ends Accepted */
    rg_scope(&o, z, "rg-data-prod", "/providers/Microsoft.Storage/"
                                    "storageAccounts/stdatalakeprod");
    o.p = &z->p[TW_AZ_PIPELINE];
    o.op = "Microsoft.Storage/storageAccounts/write";
    o.request = "{\"sku\":{\"name\":\"Standard_ZRS\"},\"kind\":\"StorageV2\","
                "\"location\":\"northeurope\",\"properties\":"
                "{\"isHnsEnabled\":true,\"minimumTlsVersion\":\"TLS1_2\"}}";
    snprintf(resp, sizeof resp,
             "{\"sku\":{\"name\":\"Standard_ZRS\",\"tier\":\"Standard\"},"
             "\"kind\":\"StorageV2\",\"id\":\"%s\",\"name\":\"stdatalakeprod\","
             "\"type\":\"Microsoft.Storage/storageAccounts\",\"location\":"
             "\"northeurope\",\"properties\":{\"provisioningState\":"
             "\"Creating\"}}",
             o.scope);
    o.response = resp;
    o.done = "Accept";
    o.done_sig = "Accepted.Created";
    o.status = "Accepted";
    op_write(s, z, &o, f);
    tw_sim_manifest(s, o.correlation, "azure", "decoy: storage account in "
                    "northeurope (Accepted)", o.op, "northeurope", t, 0, 0,
                    "northeurope is approved");
  }
}

/* The seed's atomic test 4. */
static void attack(tw_sim *s, tw_sim_sub *z, int64_t t, FILE *f) {
  az_op o;
  memset(&o, 0, sizeof o);
  o.t = t;
  char resp[1024];
  snprintf(o.scope, sizeof o.scope,
           "/subscriptions/%s/resourceGroups/rg-jpe-sync", z->id);
  o.p = &z->p[TW_AZ_ATTACKER];
  o.op = "Microsoft.Resources/subscriptions/resourceGroups/write";
  o.request = "{\"location\":\"japaneast\",\"tags\":{}}";
  snprintf(resp, sizeof resp,
           "{\"id\":\"%s\",\"name\":\"rg-jpe-sync\",\"type\":"
           "\"Microsoft.Resources/resourceGroups\",\"location\":\"japaneast\","
           "\"tags\":{},\"properties\":{\"provisioningState\":\"Succeeded\"}}",
           o.scope);
  o.response = resp;
  o.done = "Success";
  o.done_sig = "Succeeded.Created";
  o.status = "Created";
  op_write(s, z, &o, f);
  tw_sim_manifest(s, o.correlation, "azure", "atomic test 4: Azure resource "
                  "group in unused region japaneast", o.op, "japaneast", t,
                  1, 0, "resource group created in an unapproved region");
}

void tw_sim_azure_hour(tw_sim *s, tw_sim_sub *z, int index, int64_t t0) {
  int64_t t1 = t0 + TW_TICKS_PER_HOUR;
  int64_t y;
  int mo, d;
  tw_civil_from_days(t0 / TW_TICKS_PER_DAY, &y, &mo, &d);
  int h = (int)(t0 % TW_TICKS_PER_DAY / TW_TICKS_PER_HOUR);
  tw_buf_clear(&s->path);
  tw_buf_printf(&s->path, "%s/insights-activity-logs/resourceId=/"
                          "SUBSCRIPTIONS/",
                s->o.out_dir);
  upper_into(&s->path, z->id);
  tw_buf_printf(&s->path, "/y=%04lld/m=%02d/d=%02d/h=%02d/m=00/PT1H.json",
                (long long)y, mo, d, h);
  if (tw_sim_mkdirs(s, s->path.data) != 0) {
    return;
  }
  FILE *f = fopen(s->path.data, "wb");
  if (!f) {
    tw_sim_fail(s, "cannot create", s->path.data);
    return;
  }
  s->sum->files++;
  int64_t day = t0 - (t0 - s->o.start) % TW_TICKS_PER_DAY;
  for (int k = 0; k < TW_SIM_AZ_NDECOYS; k++) {
    int64_t t = day + z->decoy_at[k];
    if (t >= t0 && t < t1) {
      decoy(s, z, k, t, f);
    }
  }
  int64_t at = s->attack_at + 1167 * TW_TICKS_PER_SECOND;
  if (index == 0 && at >= t0 && at < t1) {
    attack(s, z, at, f);
  }
  if (s->az_budget) {
    uint64_t start = s->sum->bytes;
    while (!s->failed && s->sum->bytes - start < s->az_budget) {
      background(s, z, t0 + tw_rng_range(&s->rng, 0, 3600 * 1000 - 1) *
                                TW_TICKS_PER_MS, f);
    }
  } else {
    int64_t n = tw_rng_range(&s->rng, 3, 6);
    for (int64_t i = 0; i < n && !s->failed; i++) {
      background(s, z, t0 + tw_rng_range(&s->rng, 0, 3600 * 1000 - 1) *
                                TW_TICKS_PER_MS + tw_rng_range(&s->rng, 0, 9999), f);
    }
  }
  if (fclose(f) != 0 && !s->failed) {
    tw_sim_fail(s, "cannot write", s->path.data);
  }
}
