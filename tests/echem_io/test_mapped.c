/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_echem_record_read on mapped files (sizes around a page), on a FIFO, and against the buffer. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

/* A CSV of exactly `size` bytes (size >= 200): rows of "t,E,I" and a last row without a newline
 * whose last number is padded with zeros to the size, so that the file ends inside a number. */
static size_t make_csv(char *buf, size_t size) {
    size_t k = (size_t)snprintf(buf, size, "time/s,E/V,I/A\n");
    for (int i = 0; k + 40 < size - 40; i++)
        k += (size_t)snprintf(buf + k, size - k, "%d.5,-0.%03d,1.25e-%d\n", i, i % 1000, 3 + i % 5);
    k += (size_t)snprintf(buf + k, size - k, "999,0.5,2.");
    while (k < size) buf[k++] = '0';
    return k;
}

static int same_record(const lq_echem_record *a, const lq_echem_record *b) {
    if (a->n != b->n || a->nextra != b->nextra) return 0;
    size_t bytes = a->n * sizeof(double);
    return memcmp(a->time_s, b->time_s, bytes) == 0 &&
           memcmp(a->potential_V, b->potential_V, bytes) == 0 &&
           memcmp(a->current_A, b->current_A, bytes) == 0;
}

/* Writes size bytes to a temporary file, reads it by path and from memory: both the same. */
static void check_size(size_t size) {
    char *buf = malloc(size + 1);
    char path[] = "lq_mapped_XXXXXX";
    int fd = mkstemp(path);
    LQ_CHECK(buf && fd >= 0);
    if (!buf || fd < 0) {
        free(buf);
        return;
    }
    size_t n = make_csv(buf, size);
    LQ_CHECK(n == size && write(fd, buf, n) == (ssize_t)n && close(fd) == 0);
    lq_echem_record *a = NULL, *b = NULL;
    LQ_CHECK_STATUS(lq_echem_record_read(path, NULL, &a, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_record_read_buffer(buf, n, path, NULL, &b, NULL), LQ_OK);
    if (a && b) {
        LQ_CHECK(same_record(a, b));
        /* the last number ends the file: "2.000..." */
        LQ_CHECK(a->n > 2 && a->current_A[a->n - 1] == 2.0 && a->time_s[a->n - 1] == 999.0);
    }
    lq_echem_record_free(a);
    lq_echem_record_free(b);
    unlink(path);
    free(buf);
}

void test_mapped_files(void) {
    /* A whole page (read, not mapped), one byte less and one more (mapped, the zeroed tail of the
     * last page ends the text), and several pages. */
    long page = sysconf(_SC_PAGESIZE);
    size_t p = page > 0 ? (size_t)page : 4096;
    check_size(p);
    check_size(p - 1);
    check_size(p + 1);
    check_size(3 * p + 17);
    check_size(4 * p);
    /* A FIFO: read as a stream; nothing its writer sent is lost. */
    char dir[] = "lq_fifo_XXXXXX";
    if (!mkdtemp(dir)) {
        LQ_FAIL("mkdtemp");
        return;
    }
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/rec.csv", dir);
    LQ_CHECK(mkfifo(fifo, 0600) == 0);
    char text[2000];
    size_t n = make_csv(text, 1500);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *fp = fopen(fifo, "w");
        int ok = fp && fwrite(text, 1, n, fp) == n;
        if (fp) ok = fclose(fp) == 0 && ok;
        _exit(ok ? 0 : 1);
    }
    LQ_CHECK(pid > 0);
    if (pid > 0) {
        lq_echem_record *a = NULL, *b = NULL;
        LQ_CHECK_STATUS(lq_echem_record_read(fifo, NULL, &a, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_echem_record_read_buffer(text, n, "rec.csv", NULL, &b, NULL), LQ_OK);
        if (a && b) LQ_CHECK(same_record(a, b));
        lq_echem_record_free(a);
        lq_echem_record_free(b);
        int status = 0;
        LQ_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    unlink(fifo);
    rmdir(dir);
}
