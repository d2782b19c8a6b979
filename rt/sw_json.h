// SPDX-License-Identifier: MIT
/*
 * sw_json.h — what the two halves of the C side of encoding/json share: the
 * error record handed back to the Sw package, the JSON field list of a
 * struct type (Go's typeFields, computed once per descriptor), the syntax
 * checker and the small text helpers.  See doc/json.md for the design.
 */
#ifndef SW_JSON_H
#define SW_JSON_H

#include "sw_internal.h"

/* Mirrors `errInfo` in stdlib/encoding/json/json.sw field for field; the Sw
 * side turns it into the error value Go would return. */
typedef struct JsonErr {
    int64_t kind;           /* JE_* */
    SwString msg;           /* SyntaxError text, UnsupportedValueError.Str,
                               MarshalerError's function, JE_TEXT message */
    int64_t offset;         /* SyntaxError / UnmarshalTypeError offset */
    SwString value;         /* UnmarshalTypeError.Value */
    SwString typ;           /* the Go type's name */
    SwString strct;         /* UnmarshalTypeError.Struct */
    SwString field;         /* UnmarshalTypeError.Field */
    SwIface err;            /* an error from user code (JE_ERROR, JE_MARSHALER) */
} JsonErr;

enum {
    JE_NONE, JE_SYNTAX, JE_TYPE, JE_INVALID_UNMARSHAL, JE_UNSUPPORTED_TYPE, JE_UNSUPPORTED_VALUE,
    JE_MARSHALER, JE_ERROR, JE_BASE64, JE_TEXT,
};

/* One field as encoding/json sees it (Go's encoding/json.field). */
typedef struct JsonField {
    SwString name;          /* JSON key */
    SwString enc_html;      /* `"name":` escaped as Marshal writes it */
    SwString enc_plain;     /* the same without HTML escaping */
    bool tagged, omitempty, quoted;
    int32_t *index;         /* field numbers from the outer struct down */
    int32_t nindex;
    const SwType *type;     /* the field's declared type */
} JsonField;

typedef struct JsonFields {
    JsonField *v;
    int32_t n;
} JsonFields;

/* Go's cachedTypeFields for struct descriptor t. */
const JsonFields *sw_json_fields(const SwType *t);

/* Go's checkValid: true when data is one valid JSON value; otherwise fills
 * e with the *SyntaxError Go reports. */
bool sw_json_check(const uint8_t *p, int64_t n, JsonErr *e);

/* Sets e to a JE_TEXT error with a printf-formatted message. */
void sw_json_text_error(JsonErr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* strconv.Quote of s as the %q verb prints it. */
void sw_json_quote(SwBuf *b, const uint8_t *s, int64_t n);

/* The results of MarshalJSON / MarshalText: ([]byte, error). */
typedef struct JsonBytesErr {
    SwSlice b;
    SwIface err;
} JsonBytesErr;

static inline SwString sw_json_cstr(const char *s)
{
    return (SwString){(const uint8_t *)s, (int64_t)strlen(s)};
}

#endif
