/*
 * overseer's optional native addon (Node-API, C): what Node cannot do from JavaScript.
 *   setChildSubreaper(on)  prctl(PR_SET_CHILD_SUBREAPER): orphans of the host's descendants
 *                          re-parent to the host instead of init (Linux >= 3.4).
 *   isChildSubreaper()     prctl(PR_GET_CHILD_SUBREAPER).
 *   spawnedPids()          pids of the child processes libuv spawned in the main event loop
 *                          (their exit status belongs to Node: never reaped here).
 *   reap(pids)             waitpid(pid, WNOHANG) for each given pid that libuv did not spawn;
 *                          returns the pids reaped (orphans that re-parented to the host).
 *   stampLines(...)        log line stamping (native/lines.c).
 *   socketPair()           a channel for a child's stdout or stderr (native/pipes.c).
 *   lineEnds(...)          the newlines of an ASCII piece of log lines (native/line-ends.c).
 *   taskChildren(pid, out) the children of every thread of a process (native/children.c).
 *   lastLinesStart(...)    where the last n lines of a region start (native/line-ends.c).
 * Built by node-gyp at install (native/build.mjs); the library works without it.
 */
#include <errno.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <uv.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define MAX_PIDS 4096

napi_value overseer_stamp_lines(napi_env env, napi_callback_info info); /* lines.c */
napi_value overseer_socket_pair(napi_env env, napi_callback_info info); /* pipes.c */
napi_value overseer_line_ends(napi_env env, napi_callback_info info);   /* line-ends.c */
napi_value overseer_task_children(napi_env env, napi_callback_info info); /* children.c */
napi_value overseer_last_lines_start(napi_env env, napi_callback_info info); /* line-ends.c */

typedef struct {
  int count;
  int pids[MAX_PIDS];
} pid_list;

static void collect(uv_handle_t *handle, void *arg) {
  pid_list *list = (pid_list *)arg;
  if (uv_handle_get_type(handle) != UV_PROCESS || list->count >= MAX_PIDS) return;
  int pid = uv_process_get_pid((uv_process_t *)handle);
  if (pid > 0) list->pids[list->count++] = pid;
}

static bool spawned_by_node(const pid_list *list, int pid) {
  for (int i = 0; i < list->count; i++)
    if (list->pids[i] == pid) return true;
  return false;
}

static napi_status node_children(napi_env env, pid_list *list) {
  uv_loop_t *loop = NULL;
  list->count = 0;
  napi_status status = napi_get_uv_event_loop(env, &loop);
  if (status == napi_ok && loop != NULL) uv_walk(loop, collect, list);
  return status;
}

static napi_value make_bool(napi_env env, bool value) {
  napi_value result;
  napi_get_boolean(env, value, &result);
  return result;
}

static napi_value set_child_subreaper(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool on = true;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc > 0) napi_get_value_bool(env, argv[0], &on);
#ifdef __linux__
  return make_bool(env, prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) == 0);
#else
  return make_bool(env, false);
#endif
}

static napi_value is_child_subreaper(napi_env env, napi_callback_info info) {
  (void)info;
#ifdef __linux__
  int value = 0;
  if (prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&value, 0, 0, 0) != 0) return make_bool(env, false);
  return make_bool(env, value != 0);
#else
  return make_bool(env, false);
#endif
}

static napi_value spawned_pids(napi_env env, napi_callback_info info) {
  (void)info;
  pid_list *list = malloc(sizeof(pid_list));
  napi_value result;
  napi_create_array(env, &result);
  if (list == NULL) return result;
  node_children(env, list);
  for (int i = 0; i < list->count; i++) {
    napi_value pid;
    napi_create_int32(env, list->pids[i], &pid);
    napi_set_element(env, result, (uint32_t)i, pid);
  }
  free(list);
  return result;
}

static napi_value reap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value result;
  uint32_t length = 0, reaped = 0;
  napi_create_array(env, &result);
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_array_length(env, argv[0], &length) != napi_ok) return result;
  pid_list *list = malloc(sizeof(pid_list));
  if (list == NULL) return result;
  node_children(env, list);
  for (uint32_t i = 0; i < length; i++) {
    napi_value item;
    int32_t pid = 0;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok) continue;
    if (napi_get_value_int32(env, item, &pid) != napi_ok || pid <= 0) continue;
    if (spawned_by_node(list, pid)) continue;
    int status = 0;
    pid_t done;
    do {
      done = waitpid((pid_t)pid, &status, WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done == (pid_t)pid) {
      napi_value value;
      napi_create_int32(env, pid, &value);
      napi_set_element(env, result, reaped++, value);
    }
  }
  free(list);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"setChildSubreaper", NULL, set_child_subreaper, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isChildSubreaper", NULL, is_child_subreaper, NULL, NULL, NULL, napi_enumerable, NULL},
      {"spawnedPids", NULL, spawned_pids, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reap", NULL, reap, NULL, NULL, NULL, napi_enumerable, NULL},
      {"stampLines", NULL, overseer_stamp_lines, NULL, NULL, NULL, napi_enumerable, NULL},
      {"socketPair", NULL, overseer_socket_pair, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lineEnds", NULL, overseer_line_ends, NULL, NULL, NULL, napi_enumerable, NULL},
      {"taskChildren", NULL, overseer_task_children, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lastLinesStart", NULL, overseer_last_lines_start, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
