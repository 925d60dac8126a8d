/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep-potential energies, forces and virials: se_e2_a / se_e2_r + energy fitting, float64. */
#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* The forward pass follows deepmd/dpmodel (descriptor/se_e2_a.py, se_r.py, utils/env_mat.py,
 * fitting/general_fitting.py, atomic_model/base_atomic_model.py); the gradients are its reverse
 * derivative written out (docs/deepmd.md):
 *   env row   R_j = w(r)/(r+p) * (1, d/(r+p)),  d = r_j - r_i,  rr_j = (R_j - davg) / dstd
 *   se_e2_a   gr = sum_j g(rr_j0) (x) rr_j (+ padded slots),  G = gr / nnei,  D = G G<^T
 *   se_e2_r   D = sum_j g(rr_j0) / (5 nnei)
 *   energy    E_i = F_ti(D, fparam, aparam) + bias_atom_e + out_bias
 * The embedding net has one input, so its derivative g'(s) is carried forward with the values;
 * the fitting net is differentiated backwards. Atoms are processed in blocks so that the fitting
 * net of a block is one matrix product per type. */

typedef struct cand {
    double r;
    size_t k; /* index into the neighbour list */
    int t;
    size_t j;
} cand;

typedef struct tws {
    size_t B, cand_cap;
    cand *cand;
    size_t *nj, *nkept;
    double *nd, *nr, *rr, *g, *dg, *gr, *X, *dX, *E, *last;
    double *fx, *fdx, *fE, *flast, *fderiv, *fbuf, *netws, *sv, *ones, *T, *U, *drr, *dgr, *dG;
    size_t *rows;
    double *force, *avir, vir[9], energy;
} tws;

typedef struct job {
    const lq_dp_model *m;
    const lq_dp_frame *f;
    const dpi_nlist *nl;
    const double *fparam; /* normalised */
    lq_dp_result *res;
    size_t B, max_nb, sel_max, fit_width, fit_sum, emb_width;
} job;

/* ---------------------------------------------------------------- workspace */

static void tws_free(tws *w) {
    void *p[] = {w->cand,  w->nj,     w->nkept, w->nd,    w->nr,    w->rr,   w->g,   w->dg,
                 w->gr,    w->X,      w->dX,    w->E,     w->last,  w->fx,   w->fdx, w->fE,
                 w->flast, w->fderiv, w->fbuf,  w->netws, w->sv,    w->ones, w->T,   w->U,
                 w->drr,   w->dgr,    w->dG,    w->rows,  w->force, w->avir};
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++) lqi_free(p[k]);
    memset(w, 0, sizeof *w);
}

static size_t at_least1(size_t n) { return n ? n : 1; }

static int tws_alloc(tws *w, const job *jb) {
    const lq_dp_model *m = jb->m;
    size_t B = jb->B, nn = m->nnei, ng = m->ng, nc = m->ncomp, n = jb->f->n_atoms;
    size_t fw = jb->fit_width, nrow = jb->sel_max > B ? jb->sel_max : B;
    size_t netw = jb->emb_width > fw ? jb->emb_width : fw;
    memset(w, 0, sizeof *w);
    w->B = B;
    w->cand_cap = jb->max_nb ? jb->max_nb : 1;
#define A(p, cnt) ((w->p = lqi_malloc_array(at_least1(cnt), sizeof *w->p)) != NULL)
    int ok = A(cand, w->cand_cap) && A(nj, B * nn) && A(nkept, B * m->ntypes) &&
             A(nd, 3 * B * nn) && A(nr, B * nn) && A(rr, B * nn * nc) && A(g, B * nn * ng) &&
             A(dg, B * nn * ng) && A(gr, B * ng * nc) && A(X, B * m->fit_in) &&
             A(dX, B * m->fit_in) && A(E, B) && A(last, B * (m->fit_last + 1)) &&
             A(fx, B * m->fit_in) && A(fdx, B * m->fit_in) && A(fE, B) &&
             A(flast, B * (m->fit_last + 1)) && A(fderiv, B * jb->fit_sum) && A(fbuf, 5 * B * fw) &&
             A(netws, 4 * nrow * netw) && A(sv, nrow) && A(ones, nrow) && A(T, nrow * 4) &&
             A(U, nrow * ng) && A(drr, nrow * 4) && A(dgr, ng * nc) && A(dG, ng * nc) &&
             A(rows, B) && A(force, 3 * n);
    if (ok && jb->res->atom_virial_eV) ok = A(avir, 9 * n);
#undef A
    if (!ok) return 0;
    for (size_t k = 0; k < nrow; k++) w->ones[k] = 1.0;
    memset(w->force, 0, 3 * n * sizeof *w->force);
    if (w->avir) memset(w->avir, 0, 9 * n * sizeof *w->avir);
    return 1;
}

/* ---------------------------------------------------------------- environment */

/* Smooth switch of deepmd/dpmodel/utils/env_mat.py compute_smooth_weight and its derivative. */
static void switch_fn(double r, double rs, double rc, double *w, double *dw) {
    if (r <= rs) {
        *w = 1.0;
        *dw = 0.0;
    } else if (r >= rc) {
        *w = 0.0;
        *dw = 0.0;
    } else {
        double u = (r - rs) / (rc - rs), u2 = u * u;
        *w = u2 * u * (-6.0 * u2 + 15.0 * u - 10.0) + 1.0;
        *dw = (-30.0 * u2 * u2 + 60.0 * u2 * u - 30.0 * u2) / (rc - rs);
    }
}

static int cand_cmp(const void *a, const void *b) {
    const cand *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->r != y->r) return x->r < y->r ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Sorted, truncated neighbours of atom i into block row b; the embedding nets run on them. */
static void atom_forward(const job *jb, tws *w, size_t b, size_t i) {
    const lq_dp_model *m = jb->m;
    const dpi_nlist *nl = jb->nl;
    size_t nn = m->nnei, ng = m->ng, nc = m->ncomp, nt = m->ntypes;
    size_t ti = (size_t)jb->f->type[i], nc_ = 0;
    for (size_t k = nl->start[i]; k < nl->start[i + 1]; k++) {
        int t = jb->f->type[nl->j[k]];
        if (m->pair_excl[ti * nt + (size_t)t]) continue; /* model pair_exclude_types */
        w->cand[nc_++] = (cand){nl->r[k], k, t, nl->j[k]};
    }
    qsort(w->cand, nc_, sizeof *w->cand, cand_cmp);
    double *gr = w->gr + b * ng * nc;
    memset(gr, 0, ng * nc * sizeof *gr);
    size_t c0 = 0;
    for (size_t tt = 0; tt < nt; tt++) {
        size_t cnt = 0;
        while (c0 + cnt < nc_ && (size_t)w->cand[c0 + cnt].t == tt) cnt++;
        size_t kept = cnt < m->sel[tt] ? cnt : m->sel[tt];
        w->nkept[b * nt + tt] = kept;
        int excl = m->desc_excl[ti * nt + tt];
        for (size_t q = 0; q < kept; q++) {
            const cand *c = &w->cand[c0 + q];
            size_t slot = m->sec[tt] + q, row = b * nn + slot, o = (ti * nn + slot) * nc;
            w->nj[row] = c->j;
            memcpy(w->nd + 3 * row, nl->d + 3 * c->k, 3 * sizeof(double));
            w->nr[row] = c->r;
            double sw, dsw, u = c->r + m->protection, env[4];
            switch_fn(c->r, m->rcut_smth, m->rcut, &sw, &dsw);
            env[0] = sw / u;
            for (size_t a = 1; a < nc; a++) env[a] = sw * w->nd[3 * row + a - 1] / (u * u);
            /* descriptor exclude_types: the row is zeroed after normalisation (se_e2_a.py) */
            for (size_t a = 0; a < nc; a++)
                w->rr[row * nc + a] = excl ? 0.0 : (env[a] - m->davg[o + a]) / m->dstd[o + a];
            w->sv[q] = w->rr[row * nc];
        }
        c0 += cnt;
        const double *pad = m->padsum + ((ti * (nn + nt)) + m->sec[tt] + tt + kept) * ng * nc;
        for (size_t a = 0; a < ng * nc; a++) gr[a] += pad[a];
        if (!kept) continue;
        size_t r0 = b * nn + m->sec[tt];
        size_t e = lqi_dp_embed_index(m, ti, tt);
        const dpi_table *tab = m->tab ? &m->tab[e] : NULL;
        for (size_t q = 0; tab && q < kept; q++) /* outside the table: the exact net */
            if (!(w->sv[q] >= tab->lo && w->sv[q] <= tab->hi)) tab = NULL;
        if (tab)
            lqi_dp_table_eval(tab, ng, kept, w->sv, w->g + r0 * ng, w->dg + r0 * ng);
        else
            lqi_dp_net_forward(&m->embed[e], kept, w->sv, w->ones, w->g + r0 * ng, w->dg + r0 * ng,
                               w->netws);
        if (nc == 4)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ng, 4, (int)kept, 1.0,
                        w->g + r0 * ng, (int)ng, w->rr + r0 * 4, 4, 1.0, gr, 4);
        else
            for (size_t q = 0; q < kept; q++)
                for (size_t a = 0; a < ng; a++) gr[a] += w->g[(r0 + q) * ng + a];
    }
    /* descriptor and fitting input */
    double *x = w->X + b * m->fit_in;
    if (nc == 4) {
        double inv = 1.0 / (double)nn;
        for (size_t a = 0; a < ng; a++)
            for (size_t bb = 0; bb < m->axis; bb++) {
                double s = 0;
                for (size_t c = 0; c < 4; c++) s += gr[a * 4 + c] * gr[bb * 4 + c];
                x[a * m->axis + bb] = s * inv * inv;
            }
    } else {
        for (size_t a = 0; a < ng; a++) x[a] = gr[a] / (5.0 * (double)nn);
    }
    for (size_t k = 0; k < m->nfp; k++) x[m->dim_desc + k] = jb->fparam[k];
    for (size_t k = 0; k < m->nap; k++)
        x[m->dim_desc + m->nfp + k] =
            (jb->f->aparam[i * m->nap + k] - m->aparam_avg[k]) * m->aparam_inv_std[k];
}

/* ---------------------------------------------------------------- fitting */

/* Fitting net on n rows: energies E, last hidden layer `last`, and dE/dx into dx. */
static void fit_run(const dpi_net *net, size_t n, size_t width, const double *x, double *E,
                    double *last, double *dx, double *deriv, double *buf) {
    double *act[2] = {buf, buf + n * width}, *gy[2] = {buf + 2 * n * width, buf + 3 * n * width};
    double *gz = buf + 4 * n * width;
    const double *cur = x;
    size_t off = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        const dpi_layer *L = &net->layers[l];
        double *y = act[l % 2], *dl = deriv + off;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)L->nout, (int)L->nin,
                    1.0, cur, (int)L->nin, L->w, (int)L->nout, 0.0, y, (int)L->nout);
        for (size_t r = 0; r < n; r++)
            for (size_t o = 0; o < L->nout; o++) {
                size_t q = r * L->nout + o;
                double z = y[q] + (L->b ? L->b[o] : 0.0), fv, dv, s = L->idt ? L->idt[o] : 1.0;
                lqi_dp_act_eval(L->act, &z, &fv, &dv, 1);
                size_t src = L->resnet == 2 ? o % L->nin : o;
                y[q] = fv * s + (L->resnet ? cur[r * L->nin + src] : 0.0);
                dl[q] = dv * s;
            }
        if (l + 2 == net->n_layers) memcpy(last, y, n * L->nout * sizeof *y);
        off += n * L->nout;
        cur = y;
    }
    for (size_t r = 0; r < n; r++) E[r] = cur[r];
    /* backwards: dE/dy of the output is 1 */
    double *g = gy[0];
    for (size_t r = 0; r < n; r++) g[r] = 1.0;
    for (size_t l = net->n_layers; l-- > 0;) {
        const dpi_layer *L = &net->layers[l];
        off -= n * L->nout;
        const double *dl = deriv + off;
        for (size_t q = 0; q < n * L->nout; q++) gz[q] = g[q] * dl[q];
        double *gx = l ? gy[(net->n_layers - l) % 2] : dx;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)L->nin, (int)L->nout, 1.0,
                    gz, (int)L->nout, L->w, (int)L->nout, 0.0, gx, (int)L->nin);
        if (L->resnet)
            for (size_t r = 0; r < n; r++)
                for (size_t o = 0; o < L->nout; o++)
                    gx[r * L->nin + (L->resnet == 2 ? o % L->nin : o)] += g[r * L->nout + o];
        g = gx;
    }
}

/* Fitting of the block, one matrix product per type; energies and dE/dD per atom. */
static void block_fit(const job *jb, tws *w, size_t i0, size_t nb) {
    const lq_dp_model *m = jb->m;
    size_t fi = m->fit_in, fl = m->fit_last;
    for (size_t net = 0; net < m->n_fit; net++) {
        size_t n = 0;
        for (size_t b = 0; b < nb; b++)
            if (m->n_fit == 1 || (size_t)jb->f->type[i0 + b] == net) w->rows[n++] = b;
        if (!n) continue;
        for (size_t q = 0; q < n; q++)
            memcpy(w->fx + q * fi, w->X + w->rows[q] * fi, fi * sizeof(double));
        fit_run(&m->fit[net], n, jb->fit_width, w->fx, w->fE, w->flast, w->fdx, w->fderiv, w->fbuf);
        for (size_t q = 0; q < n; q++) {
            size_t b = w->rows[q], ti = (size_t)jb->f->type[i0 + b];
            double e = w->fE[q] + m->bias_atom_e[ti], scale = 1.0;
            if (m->fit_excl[ti]) e = 0.0, scale = 0.0; /* fitting exclude_types */
            e += m->out_bias[ti];
            if (m->atom_excl[ti]) e = 0.0, scale = 0.0; /* model atom_exclude_types */
            w->E[b] = e;
            for (size_t k = 0; k < fi; k++) w->dX[b * fi + k] = scale * w->fdx[q * fi + k];
            memcpy(w->last + b * fl, w->flast + q * fl, fl * sizeof(double));
        }
    }
}

/* ---------------------------------------------------------------- gradients */

/* dE/d(rr) of atom i's neighbours from dE/dD; then forces and virials of each pair. */
static void atom_backward(const job *jb, tws *w, size_t b, size_t i) {
    const lq_dp_model *m = jb->m;
    size_t nn = m->nnei, ng = m->ng, nc = m->ncomp, nt = m->ntypes, ti = (size_t)jb->f->type[i];
    const double *dD = w->dX + b * m->fit_in, *gr = w->gr + b * ng * nc;
    if (nc == 4) { /* D[a,b] = sum_c G[a,c] G[b,c] / nnei^2 with G = gr */
        double inv2 = 1.0 / ((double)nn * (double)nn);
        memset(w->dgr, 0, ng * 4 * sizeof(double));
        for (size_t a = 0; a < ng; a++)
            for (size_t bb = 0; bb < m->axis; bb++) {
                double v = dD[a * m->axis + bb] * inv2;
                for (size_t c = 0; c < 4; c++) {
                    w->dgr[a * 4 + c] += v * gr[bb * 4 + c];
                    w->dgr[bb * 4 + c] += v * gr[a * 4 + c];
                }
            }
    } else {
        for (size_t a = 0; a < ng; a++) w->dgr[a] = dD[a] / (5.0 * (double)nn);
    }
    for (size_t tt = 0; tt < nt; tt++) {
        size_t kept = w->nkept[b * nt + tt], r0 = b * nn + m->sec[tt];
        if (!kept || m->desc_excl[ti * nt + tt]) continue; /* excluded rows are constants */
        const double *g = w->g + r0 * ng, *dg = w->dg + r0 * ng;
        if (nc == 4) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)kept, 4, (int)ng, 1.0, g,
                        (int)ng, w->dgr, 4, 0.0, w->T, 4);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kept, (int)ng, 4, 1.0,
                        w->rr + r0 * 4, 4, w->dgr, 4, 0.0, w->U, (int)ng);
            for (size_t q = 0; q < kept; q++) {
                double s = 0;
                for (size_t a = 0; a < ng; a++) s += w->U[q * ng + a] * dg[q * ng + a];
                for (size_t c = 0; c < 4; c++) w->drr[q * 4 + c] = w->T[q * 4 + c];
                w->drr[q * 4] += s;
            }
        } else {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)kept, (int)ng, 1.0, dg, (int)ng, w->dgr,
                        1, 0.0, w->drr, 1);
        }
        for (size_t q = 0; q < kept; q++) {
            size_t row = r0 + q, slot = m->sec[tt] + q, o = (ti * nn + slot) * nc;
            const double *d = w->nd + 3 * row;
            double r = w->nr[row], u = r + m->protection, sw, dsw;
            switch_fn(r, m->rcut_smth, m->rcut, &sw, &dsw);
            double de[4] = {0, 0, 0, 0}, gv[3];
            for (size_t c = 0; c < nc; c++) de[c] = w->drr[q * nc + c] / m->dstd[o + c];
            double dot = de[1] * d[0] + de[2] * d[1] + de[3] * d[2];
            double radial =
                de[0] * (dsw / u - sw / (u * u)) + dot * (dsw / (u * u) - 2.0 * sw / (u * u * u));
            for (int a = 0; a < 3; a++) gv[a] = d[a] / r * radial + de[1 + a] * sw / (u * u);
            size_t j = w->nj[row];
            for (int a = 0; a < 3; a++) {
                w->force[3 * i + (size_t)a] += gv[a];
                w->force[3 * j + (size_t)a] -= gv[a];
            }
            for (int k = 0; k < 3; k++)
                for (int l = 0; l < 3; l++) {
                    double v = -gv[k] * d[l];
                    w->vir[3 * k + l] += v;
                    if (w->avir) w->avir[9 * j + (size_t)(3 * k + l)] += v;
                }
        }
    }
}

static void run_block(const job *jb, tws *w, size_t i0, size_t nb) {
    const lq_dp_model *m = jb->m;
    lq_dp_result *res = jb->res;
    for (size_t b = 0; b < nb; b++) atom_forward(jb, w, b, i0 + b);
    block_fit(jb, w, i0, nb);
    for (size_t b = 0; b < nb; b++) {
        size_t i = i0 + b;
        w->energy += w->E[b];
        if (res->atom_energy_eV) res->atom_energy_eV[i] = w->E[b];
        if (res->descriptor)
            memcpy(res->descriptor + i * m->dim_desc, w->X + b * m->fit_in,
                   m->dim_desc * sizeof(double));
        if (res->fit_last && m->fit_last)
            memcpy(res->fit_last + i * m->fit_last, w->last + b * m->fit_last,
                   m->fit_last * sizeof(double));
        atom_backward(jb, w, b, i);
    }
}

/* ---------------------------------------------------------------- driver */

static lq_status check_frame(const lq_dp_model *m, const lq_dp_frame *f, lq_diag *diag) {
    if (!f->type || !f->pos_A)
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "frame", "NULL type or position array");
    for (size_t i = 0; i < f->n_atoms; i++) {
        if (f->type[i] < 0 || (size_t)f->type[i] >= m->ntypes)
            return lqi_diag_set(diag, LQ_EINVAL, "", 0, "type",
                                "atom %zu has type %d; the model has %zu types", i, f->type[i],
                                m->ntypes);
        for (int a = 0; a < 3; a++)
            if (!isfinite(f->pos_A[3 * i + (size_t)a]))
                return lqi_diag_set(diag, LQ_EINVAL, "", 0, "coordinates",
                                    "atom %zu has a non-finite position", i);
    }
    if (m->nfp && !f->fparam && !m->default_fparam)
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "fparam",
                            "the model takes %zu frame parameters", m->nfp);
    if (m->nap && !f->aparam)
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "aparam",
                            "the model takes %zu atomic parameters per atom", m->nap);
    for (size_t k = 0; f->fparam && k < m->nfp; k++)
        if (!isfinite(f->fparam[k]))
            return lqi_diag_set(diag, LQ_EINVAL, "", 0, "fparam", "not finite");
    for (size_t k = 0; m->nap && k < f->n_atoms * m->nap; k++)
        if (!isfinite(f->aparam[k]))
            return lqi_diag_set(diag, LQ_EINVAL, "", 0, "aparam", "not finite");
    return LQ_OK;
}

static void job_sizes(job *jb) {
    const lq_dp_model *m = jb->m;
    jb->max_nb = 0;
    for (size_t i = 0; i < jb->nl->n_atoms; i++) {
        size_t c = jb->nl->start[i + 1] - jb->nl->start[i];
        if (c > jb->max_nb) jb->max_nb = c;
    }
    jb->sel_max = 0;
    for (size_t t = 0; t < m->ntypes; t++)
        if (m->sel[t] > jb->sel_max) jb->sel_max = m->sel[t];
    jb->fit_width = jb->fit_sum = jb->emb_width = 0;
    for (size_t k = 0; k < m->n_fit; k++) {
        size_t s = 0;
        for (size_t l = 0; l < m->fit[k].n_layers; l++) s += m->fit[k].layers[l].nout;
        if (s > jb->fit_sum) jb->fit_sum = s;
        if (m->fit[k].max_width > jb->fit_width) jb->fit_width = m->fit[k].max_width;
    }
    for (size_t k = 0; k < m->n_embed; k++)
        if (m->embed[k].max_width > jb->emb_width) jb->emb_width = m->embed[k].max_width;
    /* block of atoms: the per-neighbour rows of a block stay near 16 MB */
    size_t per_atom = m->nnei * (2 * m->ng + m->ncomp + 5) + 1;
    size_t B = ((size_t)2 << 20) / per_atom;
    jb->B = B < 1 ? 1 : B > 64 ? 64 : B;
}

static lq_status run_threads(const job *jb, int n_threads) {
    const lq_dp_frame *f = jb->f;
    lq_dp_result *res = jb->res;
    size_t n = f->n_atoms, nblk = (n + jb->B - 1) / jb->B;
    int failed = 0;
    res->energy_eV = 0.0;
    memset(res->virial_eV, 0, sizeof res->virial_eV);
    if (res->forces_eV_per_A) memset(res->forces_eV_per_A, 0, 3 * n * sizeof(double));
    if (res->atom_virial_eV) memset(res->atom_virial_eV, 0, 9 * n * sizeof(double));
#pragma omp parallel num_threads(n_threads) reduction(| : failed)
    {
        tws w;
        int ok = tws_alloc(&w, jb);
        if (!ok) failed = 1;
            /* static blocks and the threads' sums added in thread order: the result is the same bit
             * for bit on every call with the same number of threads (MD runs and restarts repeat)
             */
#pragma omp for schedule(static)
        for (size_t blk = 0; blk < nblk; blk++) {
            size_t i0 = blk * jb->B, nb = n - i0 < jb->B ? n - i0 : jb->B;
            if (ok) run_block(jb, &w, i0, nb);
        }
        int nt = omp_get_num_threads(), me = omp_get_thread_num();
        for (int t = 0; t < nt; t++) {
            if (t == me && ok) {
                res->energy_eV += w.energy;
                for (int k = 0; k < 9; k++) res->virial_eV[k] += w.vir[k];
                if (res->forces_eV_per_A)
                    for (size_t k = 0; k < 3 * n; k++) res->forces_eV_per_A[k] += w.force[k];
                if (res->atom_virial_eV)
                    for (size_t k = 0; k < 9 * n; k++) res->atom_virial_eV[k] += w.avir[k];
            }
#pragma omp barrier
        }
        tws_free(&w);
    }
    return failed ? LQ_ENOMEM : LQ_OK;
}

void lq_dp_compute_options_default(lq_dp_compute_options *opt) {
    if (opt) opt->n_threads = 0;
}

lq_status lq_dp_compute(const lq_dp_model *m, const lq_dp_frame *f,
                        const lq_dp_compute_options *opt, lq_dp_result *res, lq_diag *diag) {
    if (!m || !f || !res) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    lq_status st = check_frame(m, f, diag);
    if (st != LQ_OK) return st;
    double fpn[4096 + 1];
    for (size_t k = 0; k < m->nfp; k++) {
        double v = f->fparam ? f->fparam[k] : m->default_fparam[k];
        fpn[k] = (v - m->fparam_avg[k]) * m->fparam_inv_std[k];
    }
    dpi_nlist nl;
    st = lqi_dp_nlist_build(f->n_atoms, f->pos_A, f->box_A, m->rcut, &nl, diag);
    if (st != LQ_OK) return st;
    job jb = {m, f, &nl, fpn, res, 0, 0, 0, 0, 0, 0};
    job_sizes(&jb);
    int nth = opt && opt->n_threads > 0 ? opt->n_threads : omp_get_max_threads();
    size_t nblk = (f->n_atoms + jb.B - 1) / jb.B;
    if ((size_t)nth > nblk) nth = nblk ? (int)nblk : 1;
    st = run_threads(&jb, nth);
    lqi_dp_nlist_free(&nl);
    return st;
}
