// Declarations Swift's Glibc module does not export: epoll, eventfd, sendfile, accept4,
// sched_getaffinity, pthread_setname_np and socket filters. Declarations only — the C library provides every definition.
#ifndef C_STRATA_SYSTEM_H
#define C_STRATA_SYSTEM_H

#include <linux/filter.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/types.h>

// <sys/socket.h> declares accept4 only under _GNU_SOURCE, which Swift's Glibc module is not
// built with; the signature is glibc's.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// <sched.h> declares sched_getaffinity only under _GNU_SOURCE. `mask` is a cpu_set_t, whose
// bits Swift counts itself (CPU_COUNT is a macro).
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, void *mask);

// <pthread.h> declares pthread_setname_np only under _GNU_SOURCE; names show in `top -H`,
// `ps -L` and debuggers (at most 15 bytes).
extern int pthread_setname_np(pthread_t thread, const char *name);

#endif
