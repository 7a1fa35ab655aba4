/*
 * Output channels for a child's stdout and stderr (part of overseer's optional native addon,
 * Node-API, C).
 *   socketPair()
 *       socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC): returns [hostFd, childFd], or null
 *       when the OS refuses (the caller then uses Node's own stdio pipes). What libuv makes
 *       for stdio 'pipe' (a child sees the same kind of fd as before), but ours, so the host
 *       can read it with net.Socket's `onread` (no Buffer per read). Both ends are
 *       close-on-exec: the child's end reaches the child only as its fd 1 or 2 (spawn
 *       dup2()s it there), and no other child inherits either end. Not pipe(2): raised pipe
 *       capacities count against the user's pipe-user-pages limits, which thousands of
 *       programs would exhaust (new pipes of that user then get a page or two).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <sys/socket.h>
#include <unistd.h>

napi_value overseer_socket_pair(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, fd;
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    napi_get_null(env, &result);
    return result;
  }
  napi_create_array_with_length(env, 2, &result);
  for (uint32_t i = 0; i < 2; i++) {
    napi_create_int32(env, fds[i], &fd);
    napi_set_element(env, result, i, fd);
  }
  return result;
}
