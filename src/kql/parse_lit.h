/*
 * kql/parse_lit.h - literal values for the parser (kql/parse_lit.c):
 * scalar literal tokens and dynamic(...) literals to tw_value. Private to
 * the parser.
 */
#ifndef TW_KQL_PARSE_LIT_H
#define TW_KQL_PARSE_LIT_H

#include "kql/parse_int.h"

/* true/True/TRUE/false/False/FALSE */
bool tw_lit_is_bool_word(const char *s, size_t n);
/* Negate a number or timespan literal in place; false if n is not one. */
bool tw_lit_negate(tw_ast *n);

#endif
