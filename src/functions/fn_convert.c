/*
 * functions/fn_convert.c - conversion kernels: tostring, toint, tolong,
 * toreal/todouble, tobool, todatetime, totimespan, toguid, todecimal,
 * parse_json/todynamic, gettype, typeof, new_guid (kql-semantics 2.3, 5.4).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "functions/convert.h"
#include "functions/kernels.h"
#include "value/json.h"

#define CONV1(name, fn)                                                 \
  TW_KERNEL(name) {                                                     \
    (void)ctx;                                                          \
    (void)call;                                                         \
    if (nargs < 1) {                                                    \
      return tw_k_oom(ctx, call);                                       \
    }                                                                   \
    return fn(&args[0], out);                                           \
  }

CONV1(toint, tw_conv_toint)
CONV1(tolong, tw_conv_tolong)
CONV1(toreal, tw_conv_toreal)
CONV1(tobool, tw_conv_tobool)
CONV1(todatetime, tw_conv_todatetime)
CONV1(totimespan, tw_conv_totimespan)

TW_KERNEL(todecimal) {
  (void)ctx;
  (void)call;
  (void)nargs;
  tw_conv_toreal(&args[0], out);
  out->type = TW_T_DECIMAL;
  return 0;
}

TW_KERNEL(tostring) {
  (void)nargs;
  if (tw_conv_tostring(ctx->arena, &args[0], out) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

TW_KERNEL(toguid) {
  (void)nargs;
  if (tw_conv_toguid(ctx->arena, &args[0], out) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

TW_KERNEL(parse_json) {
  (void)nargs;
  if (tw_conv_todynamic(ctx->arena, &args[0], out) < 0) {
    return tw_k_oom(ctx, call);
  }
  return 0;
}

static const char *dyn_kind_name(const tw_dyn *d) {
  if (tw_dyn_is_null(d)) {
    return "null";
  }
  switch (d->kind) {
  case TRAWL_DYN_BOOL: return "bool";
  case TRAWL_DYN_LONG: return "long";
  case TRAWL_DYN_REAL: return "real";
  case TRAWL_DYN_STRING: return "string";
  case TRAWL_DYN_DATETIME: return "datetime";
  case TRAWL_DYN_TIMESPAN: return "timespan";
  case TRAWL_DYN_GUID: return "guid";
  case TRAWL_DYN_ARRAY: return "array";
  case TRAWL_DYN_OBJECT: return "dictionary";
  default: return "null";
  }
}

static const char *type_name(int t) {
  switch (t) {
  case TW_T_BOOL: return "bool";
  case TW_T_INT: return "int";
  case TW_T_LONG: return "long";
  case TW_T_REAL: return "real";
  case TW_T_DECIMAL: return "decimal";
  case TW_T_STRING: return "string";
  case TW_T_DATETIME: return "datetime";
  case TW_T_TIMESPAN: return "timespan";
  case TW_T_GUID: return "guid";
  case TW_T_DYNAMIC: return "dynamic";
  default: return "";
  }
}

TW_KERNEL(gettype) {
  (void)ctx;
  (void)call;
  (void)nargs;
  const tw_value *v = &args[0];
  const char *nm = v->type == TW_T_DYNAMIC
                       ? dyn_kind_name(v->null ? NULL : v->u.d)
                       : type_name(v->type);
  *out = tw_str(nm, strlen(nm));
  return 0;
}

TW_KERNEL(typeof) {
  (void)ctx;
  (void)args;
  (void)nargs;
  const char *nm = "";
  if (call && call->nkids >= 1) {
    const tw_ast *k = call->kids[0];
    if (k->kind == AST_NAME && k->bind == TW_BIND_NONE && k->name) {
      nm = k->name;
    } else {
      nm = type_name(k->type);
    }
  }
  *out = tw_str(nm, strlen(nm));
  return 0;
}

/* new_guid(): a random version-4 guid (not cryptographic). */
static uint64_t rng_state;

static uint64_t rng_next(void) {
  if (!rng_state) {
    rng_state = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL ^
                (uint64_t)(uintptr_t)&rng_state;
    if (!rng_state) {
      rng_state = 1;
    }
  }
  uint64_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

TW_KERNEL(new_guid) {
  (void)args;
  (void)nargs;
  uint64_t a = rng_next(), b = rng_next();
  char g[40];
  snprintf(g, sizeof g, "%08x-%04x-4%03x-%04x-%012llx",
           (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
           (unsigned)(a & 0xfff), (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
           (unsigned long long)(b & 0xffffffffffffULL));
  char *c = tw_arena_strndup(ctx->arena, g, 36);
  if (!c) {
    return tw_k_oom(ctx, call);
  }
  tw_value v = {0};
  v.type = TW_T_GUID;
  v.u.s = c;
  v.len = 36;
  *out = v;
  return 0;
}
