// A malloc quarantine, loaded with LD_PRELOAD under tests: free() fills each block with a pattern and holds it back
// from reuse for a while. When a block leaves the quarantine (or the process exits) the pattern is verified, so a write
// through a dangling pointer, which normally corrupts whatever reuses the memory much later, is reported with the
// stack that freed the block. Reports go to $MEMCHECK_DIR/<pid>.txt.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void* __libc_malloc(size_t);
extern void __libc_free(void*);

#define PATTERN_BYTE 0x5a
#define PATTERN_WORD 0x5a5a5a5a5a5a5a5aULL
#define FREE_FRAMES 12
#define CAPACITY (1u << 20)               // blocks held at most
#define DEFAULT_BYTES (768ul << 20)       // bytes held at most
#define MAX_REPORTS 50

typedef struct {
  void* block;
  size_t size;
  unsigned long freed_at;  // sequence number of the free
  int frames;
  void* stack[FREE_FRAMES];
} held_block;

static held_block* ring;
static size_t head, count, held_bytes, max_bytes = DEFAULT_BYTES;
static unsigned long frees, checked, damaged;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int inside;  // backtrace() may free: those frees bypass the quarantine
static int report_fd = -1;

static void say(const char* text, int length) {
  if (report_fd >= 0 && length > 0) (void)!write(report_fd, text, (size_t)length);
}

static void report(const held_block* b, size_t offset, uint64_t value) {
  char line[512];
  say(line, snprintf(line, sizeof line, "DAMAGED block %p (%zu bytes) at offset %zu: %016llx, %lu frees after it was freed by:\n",
                     b->block, b->size, offset, (unsigned long long)value, frees - b->freed_at));
  for (int i = 0; i < b->frames; i++) {
    Dl_info info;
    if (dladdr(b->stack[i], &info) && info.dli_fname != NULL) {
      say(line, snprintf(line, sizeof line, "  %s+0x%lx %s\n", info.dli_fname,
                         (unsigned long)((char*)b->stack[i] - (char*)info.dli_fbase), info.dli_sname ? info.dli_sname : ""));
    } else {
      say(line, snprintf(line, sizeof line, "  %p\n", b->stack[i]));
    }
  }
}

static void verify(const held_block* b) {
  const uint64_t* words = (const uint64_t*)b->block;
  checked++;
  for (size_t i = 0; i < b->size / 8; i++) {
    if (words[i] == PATTERN_WORD) continue;
    if (damaged++ < MAX_REPORTS) report(b, i * 8, words[i]);
  }
}

static void release_oldest(void) {
  held_block* b = &ring[head];
  verify(b);
  __libc_free(b->block);
  held_bytes -= b->size;
  head = (head + 1) % CAPACITY;
  count--;
}

void free(void* block) {
  if (block == NULL) return;
  if (inside || ring == NULL) {
    __libc_free(block);
    return;
  }
  inside = 1;
  held_block b = {block, malloc_usable_size(block), 0, 0, {0}};
  b.frames = backtrace(b.stack, FREE_FRAMES);
  memset(block, PATTERN_BYTE, b.size);
  pthread_mutex_lock(&lock);
  while (count == CAPACITY || (count > 0 && held_bytes + b.size > max_bytes)) release_oldest();
  b.freed_at = ++frees;
  ring[(head + count) % CAPACITY] = b;
  count++;
  held_bytes += b.size;
  pthread_mutex_unlock(&lock);
  inside = 0;
}

void cfree(void* block) { free(block); }

// glibc's realloc would free the old block itself, past the quarantine.
void* realloc(void* block, size_t size) {
  if (block == NULL) return malloc(size);
  if (size == 0) {
    free(block);
    return NULL;
  }
  void* moved = __libc_malloc(size);
  if (moved == NULL) return NULL;
  size_t old = malloc_usable_size(block);
  memcpy(moved, block, old < size ? old : size);
  free(block);
  return moved;
}

__attribute__((constructor)) static void start(void) {
  inside = 1;
  void* warm[1];
  backtrace(warm, 1);  // loads the unwinder now, not inside a free
  const char* dir = getenv("MEMCHECK_DIR");
  if (dir != NULL) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%d.txt", dir, getpid());
    report_fd = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
  }
  const char* megabytes = getenv("MEMCHECK_QUARANTINE_MB");
  if (megabytes != NULL) max_bytes = strtoul(megabytes, NULL, 10) << 20;
  void* memory = mmap(NULL, sizeof(held_block) * CAPACITY, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ring = memory == MAP_FAILED ? NULL : memory;
  inside = 0;
}

__attribute__((destructor)) static void finish(void) {
  if (ring == NULL) return;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < count; i++) verify(&ring[(head + i) % CAPACITY]);
  char line[256];
  say(line, snprintf(line, sizeof line, "SUMMARY pid %d: %lu frees, %lu blocks verified, %lu damaged words\n", getpid(),
                     frees, checked, damaged));
  pthread_mutex_unlock(&lock);
}
