/*
 * Line stamping for log capture (part of overseer's optional native addon, Node-API, C).
 *   stampLines(region, prefix, out, offset)
 *       copies `region` (whole lines, each ending in a newline) into `out` from `offset` on,
 *       with `prefix` before every line; returns the offset just past the last byte written,
 *       or -1 (nothing usable written) when `out` has too little room. The JavaScript
 *       fallback (src/logs/timestamps.ts) gives the same bytes; this one copies 32 bytes
 *       (AVX2, where the CPU has it) or 16 bytes at a time and stops only at newlines, which
 *       is what makes `logTimestamps` cheap.
 */
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

/* A Uint8Array's bytes (Buffer, or a subarray of one). */
static int bytes_of(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *ptr = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &ptr, &buffer, &offset) != napi_ok)
    return 0;
  if (type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  return 1;
}

/* The prefix, and a copy padded to 32 bytes when it fits (NULL otherwise). */
struct prefix {
  const uint8_t *bytes;
  size_t length;
  const uint8_t *padded;
};

/*
 * The prefix at o, or NULL when it does not fit. A prefix of at most 32 bytes (a timestamp is
 * 25) is stored as one padded 32-byte block (the padding is overwritten by the line that
 * follows): no memcpy of a variable size per line.
 */
static inline uint8_t *put_prefix(uint8_t *o, const uint8_t *oend, const struct prefix *pre) {
  if (pre->padded && oend - o >= 32) {
    memcpy(o, pre->padded, 32);
  } else if ((size_t)(oend - o) < pre->length) {
    return NULL;
  } else {
    memcpy(o, pre->bytes, pre->length);
  }
  return o + pre->length;
}

/*
 * After a block of `width` bytes was stored at *o: moves past it, or only up to and including
 * its first newline (the rest of the block is stored again by the next one) and puts the
 * prefix after that. 0 when the prefix does not fit.
 */
static inline __attribute__((always_inline)) int advance(uint8_t **o, const uint8_t *oend,
                                                         const uint8_t **p, const uint8_t *end,
                                                         unsigned newlines, int width,
                                                         const struct prefix *pre) {
  if (newlines == 0) {
    *o += width;
    *p += width;
    return 1;
  }
  unsigned upto = (unsigned)__builtin_ctz(newlines) + 1;
  *o += upto;
  *p += upto;
  if (*p < end) *o = put_prefix(*o, oend, pre);
  return *o != NULL;
}

/* Line by line with memchr: what the blocks leave (all of it without SIMD). */
static uint8_t *lines_rest(uint8_t *o, const uint8_t *oend, const uint8_t *p, const uint8_t *end,
                           const struct prefix *pre) {
  while (p < end) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    size_t take = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    if ((size_t)(oend - o) < take) return NULL;
    memcpy(o, p, take);
    o += take;
    p += take;
    if (p < end && !(o = put_prefix(o, oend, pre))) return NULL;
  }
  return o;
}

/*
 * The block loops: 16 bytes at a time (SSE2), or 32 (AVX2, where the CPU has it: a 41-byte
 * line takes two blocks instead of three), while a whole block of input and of room is left,
 * then line by line. Each gives the stamped copy's end, or NULL when it does not fit.
 */
#if defined(__SSE2__)
static uint8_t *blocks_sse2(uint8_t *o, const uint8_t *oend, const uint8_t *p,
                            const uint8_t *end, const struct prefix *pre) {
  const __m128i newline = _mm_set1_epi8('\n');
  while (end - p >= 16 && oend - o >= 16) {
    __m128i block = _mm_loadu_si128((const __m128i *)p);
    _mm_storeu_si128((__m128i *)o, block);
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline));
    if (!advance(&o, oend, &p, end, mask, 16, pre)) return NULL;
  }
  return lines_rest(o, oend, p, end, pre);
}
#endif

#if HAVE_AVX2_PATH
__attribute__((target("avx2"))) static uint8_t *blocks_avx2(uint8_t *o, const uint8_t *oend,
                                                            const uint8_t *p, const uint8_t *end,
                                                            const struct prefix *pre) {
  const __m256i newline = _mm256_set1_epi8('\n');
  while (end - p >= 32 && oend - o >= 32) {
    __m256i block = _mm256_loadu_si256((const __m256i *)p);
    _mm256_storeu_si256((__m256i *)o, block);
    unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, newline));
    if (!advance(&o, oend, &p, end, mask, 32, pre)) return NULL;
  }
  return lines_rest(o, oend, p, end, pre);
}

static int has_avx2(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") ? 1 : 0;
  }
  return known;
}
#endif

/*
 * The stamped copy of src[0, n) into o, or NULL when it does not fit before oend. Every store
 * stays within oend: a block is stored only with its width of room left.
 */
static uint8_t *stamp(uint8_t *o, uint8_t *oend, const uint8_t *src, size_t n,
                      const uint8_t *prefix, size_t plen) {
  uint8_t padded[32] = {0};
  if (plen <= sizeof padded) memcpy(padded, prefix, plen);
  const struct prefix pre = {prefix, plen, plen <= sizeof padded ? padded : NULL};
  if ((size_t)(oend - o) < plen) return NULL;
  memcpy(o, prefix, plen);
  o += plen;
#if HAVE_AVX2_PATH
  if (has_avx2()) return blocks_avx2(o, oend, src, src + n, &pre);
#endif
#if defined(__SSE2__)
  return blocks_sse2(o, oend, src, src + n, &pre);
#else
  return lines_rest(o, oend, src, src + n, &pre);
#endif
}

napi_value overseer_stamp_lines(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], result;
  uint8_t *region, *prefix, *out;
  size_t rlen, plen, olen;
  int64_t offset = -1, written = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc == 4 && bytes_of(env, argv[0], &region, &rlen) && bytes_of(env, argv[1], &prefix, &plen) &&
      bytes_of(env, argv[2], &out, &olen) && napi_get_value_int64(env, argv[3], &offset) == napi_ok &&
      offset >= 0 && (size_t)offset <= olen) {
    uint8_t *end = rlen == 0 ? out + offset : stamp(out + offset, out + olen, region, rlen, prefix, plen);
    if (end != NULL) written = (int64_t)(end - out);
  }
  napi_create_int64(env, written, &result);
  return result;
}
