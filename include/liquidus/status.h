/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status codes and diagnostics shared by every liquidus function. */
#ifndef LIQUIDUS_STATUS_H
#define LIQUIDUS_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LQ_BUILDING_LIBRARY) && defined(__GNUC__)
#define LQ_API __attribute__((visibility("default")))
#else
#define LQ_API
#endif

/* One list for codes and messages so that they cannot drift (STYLE.md §4). */
#define LQ_STATUS_LIST(X)                                   \
    X(LQ_OK, "success")                                     \
    X(LQ_EINVAL, "invalid argument")                        \
    X(LQ_ENOMEM, "out of memory")                           \
    X(LQ_EDOM, "argument outside model validity")           \
    X(LQ_ENOCONV, "iteration did not converge")             \
    X(LQ_ESINGULAR, "singular or ill-conditioned system")   \
    X(LQ_EPARSE, "malformed input file")                    \
    X(LQ_EIO, "I/O error")                                  \
    X(LQ_EUNSUPPORTED, "model or format not supported yet") \
    X(LQ_ENOTFOUND, "named item not found")                 \
    X(LQ_EWRITE, "output could not be written")             \
    X(LQ_ECANCELLED, "cancelled (interrupted)")

/** Result of every fallible liquidus function. */
typedef enum lq_status {
#define LQ_STATUS_ENUM_(name, msg) name,
    LQ_STATUS_LIST(LQ_STATUS_ENUM_)
#undef LQ_STATUS_ENUM_
        LQ_STATUS_COUNT_
} lq_status;

/** Static, never-NULL English text for a status code ("unknown status" for values out of range). */
LQ_API const char *lq_status_str(lq_status s);

/** Size of the message buffer of lq_diag, in bytes including the terminating NUL. */
#define LQ_DIAG_MSG_SIZE 512
/** Size of the file-name buffer of lq_diag. */
#define LQ_DIAG_FILE_SIZE 256

/**
 * Caller-provided detail for an error: where (file, line, column, field) and what.
 * Every function that takes one accepts NULL ("don't care"). Functions fill it only when they
 * return a status other than LQ_OK, or when they report a warning (then `warning` is 1).
 * Lines and columns start at 1; 0 means "not applicable".
 */
typedef struct lq_diag {
    char file[LQ_DIAG_FILE_SIZE]; /**< input file, or "" */
    long line;                    /**< 1-based line, 0 if none */
    long column;                  /**< 1-based column, 0 if none */
    char field[64];               /**< name of the field/keyword concerned, or "" */
    char msg[LQ_DIAG_MSG_SIZE];   /**< human-readable description of what is wrong */
    int warning;                  /**< 1 when the diag carries a warning on success */
} lq_diag;

/** Clears a diag (NULL is a no-op). */
LQ_API void lq_diag_clear(lq_diag *d);

/**
 * Formats a diag as "file:line:column: field: message" (parts that are empty are left out) into
 * buf. Returns buf. NULL d gives "".
 */
LQ_API char *lq_diag_format(const lq_diag *d, char *buf, unsigned long size);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_STATUS_H */
