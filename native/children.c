/*
 * The children of one process, from the kernel's child lists (part of overseer's optional
 * native addon, Node-API, C; Linux).
 *   taskChildren(pid, out)
 *       appends to the array `out` the pids listed in /proc/PID/task/TID/children for every
 *       thread TID of `pid`. Returns the number of threads read (>= 1), -1 when the process
 *       is gone, -2 when the kernel keeps no child lists (CONFIG_PROC_CHILDREN unset).
 *       What src/process/descendant-walk.ts does with readdir and a read per thread, in one
 *       call: the stop of many programs looks at every program's children just before its
 *       stop signal, and the calls, strings and arrays of that walk cost more than its
 *       system calls. Each list is opened relative to the open task directory (no lookup of
 *       /proc/PID per thread).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appends the pids of one child list to `out`; false when it cannot be opened. */
static int append_list(napi_env env, int task_fd, const char *tid, napi_value out,
                       uint32_t *length) {
  char path[64];
  snprintf(path, sizeof(path), "%s/children", tid);
  int fd;
  do {
    fd = openat(task_fd, path, O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return 0;
  char buf[4096];
  long long value = -1;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; i++) {
      char c = buf[i];
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
      } else if (value >= 0) {
        napi_value pid;
        napi_create_int64(env, value, &pid);
        napi_set_element(env, out, (*length)++, pid);
        value = -1;
      }
    }
  }
  if (value >= 0) {
    napi_value pid;
    napi_create_int64(env, value, &pid);
    napi_set_element(env, out, (*length)++, pid);
  }
  close(fd);
  return 1;
}

napi_value overseer_task_children(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  int64_t pid = 0;
  bool is_array = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int64(env, argv[0], &pid) != napi_ok || pid <= 0 ||
      napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array) {
    napi_throw_type_error(env, NULL, "taskChildren(pid, out): a pid and an array");
    return NULL;
  }
  napi_value out = argv[1];
  uint32_t length = 0;
  napi_get_array_length(env, out, &length);
  char path[64], own[24];
  snprintf(path, sizeof(path), "/proc/%lld/task", (long long)pid);
  snprintf(own, sizeof(own), "%lld", (long long)pid);
  int task_fd;
  do {
    task_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } while (task_fd < 0 && errno == EINTR);
  int threads = -1; /* gone */
  DIR *dir = task_fd < 0 ? NULL : fdopendir(task_fd);
  if (dir == NULL && task_fd >= 0) close(task_fd);
  if (dir != NULL) {
    threads = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      threads++;
      if (append_list(env, task_fd, entry->d_name, out, &length)) continue;
      /* The thread ended meanwhile, or the kernel has no child lists at all. */
      struct stat st;
      int main_thread = entry->d_name[0] == own[0] && strcmp(entry->d_name, own) == 0;
      if (main_thread && fstatat(task_fd, own, &st, 0) == 0) {
        threads = -2;
        break;
      }
    }
    closedir(dir);
  }
  napi_create_int32(env, threads, &result);
  return result;
}
