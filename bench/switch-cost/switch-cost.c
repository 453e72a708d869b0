// What one wake-up costs on this machine: two threads, or two processes, pass one byte back and forth over a Unix
// socket pair, each blocking in read() until the other writes. Every round trip is two wake-ups; a request through a
// worker host needs at least two more than one served in the server process (bench/README.md, "What worker hosts
// add"). Prints the wall time and the CPU time (user + system, both sides) per round trip.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pair[2];
static long rounds;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(int who) {
    struct rusage u;
    getrusage(who, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void *echo(void *unused) {
    (void)unused;
    char c;
    for (long i = 0; i < rounds; i++) {
        if (read(pair[1], &c, 1) != 1 || write(pair[1], &c, 1) != 1) break;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "threads") != 0 && strcmp(argv[1], "processes") != 0)) {
        fprintf(stderr, "usage: %s threads|processes ROUNDS\n", argv[0]);
        return 2;
    }
    int processes = strcmp(argv[1], "processes") == 0;
    rounds = atol(argv[2]);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) { perror("socketpair"); return 1; }

    pthread_t thread;
    pid_t child = 0;
    if (processes) {
        child = fork();
        if (child == 0) { echo(NULL); _exit(0); }
    } else {
        pthread_create(&thread, NULL, echo, NULL);
    }

    double start = seconds(), cpu_start = cpu_seconds(RUSAGE_SELF);
    char c = 'x';
    for (long i = 0; i < rounds; i++) {
        if (write(pair[0], &c, 1) != 1 || read(pair[0], &c, 1) != 1) { perror("ping"); return 1; }
    }
    double wall = seconds() - start;
    double cpu;
    if (processes) {
        waitpid(child, NULL, 0);
        cpu = cpu_seconds(RUSAGE_SELF) - cpu_start + cpu_seconds(RUSAGE_CHILDREN);
    } else {
        pthread_join(thread, NULL);
        cpu = cpu_seconds(RUSAGE_SELF) - cpu_start;  // both threads
    }
    printf("%-9s %7.2f us wall, %7.2f us CPU per round trip (%ld round trips)\n", argv[1], wall / rounds * 1e6,
           cpu / rounds * 1e6, rounds);
    return 0;
}
