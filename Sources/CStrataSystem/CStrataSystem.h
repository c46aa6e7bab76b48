// Declarations Swift's Glibc module does not export: epoll, eventfd, sendfile, accept4,
// sched_getaffinity, pthread_setname_np and socket filters; and two of the Swift concurrency
// runtime's, for `strata_reserve_task_frames`. Declarations only, and that one inline
// function — the C library and the Swift runtime provide every definition.
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

// The Swift concurrency runtime's task allocator (ABI-stable: compiled async code calls
// it for every frame). Declared here, with the runtime's calling convention, for
// `strata_reserve_task_frames`; Swift may not name runtime symbols itself.
extern void *swift_task_alloc(size_t size) __attribute__((swiftcall));
extern void swift_task_dealloc(void *pointer) __attribute__((swiftcall));

// Gives the current task's allocator one slab of `size` bytes for the frames to come: an
// allocation the size of the slab, released at once. The allocator keeps a released slab
// for the task's next frames, so they share it instead of each frame too large for the
// slab in use getting one of its own. Call only from a task: outside one the runtime falls
// back to a single process-wide allocator, which threads must not share.
static inline void strata_reserve_task_frames(size_t size) {
    swift_task_dealloc(swift_task_alloc(size));
}

#endif
