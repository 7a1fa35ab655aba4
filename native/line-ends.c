/*
 * Where the lines of an ASCII piece end (part of overseer's optional native addon, Node-API, C).
 *   lineEnds(region, start, end, out)
 *       writes into `out` (an Int32Array) the offset, from `start`, of every newline in
 *       region[start, end) and returns how many there are; -1 (out unchanged past what it
 *       wrote) when a byte of the piece is not ASCII or `out` is too short. For ASCII text the
 *       byte offsets are the string's indices: the 'log' line path decodes the piece once and
 *       cuts it at these offsets instead of an indexOf call per line (src/logs/piece-lines.ts).
 *       16 bytes at a time with SSE2; the JavaScript way (indexOf) gives the same lines.
 *   lastLinesStart(region, n)
 *       where the last n lines of region (whole lines, ending in a newline) start: 0 when it
 *       has n lines or fewer. With memrchr, so the log tail copies only what it will keep of
 *       a large read (src/logs/line-tail.ts), not every byte a busy program prints.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int64_t line_ends(const uint8_t *p, size_t n, int32_t *out, size_t room) {
  size_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  for (; i + 16 <= n; i += 16) {
    __m128i block = _mm_loadu_si128((const __m128i *)(p + i));
    if (_mm_movemask_epi8(block) != 0) return -1; /* a byte >= 0x80 */
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline));
    while (mask != 0) {
      if (count == room) return -1;
      out[count++] = (int32_t)(i + (unsigned)__builtin_ctz(mask));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; i++) {
    if (p[i] & 0x80) return -1;
    if (p[i] != '\n') continue;
    if (count == room) return -1;
    out[count++] = (int32_t)i;
  }
  return (int64_t)count;
}

napi_value overseer_line_ends(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], buffer, result;
  napi_typedarray_type type;
  size_t rlen = 0, olen = 0, offset;
  void *region = NULL, *out = NULL;
  int64_t start = -1, end = -1, count = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 4 &&
      napi_get_typedarray_info(env, argv[0], &type, &rlen, &region, &buffer, &offset) == napi_ok &&
      type == napi_uint8_array &&
      napi_get_value_int64(env, argv[1], &start) == napi_ok &&
      napi_get_value_int64(env, argv[2], &end) == napi_ok &&
      napi_get_typedarray_info(env, argv[3], &type, &olen, &out, &buffer, &offset) == napi_ok &&
      type == napi_int32_array && start >= 0 && start <= end && (size_t)end <= rlen) {
    count = line_ends((const uint8_t *)region + start, (size_t)(end - start), (int32_t *)out, olen);
  }
  napi_create_int64(env, count, &result);
  return result;
}

static size_t last_lines_start(const uint8_t *p, size_t len, size_t n) {
  if (len == 0) return 0;
  size_t pos = len - 1; /* the newline that ends the last line */
  for (size_t count = 0; count < n; count++) {
    if (pos == 0) return 0;
    const uint8_t *prev = memrchr(p, '\n', pos);
    if (prev == NULL) return 0;
    pos = (size_t)(prev - p);
  }
  return pos + 1;
}

napi_value overseer_last_lines_start(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], buffer, result;
  napi_typedarray_type type;
  size_t len = 0, offset;
  void *region = NULL;
  int64_t n = -1, start = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 2 &&
      napi_get_typedarray_info(env, argv[0], &type, &len, &region, &buffer, &offset) == napi_ok &&
      type == napi_uint8_array && napi_get_value_int64(env, argv[1], &n) == napi_ok && n >= 0) {
    start = (int64_t)last_lines_start((const uint8_t *)region, len, (size_t)n);
  }
  napi_create_int64(env, start, &result);
  return result;
}
