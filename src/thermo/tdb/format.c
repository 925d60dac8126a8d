/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which database format a text is written in: Thermo-Calc TDB or ChemSage/FactSage .dat. */
#include <ctype.h>
#include <stddef.h>

#include "thermo/thermo_internal.h"

/*
 * A ChemSage data file (the format FactSage exports and Thermochimica reads; G. Eriksson and
 * K. Hack, Metall. Trans. B 21 (1990) 1013, and Thermochimica's ParseCSDataFile.f90) starts with
 * a free title line, then a line of counts (elements, solution phases, species of each solution,
 * stoichiometric compounds): integers only, then the element names. A TDB file has no line of
 * bare integers before its first statement, whose terminator '!' a .dat file never contains.
 * The test below is the title line, then a line of at least three unsigned integers (the counts
 * may wrap over further lines of integers), then a line that starts with a letter, all before
 * any '!'.
 */

/* Advances past the current line; returns the start of the next one (or the NUL). */
static const char *next_line(const char *s) {
    while (*s && *s != '\n') s++;
    return *s ? s + 1 : s;
}

static int blank_line(const char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    return *s == '\n' || *s == '\0';
}

/* Number of unsigned integers on the line, or -1 when it holds anything else (or a '!'). */
static int count_integers(const char *s) {
    int n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r') s++;
        if (*s == '\n' || *s == '\0') return n;
        if (!isdigit((unsigned char)*s)) return -1;
        while (isdigit((unsigned char)*s)) s++;
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '\0') return -1;
        n++;
    }
}

int lqi_db_sniff_format(const char *text) {
    if (!text) return LQI_DB_FORMAT_TDB;
    const char *s = text;
    while (*s && blank_line(s)) s = next_line(s);
    /* the title: anything but a statement end */
    for (const char *q = s; *q && *q != '\n'; q++)
        if (*q == '!') return LQI_DB_FORMAT_TDB;
    s = next_line(s);
    if (count_integers(s) < 3) return LQI_DB_FORMAT_TDB;
    s = next_line(s);
    while (count_integers(s) > 0) s = next_line(s); /* the counts may wrap over lines */
    while (*s == ' ' || *s == '\t') s++;
    if (!isalpha((unsigned char)*s)) return LQI_DB_FORMAT_TDB;
    for (const char *q = s; *q && *q != '\n'; q++)
        if (*q == '!') return LQI_DB_FORMAT_TDB;
    return LQI_DB_FORMAT_CHEMSAGE_DAT;
}
