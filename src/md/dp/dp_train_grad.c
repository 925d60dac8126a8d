/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep-potential training: gradients of energy, force and virial terms with respect to weights. */
#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_train_internal.h"

/* The model is the one dp_eval.c evaluates (se_e2_a + energy fitting, docs/deepmd.md):
 *   rr_j = (R(d_ij) - davg) / dstd,  G = sum_j g(rr_j0) (x) rr_j + pad,  D = G G<^T / nnei^2,
 *   E = sum_i F_ti(D_i) + bias.
 * Forces and virials are derivatives of E with respect to the pair vectors d_ij, so for weights
 * uF (per force component) and aV (per virial component)
 *   sum_i uF_i . F_i + aV : V = -sum_ij dE/dd_ij . dd_ij,   dd_ij = uF_j - uF_i + aV d_ij
 * (F_i = sum_j dE/dd_ij - sum_j dE/dd_ji, V = -sum_ij dE/dd_ij (x) d_ij), i.e. minus the
 * directional derivative Edot of E along dd. Each quantity therefore carries a tangent: rr and its
 * tangent are constants of the weights; g and gdot = g'(s) sdot come from a forward pass of the
 * embedding net with a tangent input; G, D and their tangents follow; the fitting net runs with the
 * tangent of D and gives F and Fdot = grad F . Ddot. The objective aE E - Edot is then
 * differentiated by one reverse pass through values and tangents (Griewank & Walther, "Evaluating
 * Derivatives", 2nd ed., SIAM 2008, ch. 3 and 5: second-order adjoints by reverse-over-forward). */

/* ---------------------------------------------------------------- parameters */

typedef enum { P_COUNT, P_GET, P_SET } pmode;

static size_t net_params(dpi_net *net, double *p, pmode mode) {
    size_t off = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        dpi_layer *L = &net->layers[l];
        double *arr[3] = {L->w, L->b, L->idt};
        size_t len[3] = {L->nin * L->nout, L->nout, L->nout};
        for (int k = 0; k < 3; k++) {
            if (!arr[k]) continue;
            if (mode == P_GET) memcpy(p + off, arr[k], len[k] * sizeof(double));
            if (mode == P_SET) memcpy(arr[k], p + off, len[k] * sizeof(double));
            off += len[k];
        }
    }
    return off;
}

static size_t walk_params(lq_dp_model *m, double *p, pmode mode) {
    size_t off = 0;
    for (size_t k = 0; k < m->n_embed; k++) off += net_params(&m->embed[k], p ? p + off : p, mode);
    for (size_t k = 0; k < m->n_fit; k++) off += net_params(&m->fit[k], p ? p + off : p, mode);
    return off;
}

size_t lqi_dp_param_count(const lq_dp_model *m) {
    return walk_params((lq_dp_model *)m, NULL, P_COUNT); /* counting writes nothing */
}

void lqi_dp_param_copy(lq_dp_model *m, double *p, int dir) {
    walk_params(m, p, dir ? P_SET : P_GET);
}

static void view_free(dpi_net *v, size_t n) {
    for (size_t k = 0; v && k < n; k++) lqi_free(v[k].layers);
    lqi_free(v);
}

/* Nets of the model's shapes whose arrays point into flat, in walk_params order. */
static dpi_net *view_make(const dpi_net *src, size_t n, double **flat) {
    dpi_net *v = lqi_calloc(n ? n : 1, sizeof *v);
    if (!v) return NULL;
    for (size_t k = 0; k < n; k++) {
        v[k] = src[k];
        v[k].layers = lqi_malloc_array(src[k].n_layers, sizeof *v[k].layers);
        if (!v[k].layers) {
            view_free(v, k);
            return NULL;
        }
        for (size_t l = 0; l < src[k].n_layers; l++) {
            const dpi_layer *L = &src[k].layers[l];
            dpi_layer *G = &v[k].layers[l];
            *G = *L;
            G->w = *flat;
            *flat += L->nin * L->nout;
            G->b = L->b ? *flat : NULL;
            *flat += L->b ? L->nout : 0;
            G->idt = L->idt ? *flat : NULL;
            *flat += L->idt ? L->nout : 0;
        }
    }
    return v;
}

lq_status lqi_dp_gview_init(const lq_dp_model *m, double *flat, dpi_gview *g) {
    memset(g, 0, sizeof *g);
    double *p = flat;
    g->embed = view_make(m->embed, m->n_embed, &p);
    g->n_embed = g->embed ? m->n_embed : 0;
    g->fit = g->embed ? view_make(m->fit, m->n_fit, &p) : NULL;
    g->n_fit = g->fit ? m->n_fit : 0;
    if (!g->fit) {
        lqi_dp_gview_free(g);
        return LQ_ENOMEM;
    }
    return LQ_OK;
}

void lqi_dp_gview_free(dpi_gview *g) {
    if (!g) return;
    view_free(g->embed, g->n_embed);
    view_free(g->fit, g->n_fit);
    memset(g, 0, sizeof *g);
}

static int act_supported(dpi_act a) { return a == DPI_ACT_TANH || a == DPI_ACT_LINEAR; }

lq_status lqi_dp_train_supported(const lq_dp_model *m, lq_diag *diag) {
    const char *what = NULL;
    if (m->desc != LQ_DP_SE_E2_A) what = "a descriptor other than se_e2_a";
    if (m->nfp || m->nap) what = "frame or atomic parameters (fparam/aparam)";
    if (m->tab) what = "a compressed model";
    if (m->protection != 0.0) what = "env_protection";
    for (size_t k = 0; k < m->ntypes * m->ntypes; k++)
        if (m->desc_excl[k] || m->pair_excl[k]) what = "exclude_types";
    for (size_t k = 0; k < m->ntypes; k++)
        if (m->atom_excl[k] || m->fit_excl[k]) what = "atom or fitting exclude_types";
    for (size_t k = 0; k < m->n_embed + m->n_fit; k++) {
        const dpi_net *n = k < m->n_embed ? &m->embed[k] : &m->fit[k - m->n_embed];
        for (size_t l = 0; l < n->n_layers; l++)
            if (!act_supported(n->layers[l].act)) what = "an activation other than tanh";
    }
    if (what)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, "", 0, "model", "training does not support %s",
                            what);
    return LQ_OK;
}

/* ---------------------------------------------------------------- nets with tangents */

static void act2(dpi_act a, double z, double *f, double *d1, double *d2) {
    if (a == DPI_ACT_TANH) {
        double t = tanh(z);
        *f = t;
        *d1 = 1.0 - t * t;
        *d2 = -2.0 * t * *d1;
    } else {
        *f = z;
        *d1 = 1.0;
        *d2 = 0.0;
    }
}

/* Stored values per layer: input X and its tangent Xd [n x nin], pre-activation Z and Zd. */
static size_t tnet_store(const dpi_net *net, size_t n) {
    size_t s = 0;
    for (size_t l = 0; l < net->n_layers; l++)
        s += n * (2 * net->layers[l].nin + 2 * net->layers[l].nout);
    return s;
}

/* y = net(x) and yd = net'(x) xd for n rows, keeping what the reverse pass needs in st. */
static void tnet_forward(const dpi_net *net, size_t n, const double *x, const double *xd,
                         double *st, double *y, double *yd) {
    const double *cx = x, *cxd = xd;
    for (size_t l = 0; l < net->n_layers; l++) {
        const dpi_layer *L = &net->layers[l];
        size_t ni = L->nin, no = L->nout;
        double *X = st, *Xd = X + n * ni, *Z = Xd + n * ni, *Zd = Z + n * no;
        st = Zd + n * no;
        if (X != cx) memcpy(X, cx, n * ni * sizeof *X);
        if (Xd != cxd) memcpy(Xd, cxd, n * ni * sizeof *Xd);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)no, (int)ni, 1.0, X,
                    (int)ni, L->w, (int)no, 0.0, Z, (int)no);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)no, (int)ni, 1.0, Xd,
                    (int)ni, L->w, (int)no, 0.0, Zd, (int)no);
        int last = l + 1 == net->n_layers;
        /* the next layer's input slot, or the output */
        double *Y = last ? y : st, *Yd = last ? yd : st + n * no;
        for (size_t r = 0; r < n; r++)
            for (size_t o = 0; o < no; o++) {
                size_t q = r * no + o, src = L->resnet == 2 ? o % ni : o;
                if (L->b) Z[q] += L->b[o];
                double f, d1, d2, s = L->idt ? L->idt[o] : 1.0;
                act2(L->act, Z[q], &f, &d1, &d2);
                Y[q] = f * s + (L->resnet ? X[r * ni + src] : 0.0);
                Yd[q] = d1 * Zd[q] * s + (L->resnet ? Xd[r * ni + src] : 0.0);
            }
        cx = Y; /* not last: Y, Yd already sit where the next layer keeps X, Xd */
        cxd = Yd;
    }
}

/* Reverse pass: yb, ydb are the adjoints of y and yd (overwritten); adds the weight gradients to
 * gn; xb, xdb (may be NULL) receive the adjoints of x and xd. scr holds 6 n max_width doubles. */
static void tnet_backward(const dpi_net *net, const dpi_net *gn, size_t n, const double *st,
                          double *yb, double *ydb, double *xb, double *xdb, double *scr) {
    size_t mw = net->max_width, total = tnet_store(net, n);
    double *Zb = scr, *Zdb = scr + n * mw, *buf[2] = {scr + 2 * n * mw, scr + 4 * n * mw};
    const double *end = st + total;
    double *cyb = yb, *cydb = ydb;
    for (size_t l = net->n_layers; l-- > 0;) {
        const dpi_layer *L = &net->layers[l];
        const dpi_layer *G = &gn->layers[l];
        size_t ni = L->nin, no = L->nout;
        const double *Zd = end - n * no, *Z = Zd - n * no, *Xd = Z - n * ni, *X = Xd - n * ni;
        end = X;
        for (size_t r = 0; r < n; r++)
            for (size_t o = 0; o < no; o++) {
                size_t q = r * no + o;
                double f, d1, d2, s = L->idt ? L->idt[o] : 1.0;
                act2(L->act, Z[q], &f, &d1, &d2);
                Zdb[q] = cydb[q] * d1 * s;
                Zb[q] = cyb[q] * d1 * s + cydb[q] * d2 * Zd[q] * s;
                if (G->idt) G->idt[o] += cyb[q] * f + cydb[q] * d1 * Zd[q];
                if (G->b) G->b[o] += Zb[q];
            }
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ni, (int)no, (int)n, 1.0, X,
                    (int)ni, Zb, (int)no, 1.0, G->w, (int)no);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ni, (int)no, (int)n, 1.0, Xd,
                    (int)ni, Zdb, (int)no, 1.0, G->w, (int)no);
        if (l == 0 && !xb) break;
        double *nxb = l ? buf[l % 2] : xb, *nxdb = l ? buf[l % 2] + n * mw : xdb;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)ni, (int)no, 1.0, Zb,
                    (int)no, L->w, (int)no, 0.0, nxb, (int)ni);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)ni, (int)no, 1.0, Zdb,
                    (int)no, L->w, (int)no, 0.0, nxdb, (int)ni);
        if (L->resnet)
            for (size_t r = 0; r < n; r++)
                for (size_t o = 0; o < no; o++) {
                    size_t src = r * ni + (L->resnet == 2 ? o % ni : o);
                    nxb[src] += cyb[r * no + o];
                    nxdb[src] += cydb[r * no + o];
                }
        cyb = nxb;
        cydb = nxdb;
    }
}

/* ---------------------------------------------------------------- per atom */

typedef struct cand {
    double r;
    size_t k;
    int t;
    size_t j;
} cand;

static int cand_cmp(const void *a, const void *b) {
    const cand *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->r != y->r) return x->r < y->r ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

typedef struct gctx {
    const lq_dp_model *m;
    const dpi_tframe *f;
    const dpi_nlist *nl;
    double aE;
    const double *uF, *aV;
    size_t emb_row, fit_store, mw, max_nb;
} gctx;

typedef struct aws {
    cand *cand;
    size_t *kept;
    double *rr, *rrd, *s, *sd, *g, *gd, *est, *G, *Gd, *Gb, *Gdb, *D, *Dd, *Db, *Ddb, *fst, *gb,
        *gdb, *scr;
} aws;

static void aws_free(aws *w) {
    void *p[] = {w->cand, w->kept, w->rr,  w->rrd, w->s,  w->sd,  w->g,
                 w->gd,   w->est,  w->G,   w->Gd,  w->Gb, w->Gdb, w->D,
                 w->Dd,   w->Db,   w->Ddb, w->fst, w->gb, w->gdb, w->scr};
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++) lqi_free(p[k]);
    memset(w, 0, sizeof *w);
}

static size_t at_least1(size_t n) { return n ? n : 1; }

static int aws_alloc(aws *w, const gctx *c) {
    const lq_dp_model *m = c->m;
    size_t nn = m->nnei, ng = m->ng, dd = m->dim_desc, sm = 1, rows;
    for (size_t t = 0; t < m->ntypes; t++) sm = m->sel[t] > sm ? m->sel[t] : sm;
    rows = sm > nn ? sm : nn;
    memset(w, 0, sizeof *w);
#define A(p, cnt) ((w->p = lqi_malloc_array(at_least1(cnt), sizeof *w->p)) != NULL)
    int ok = A(cand, c->max_nb) && A(kept, m->ntypes) && A(rr, 4 * nn) && A(rrd, 4 * nn) &&
             A(s, nn) && A(sd, nn) && A(g, nn * ng) && A(gd, nn * ng) && A(est, nn * c->emb_row) &&
             A(G, 4 * ng) && A(Gd, 4 * ng) && A(Gb, 4 * ng) && A(Gdb, 4 * ng) && A(D, dd) &&
             A(Dd, dd) && A(Db, dd) && A(Ddb, dd) && A(fst, c->fit_store) && A(gb, rows * ng) &&
             A(gdb, rows * ng) && A(scr, 6 * rows * c->mw);
#undef A
    return ok;
}

/* Adjoint of D = c G G<^T (G [ng x 4], G< its first `axis` rows): out[x][k] += c (sum_b M[x][b]
 * H[b][k] + [x < axis] sum_a M[a][x] H[a][k]). */
static void sym_adj(size_t ng, size_t axis, double c, const double *M, const double *H,
                    double *out) {
    for (size_t a = 0; a < ng; a++)
        for (size_t b = 0; b < axis; b++) {
            double v = c * M[a * axis + b];
            for (size_t k = 0; k < 4; k++) {
                out[a * 4 + k] += v * H[b * 4 + k];
                out[b * 4 + k] += v * H[a * 4 + k];
            }
        }
}

/* Environment row and its tangent along dd (dp_eval.c; deepmd/dpmodel/utils/env_mat.py). */
static void env_tangent(const lq_dp_model *m, const double d[3], double r, const double dd[3],
                        double env[4], double envd[4]) {
    double sw = 1.0, dsw = 0.0, rs = m->rcut_smth, rc = m->rcut;
    if (r >= rc) {
        sw = 0.0;
    } else if (r > rs) {
        double u = (r - rs) / (rc - rs), u2 = u * u;
        sw = u2 * u * (-6.0 * u2 + 15.0 * u - 10.0) + 1.0;
        dsw = (-30.0 * u2 * u2 + 60.0 * u2 * u - 30.0 * u2) / (rc - rs);
    }
    double t = (d[0] * dd[0] + d[1] * dd[1] + d[2] * dd[2]) / r;
    env[0] = sw / r;
    envd[0] = (dsw / r - sw / (r * r)) * t;
    double k1 = dsw / (r * r) - 2.0 * sw / (r * r * r), k0 = sw / (r * r);
    for (int a = 0; a < 3; a++) {
        env[1 + a] = k0 * d[a];
        envd[1 + a] = k1 * d[a] * t + k0 * dd[a];
    }
}

static void atom_grad(const gctx *c, aws *w, size_t i, dpi_gview *gv, double *padacc) {
    const lq_dp_model *m = c->m;
    const dpi_nlist *nl = c->nl;
    size_t nn = m->nnei, ng = m->ng, nt = m->ntypes, ax = m->axis, ti = (size_t)c->f->type[i];
    size_t ncand = 0;
    for (size_t k = nl->start[i]; k < nl->start[i + 1]; k++)
        w->cand[ncand++] = (cand){nl->r[k], k, c->f->type[nl->j[k]], nl->j[k]};
    qsort(w->cand, ncand, sizeof *w->cand, cand_cmp);
    memset(w->G, 0, 4 * ng * sizeof(double));
    memset(w->Gd, 0, 4 * ng * sizeof(double));
    size_t c0 = 0;
    for (size_t tt = 0; tt < nt; tt++) {
        size_t cnt = 0;
        while (c0 + cnt < ncand && (size_t)w->cand[c0 + cnt].t == tt) cnt++;
        size_t kept = cnt < m->sel[tt] ? cnt : m->sel[tt], r0 = m->sec[tt];
        w->kept[tt] = kept;
        for (size_t q = 0; q < kept; q++) {
            const cand *cd = &w->cand[c0 + q];
            const double *d = nl->d + 3 * cd->k;
            size_t row = r0 + q, o = (ti * nn + row) * 4;
            double dd[3] = {0, 0, 0}, env[4], envd[4];
            for (size_t a = 0; a < 3; a++) {
                if (c->uF) dd[a] = c->uF[3 * cd->j + a] - c->uF[3 * i + a];
                if (c->aV)
                    for (size_t l = 0; l < 3; l++) dd[a] += c->aV[3 * a + l] * d[l];
            }
            env_tangent(m, d, cd->r, dd, env, envd);
            for (size_t a = 0; a < 4; a++) {
                w->rr[row * 4 + a] = (env[a] - m->davg[o + a]) / m->dstd[o + a];
                w->rrd[row * 4 + a] = envd[a] / m->dstd[o + a];
            }
            w->s[row] = w->rr[row * 4];
            w->sd[row] = w->rrd[row * 4];
        }
        c0 += cnt;
        const double *pad = m->padsum + (ti * (nn + nt) + r0 + tt + kept) * ng * 4;
        for (size_t a = 0; a < 4 * ng; a++) w->G[a] += pad[a];
        if (!kept) continue;
        const dpi_net *net = &m->embed[lqi_dp_embed_index(m, ti, tt)];
        double *g = w->g + r0 * ng, *gd = w->gd + r0 * ng;
        tnet_forward(net, kept, w->s + r0, w->sd + r0, w->est + r0 * c->emb_row, g, gd);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ng, 4, (int)kept, 1.0, g, (int)ng,
                    w->rr + r0 * 4, 4, 1.0, w->G, 4);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ng, 4, (int)kept, 1.0, gd,
                    (int)ng, w->rr + r0 * 4, 4, 1.0, w->Gd, 4);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ng, 4, (int)kept, 1.0, g, (int)ng,
                    w->rrd + r0 * 4, 4, 1.0, w->Gd, 4);
    }
    /* descriptor D = G G<^T / nnei^2 and its tangent */
    double cc = 1.0 / ((double)nn * (double)nn);
    for (size_t a = 0; a < ng; a++)
        for (size_t b = 0; b < ax; b++) {
            double v = 0, vd = 0;
            for (size_t k = 0; k < 4; k++) {
                v += w->G[a * 4 + k] * w->G[b * 4 + k];
                vd += w->Gd[a * 4 + k] * w->G[b * 4 + k] + w->G[a * 4 + k] * w->Gd[b * 4 + k];
            }
            w->D[a * ax + b] = cc * v;
            w->Dd[a * ax + b] = cc * vd;
        }
    /* fitting net with the tangent; objective aE F - Fdot */
    size_t fk = m->n_fit == 1 ? 0 : ti;
    double y, yd, yb = c->aE, ydb = -1.0;
    tnet_forward(&m->fit[fk], 1, w->D, w->Dd, w->fst, &y, &yd);
    tnet_backward(&m->fit[fk], &gv->fit[fk], 1, w->fst, &yb, &ydb, w->Db, w->Ddb, w->scr);
    memset(w->Gb, 0, 4 * ng * sizeof(double));
    memset(w->Gdb, 0, 4 * ng * sizeof(double));
    sym_adj(ng, ax, cc, w->Db, w->G, w->Gb);
    sym_adj(ng, ax, cc, w->Ddb, w->Gd, w->Gb);
    sym_adj(ng, ax, cc, w->Ddb, w->G, w->Gdb);
    for (size_t tt = 0; tt < nt; tt++) {
        size_t kept = w->kept[tt], r0 = m->sec[tt];
        double *pa = padacc + (ti * (nn + nt) + r0 + tt + kept) * ng * 4;
        for (size_t a = 0; a < 4 * ng; a++) pa[a] += w->Gb[a];
        if (!kept) continue;
        /* gb = rr Gb^T + rrd Gdb^T, gdb = rr Gdb^T */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kept, (int)ng, 4, 1.0,
                    w->rr + r0 * 4, 4, w->Gb, 4, 0.0, w->gb, (int)ng);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kept, (int)ng, 4, 1.0,
                    w->rrd + r0 * 4, 4, w->Gdb, 4, 1.0, w->gb, (int)ng);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kept, (int)ng, 4, 1.0,
                    w->rr + r0 * 4, 4, w->Gdb, 4, 0.0, w->gdb, (int)ng);
        size_t e = lqi_dp_embed_index(m, ti, tt);
        tnet_backward(&m->embed[e], &gv->embed[e], kept, w->est + r0 * c->emb_row, w->gb, w->gdb,
                      NULL, NULL, w->scr);
    }
}

/* The padded slots: slot k of section (ti, tt) enters every atom with fewer than k+1 neighbours of
 * type tt, with the constant row rr_pad = -davg / dstd. */
static void pad_grad(const gctx *c, aws *w, const double *padacc, dpi_gview *gv) {
    const lq_dp_model *m = c->m;
    size_t nn = m->nnei, nt = m->ntypes, ng = m->ng;
    double C[4 * 256];
    for (size_t ti = 0; ti < nt; ti++)
        for (size_t tt = 0; tt < nt; tt++) {
            size_t sel = m->sel[tt], r0 = m->sec[tt];
            const double *A = padacc + (ti * (nn + nt) + r0 + tt) * ng * 4;
            int any = 0;
            for (size_t a = 0; a < sel * ng * 4 && !any; a++) any = A[a] != 0.0;
            if (!any) continue;
            memset(C, 0, sizeof C);
            for (size_t k = 0; k < sel; k++) {
                size_t o = (ti * nn + r0 + k) * 4;
                for (size_t a = 0; a < 4 * ng; a++) C[a] += A[k * ng * 4 + a];
                double rp[4];
                for (size_t q = 0; q < 4; q++) rp[q] = -m->davg[o + q] / m->dstd[o + q];
                w->s[k] = rp[0];
                w->sd[k] = 0.0;
                for (size_t a = 0; a < ng; a++) {
                    double v = 0;
                    for (size_t q = 0; q < 4; q++) v += C[a * 4 + q] * rp[q];
                    w->gb[k * ng + a] = v;
                    w->gdb[k * ng + a] = 0.0;
                }
            }
            size_t e = lqi_dp_embed_index(m, ti, tt);
            tnet_forward(&m->embed[e], sel, w->s, w->sd, w->est, w->g, w->gd);
            tnet_backward(&m->embed[e], &gv->embed[e], sel, w->est, w->gb, w->gdb, NULL, NULL,
                          w->scr);
        }
}

/* ---------------------------------------------------------------- frame */

#define GRAD_BLOCK 8 /* atoms per block; blocks are summed in order, whatever the threads */

static void ctx_sizes(gctx *c) {
    const lq_dp_model *m = c->m;
    c->emb_row = 0;
    c->mw = 1;
    for (size_t k = 0; k < m->n_embed; k++) {
        size_t s = tnet_store(&m->embed[k], 1);
        if (s > c->emb_row) c->emb_row = s;
        if (m->embed[k].max_width > c->mw) c->mw = m->embed[k].max_width;
    }
    c->fit_store = 0;
    for (size_t k = 0; k < m->n_fit; k++) {
        size_t s = tnet_store(&m->fit[k], 1);
        if (s > c->fit_store) c->fit_store = s;
        if (m->fit[k].max_width > c->mw) c->mw = m->fit[k].max_width;
    }
    c->max_nb = 1;
    for (size_t i = 0; i < c->nl->n_atoms; i++) {
        size_t n = c->nl->start[i + 1] - c->nl->start[i];
        if (n > c->max_nb) c->max_nb = n;
    }
}

lq_status lqi_dp_frame_grad(const lq_dp_model *m, const dpi_tframe *f, double aE, const double *uF,
                            const double *aV, double *grad, size_t n_param, int n_threads,
                            lq_diag *diag) {
    if (m->ng > 256) return lqi_diag_set(diag, LQ_EUNSUPPORTED, "", 0, "neuron", "width > 256");
    dpi_nlist nl;
    lq_status st = lqi_dp_nlist_build(f->n, f->pos, f->box, m->rcut, &nl, diag);
    if (st != LQ_OK) return st;
    gctx c = {m, f, &nl, aE, uF, aV, 0, 0, 0, 0};
    ctx_sizes(&c);
    size_t nblk = (f->n + GRAD_BLOCK - 1) / GRAD_BLOCK;
    size_t npad = m->ntypes * (m->nnei + m->ntypes) * m->ng * 4;
    size_t per = n_param + npad;
    double *buf = lqi_calloc((nblk ? nblk : 1) * per, sizeof *buf);
    int failed = buf == NULL;
#pragma omp parallel if (nblk > 1) num_threads(n_threads > 0 ? n_threads : omp_get_max_threads()) \
    reduction(|                                                                                   \
              : failed)
    {
        aws w;
        int ok = !failed && aws_alloc(&w, &c);
        if (!ok) failed = 1;
#pragma omp for schedule(dynamic, 1)
        for (size_t b = 0; b < nblk; b++) {
            dpi_gview gv;
            if (!ok || lqi_dp_gview_init(m, buf + b * per, &gv) != LQ_OK) {
                failed = 1;
                continue;
            }
            size_t i1 = (b + 1) * GRAD_BLOCK < f->n ? (b + 1) * GRAD_BLOCK : f->n;
            for (size_t i = b * GRAD_BLOCK; i < i1; i++)
                atom_grad(&c, &w, i, &gv, buf + b * per + n_param);
            lqi_dp_gview_free(&gv);
        }
        aws_free(&w);
    }
    if (!failed) { /* blocks in order into block 0, then the padded slots */
        for (size_t b = 1; b < nblk; b++)
            for (size_t k = 0; k < per; k++) buf[k] += buf[b * per + k];
        aws w;
        dpi_gview gv;
        if (!aws_alloc(&w, &c))
            failed = 1;
        else if (lqi_dp_gview_init(m, buf, &gv) != LQ_OK)
            failed = 1;
        else {
            pad_grad(&c, &w, buf + n_param, &gv);
            lqi_dp_gview_free(&gv);
        }
        aws_free(&w);
        for (size_t k = 0; !failed && k < n_param; k++) grad[k] += buf[k];
    }
    lqi_free(buf);
    lqi_dp_nlist_free(&nl);
    return failed ? LQ_ENOMEM : LQ_OK;
}

/* ---------------------------------------------------------------- statistics */

/* deepmd/dpmodel/utils/env_mat_stat.py EnvMatStatSe: the environment matrix with zero mean and
 * unit deviation, padded slots included as zeros, pooled per centre type over all slots; the
 * radial column and the three angular columns are two pools. */
lq_status lqi_dp_env_stat_add(const lq_dp_model *m, const dpi_tframe *f, double *acc,
                              lq_diag *diag) {
    dpi_nlist nl;
    lq_status st = lqi_dp_nlist_build(f->n, f->pos, f->box, m->rcut, &nl, diag);
    if (st != LQ_OK) return st;
    size_t max_nb = 1;
    for (size_t i = 0; i < f->n; i++)
        if (nl.start[i + 1] - nl.start[i] > max_nb) max_nb = nl.start[i + 1] - nl.start[i];
    cand *cs = lqi_malloc_array(max_nb, sizeof *cs);
    if (!cs) {
        lqi_dp_nlist_free(&nl);
        return LQ_ENOMEM;
    }
    static const double zero[3] = {0, 0, 0};
    for (size_t i = 0; i < f->n; i++) {
        size_t nc = 0, ti = (size_t)f->type[i];
        double *a = acc + 6 * ti;
        for (size_t k = nl.start[i]; k < nl.start[i + 1]; k++)
            cs[nc++] = (cand){nl.r[k], k, f->type[nl.j[k]], nl.j[k]};
        qsort(cs, nc, sizeof *cs, cand_cmp);
        a[0] += (double)m->nnei;
        a[3] += 3.0 * (double)m->nnei;
        size_t c0 = 0;
        for (size_t tt = 0; tt < m->ntypes; tt++) {
            size_t cnt = 0;
            while (c0 + cnt < nc && (size_t)cs[c0 + cnt].t == tt) cnt++;
            size_t kept = cnt < m->sel[tt] ? cnt : m->sel[tt];
            for (size_t q = 0; q < kept; q++) {
                double env[4], envd[4];
                env_tangent(m, nl.d + 3 * cs[c0 + q].k, cs[c0 + q].r, zero, env, envd);
                a[1] += env[0];
                a[2] += env[0] * env[0];
                for (int c = 1; c < 4; c++) {
                    a[4] += env[c];
                    a[5] += env[c] * env[c];
                }
            }
            c0 += cnt;
        }
    }
    lqi_free(cs);
    lqi_dp_nlist_free(&nl);
    return LQ_OK;
}
