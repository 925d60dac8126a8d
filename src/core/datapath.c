/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_data_path: locating the bundled data folder (environment, relocatable install, build tree). */
/* dladdr is a GNU/BSD extension; realpath an XSI one. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

/* The build system defines these for this file (CMakeLists.txt); defaults keep it compilable. */
#ifndef LQ_SOURCE_DATA_DIR
#define LQ_SOURCE_DATA_DIR "data"
#endif
#ifndef LQ_BUILD_DIR
#define LQ_BUILD_DIR ""
#endif
#ifndef LQ_INSTALL_DATA_DIR
#define LQ_INSTALL_DATA_DIR "/usr/local/share/liquidus"
#endif
#ifndef LQ_DATA_FROM_LIBDIR
#define LQ_DATA_FROM_LIBDIR "../share/liquidus"
#endif
#ifndef LQ_DATA_FROM_BINDIR
#define LQ_DATA_FROM_BINDIR "../share/liquidus"
#endif

/* An object of the library whose address dladdr maps back to the file that holds the library
 * (libliquidus.so, or the executable a static libliquidus.a was linked into). */
static const char lqi_data_anchor = 0;

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Folder of the file that holds this code, resolved (symbolic links followed) into dir[PATH_MAX].
 * dladdr names a shared object by the path it was loaded from; for code in the main program glibc
 * may give argv[0] or "", so then /proc/self/exe is read instead. */
static int self_dir(char *dir) {
    Dl_info info;
    char file[PATH_MAX];
    int ok = 0;
    if (dladdr(&lqi_data_anchor, &info) && info.dli_fname && strchr(info.dli_fname, '/'))
        ok = realpath(info.dli_fname, file) != NULL;
    if (!ok) {
        ssize_t n = readlink("/proc/self/exe", file, sizeof file - 1);
        if (n <= 0) return 0;
        file[n] = '\0';
    }
    char *slash = strrchr(file, '/');
    if (!slash) return 0;
    *slash = '\0';
    if (file[0] == '\0') snprintf(file, sizeof file, "/");
    memcpy(dir, file, strlen(file) + 1);
    return 1;
}

/* Picks the data folder (see core.h) into dir[PATH_MAX]; `how` says why, for messages. */
static int data_dir(char *dir, const char **how) {
    const char *env = getenv("LIQUIDUS_DATA_DIR");
    if (env && *env) {
        if (strlen(env) >= PATH_MAX) return 0;
        snprintf(dir, PATH_MAX, "%s", env);
        *how = "LIQUIDUS_DATA_DIR";
        return 1;
    }
    char self[PATH_MAX], cand[PATH_MAX];
    if (self_dir(self)) {
        char build[PATH_MAX];
        if (LQ_BUILD_DIR[0] && realpath(LQ_BUILD_DIR, build) && strcmp(build, self) == 0 &&
            is_dir(LQ_SOURCE_DATA_DIR)) {
            snprintf(dir, PATH_MAX, "%s", LQ_SOURCE_DATA_DIR);
            *how = "the source tree of this build";
            return 1;
        }
        static const char *const rel[] = {LQ_DATA_FROM_LIBDIR, LQ_DATA_FROM_BINDIR};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            int n = snprintf(cand, sizeof cand, "%s/%s", self, rel[i]);
            if (n > 0 && (size_t)n < sizeof cand && is_dir(cand) && realpath(cand, dir)) {
                *how = "the location of the library";
                return 1;
            }
        }
    }
    if (is_dir(LQ_INSTALL_DATA_DIR)) {
        snprintf(dir, PATH_MAX, "%s", LQ_INSTALL_DATA_DIR);
        *how = "the configured install prefix";
        return 1;
    }
    if (is_dir(LQ_SOURCE_DATA_DIR)) {
        snprintf(dir, PATH_MAX, "%s", LQ_SOURCE_DATA_DIR);
        *how = "the source tree the library was built from";
        return 1;
    }
    return 0;
}

lq_status lq_data_path(const char *relative, char *buf, size_t size, lq_diag *diag) {
    if (!relative || !buf || size == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "relative", "NULL argument or empty buffer");
    if (relative[0] == '/')
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "relative",
                            "'%s' is absolute; give a path inside the data folder", relative);
    char dir[PATH_MAX];
    const char *how = "";
    if (!data_dir(dir, &how))
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "LIQUIDUS_DATA_DIR",
                            "no liquidus data folder found (installed share/liquidus or the "
                            "source data/); set LIQUIDUS_DATA_DIR");
    int n =
        relative[0] ? snprintf(buf, size, "%s/%s", dir, relative) : snprintf(buf, size, "%s", dir);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "size",
                            "buffer of %zu bytes too small for the path of '%s' in %s", size,
                            relative, dir);
    }
    if (access(buf, F_OK) != 0)
        return lqi_diag_set(diag, LQ_ENOTFOUND, buf, 0, "relative",
                            "'%s' is not in the data folder %s (chosen from %s)", relative, dir,
                            how);
    return LQ_OK;
}
