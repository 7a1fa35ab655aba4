/*
 * Pipes for a child's output (part of overseer's optional native addon, Node-API, C).
 *   pipe(bytes)
 *       pipe2(O_CLOEXEC): returns [readFd, writeFd], or null when the OS refuses (the caller
 *       then uses Node's own stdio pipes). With bytes > 0 the pipe's capacity is raised to
 *       that much (F_SETPIPE_SZ, Linux; best effort: the default 64 KiB stays when refused).
 *       Both ends are close-on-exec: the write end reaches the child only as its fd 1 or 2
 *       (spawn dup2()s it there), and no other child inherits either end. Node reads the read
 *       end (net.Socket with an fd: libuv makes it non-blocking).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <node_api.h>
#include <unistd.h>

napi_value overseer_pipe(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, fd;
  int64_t bytes = 0;
  int fds[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc > 0) napi_get_value_int64(env, argv[0], &bytes);
  if (pipe2(fds, O_CLOEXEC) != 0) {
    napi_get_null(env, &result);
    return result;
  }
#ifdef F_SETPIPE_SZ
  if (bytes > 0 && bytes <= 0x7fffffff) (void)fcntl(fds[1], F_SETPIPE_SZ, (int)bytes);
#endif
  napi_create_array_with_length(env, 2, &result);
  for (uint32_t i = 0; i < 2; i++) {
    napi_create_int32(env, fds[i], &fd);
    napi_set_element(env, result, i, fd);
  }
  return result;
}
