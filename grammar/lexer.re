// SPDX-License-Identifier: MIT
/*
 * lexer.re — the Sw (Go 1.19) scanner, compiled by re2c into build/lexer.c.
 *
 * re2c recognises the shape of each token; number, string, rune and comment
 * bodies are checked by small C loops so that every malformed literal gets
 * Go's wording.  On top of the raw scanner, lex_token() does two things the
 * grammar cannot: Go's automatic semicolon insertion (a newline, a block
 * comment holding a newline, or EOF after an identifier, literal, one of
 * break continue fallthrough return, ++ --, ) ] } yields ';'), and the
 * "loophack": the first `{` at bracket depth 0 after if/for/switch/select is
 * returned as LBODY so that `if x == T{} {` is not read as a composite
 * literal (see RESEARCH.md §4 and the lbrace rules of parser.y).
 *
 * Errors go through diag_error with the wording and position of Go's
 * scanner, and scanning continues after them.  Once the parser has
 * reported a syntax error it gets only EOF (Lexer.stop) and lex_drain scans
 * the rest of the file for lexical errors.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "parser.h"

/*!include:re2c "unicode_categories.re" */

typedef const unsigned char *Ptr;

static Pos lex_pos(Lexer *lx, const char *p)
{
    Pos pos = { lx->file, lx->line, (int)(p - lx->line_start) + 1 };
    return pos;
}

/* Decodes one UTF-8 sequence at p (before lim).  Returns its length and
 * stores the code point, or returns 0 for an invalid encoding. */
static int utf8_decode(const char *p, const char *lim, unsigned *out)
{
    const unsigned char *s = (const unsigned char *)p;
    long avail = lim - p;
    unsigned c = s[0], cp, min;
    int n;
    if (c < 0x80) {
        *out = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (avail < n)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *out = cp;
    return n;
}

/* Skips one character of a string, rune or comment body at p; reports an
 * invalid UTF-8 encoding.  Returns the next position. */
static const char *lex_char(Lexer *lx, const char *p)
{
    unsigned cp;
    int n = utf8_decode(p, lx->lim, &cp);
    if (n == 0) {
        diag_error(lex_pos(lx, p), "invalid UTF-8 encoding");
        return p + 1;
    }
    return p + n;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

/* A character as Go's %q prints a rune: 'c', '\n', '\x00'... */
static const char *quote_char(char *buf, size_t size, int c)
{
    switch (c) {
    case '\n': return "'\\n'";
    case '\t': return "'\\t'";
    case '\r': return "'\\r'";
    case '\'': return "'\\''";
    case '\\': return "'\\\\'";
    default:
        if (c >= 0x20 && c < 0x7F)
            snprintf(buf, size, "'%c'", c);
        else
            snprintf(buf, size, "'\\x%02x'", c & 0xFF);
        return buf;
    }
}

/* escape = `\` ( a b f n r t v \ quote | ooo | xhh | uhhhh | Uhhhhhhhh )
 * p points after the backslash; returns the position after the escape.
 * The messages are those of Go's scanner; an escape cut by the end of the
 * file is left to the caller's "not terminated". */
static const char *lex_escape(Lexer *lx, const char *p, char quote)
{
    int n, base;
    unsigned max;
    switch (p < lx->lim ? *p : 0) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v':
    case '\\':
        return p + 1;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3; base = 8; max = 255;
        break;
    case 'x': p++; n = 2; base = 16; max = 255; break;
    case 'u': p++; n = 4; base = 16; max = 0x10FFFF; break;
    case 'U': p++; n = 8; base = 16; max = 0x10FFFF; break;
    default:
        if (p >= lx->lim)
            return p;
        if (*p == quote)
            return p + 1;
        diag_error(lex_pos(lx, p), "unknown escape");
        return *p != '\n' ? lex_char(lx, p) : p;
    }
    unsigned long v = 0;
    for (int i = 0; i < n; i++, p++) {
        if (p >= lx->lim)
            return p;
        int d = hexval(*p);
        if (d >= base) {
            char buf[16];
            diag_error(lex_pos(lx, p), "invalid character %s in %s escape",
                       quote_char(buf, sizeof buf, (unsigned char)*p), base == 8 ? "octal" : "hexadecimal");
            return p;
        }
        v = v * base + d;
    }
    if (base == 8 && v > max)
        diag_error(lex_pos(lx, p), "octal escape value %lu > 255", v);
    else if (v > max || (v >= 0xD800 && v <= 0xDFFF))
        diag_error(lex_pos(lx, p), "escape is invalid Unicode code point U+%04lX", v);
    return p;
}

/* "..." : tok is at the opening quote; returns the end of the literal. */
static const char *lex_string(Lexer *lx, const char *tok)
{
    const char *p = tok + 1;
    for (;;) {
        if (p >= lx->lim) {
            diag_error(lex_pos(lx, tok), "string not terminated");
            return p;
        }
        if (*p == '\n') {
            diag_error(lex_pos(lx, p), "newline in string");
            return p;
        }
        if (*p == '"')
            return p + 1;
        if (*p == '\\')
            p = lex_escape(lx, p + 1, '"');
        else
            p = lex_char(lx, p);
    }
}

/* `...` : may span lines; returns the end of the literal. */
static const char *lex_raw_string(Lexer *lx, const char *tok, bool *has_cr)
{
    const char *p = tok + 1;
    Pos pos = lex_pos(lx, tok);
    while (p < lx->lim && *p != '`') {
        if (*p == '\r')
            *has_cr = true;
        if (*p == '\n') {
            lx->line++;
            lx->line_start = p + 1;
        }
        p = lex_char(lx, p);
    }
    if (p >= lx->lim) {
        diag_error(pos, "string not terminated");
        return p;
    }
    return p + 1;
}

/* '...' : exactly one character or escape. */
static const char *lex_rune(Lexer *lx, const char *tok)
{
    const char *p = tok + 1;
    int n = 0, errs = diag_count();
    for (;;) {
        if (p >= lx->lim) {
            if (diag_count() == errs)
                diag_error(lex_pos(lx, tok), "rune literal not terminated");
            return p;
        }
        if (*p == '\n') {
            if (diag_count() == errs)
                diag_error(lex_pos(lx, p), "newline in rune literal");
            return p;
        }
        if (*p == '\'') {
            if (n == 0)
                diag_error(lex_pos(lx, p), "empty rune literal or unescaped '");
            else if (n > 1 && diag_count() == errs)
                diag_error(lex_pos(lx, tok), "more than one character in rune literal");
            return p + 1;
        }
        if (*p == '\\')
            p = lex_escape(lx, p + 1, '\'');
        else
            p = lex_char(lx, p);
        n++;
    }
}

/* Block comment starting at tok; sets *nl when it holds a newline. */
static const char *lex_block_comment(Lexer *lx, const char *tok, bool *nl)
{
    const char *p = tok + 2;
    Pos pos = lex_pos(lx, tok);
    while (p < lx->lim) {
        if (p[0] == '*' && p + 1 < lx->lim && p[1] == '/')
            return p + 2;
        if (*p == '\n') {
            *nl = true;
            lx->line++;
            lx->line_start = p + 1;
            p++;
        } else {
            p = lex_char(lx, p);
        }
    }
    diag_error(pos, "comment not terminated");
    return p;
}

/* Line comment starting at tok ("//"); stops before the newline.  Records a
 * `//sw:extern NAME` directive for the next `func` token. */
static const char *lex_line_comment(Lexer *lx, const char *tok)
{
    const char *p = tok + 2;
    while (p < lx->lim && *p != '\n')
        p = lex_char(lx, p);
    static const char dir[] = "//sw:extern";
    size_t n = sizeof dir - 1;
    if ((size_t)(p - tok) > n && memcmp(tok, dir, n) == 0 && (tok[n] == ' ' || tok[n] == '\t')) {
        const char *s = tok + n, *e = p;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (s == e)
            diag_error(lex_pos(lx, tok), "//sw:extern needs a C symbol name");
        else
            lx->extern_name = arena_strndup(s, (size_t)(e - s));
    }
    return p;
}

static bool is_dec(int c) { return c >= '0' && c <= '9'; }

/* Scans digits of `base` (and '_') from p; records the first digit not valid
 * in base (for base <= 10) in *bad.  Sets *any when a digit was seen. */
static const char *lex_digits(const char *p, const char *lim, int base, const char **bad, bool *any)
{
    for (; p < lim; p++) {
        int c = *p;
        if (c == '_')
            continue;
        if (base == 16 ? hexval(c) < 16 : is_dec(c)) {
            if (base < 10 && c - '0' >= base && !*bad)
                *bad = p;
            *any = true;
            continue;
        }
        break;
    }
    return p;
}

/* Index of a misplaced '_' in the literal s[0..n), or -1. */
static long lex_bad_separator(const char *s, size_t n)
{
    size_t i = 0;
    char d = '.';        /* class of the previous char: '0' digit, '_', '.' other */
    bool hex = false;
    if (n >= 2 && s[0] == '0' && strchr("xXoObB", s[1])) {
        hex = s[1] == 'x' || s[1] == 'X';
        d = '0';
        i = 2;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            if (d != '0')
                return (long)i;
            d = '_';
        } else if (is_dec(c) || (hex && hexval(c) < 16)) {
            d = '0';
        } else {
            if (d == '_')
                return (long)i - 1;
            d = '.';
        }
    }
    return d == '_' ? (long)n - 1 : -1;
}

static const char *base_name(int base)
{
    switch (base) {
    case 2: return "binary";
    case 8: return "octal";
    case 16: return "hexadecimal";
    default: return "decimal";
    }
}

/* number = int_lit | float_lit | imaginary_lit; tok is at its first char.
 * Sets *kind to INT, FLOAT or IMAG and returns the end. */
static const char *lex_number(Lexer *lx, const char *tok, int *kind)
{
    const char *p = tok, *lim = lx->lim, *bad = NULL;
    int base = 10;
    char prefix = 0;       /* 'x' 'o' 'b', or '0' for a legacy octal */
    bool digits = false, isfloat = false;

    if (*p != '.') {
        if (*p == '0') {
            p++;
            if (p < lim && (*p == 'x' || *p == 'X')) { base = 16; prefix = 'x'; p++; }
            else if (p < lim && (*p == 'o' || *p == 'O')) { base = 8; prefix = 'o'; p++; }
            else if (p < lim && (*p == 'b' || *p == 'B')) { base = 2; prefix = 'b'; p++; }
            else { base = 8; prefix = '0'; digits = true; }
        }
        p = lex_digits(p, lim, base == 16 ? 16 : 10, &bad, &digits);
        if (base != 16 && base != 10 && prefix != '0' && !bad) {
            /* 0o / 0b: lex_digits used base 10; find a digit too large */
            for (const char *q = tok + 2; q < p; q++)
                if (*q != '_' && *q - '0' >= base) { bad = q; break; }
        } else if (prefix == '0') {
            for (const char *q = tok; q < p; q++)
                if (*q == '8' || *q == '9') { bad = q; break; }
        }
    }
    if (p < lim && *p == '.') {
        isfloat = true;
        if (prefix == 'o' || prefix == 'b')
            diag_error(lex_pos(lx, p), "invalid radix point in %s literal", base_name(base));
        p++;
        p = lex_digits(p, lim, base == 16 ? 16 : 10, &bad, &digits);
    }
    if (!digits && prefix != '0')
        diag_error(lex_pos(lx, p), "%s literal has no digits", base_name(base));
    if (p < lim && (*p == 'e' || *p == 'E' || *p == 'p' || *p == 'P')) {
        char e = (char)(*p | 0x20);
        if (e == 'e' && prefix && prefix != '0')
            diag_error(lex_pos(lx, p), "'%c' exponent requires decimal mantissa", *p);
        else if (e == 'p' && prefix != 'x')
            diag_error(lex_pos(lx, p), "'%c' exponent requires hexadecimal mantissa", *p);
        isfloat = true;
        p++;
        if (p < lim && (*p == '+' || *p == '-'))
            p++;
        bool expdigits = false;
        const char *ebad = NULL;
        p = lex_digits(p, lim, 10, &ebad, &expdigits);
        if (!expdigits)
            diag_error(lex_pos(lx, p), "exponent has no digits");
    } else if (prefix == 'x' && isfloat) {
        diag_error(lex_pos(lx, p), "hexadecimal mantissa requires a 'p' exponent");
    }
    *kind = isfloat ? FLOAT : INT;
    if (p < lim && *p == 'i') {
        *kind = IMAG;
        p++;
    }
    /* a legacy octal prefix is decimal in floats and imaginary literals */
    if (bad && (*kind == INT || prefix == 'o' || prefix == 'b'))
        diag_error(lex_pos(lx, bad), "invalid digit '%c' in %s literal", *bad, base_name(base));
    if (memchr(tok, '_', (size_t)(p - tok))) {
        long i = lex_bad_separator(tok, (size_t)(p - tok));
        if (i >= 0)
            diag_error(lex_pos(lx, tok + i), "'_' must separate successive digits");
    }
    return p;
}

/* Reports a character that starts no token and returns where to resume. */
static const char *lex_bad_char(Lexer *lx, const char *tok)
{
    unsigned cp;
    int n = utf8_decode(tok, lx->lim, &cp);
    if (n == 0) {
        diag_error(lex_pos(lx, tok), "invalid UTF-8 encoding");
        return tok + 1;
    }
    if (cp == 0xFEFF)
        diag_error(lex_pos(lx, tok), "invalid BOM in the middle of the file");
    else if (cp >= 0x20 && cp != 0x7F)
        diag_error(lex_pos(lx, tok), "invalid character U+%04X '%.*s'", cp, n, tok);
    else
        diag_error(lex_pos(lx, tok), "invalid character U+%04X", cp);
    return tok + n;
}

void lex_init(Lexer *lx, int file, const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->file = file;
    lx->src = src;
    lx->cur = src;
    lx->lim = src + len;
    lx->line = 1;
    lx->line_start = src;
    lx->diag_base = diag_count();
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        lx->cur += 3;   /* a leading BOM is ignored (the column still counts it) */
}

/* The scanner proper: one raw token, without semicolon insertion. */
static int lex_scan(Lexer *lx, YYSTYPE *val, Pos *loc, bool *nl)
{
    Ptr YYCURSOR, YYMARKER, YYLIMIT = (Ptr)lx->lim;
    const char *tok;
    *nl = false;
again:
    tok = lx->cur;
    YYCURSOR = (Ptr)tok;
    *loc = lex_pos(lx, tok);
    lx->tok = tok;
#define TEXT() arena_strndup(tok, (size_t)((const char *)YYCURSOR - tok))
#define RET(t) do { lx->cur = (const char *)YYCURSOR; return (t); } while (0)
#define OP(o) do { val->op = (o); RET(ASSIGNOP); } while (0)
    /*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;
    re2c:flags:utf-8 = 1;

    ident = (L | "_") (L | "_" | Nd)*;

    $           { lx->cur = lx->lim; return 0; }
    [ \t\r]+    { lx->cur = (const char *)YYCURSOR; goto again; }
    "\n"        { lx->cur = (const char *)YYCURSOR; lx->line++; lx->line_start = lx->cur;
                  *nl = true; return '\n'; }
    "//"        { lx->cur = lex_line_comment(lx, tok); goto again; }
    "/*"        { bool had = false;
                  lx->cur = lex_block_comment(lx, tok, &had);
                  if (had) { *nl = true; return '\n'; }
                  goto again; }

    "break"       { RET(BREAK); }
    "case"        { RET(CASE); }
    "chan"        { RET(CHAN); }
    "const"       { RET(CONST); }
    "continue"    { RET(CONTINUE); }
    "default"     { RET(DEFAULT); }
    "defer"       { RET(DEFER); }
    "else"        { RET(ELSE); }
    "fallthrough" { RET(FALLTHROUGH); }
    "for"         { RET(FOR); }
    "func"        { RET(FUNC); }
    "go"          { RET(GO); }
    "goto"        { RET(GOTO); }
    "if"          { RET(IF); }
    "import"      { RET(IMPORT); }
    "interface"   { RET(INTERFACE); }
    "map"         { RET(MAP); }
    "package"     { RET(PACKAGE); }
    "range"       { RET(RANGE); }
    "return"      { RET(RETURN); }
    "select"      { RET(SELECT); }
    "struct"      { RET(STRUCT); }
    "switch"      { RET(SWITCH); }
    "type"        { RET(TYPE); }
    "var"         { RET(VAR); }
    ident         { val->str = TEXT(); RET(IDENT); }

    [0-9] | "." [0-9] {
                  int kind;
                  lx->cur = lex_number(lx, tok, &kind);
                  val->str = arena_strndup(tok, (size_t)(lx->cur - tok));
                  return kind; }
    ["]         { lx->cur = lex_string(lx, tok);
                  val->str = arena_strndup(tok, (size_t)(lx->cur - tok));
                  return STRING; }
    [`]         { bool cr = false;
                  lx->cur = lex_raw_string(lx, tok, &cr);
                  size_t n = (size_t)(lx->cur - tok);
                  char *s = arena_strndup(tok, n);
                  if (cr) {   /* carriage returns are dropped from raw strings */
                      size_t j = 0;
                      for (size_t i = 0; i < n; i++)
                          if (s[i] != '\r') s[j++] = s[i];
                      s[j] = 0;
                  }
                  val->str = s;
                  return STRING; }
    [']         { lx->cur = lex_rune(lx, tok);
                  val->str = arena_strndup(tok, (size_t)(lx->cur - tok));
                  return CHAR; }

    "+="  { OP(OP_ADD); }
    "-="  { OP(OP_SUB); }
    "*="  { OP(OP_MUL); }
    "/="  { OP(OP_QUO); }
    "%="  { OP(OP_REM); }
    "&="  { OP(OP_AND); }
    "|="  { OP(OP_OR); }
    "^="  { OP(OP_XOR); }
    "<<=" { OP(OP_SHL); }
    ">>=" { OP(OP_SHR); }
    "&^=" { OP(OP_ANDNOT); }
    "&&"  { RET(ANDAND); }
    "||"  { RET(OROR); }
    "<-"  { RET(ARROW); }
    "++"  { RET(INC); }
    "--"  { RET(DEC); }
    "=="  { RET(EQ); }
    "!="  { RET(NE); }
    "<="  { RET(LE); }
    ">="  { RET(GE); }
    "<<"  { RET(SHL); }
    ">>"  { RET(SHR); }
    "&^"  { RET(ANDNOT); }
    ":="  { RET(DEFINE); }
    "..." { RET(ELLIPSIS); }
    [-+*/%&|^<>=!()[\]{},;.:~] { RET(*tok); }

    * { lx->cur = lex_bad_char(lx, tok); goto again; }
    */
#undef TEXT
#undef RET
#undef OP
}

/* Go-like description of a token for "syntax error: unexpected X". */
static void lex_describe(Lexer *lx, int t, const YYSTYPE *val, size_t len)
{
    switch (t) {
    case IDENT:
        snprintf(lx->desc, sizeof lx->desc, "%s", val->str);
        break;
    case INT: case FLOAT: case IMAG: case CHAR: case STRING:
        snprintf(lx->desc, sizeof lx->desc, "literal %.*s", (int)len, val->str);
        break;
    case ASSIGNOP:
        snprintf(lx->desc, sizeof lx->desc, "%s=", op_string(val->op));
        break;
    case ',':
        snprintf(lx->desc, sizeof lx->desc, "comma");
        break;
    case ';':
        snprintf(lx->desc, sizeof lx->desc, "semicolon");
        break;
    case 0:
        snprintf(lx->desc, sizeof lx->desc, "EOF");
        break;
    default:
        snprintf(lx->desc, sizeof lx->desc, "%.*s", (int)len, lx->tok);
        break;
    }
}

/* yylex: semicolon insertion, the LBODY hack and //sw:extern on `func`. */
int lex_token(YYSTYPE *val, Pos *loc, Lexer *lx)
{
    bool nl;
    int t;
    if (lx->stop) {   /* after a syntax error the parser only sees EOF */
        *loc = lx->last_pos;
        snprintf(lx->desc, sizeof lx->desc, "EOF");
        return 0;
    }
    lx->prev_pos = lx->last_pos;
    for (;;) {
        int errs = diag_count();
        t = lex_scan(lx, val, loc, &nl);
        lx->last_pos = *loc;
        if (diag_count() != errs)
            lx->err_line = lx->line;
        if (t == '\n') {
            if (lx->nlsemi) {
                lx->nlsemi = false;
                lx->extern_name = NULL;
                lx->hdr_semis += lx->loophack;
                val->str = "newline";
                snprintf(lx->desc, sizeof lx->desc, "newline");
                return ';';
            }
            continue;
        }
        if (t == 0 && lx->nlsemi) {
            lx->nlsemi = false;
            lx->extern_name = NULL;
            val->str = "EOF";
            snprintf(lx->desc, sizeof lx->desc, "EOF");
            return ';';
        }
        break;
    }
    lex_describe(lx, t, val, (size_t)(lx->cur - lx->tok));
    switch (t) {
    case IDENT: case INT: case FLOAT: case IMAG: case CHAR: case STRING:
    case BREAK: case CONTINUE: case FALLTHROUGH: case RETURN:
    case INC: case DEC: case ')': case ']': case '}':
        lx->nlsemi = true;
        break;
    default:
        lx->nlsemi = false;
    }
    if (t == ';') {
        val->str = "semicolon";
        lx->hdr_semis += lx->loophack;
    }
    if (t == RANGE && lx->loophack)
        lx->hdr_range = true;
    /* LBODY */
    switch (t) {
    case IF: case FOR: case SWITCH: case SELECT:
        lx->loophack = 1;
        lx->hdr_semis = 0;
        lx->hdr_range = false;
        break;
    case '(': case '[':
        if (lx->loophack || lx->nstack) {
            if (lx->nstack == (int)(sizeof lx->stack / sizeof lx->stack[0]))
                diag_error(*loc, "expression nested too deeply");
            else
                lx->stack[lx->nstack++] = (char)lx->loophack;
            lx->loophack = 0;
        }
        break;
    case ')': case ']':
        if (lx->nstack)
            lx->loophack = lx->stack[--lx->nstack];
        break;
    case '{':
        if (lx->loophack) {
            lx->loophack = 0;
            t = LBODY;
        }
        break;
    }
    if (t == FUNC) {
        val->str = lx->extern_name;
    }
    lx->extern_name = NULL;
    return t;
}

/* Scans the rest of the file after the parse stopped, so that its lexical
 * errors are reported all the same (Go's scanner keeps going too). */
void lex_drain(Lexer *lx)
{
    YYSTYPE val;
    Pos loc;
    bool nl;
    while (lx->cur < lx->lim && lex_scan(lx, &val, &loc, &nl) != 0)
        ;
}

/* Called by the parser after a composite literal, func literal, struct or
 * interface type whose `{` was an LBODY: the statement body is still to come. */
void lex_rearm(Lexer *lx)
{
    lx->loophack = 1;
}
