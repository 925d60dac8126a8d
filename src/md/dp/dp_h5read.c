/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Read-only HDF5 for DeePMD-kit `.dp` models: the subset h5py and libhdf5 write by default, read
 * from memory with every address checked, so that a damaged model file is refused, not trusted. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* Why not libhdf5 for reading: libhdf5 1.10 (Debian 12) trusts the sizes and addresses of the file
 * it reads; one changed byte in a .dp file made it allocate 49 TB (H5C_protect) or copy past its
 * buffers (H5HG_read) within seconds of fuzzing. A model file is user input. The writer
 * (lqi_dp_tree_save) still uses libhdf5, and tests/deepmd reads back what it wrote.
 *
 * Covered (HDF5 File Format Specification 3.0, sections named below): superblock versions 0 and 1
 * with 8-byte offsets and lengths (II.A); version 1 object headers with continuation blocks
 * (IV.A.1.a); groups as symbol tables: v1 B-trees of type 0, symbol table nodes, local heaps
 * (III.A.1, III.B, III.D); dataspace messages v1/v2 (IV.A.2.b); fixed-point and IEEE float
 * datatypes of either byte order, fixed and variable-length strings (IV.A.2.d); layout message v3,
 * compact and contiguous (IV.A.2.i); attribute messages v1-v3 (IV.A.2.m); global heap collections
 * for variable-length data (III.E). Everything else (superblock v2/v3 of libver "latest", chunked
 * or filtered datasets, dense attribute or link storage, shared messages) is refused by name. */

#define H5_MAX_MSGS 4096
#define H5_MAX_CONT 64
#define H5_MAX_DEPTH 16
#define H5_MAX_DIMS 16
#define H5_UNDEF UINT64_MAX

/* The bytes [addr, addr + len) of the file, or NULL when they are not all there. */
static const unsigned char *at(const lqi_h5 *f, uint64_t addr, uint64_t len) {
    if (addr == H5_UNDEF || addr > UINT64_MAX - f->base) return NULL;
    uint64_t a = addr + f->base;
    if (a > f->n || len > f->n - a) return NULL;
    return f->b + a;
}

static lq_status bad(const lqi_h5 *f, lq_diag *diag, const char *field, const char *what) {
    return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, field, "HDF5: %s (truncated or damaged file)",
                        what);
}

static lq_status unsupported(const lqi_h5 *f, lq_diag *diag, const char *field, const char *what) {
    return lqi_diag_set(diag, LQ_EUNSUPPORTED, f->path, 0, field,
                        "HDF5: %s is not supported (DeePMD-kit and liquidus write superblock 0, "
                        "contiguous datasets)",
                        what);
}

lq_status lqi_h5_open(const void *buf, size_t n, const char *path, lqi_h5 *f, lq_diag *diag) {
    static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    memset(f, 0, sizeof *f);
    f->b = buf;
    f->n = n;
    f->path = path;
    /* the superblock is at 0, 512, 1024, 2048, ... (after a user block) */
    size_t sb = 0;
    while (sb + 8 <= n && memcmp(f->b + sb, sig, 8) != 0) sb = sb ? 2 * sb : 512;
    if (sb + 8 > n)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "", "not an HDF5 file (no signature)");
    const unsigned char *s = f->b + sb;
    if (n - sb < 96) return bad(f, diag, "superblock", "superblock cut short");
    if (s[8] > 1) {
        char what[64];
        snprintf(what, sizeof what, "superblock version %u", s[8]);
        return unsupported(f, diag, "superblock", what);
    }
    if (s[13] != 8 || s[14] != 8)
        return unsupported(f, diag, "superblock", "offsets or lengths other than 8 bytes");
    size_t o = 24 + (s[8] == 1 ? 4 : 0);
    f->base = lqi_load_le_uint(s + o, 8);
    if (f->base > n) return bad(f, diag, "superblock", "base address outside the file");
    /* root group symbol table entry after base, free-space, end-of-file, driver addresses */
    f->root = lqi_load_le_uint(s + o + 32 + 8, 8);
    if (!at(f, f->root, 16)) return bad(f, diag, "superblock", "root group address");
    return LQ_OK;
}

/* ---------------------------------------------------------------- object headers */

typedef struct h5_msg {
    unsigned type, flags;
    const unsigned char *p;
    size_t len;
} h5_msg;

typedef int (*h5_visit)(const h5_msg *m, void *ctx);

/* Calls visit on every message of the version 1 object header at addr (continuations followed);
 * visit returns nonzero to stop. */
static lq_status each_message(const lqi_h5 *f, uint64_t addr, h5_visit visit, void *ctx,
                              lq_diag *diag) {
    const unsigned char *h = at(f, addr, 16);
    if (!h) return bad(f, diag, "object header", "object header outside the file");
    if (h[0] != 1) return unsupported(f, diag, "object header", "object header version 2");
    uint64_t nmsg = lqi_load_le_uint(h + 2, 2), blk = addr + 16, blen = lqi_load_le_uint(h + 8, 4);
    uint64_t conts[H5_MAX_CONT][2];
    size_t ncont = 0, ci = 0, seen = 0;
    for (;;) {
        const unsigned char *b = at(f, blk, blen);
        if (!b) return bad(f, diag, "object header", "object header block outside the file");
        for (uint64_t off = 0; off + 8 <= blen && seen < nmsg;) {
            h5_msg m = {(unsigned)lqi_load_le_uint(b + off, 2), b[off + 4], b + off + 8,
                        (size_t)lqi_load_le_uint(b + off + 2, 2)};
            if (m.len > blen - off - 8)
                return bad(f, diag, "object header", "message longer than its header block");
            if (++seen > H5_MAX_MSGS) return bad(f, diag, "object header", "too many messages");
            if (m.type == 0x10) { /* continuation: offset, length */
                if (m.len < 16 || ncont >= H5_MAX_CONT)
                    return bad(f, diag, "object header", "bad continuation message");
                conts[ncont][0] = lqi_load_le_uint(m.p, 8);
                conts[ncont][1] = lqi_load_le_uint(m.p + 8, 8);
                ncont++;
            } else if (m.type != 0 && visit(&m, ctx)) {
                return LQ_OK;
            }
            off += 8 + m.len;
        }
        if (ci >= ncont || seen >= nmsg) return LQ_OK;
        blk = conts[ci][0];
        blen = conts[ci][1];
        ci++;
    }
}

/* ---------------------------------------------------------------- groups */

typedef struct find_ctx {
    uint64_t btree, heap;
    int found;
} find_ctx;

static int want_symtab(const h5_msg *m, void *ctx) {
    find_ctx *c = ctx;
    if (m->type != 0x11 || m->len < 16) return 0;
    c->btree = lqi_load_le_uint(m->p, 8);
    c->heap = lqi_load_le_uint(m->p + 8, 8);
    c->found = 1;
    return 1;
}

/* Searches the symbol table nodes under the v1 B-tree node at node for name (len bytes). */
static lq_status btree_find(const lqi_h5 *f, uint64_t node, const unsigned char *heap,
                            uint64_t heap_len, const char *name, size_t len, uint64_t *obj,
                            int depth, unsigned *budget, lq_diag *diag) {
    if (depth > H5_MAX_DEPTH) return bad(f, diag, "group", "B-tree too deep");
    if (*budget == 0) return bad(f, diag, "group", "B-tree visits a node twice");
    (*budget)--;
    const unsigned char *t = at(f, node, 24);
    if (!t || memcmp(t, "TREE", 4) != 0 || t[4] != 0)
        return bad(f, diag, "group", "group B-tree node");
    unsigned level = t[5], used = (unsigned)lqi_load_le_uint(t + 6, 2);
    const unsigned char *e = at(f, node + 24, (uint64_t)used * 16 + 8);
    if (!e) return bad(f, diag, "group", "group B-tree node cut short");
    for (unsigned i = 0; i < used; i++) {
        uint64_t child = lqi_load_le_uint(e + 8 + 16 * (size_t)i, 8);
        if (level > 0) {
            lq_status st =
                btree_find(f, child, heap, heap_len, name, len, obj, depth + 1, budget, diag);
            if (st != LQ_OK || *obj != H5_UNDEF) return st;
            continue;
        }
        const unsigned char *s = at(f, child, 8);
        if (!s || memcmp(s, "SNOD", 4) != 0) return bad(f, diag, "group", "symbol table node");
        unsigned nsym = (unsigned)lqi_load_le_uint(s + 6, 2);
        const unsigned char *ent = at(f, child + 8, (uint64_t)nsym * 40);
        if (!ent) return bad(f, diag, "group", "symbol table node cut short");
        for (unsigned k = 0; k < nsym; k++) {
            uint64_t noff = lqi_load_le_uint(ent + 40 * (size_t)k, 8);
            if (noff >= heap_len || heap_len - noff <= len) continue;
            if (memcmp(heap + noff, name, len) == 0 && heap[noff + len] == '\0') {
                *obj = lqi_load_le_uint(ent + 40 * (size_t)k + 8, 8);
                return LQ_OK;
            }
        }
    }
    return LQ_OK;
}

/* The object header address of the member name (len bytes) of the group at grp. */
static lq_status group_member(const lqi_h5 *f, uint64_t grp, const char *name, size_t len,
                              uint64_t *obj, lq_diag *diag) {
    find_ctx c = {H5_UNDEF, H5_UNDEF, 0};
    lq_status st = each_message(f, grp, want_symtab, &c, diag);
    if (st != LQ_OK) return st;
    if (!c.found)
        return unsupported(f, diag, "group", "a group without a symbol table (libver latest)");
    const unsigned char *h = at(f, c.heap, 32);
    if (!h || memcmp(h, "HEAP", 4) != 0) return bad(f, diag, "group", "local heap");
    uint64_t hlen = lqi_load_le_uint(h + 8, 8), hdata = lqi_load_le_uint(h + 24, 8);
    const unsigned char *heap = at(f, hdata, hlen);
    if (!heap) return bad(f, diag, "group", "local heap data outside the file");
    *obj = H5_UNDEF;
    unsigned budget = 1u << 16; /* B-tree nodes: far more than any model has groups */
    return btree_find(f, c.btree, heap, hlen, name, len, obj, 0, &budget, diag);
}

/* ---------------------------------------------------------------- datasets */

typedef struct dset {
    int has_space, has_type, has_layout, filtered, scalar;
    unsigned ndim;
    uint64_t dims[H5_MAX_DIMS];
    unsigned tclass, tsize, big_endian, is_signed;
    unsigned layout;
    const unsigned char *compact;
    uint64_t addr, size;
} dset;

static int parse_space(const unsigned char *p, size_t len, dset *d) {
    if (len < 8) return -1;
    unsigned v = p[0], nd = p[1];
    size_t off = v == 1 ? 8 : 4;
    if ((v != 1 && v != 2) || nd > H5_MAX_DIMS || len < off + 8 * (size_t)nd) return -1;
    d->ndim = nd;
    d->scalar = nd == 0;
    if (v == 2 && p[3] == 2) return -1; /* null dataspace: no data */
    for (unsigned k = 0; k < nd; k++) d->dims[k] = lqi_load_le_uint(p + off + 8 * k, 8);
    d->has_space = 1;
    return 0;
}

static int parse_type(const unsigned char *p, size_t len, dset *d) {
    if (len < 8) return -1;
    d->tclass = p[0] & 0x0f;
    d->big_endian = p[1] & 1;
    d->is_signed = (p[1] >> 3) & 1;
    d->tsize = (unsigned)lqi_load_le_uint(p + 4, 4);
    if (d->tclass == 9) d->is_signed = p[1] & 0x0f; /* variable-length: 1 = string */
    d->has_type = 1;
    return 0;
}

static int parse_layout(const unsigned char *p, size_t len, dset *d) {
    if (len < 2 || p[0] != 3) return -1;
    d->layout = p[1];
    if (d->layout == 0) { /* compact: size, data */
        if (len < 4) return -1;
        d->size = lqi_load_le_uint(p + 2, 2);
        if (d->size > len - 4) return -1;
        d->compact = p + 4;
    } else if (d->layout == 1) {
        if (len < 18) return -1;
        d->addr = lqi_load_le_uint(p + 2, 8);
        d->size = lqi_load_le_uint(p + 10, 8);
    }
    d->has_layout = 1;
    return 0;
}

typedef struct dset_ctx {
    dset *d;
    int err;
} dset_ctx;

static int want_dataset(const h5_msg *m, void *ctx) {
    dset_ctx *c = ctx;
    if (m->flags & 0x02) c->err = 1; /* shared message */
    if (m->type == 0x01 && parse_space(m->p, m->len, c->d)) c->err = 1;
    if (m->type == 0x03 && parse_type(m->p, m->len, c->d)) c->err = 1;
    if (m->type == 0x08 && parse_layout(m->p, m->len, c->d)) c->err = 1;
    if (m->type == 0x0b) c->d->filtered = 1;
    return c->err;
}

static double number_at(const unsigned char *p, const dset *d) {
    unsigned char q[8];
    for (unsigned k = 0; k < d->tsize; k++) q[k] = d->big_endian ? p[d->tsize - 1 - k] : p[k];
    if (d->tclass == 1) return lqi_load_le_float(q, d->tsize);
    uint64_t u = lqi_load_le_uint(q, d->tsize);
    if (d->is_signed && d->tsize < 8 && (u >> (8 * d->tsize - 1)) & 1)
        u |= ~(uint64_t)0 << (8 * d->tsize);
    return d->is_signed ? (double)(int64_t)u : (double)u;
}

lq_status lqi_h5_dataset(const lqi_h5 *f, const char *name, size_t *shape, size_t *ndim,
                         double **data, lq_diag *diag) {
    /* walk the path from the root group, one member per component */
    uint64_t obj = f->root;
    const char *c = name;
    while (*c) {
        while (*c == '/') c++;
        const char *e = c;
        while (*e && *e != '/') e++;
        if (e == c) break;
        lq_status st = group_member(f, obj, c, (size_t)(e - c), &obj, diag);
        if (st != LQ_OK) return st;
        if (obj == H5_UNDEF)
            return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name,
                                "no dataset of that name in the file");
        c = e;
    }
    dset d;
    memset(&d, 0, sizeof d);
    dset_ctx ctx = {&d, 0};
    lq_status st = each_message(f, obj, want_dataset, &ctx, diag);
    if (st != LQ_OK) return st;
    if (ctx.err) return bad(f, diag, name, "dataset header messages");
    if (d.filtered) return unsupported(f, diag, name, "a compressed or filtered dataset");
    if (!d.has_space || !d.has_type || !d.has_layout)
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "not a dataset");
    if (d.layout > 1) return unsupported(f, diag, name, "a chunked dataset");
    if ((d.tclass != 0 && d.tclass != 1) || (d.tclass == 1 && d.tsize != 4 && d.tsize != 8) ||
        (d.tclass == 0 && d.tsize != 1 && d.tsize != 2 && d.tsize != 4 && d.tsize != 8))
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "dataset is not a numeric array");
    if (d.ndim > *ndim) return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "too many dims");
    uint64_t total = 1;
    for (unsigned k = 0; k < d.ndim; k++) {
        if (d.dims[k] && total > ((uint64_t)1 << 40) / d.dims[k])
            return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "dataset too large");
        total *= d.dims[k];
        shape[k] = (size_t)d.dims[k];
    }
    const unsigned char *src = d.layout == 0 ? d.compact : total ? at(f, d.addr, d.size) : NULL;
    if ((total && !src) || d.size < total * d.tsize)
        return bad(f, diag, name, "dataset data outside the file or shorter than its shape");
    double *out = lqi_malloc_array(total ? (size_t)total : 1, sizeof *out);
    if (!out) return LQ_ENOMEM;
    for (uint64_t i = 0; i < total; i++) out[i] = number_at(src + i * d.tsize, &d);
    *ndim = d.ndim;
    *data = out;
    return LQ_OK;
}

/* ---------------------------------------------------------------- attributes */

typedef struct attr_ctx {
    const char *name;
    const lqi_h5 *f;
    const unsigned char *type, *space, *data;
    size_t type_len, space_len, data_len;
    int found, err, dense;
} attr_ctx;

static size_t pad8(size_t x) { return (x + 7) & ~(size_t)7; }

static int want_attr(const h5_msg *m, void *ctx) {
    attr_ctx *c = ctx;
    if (m->type == 0x15) c->dense = 1; /* attribute info: attributes may be in dense storage */
    if (m->type != 0x0c) return 0;
    const unsigned char *p = m->p;
    if (m->len < 8) return c->err = 1;
    unsigned v = p[0];
    size_t nl = (size_t)lqi_load_le_uint(p + 2, 2), tl = (size_t)lqi_load_le_uint(p + 4, 2),
           sl = (size_t)lqi_load_le_uint(p + 6, 2);
    size_t off = v == 3 ? 9 : 8;
    size_t pn = v == 1 ? pad8(nl) : nl, pt = v == 1 ? pad8(tl) : tl, ps = v == 1 ? pad8(sl) : sl;
    if (v < 1 || v > 3 || (m->flags & 0x02) || (v > 1 && (p[1] & 3)) ||
        off + pn + pt + ps > m->len || nl == 0)
        return c->err = 1;
    if (strlen(c->name) + 1 != nl || memcmp(p + off, c->name, nl) != 0) return 0;
    c->type = p + off + pn;
    c->type_len = tl;
    c->space = c->type + pt;
    c->space_len = sl;
    c->data = c->space + ps;
    c->data_len = m->len - (off + pn + pt + ps);
    c->found = 1;
    return 1;
}

/* The object of global heap collection coll with index idx: at least len bytes. */
static const unsigned char *global_object(const lqi_h5 *f, uint64_t coll, uint64_t idx,
                                          uint64_t len) {
    const unsigned char *g = at(f, coll, 16);
    if (!g || memcmp(g, "GCOL", 4) != 0 || g[4] != 1) return NULL;
    uint64_t size = lqi_load_le_uint(g + 8, 8);
    if (size < 16 || !at(f, coll, size)) return NULL;
    for (uint64_t off = 16; off + 16 <= size;) {
        const unsigned char *o = at(f, coll + off, 16);
        uint64_t i = lqi_load_le_uint(o, 2), osz = lqi_load_le_uint(o + 8, 8);
        if (i == 0 || osz > size - off - 16) return NULL; /* free space: not found */
        if (i == idx) return osz >= len ? o + 16 : NULL;
        off += 16 + ((osz + 7) & ~(uint64_t)7);
    }
    return NULL;
}

lq_status lqi_h5_root_string(const lqi_h5 *f, const char *name, char **text, lq_diag *diag) {
    attr_ctx c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.f = f;
    lq_status st = each_message(f, f->root, want_attr, &c, diag);
    if (st != LQ_OK) return st;
    if (c.err) return bad(f, diag, name, "attribute message");
    if (!c.found && c.dense)
        return unsupported(f, diag, name, "dense attribute storage (libver latest)");
    if (!c.found) return lqi_diag_set(diag, LQ_ENOTFOUND, f->path, 0, name, "no such attribute");
    dset sp, ty;
    memset(&sp, 0, sizeof sp);
    memset(&ty, 0, sizeof ty);
    if (parse_space(c.space, c.space_len, &sp) || parse_type(c.type, c.type_len, &ty))
        return bad(f, diag, name, "attribute datatype or dataspace");
    uint64_t count = 1;
    for (unsigned k = 0; k < sp.ndim; k++) count *= sp.dims[k];
    if (count != 1) return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "not one string");
    const unsigned char *s = NULL;
    uint64_t len = 0;
    if (ty.tclass == 3) { /* fixed-length string, NUL- or space-padded */
        if (c.data_len < ty.tsize) return bad(f, diag, name, "attribute data cut short");
        s = c.data;
        len = ty.tsize;
        while (len && (s[len - 1] == '\0' || s[len - 1] == ' ')) len--;
        const unsigned char *z = memchr(s, '\0', (size_t)len);
        if (z) len = (uint64_t)(z - s);
    } else if (ty.tclass == 9 && ty.is_signed == 1) { /* variable-length string */
        if (ty.tsize != 16 || c.data_len < 16) return bad(f, diag, name, "attribute data");
        len = lqi_load_le_uint(c.data, 4);
        s = global_object(f, lqi_load_le_uint(c.data + 4, 8), lqi_load_le_uint(c.data + 12, 4),
                          len);
        if (!s) return bad(f, diag, name, "string in the global heap");
    } else {
        return lqi_diag_set(diag, LQ_EPARSE, f->path, 0, name, "attribute is not a string");
    }
    char *out = lqi_malloc((size_t)len + 1);
    if (!out) return LQ_ENOMEM;
    memcpy(out, s, (size_t)len);
    out[len] = '\0';
    *text = out;
    return LQ_OK;
}
