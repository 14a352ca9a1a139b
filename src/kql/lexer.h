/*
 * kql/lexer.h - the KQL tokenizer (hand-written, never allocates).
 *
 * Turns query text into tokens that carry only a kind and a byte span;
 * the parser reads their text from the source. Covers every literal form of
 * kql-semantics.md section 1: strings in all quoting styles (adjacent string
 * literals become ONE token spanning all of them, decode it with
 * tw_lex_string_decode), numbers, timespans with unit suffixes, typed
 * literals `datetime(...)` etc. as one token whose parenthesised content is
 * raw text, bare GUIDs, `//` comments, the `!`-operators (`!in~` and
 * `!contains_cs` are one TK_BANG_IDENT token), `in~`, hyphenated operator
 * keywords (`project-away`, `mv-expand`, ...) and quoted identifiers.
 */
#ifndef TW_KQL_LEXER_H
#define TW_KQL_LEXER_H

#include <stddef.h>
#include <stdint.h>

typedef enum tw_tok_kind {
  TK_EOF = 0,
  TK_ERROR,      /* lexical error; tw_lexer.err says what */
  TK_IDENT,      /* identifier or keyword, incl. `in~`, `project-away` */
  TK_QIDENT,     /* ['name'] or ["name"] */
  TK_BANG_IDENT, /* `!` + word: !in !in~ !has !contains_cs !between ... */
  TK_STRING,     /* one or more adjacent string literals */
  TK_LONG,       /* 12, 0x1F */
  TK_REAL,       /* 1.5, 1., 1e5 */
  TK_TIMESPAN,   /* 1d, 1.5h, 100ms, 3tick */
  TK_GUID,       /* bare 8-4-4-4-12 hex GUID */
  TK_TYPED,      /* typename(raw text): datetime date timespan time guid,
                    and bool int long real double decimal when the content
                    is a literal (number, null, nan, inf, true, false) */
  TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_LBRACE, TK_RBRACE,
  TK_COMMA, TK_SEMI, TK_COLON, TK_DOT, TK_DOTDOT, TK_PIPE,
  TK_ASSIGN,     /* = */
  TK_EQ,         /* == */
  TK_NE,         /* != */
  TK_LTGT,       /* <> */
  TK_EQ_CI,      /* =~ */
  TK_NE_CI,      /* !~ */
  TK_LT, TK_LE, TK_GT, TK_GE,
  TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT,
  TK_ARROW,      /* => */
  TK_QUESTION,   /* ? */
  TK_KIND_COUNT
} tw_tok_kind;

typedef struct tw_token {
  uint16_t kind;   /* tw_tok_kind */
  uint32_t off;    /* byte offset in the source */
  uint32_t len;    /* byte length */
} tw_token;

typedef struct tw_lexer {
  const char *src;
  size_t len;
  size_t pos;
  const char *err;  /* message of the last TK_ERROR (static text) */
} tw_lexer;

void tw_lex_init(tw_lexer *lx, const char *src, size_t len);
/* The next token. At the end: TK_EOF (repeatedly). On a lexical error:
 * TK_ERROR spanning the bad text, with lx->err set; lexing may go on after
 * it. */
tw_token tw_lex_next(tw_lexer *lx);

/*
 * Decode a TK_STRING token's text (src, len = the token span, which may
 * hold several adjacent literals with whitespace and comments between) into
 * `out`, which must hold `len` bytes: decoded text is never longer than
 * its source. Returns the decoded length.
 */
size_t tw_lex_string_decode(const char *src, size_t len, char *out);

/* 1 if `c` may continue an identifier. */
int tw_lex_is_ident_char(unsigned char c);
/* 1 if (s, n) is a timespan unit suffix (d, hours, ms, tick, ...). */
int tw_lex_is_timespan_unit(const char *s, size_t n);
/* A short printable name of a token kind ("identifier", "')'"...). */
const char *tw_tok_kind_name(int kind);

#endif
