// SPDX-License-Identifier: MIT
/*
 * sw_lib.h — the C functions the standard packages (stdlib/PKG/FILE.sw) bind with
 * `//sw:extern`.  Each takes and returns Sw values in the C ABI of sw.h;
 * the Sw declaration next to each `//sw:extern` line is the authority on its
 * signature, this header only lets the C side be checked.
 */
#ifndef SW_LIB_H
#define SW_LIB_H

#include "sw.h"

/* fmt */
SwString sw_fmt_sprintf(SwString format, SwSlice a);
SwString sw_fmt_sprint(SwSlice a);
SwString sw_fmt_sprintln(SwSlice a);
SwSlice sw_fmt_bprintf(SwString format, SwSlice a);
SwSlice sw_fmt_bprint(SwSlice a);
SwSlice sw_fmt_bprintln(SwSlice a);
SwString sw_fmt_errorf(SwString format, SwSlice a, SwIface *wrapped);

/* errors */
SwIface sw_errors_unwrap(SwIface err);
bool sw_errors_call_is(SwIface err, SwIface target);

/* os */
int64_t sw_os_write(int64_t fd, SwSlice b);
int64_t sw_os_write_string(int64_t fd, SwString s);
SwSlice sw_os_args(void);
void sw_os_exit(int64_t code);
SwString sw_os_getenv(SwString key, bool *found);

/* strconv (rt/sw_strconv.c) */
uint64_t sw_strconv_parse_uint(SwString s, int64_t base, int64_t bits, int64_t *err);
int64_t sw_strconv_parse_int(SwString s, int64_t base, int64_t bits, int64_t *err);
double sw_strconv_parse_float(SwString s, int64_t bits, int64_t *err);
SwString sw_strconv_format_float(double f, uint8_t fmt, int64_t prec, int64_t bits);
SwString sw_strconv_format_int(int64_t i, int64_t base);
SwString sw_strconv_format_uint(uint64_t i, int64_t base);
SwSlice sw_strconv_append_int(SwSlice dst, int64_t i, int64_t base);
SwString sw_strconv_quote(SwString s, bool ascii);
SwString sw_strconv_quote_rune(int32_t r, bool ascii);
SwSlice sw_strconv_append_quote(SwSlice dst, SwString s);
bool sw_strconv_can_backquote(SwString s);
bool sw_strconv_is_print(int32_t r);
SwString sw_strconv_unquote(SwString s, bool *ok);

/* unicode/utf8 */
int64_t sw_utf8_rune_len(int32_t r);
int64_t sw_utf8_rune_count_str(SwString s);
int64_t sw_utf8_rune_count(SwSlice b);
int32_t sw_utf8_decode_str(SwString s, int64_t *size);
int32_t sw_utf8_decode_last_str(SwString s, int64_t *size);
int32_t sw_utf8_decode_bytes(SwSlice b, int64_t *size);
int64_t sw_utf8_encode_rune(SwSlice p, int32_t r);
bool sw_utf8_valid_str(SwString s);
bool sw_utf8_valid_rune(int32_t r);

/* strings (rt/sw_strings.c) */
int64_t sw_strings_index(SwString s, SwString sep);
int64_t sw_strings_last_index(SwString s, SwString sep);
int64_t sw_strings_index_byte(SwString s, uint8_t c);
int64_t sw_strings_last_index_byte(SwString s, uint8_t c);
int64_t sw_strings_index_rune(SwString s, int32_t r);
int64_t sw_strings_index_any(SwString s, SwString chars);
int64_t sw_strings_last_index_any(SwString s, SwString chars);
int64_t sw_strings_count(SwString s, SwString sep);
SwSlice sw_strings_split(SwString s, SwString sep, int64_t sepsave, int64_t n);
SwSlice sw_strings_fields(SwString s);
SwString sw_strings_join(SwSlice elems, SwString sep);
SwString sw_strings_repeat(SwString s, int64_t count);
SwString sw_strings_replace(SwString s, SwString old, SwString new_, int64_t n);
SwString sw_strings_to_upper(SwString s);
SwString sw_strings_to_lower(SwString s);
SwString sw_strings_to_title(SwString s);
SwString sw_strings_title(SwString s);
SwString sw_strings_trim_space(SwString s);
SwString sw_strings_trim(SwString s, SwString cutset, int64_t sides);
bool sw_strings_equal_fold(SwString s, SwString t);
SwSlice sw_bytes_append_str(SwSlice b, SwString s);
SwSlice sw_bytes_append_rune(SwSlice b, int32_t r);
SwString sw_strings_unsafe_string(SwSlice b);
bool sw_unicode_is_space(int32_t r);
int32_t sw_unicode_to_upper(int32_t r);
int32_t sw_unicode_to_lower(int32_t r);
bool sw_unicode_is_letter(int32_t r);
bool sw_unicode_is_digit(int32_t r);

/* sort (rt/sw_sort.c) */
void sw_sort_slice(SwIface x, SwFunc *less);
int64_t sw_sort_slice_len(SwIface x);

/* math (rt/sw_math.c) */
uint64_t sw_math_float64bits(double f);
double sw_math_float64frombits(uint64_t b);
uint32_t sw_math_float32bits(float f);
float sw_math_float32frombits(uint32_t b);
double sw_math_nan(void);
double sw_math_abs(double x);
double sw_math_copysign(double f, double sign);
bool sw_math_signbit(double x);
double sw_math_sqrt(double x);
double sw_math_floor(double x);
double sw_math_ceil(double x);
double sw_math_trunc(double x);
double sw_math_round(double x);
double sw_math_round_to_even(double x);
double sw_math_remainder(double x, double y);
double sw_math_mod(double x, double y);
double sw_math_modf(double f, double *frac);
double sw_math_frexp(double f, int64_t *exp);
double sw_math_ldexp(double frac, int64_t exp);
double sw_math_max(double x, double y);
double sw_math_min(double x, double y);
double sw_math_dim(double x, double y);
double sw_math_exp(double x);
double sw_math_log(double x);
double sw_math_log10(double x);
double sw_math_log2(double x);
double sw_math_log1p(double x);
double sw_math_expm1(double x);
double sw_math_asinh(double x);
double sw_math_acosh(double x);
double sw_math_atanh(double x);
double sw_math_gamma(double x);
double sw_math_erf(double x);
double sw_math_erfc(double x);
double sw_math_exp2(double x);
double sw_math_pow(double x, double y);
double sw_math_pow10(int64_t n);
double sw_math_hypot(double p, double q);
double sw_math_cos(double x);
double sw_math_sin(double x);
double sw_math_tan(double x);
double sw_math_atan(double x);
double sw_math_asin(double x);
double sw_math_acos(double x);
double sw_math_atan2(double y, double x);
double sw_math_sinh(double x);
double sw_math_cosh(double x);
double sw_math_tanh(double x);
double sw_math_cbrt(double x);

/* errors.As (rt/sw_errors.c) */
bool sw_errors_as(SwIface err, SwIface target);

/* bytes (rt/sw_bytes.c) */
int64_t sw_bytes_index(SwSlice s, SwSlice sep);
int64_t sw_bytes_last_index(SwSlice s, SwSlice sep);
int64_t sw_bytes_index_byte(SwSlice s, uint8_t c);
int64_t sw_bytes_last_index_byte(SwSlice s, uint8_t c);
int64_t sw_bytes_index_rune(SwSlice s, int32_t r);
int64_t sw_bytes_index_any(SwSlice s, SwString chars);
int64_t sw_bytes_last_index_any(SwSlice s, SwString chars);
int64_t sw_bytes_count(SwSlice s, SwSlice sep);
bool sw_bytes_equal_fold(SwSlice s, SwSlice t);
SwSlice sw_bytes_map_case(SwSlice s, int64_t which);
SwSlice sw_bytes_trim_space(SwSlice s);
SwSlice sw_bytes_trim(SwSlice s, SwString cutset, int64_t sides);
SwSlice sw_bytes_fields(SwSlice s);
SwSlice sw_bytes_repeat(SwSlice b, int64_t count);
SwSlice sw_bytes_replace(SwSlice s, SwSlice old, SwSlice new_, int64_t n);

/* unicode (rt/sw_uniclass.c) */
int64_t sw_unicode_cats(int32_t r);
int32_t sw_unicode_to_case(int64_t which, int32_t r);

/* encoding/json (rt/sw_json.c, rt/sw_json_decode.c); JsonErr is the C view of
 * the package's errInfo struct */
typedef struct JsonErr JsonErr;
SwSlice sw_json_marshal(SwIface v, bool html, JsonErr *e);
void sw_json_unmarshal(SwSlice data, SwIface v, JsonErr *e);
SwSlice sw_json_compact(SwSlice src, bool html, JsonErr *e);
SwSlice sw_json_indent(SwSlice src, SwString prefix, SwString indent, JsonErr *e);
bool sw_json_valid(SwSlice data);
int64_t sw_json_next_value(SwSlice data, int64_t from, JsonErr *e);

/* time, timer (rt/sw_time.c): SwFnTimer is a GC-held runtime timer that
 * starts a func() value in a new coroutine each time it fires */
typedef struct SwFnTimer SwFnTimer;
int64_t sw_time_mono(void);
int64_t sw_time_wall(void);
void sw_time_sleep(int64_t ns);
int64_t sw_time_local_zone(int64_t sec, SwString *abbr);
SwString sw_time_local_name(void);
SwFnTimer *sw_time_timer_new(void);
bool sw_time_timer_arm(SwFnTimer *ft, int64_t delay, int64_t period, SwFunc *f);
bool sw_time_timer_stop(SwFnTimer *ft);
bool sw_time_timer_pending(SwFnTimer *ft);
int64_t sw_time_spawn(SwFunc *f);

/* sync (rt/sw_sync.c); SwCo is the runtime's coroutine (rt/co/co.h) */
typedef struct SwCo SwCo;
SwCo *sw_sync_self(void);
void sw_sync_park(const void *obj);
void sw_sync_ready(SwCo *co);
_Noreturn void sw_sync_fatal(SwString msg);

/* co (rt/sw_copkg.c) */
typedef struct SwCoStats SwCoStats;
int64_t sw_copkg_id(void);
void sw_copkg_yield(void);
bool sw_copkg_resume(int64_t id);
void sw_copkg_set_stack_size(int64_t n);
void sw_copkg_set_max(int64_t n);
void sw_copkg_stats(SwCoStats *out);
SwSlice sw_copkg_list(void);
void **sw_copkg_context_slot(void);
SwString sw_copkg_backtrace(int64_t id);
SwString sw_copkg_status(int64_t id);
SwString sw_copkg_exec(SwString cmd, int64_t *status);
SwString sw_copkg_read_file(SwString name, int64_t *err);
int64_t sw_copkg_write_file(SwString name, SwString data, bool append, int64_t *err);
SwString sw_copkg_strerror(int64_t e);

/* timer: records in a table of their own, by id; event: its own names for
 * shared work (rt/sw_timerpkg.c) */
int64_t sw_timerpkg_add(int64_t ns, bool periodic, SwFunc *f);
bool sw_timerpkg_clear(int64_t id);
bool sw_timerpkg_exists(int64_t id);
int64_t sw_timerpkg_count(void);
int64_t sw_timerpkg_ids(SwSlice ids);
void sw_timerpkg_clear_all(void);
SwCo *sw_event_self(void);
void sw_event_park(const void *obj);
void sw_event_ready(SwCo *co);

/* event (rt/sw_event.c) */
int64_t sw_event_wait(int64_t fd, int64_t events);
void sw_event_forget(int64_t fd);
void sw_event_hold(void);
void sw_event_release(void);
bool sw_event_nonblock(int64_t fd);
void sw_event_cycle(SwFunc *f, bool before);


/* client (rt/net/cli_sock.c, rt/net/cli_io.c); CliSock is rt/net/cli.h's */
typedef struct CliSock CliSock;
CliSock *sw_cli_open(int64_t type, int64_t *err);
void sw_cli_close(CliSock *s);
int64_t sw_cli_connect(CliSock *s, SwString host, int64_t port, int64_t timeout_ns);
SwString sw_cli_name(CliSock *s, bool peer, int64_t *port, int64_t *err);
SwString sw_cli_strerror(int64_t code);
int64_t sw_cli_now(void);
int64_t sw_cli_send(CliSock *s, SwString data, int64_t timeout_ns, int64_t *err);
SwString sw_cli_recv(CliSock *s, int64_t max, int64_t timeout_ns, int64_t *err);
SwString sw_cli_peek(CliSock *s, int64_t max, int64_t *err);
int64_t sw_cli_sendto(CliSock *s, SwString host, int64_t port, SwString data, int64_t timeout_ns);
SwString sw_cli_recvfrom(CliSock *s, int64_t max, int64_t timeout_ns, SwString *addr, int64_t *port,
                         int64_t *err);
/* server TLS (rt/net/srv_tls.c) */
SwString sw_srv_tls_check(int64_t protocols, SwString ciphers);
/* client TLS (rt/net/cli_tls.c) */
int64_t sw_cli_tls(CliSock *s, bool verify, SwString ca, SwString host, SwString cert, SwString key,
                   int64_t protocols, SwString ciphers, int64_t timeout_ns, SwString *msg);
SwString sw_cli_tls_info(CliSock *s);
SwString sw_cli_tls_check(int64_t protocols, SwString ciphers);

/* server (rt/net/srv_sw.c): handles are the core's SrvServer / SrvPort;
 * SrvOptions, SrvClientInfo and SrvSwStats mirror the package's Options,
 * ClientInfo and Stats (rt/net/srv.h, srv_sw.c) */
typedef struct SrvOptions SrvOptions;
typedef struct SrvClientInfo SrvClientInfo;
typedef struct SrvSwStats SrvSwStats;
void *sw_srv_new(SwString host, int64_t port, int64_t mode, int64_t type, void *self);
SwString sw_srv_err(void *h);
void *sw_srv_listen(void *h, SwString host, int64_t port, int64_t type);
SwString sw_srv_set(void *h, SrvOptions *o);
SwString sw_srv_port_set(void *p, SrvOptions *o);
int64_t sw_srv_port_num(void *p);
/* callback setters, one per callback shape (ev: SRV_EV_*; p NULL: the server's) */
void sw_srv_cb_server(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_worker(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_worker_error(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_conn(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_receive(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_packet(void *h, void *p, int64_t ev, SwFunc *f);
void sw_srv_cb_fd(void *h, void *p, int64_t ev, SwFunc *f);
SwString sw_srv_start(void *h);
int64_t sw_srv_send(void *h, int64_t fd, SwString data);
int64_t sw_srv_sendfile(void *h, int64_t fd, SwString path, int64_t off, int64_t len);
bool sw_srv_sendto(void *h, SwString addr, int64_t port, SwString data);
bool sw_srv_close(void *h, int64_t fd, bool reset);
bool sw_srv_exists(void *h, int64_t fd);
bool sw_srv_pause(void *h, int64_t fd, bool pause);
bool sw_srv_info(void *h, int64_t fd, SrvClientInfo *out);
SwSlice sw_srv_list(void *h);
SwSlice sw_srv_heartbeat(void *h, bool close_them);
void sw_srv_stats(void *h, SrvSwStats *out);
int64_t sw_srv_id(void *h, int64_t which);
void sw_srv_shutdown(void *h);
void sw_srv_stop(void *h);

#endif
