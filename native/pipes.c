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
 *   socketPair(childSendBytes)
 *       the same, with SO_SNDBUF of the child's end set to childSendBytes: how much the child
 *       may write before the host reads (unread bytes count against the writer's send
 *       buffer; the kernel doubles the value for its overhead and caps it at
 *       net.core.wmem_max). Larger than the default (~208 KiB of which less is payload), a
 *       busy child's output waits in bigger pieces, so each read takes more and the host
 *       wakes less often. Kernel memory, used only while output is unread; a child that
 *       fills it blocks (or gets EAGAIN) as before, only later.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <sys/socket.h>
#include <unistd.h>

napi_value overseer_socket_pair(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, fd;
  int fds[2];
  int32_t send_bytes = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1 && napi_get_value_int32(env, argv[0], &send_bytes) != napi_ok) send_bytes = 0;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    napi_get_null(env, &result);
    return result;
  }
  /* Best effort: a refused size leaves the default, which works the same, only slower. */
  if (send_bytes > 0) setsockopt(fds[1], SOL_SOCKET, SO_SNDBUF, &send_bytes, sizeof send_bytes);
  napi_create_array_with_length(env, 2, &result);
  for (uint32_t i = 0; i < 2; i++) {
    napi_create_int32(env, fds[i], &fd);
    napi_set_element(env, result, i, fd);
  }
  return result;
}
