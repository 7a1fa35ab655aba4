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

static uint8_t *stamp_rest(uint8_t *o, uint8_t *oend, const uint8_t *p, const uint8_t *end,
                           const uint8_t *prefix, size_t plen);

/*
 * The stamped copy of src[0, n) into o, or NULL when it does not fit before oend. Every store
 * stays within oend: a 16-byte block is stored only with 16 bytes of room left.
 */
static uint8_t *stamp(uint8_t *o, uint8_t *oend, const uint8_t *src, size_t n,
                      const uint8_t *prefix, size_t plen) {
  const uint8_t *p = src, *end = src + n;
  if ((size_t)(oend - o) < plen) return NULL;
  memcpy(o, prefix, plen);
  o += plen;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  /*
   * A prefix of at most 32 bytes (a timestamp is 25) is stored as two 16-byte blocks, padded
   * (the padding is overwritten by the line that follows): no memcpy call per line.
   */
  uint8_t padded[32] = {0};
  const int short_prefix = plen <= sizeof padded;
  if (short_prefix) memcpy(padded, prefix, plen);
  const __m128i pre0 = _mm_loadu_si128((const __m128i *)padded);
  const __m128i pre1 = _mm_loadu_si128((const __m128i *)(padded + 16));
  while (end - p >= 16 && oend - o >= 16) {
    __m128i block = _mm_loadu_si128((const __m128i *)p);
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline));
    _mm_storeu_si128((__m128i *)o, block);
    if (mask == 0) {
      o += 16;
      p += 16;
      continue;
    }
    /* Up to and including the first newline; the rest of the block is stored again later. */
    unsigned upto = (unsigned)__builtin_ctz(mask) + 1;
    o += upto;
    p += upto;
    if (p < end) {
      if (short_prefix && oend - o >= 32) {
        _mm_storeu_si128((__m128i *)o, pre0);
        _mm_storeu_si128((__m128i *)(o + 16), pre1);
      } else if ((size_t)(oend - o) < plen) {
        return NULL;
      } else {
        memcpy(o, prefix, plen);
      }
      o += plen;
    }
  }
#endif
  return stamp_rest(o, oend, p, end, prefix, plen);
}

/* The scalar end of a stamped copy: src[p, end) into o, line by line (see stamp). */
static uint8_t *stamp_rest(uint8_t *o, uint8_t *oend, const uint8_t *p, const uint8_t *end,
                           const uint8_t *prefix, size_t plen) {
  while (p < end) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    size_t take = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    if ((size_t)(oend - o) < take) return NULL;
    memcpy(o, p, take);
    o += take;
    p += take;
    if (p < end) {
      if ((size_t)(oend - o) < plen) return NULL;
      memcpy(o, prefix, plen);
      o += plen;
    }
  }
  return o;
}

#if HAVE_AVX2_PATH
/*
 * stamp() 32 bytes at a time: a line of 41 bytes takes two blocks instead of three, and a
 * prefix of at most 32 bytes is one store. Only called when the CPU has AVX2.
 */
__attribute__((target("avx2"))) static uint8_t *stamp_avx2(uint8_t *o, uint8_t *oend,
                                                           const uint8_t *src, size_t n,
                                                           const uint8_t *prefix, size_t plen) {
  const uint8_t *p = src, *end = src + n;
  if ((size_t)(oend - o) < plen) return NULL;
  memcpy(o, prefix, plen);
  o += plen;
  uint8_t padded[32] = {0};
  const int short_prefix = plen <= sizeof padded;
  if (short_prefix) memcpy(padded, prefix, plen);
  const __m256i pre = _mm256_loadu_si256((const __m256i *)padded);
  const __m256i newline = _mm256_set1_epi8('\n');
  while (end - p >= 32 && oend - o >= 32) {
    __m256i block = _mm256_loadu_si256((const __m256i *)p);
    unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, newline));
    _mm256_storeu_si256((__m256i *)o, block);
    if (mask == 0) {
      o += 32;
      p += 32;
      continue;
    }
    unsigned upto = (unsigned)__builtin_ctz(mask) + 1;
    o += upto;
    p += upto;
    if (p < end) {
      if (short_prefix && oend - o >= 32) {
        _mm256_storeu_si256((__m256i *)o, pre);
      } else if ((size_t)(oend - o) < plen) {
        return NULL;
      } else {
        memcpy(o, prefix, plen);
      }
      o += plen;
    }
  }
  return stamp_rest(o, oend, p, end, prefix, plen);
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
    uint8_t *end = out + offset;
    if (rlen > 0) {
#if HAVE_AVX2_PATH
      if (has_avx2()) end = stamp_avx2(out + offset, out + olen, region, rlen, prefix, plen);
      else
#endif
        end = stamp(out + offset, out + olen, region, rlen, prefix, plen);
    }
    if (end != NULL) written = (int64_t)(end - out);
  }
  napi_create_int64(env, written, &result);
  return result;
}
