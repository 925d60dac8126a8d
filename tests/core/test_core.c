/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core: status strings, diag formatting, atomic files and output-file writes, CSV round trips,
 * number parsing. */
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/units.h"
#include "lq_test.h"

void test_core_status(void);
void test_core_files(void);
void test_core_parse(void);

void test_core_status(void) {
    LQ_CHECK(strcmp(lq_status_str(LQ_OK), "success") == 0);
    LQ_CHECK(strcmp(lq_status_str(LQ_EPARSE), "malformed input file") == 0);
    LQ_CHECK(strcmp(lq_status_str((lq_status)999), "unknown status") == 0);
    lq_diag d;
    lq_status st = lqi_diag_set(&d, LQ_EPARSE, "x.tdb", 12, "PHASE", "bad %s", "thing");
    LQ_CHECK_STATUS(st, LQ_EPARSE);
    char buf[256];
    LQ_CHECK(strcmp(lq_diag_format(&d, buf, sizeof buf), "x.tdb:12: PHASE: bad thing") == 0);
    LQ_CHECK(lqi_diag_set(NULL, LQ_EIO, NULL, 0, NULL, "x") == LQ_EIO);
    /* Bytes of a binary file quoted in a message: valid UTF-8 (2, 3 and 4 bytes) is kept, every
     * byte of an ill-formed sequence becomes '?' (lead bytes F5-FF, overlong E0 80 80, a
     * surrogate ED A0 80, F4 90 above U+10FFFF, a lone continuation byte, a C1 control, a
     * sequence cut by the end of the string), tabs become blanks, control characters '?'. A
     * random-bytes TDB once produced a message with a raw FF that a strict decoder refused. */
    static const struct {
        const char *in, *out;
    } q[] = {
        {"\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E", "\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E"},
        {"a\xFF\x95\xA2"
         "b",
         "a???b"},
        {"\xF5\x80\x80\x80", "????"},
        {"\xE0\x80\x80", "???"},
        {"\xED\xA0\x80", "???"},
        {"\xF4\x90\x80\x80", "????"},
        {"\xC2\x85", "??"},
        {"\xE2\x82", "??"},
        {"x\ty\x01\x7F", "x y??"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        lqi_diag_set(&d, LQ_EPARSE, NULL, 0, NULL, "%s", q[i].in);
        LQ_CHECK(strcmp(d.msg, q[i].out) == 0);
    }
    /* Exact constants: R = N_A k_B and F = N_A e to double precision. */
    LQ_CHECK_CLOSE(LQ_GAS_CONSTANT_J_PER_MOL_K, LQ_AVOGADRO_PER_MOL * LQ_BOLTZMANN_J_PER_K, 1e-15,
                   0);
    LQ_CHECK_CLOSE(LQ_FARADAY_C_PER_MOL, LQ_AVOGADRO_PER_MOL * LQ_ELEMENTARY_CHARGE_C, 1e-15, 0);
    LQ_CHECK_CLOSE(
        LQ_COULOMB_EV_A,
        LQ_ELEMENTARY_CHARGE_C / (4.0 * LQ_PI * LQ_VACUUM_PERMITTIVITY_F_PER_M) / LQ_ANGSTROM_M,
        1e-14, 0);
}

void test_core_files(void) {
    char path[] = "lq_core_test_XXXXXX";
    int fd = mkstemp(path);
    LQ_CHECK(fd >= 0);
    close(fd);
    /* CSV round trip with comment block. */
    const char *names[] = {"T_K", "E_V"};
    lq_csv *c = NULL;
    LQ_CHECK_STATUS(lq_csv_open(path, names, 2, "line one\nline two", &c, NULL), LQ_OK);
    double row[2] = {973.15, -1.234567890123456789};
    LQ_CHECK_STATUS(lq_csv_row(c, row, 2), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_row(c, row, 3), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_csv_close(c, NULL), LQ_OK);
    char *text = NULL;
    size_t n = 0;
    LQ_CHECK_STATUS(lq_file_read_all(path, &text, &n, NULL), LQ_OK);
    LQ_CHECK(
        text &&
        strcmp(text, "# line one\n# line two\nT_K,E_V\n973.14999999999998,-1.2345678901234567\n") ==
            0);
    lq_free(text);
    /* An aborted CSV leaves the earlier file untouched. */
    LQ_CHECK_STATUS(lq_csv_open(path, names, 2, NULL, &c, NULL), LQ_OK);
    lq_csv_abort(c);
    LQ_CHECK_STATUS(lq_file_read_all(path, &text, &n, NULL), LQ_OK);
    LQ_CHECK(text && strncmp(text, "# line one", 10) == 0);
    lq_free(text);
    /* Byte and printf writes through an output file (the public API carries no FILE *). */
    {
        lq_outfile *of = NULL;
        LQ_CHECK_STATUS(lq_outfile_open(path, &of, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_outfile_write(of, "T_K=", 4), LQ_OK);
        LQ_CHECK_STATUS(lq_outfile_printf(of, "%.17g %s\n", 973.15, "K"), LQ_OK);
        LQ_CHECK_STATUS(lq_outfile_write(of, NULL, 0), LQ_OK);
        LQ_CHECK_STATUS(lq_outfile_write(of, NULL, 3), LQ_EINVAL);
        LQ_CHECK_STATUS(lq_outfile_commit(of, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_file_read_all(path, &text, &n, NULL), LQ_OK);
        LQ_CHECK(text && strcmp(text, "T_K=973.14999999999998 K\n") == 0);
        lq_free(text);
        LQ_CHECK_STATUS(lq_outfile_write(NULL, "x", 1), LQ_EINVAL);
        LQ_CHECK_STATUS(lq_outfile_printf(NULL, "x"), LQ_EINVAL);
    }
    lq_diag d;
    /* Errors name the file. */
    LQ_CHECK_STATUS(lq_file_read_all("/nonexistent/dir/file", &text, &n, &d), LQ_EIO);
    LQ_CHECK(strstr(d.file, "/nonexistent/dir/file") != NULL);
    LQ_CHECK_STATUS(lq_outfile_open("/nonexistent/dir/out.csv", &(lq_outfile *){NULL}, &d),
                    LQ_EWRITE);
    /* Outputs get the permissions of any new file under the umask (not mkstemp's 0600). */
    {
        mode_t old = umask(022);
        unlink(path);
        LQ_CHECK_STATUS(lq_file_write_atomic(path, "x", 1, NULL), LQ_OK);
        struct stat sb;
        LQ_CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0644);
        umask(old);
    }
    /* Allocation failure is reported, not crashed on. */
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_file_read_all(path, &text, &n, NULL), LQ_ENOMEM);
    LQ_CHECK_STATUS(lq_csv_open(path, names, 2, NULL, &c, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    unlink(path);
}

void test_core_parse(void) {
    double v = 0;
    LQ_CHECK(lqi_parse_double(" 1.5e3 ", 7, 0, &v) == 0 && v == 1500.0);
    LQ_CHECK(lqi_parse_double("-0,25", 5, 1, &v) == 0 && v == -0.25);
    LQ_CHECK(lqi_parse_double("-0,25", 5, 0, &v) == -1);
    LQ_CHECK(lqi_parse_double("", 0, 0, &v) == -1);
    LQ_CHECK(lqi_parse_double("1e999", 5, 0, &v) == -1);
    LQ_CHECK(lqi_strcasecmp("Liquid", "LIQUID") == 0);
    LQ_CHECK(lqi_strncasecmp("BCC_A2", "bcc_b2", 4) == 0);
}
