/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MEGNet forward pass in float64, predictions with their flags, OpenMP over structures. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ml/ml_internal.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* Follows matgl.models._megnet.MEGNet.forward (MatGL commit e9cde229):
 *   edge_attr = exp(-w (d - c_k)^2)                      (GaussianExpansion, 0..cutoff+1 A)
 *   v = Embedding[type], u = [0, 0]                      (EmbeddingBlock, default state attrs)
 *   e, v, u = edge/node/state encoder MLPs
 *   3 x MEGNetBlock: (dense MLPs from the second block on), MEGNetGraphConv
 *        e_ij <- phi_e(v_src, v_dst, e_ij, u)
 *        v_i  <- phi_v(v_i, mean of e over edges into i, u)
 *        u    <- phi_u(u, mean of all e, mean of all v)
 *      and the block input added back (skip)
 *   Set2Set over nodes, Set2Set over edges, u -> output MLP -> * std + mean (Normalizer).
 * Activation: softplus2(x) = softplus(x) - ln 2, with torch.nn.Softplus's threshold 20. */

#define SCRATCH (5 * LQI_ML_MAX_WIDTH)

static double softplus2(double x) {
    static const double ln2 = 0.69314718055994530942;
    return (x > 20.0 ? x : log1p(exp(x))) - ln2;
}

static void linear(const lqi_ml_linear *L, const double *x, double *y) {
    for (size_t o = 0; o < L->n_out; o++) {
        const double *w = L->w + o * L->n_in;
        double acc = L->b[o];
        for (size_t i = 0; i < L->n_in; i++) acc += w[i] * x[i];
        y[o] = acc;
    }
}

/* y = mlp(x) given z = W0 x + b0, the first layer's output before its activation (in place). */
static void mlp_rest(const lqi_ml_mlp *m, double *z, double *y) {
    double a[SCRATCH], b[SCRATCH];
    const double *in = z;
    if (m->n > 1 || m->activate_last)
        for (size_t o = 0; o < m->layer[0].n_out; o++) z[o] = softplus2(z[o]);
    if (m->n == 1) {
        memcpy(y, z, m->layer[0].n_out * sizeof *y);
        return;
    }
    for (size_t k = 1; k < m->n; k++) {
        double *out = (k + 1 == m->n) ? y : ((k % 2) ? b : a);
        linear(&m->layer[k], in, out);
        if (k + 1 < m->n || m->activate_last)
            for (size_t o = 0; o < m->layer[k].n_out; o++) out[o] = softplus2(out[o]);
        in = out;
    }
}

/* y = mlp(x); x and y may not overlap; widths are at most SCRATCH (checked by the reader). */
static void mlp_apply(const lqi_ml_mlp *m, const double *x, double *y) {
    double z[SCRATCH];
    linear(&m->layer[0], x, z);
    mlp_rest(m, z, y);
}

/* y[o] += sum_i W[o, off + i] x[i], i < n: one column block of a layer's weights. */
static void linear_block(const lqi_ml_linear *L, size_t off, size_t n, const double *x, double *y) {
    for (size_t o = 0; o < L->n_out; o++) {
        const double *w = L->w + o * L->n_in + off;
        double acc = 0;
        for (size_t i = 0; i < n; i++) acc += w[i] * x[i];
        y[o] += acc;
    }
}

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* One step of torch.nn.LSTM (one layer): gates i, f, g, o. */
static void lstm_step(const lqi_ml_lstm *l, const double *x, double *h, double *c) {
    double gates[4 * LQI_ML_MAX_WIDTH];
    const size_t H = l->n_hid;
    for (size_t r = 0; r < 4 * H; r++) {
        double acc = l->b_ih[r] + l->b_hh[r];
        const double *wi = l->w_ih + r * l->n_in, *wh = l->w_hh + r * H;
        for (size_t k = 0; k < l->n_in; k++) acc += wi[k] * x[k];
        for (size_t k = 0; k < H; k++) acc += wh[k] * h[k];
        gates[r] = acc;
    }
    for (size_t k = 0; k < H; k++) {
        double ig = sigmoid(gates[k]), fg = sigmoid(gates[H + k]), gg = tanh(gates[2 * H + k]),
               og = sigmoid(gates[3 * H + k]);
        c[k] = fg * c[k] + ig * gg;
        h[k] = og * tanh(c[k]);
    }
}

/* dgl.nn.Set2Set / matgl EdgeSet2Set (O. Vinyals, S. Bengio, M. Kudlur, ICLR 2016): q_star of
 * length 2C from n feature rows of width C; the softmax over an empty set gives a zero readout. */
static void set2set(const lqi_ml_lstm *l, size_t iters, const double *feat, size_t n, double *qs,
                    double *score) {
    const size_t C = l->n_hid;
    double h[LQI_ML_MAX_WIDTH], c[LQI_ML_MAX_WIDTH];
    memset(h, 0, C * sizeof *h);
    memset(c, 0, C * sizeof *c);
    memset(qs, 0, 2 * C * sizeof *qs);
    for (size_t it = 0; it < iters; it++) {
        lstm_step(l, qs, h, c);
        double smax = -(double)INFINITY;
        for (size_t i = 0; i < n; i++) {
            double acc = 0;
            for (size_t k = 0; k < C; k++) acc += feat[i * C + k] * h[k];
            score[i] = acc;
            if (acc > smax) smax = acc;
        }
        double z = 0;
        for (size_t i = 0; i < n; i++) z += (score[i] = exp(score[i] - smax));
        for (size_t k = 0; k < C; k++) qs[C + k] = 0;
        for (size_t i = 0; i < n; i++) {
            double a = score[i] / z;
            for (size_t k = 0; k < C; k++) qs[C + k] += a * feat[i * C + k];
        }
        memcpy(qs, h, C * sizeof *h);
    }
}

static void block_conv(const lqi_ml_block *B, size_t C, const lqi_ml_graph *g, double *e, double *v,
                       double *u, double *ve, double *cnt, double *pn) {
    const size_t E = g->n_edges, N = g->n_nodes;
    double in[SCRATCH], z[SCRATCH], pu[SCRATCH];
    /* Edge update. The first layer of phi_e acts on [v_src, v_dst, e, u]: its v and u column
     * blocks are applied once per node (pn: N x 2H) and once for u, not once per edge. */
    const lqi_ml_linear *L0 = &B->edge_conv.layer[0];
    const size_t H = L0->n_out;
    memset(pn, 0, 2 * N * H * sizeof *pn);
    for (size_t i = 0; i < N; i++) {
        linear_block(L0, 0, C, v + i * C, pn + 2 * i * H);
        linear_block(L0, C, C, v + i * C, pn + (2 * i + 1) * H);
    }
    memcpy(pu, L0->b, H * sizeof *pu);
    linear_block(L0, 3 * C, C, u, pu);
    for (size_t k = 0; k < E; k++) {
        const double *ps = pn + 2 * (size_t)g->src[k] * H,
                     *pd = pn + (2 * (size_t)g->dst[k] + 1) * H;
        for (size_t o = 0; o < H; o++) z[o] = ps[o] + pd[o] + pu[o];
        linear_block(L0, 2 * C, C, e + k * C, z);
        mlp_rest(&B->edge_conv, z, e + k * C);
    }
    memset(ve, 0, N * C * sizeof *ve); /* mean of the new e over the edges into each node */
    memset(cnt, 0, N * sizeof *cnt);
    for (size_t k = 0; k < E; k++) {
        size_t j = (size_t)g->dst[k];
        cnt[j] += 1.0;
        for (size_t q = 0; q < C; q++) ve[j * C + q] += e[k * C + q];
    }
    for (size_t i = 0; i < N; i++) { /* node update */
        double s = cnt[i] > 0 ? 1.0 / cnt[i] : 0.0;
        memcpy(in, v + i * C, C * sizeof *in);
        for (size_t q = 0; q < C; q++) in[C + q] = ve[i * C + q] * s;
        memcpy(in + 2 * C, u, C * sizeof *in);
        mlp_apply(&B->node_conv, in, v + i * C);
    }
    memcpy(in, u, C * sizeof *in); /* state update: means of the new e and v */
    for (size_t q = 0; q < 2 * C; q++) in[C + q] = 0;
    for (size_t k = 0; k < E; k++)
        for (size_t q = 0; q < C; q++) in[C + q] += e[k * C + q];
    for (size_t i = 0; i < N; i++)
        for (size_t q = 0; q < C; q++) in[2 * C + q] += v[i * C + q];
    for (size_t q = 0; q < C; q++) {
        in[C + q] = E ? in[C + q] / (double)E : 0.0;
        in[2 * C + q] /= (double)N;
    }
    mlp_apply(&B->state_conv, in, u);
}

lq_status lqi_ml_megnet_forward(const lq_ml_model *m, const int *types, const lqi_ml_graph *g,
                                double *eform, lq_diag *diag) {
    const size_t C = m->dim_conv, E = g->n_edges, N = g->n_nodes;
    if (N == 0) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "structure without atoms");
    size_t rows = 2 * E + 3 * N, H = 0;
    for (size_t b = 0; b < m->n_blocks; b++)
        if (m->block[b].edge_conv.layer[0].n_out > H) H = m->block[b].edge_conv.layer[0].n_out;
    double *buf = lqi_malloc_array(rows * C + N + (E > N ? E : N) + 2 * N * H, sizeof(double));
    if (!buf) return LQ_ENOMEM;
    double *e = buf, *e0 = e + E * C, *v = e0 + E * C, *v0 = v + N * C, *ve = v0 + N * C;
    double *cnt = ve + N * C, *score = cnt + N, *pn = score + (E > N ? E : N);
    double u[LQI_ML_MAX_WIDTH], u0[LQI_ML_MAX_WIDTH], x[SCRATCH];

    for (size_t k = 0; k < E; k++) { /* Gaussian bond expansion, edge encoder */
        for (size_t c = 0; c < m->n_centers; c++) {
            double t = g->dist_A[k] - m->centers_A[c];
            x[c] = exp(-m->gauss_width * t * t);
        }
        mlp_apply(&m->edge_enc, x, e + k * C);
    }
    for (size_t i = 0; i < N; i++)
        mlp_apply(&m->node_enc, m->embedding + (size_t)types[i] * m->dim_node, v + i * C);
    memset(x, 0, m->dim_state * sizeof *x);
    mlp_apply(&m->state_enc, x, u);

    for (size_t b = 0; b < m->n_blocks; b++) {
        const lqi_ml_block *B = &m->block[b];
        memcpy(e0, e, E * C * sizeof *e);
        memcpy(v0, v, N * C * sizeof *v);
        memcpy(u0, u, C * sizeof *u);
        if (B->has_dense) {
            for (size_t k = 0; k < E; k++) mlp_apply(&B->edge_dense, e0 + k * C, e + k * C);
            for (size_t i = 0; i < N; i++) mlp_apply(&B->node_dense, v0 + i * C, v + i * C);
            mlp_apply(&B->state_dense, u0, u);
        }
        block_conv(B, C, g, e, v, u, ve, cnt, pn);
        for (size_t k = 0; k < E * C; k++) e[k] += e0[k];
        for (size_t k = 0; k < N * C; k++) v[k] += v0[k];
        for (size_t k = 0; k < C; k++) u[k] += u0[k];
    }
    set2set(&m->node_s2s, m->s2s_iters, v, N, x, score);
    set2set(&m->edge_s2s, m->s2s_iters, e, E, x + 2 * C, score);
    memcpy(x + 4 * C, u, C * sizeof *u);
    double y;
    mlp_apply(&m->out, x, &y);
    lqi_free(buf);
    *eform = y * m->target_std + m->target_mean;
    return LQ_OK;
}

/* ---------------------------------------------------------------- predictions and flags */

/* Bonding range (a heuristic stated in docs and the header, not fitted to the training data,
 * which is not at hand): with Slater's atomic radii r (J. C. Slater, J. Chem. Phys. 41 (1964)
 * 3199), relaxed crystals have nearest-neighbour distances d between about 0.85 (C=O, N=N
 * multiple bonds) and 1.5 (H2) times r_i + r_j. A structure is flagged when any bond is shorter
 * than BOND_SHORT (r_i + r_j) or any atom's nearest neighbour is farther than BOND_LONG (r_i +
 * r_j); elements without a tabulated radius (noble gases) are not judged. */
#define BOND_SHORT 0.7
#define BOND_LONG 1.5

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
add_reason(lq_ml_prediction *p, const char *fmt, ...) {
    size_t len = strlen(p->reason);
    if (len + 4 >= sizeof p->reason) return;
    if (len) {
        memcpy(p->reason + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->reason + len, sizeof p->reason - len, fmt, ap);
    va_end(ap);
}

static void flag_bonds(const lq_structure *s, const lqi_ml_graph *g, lq_ml_prediction *p,
                       double *nearest) {
    const size_t N = g->n_nodes;
    for (size_t i = 0; i < N; i++) nearest[i] = (double)INFINITY;
    double worst_short = BOND_SHORT;
    size_t ws = 0;
    for (size_t k = 0; k < g->n_edges; k++) {
        size_t i = (size_t)g->src[k], j = (size_t)g->dst[k];
        if (g->dist_A[k] < nearest[i]) nearest[i] = g->dist_A[k];
        double ri = lqi_elements[s->z[i]].slater_radius_A,
               rj = lqi_elements[s->z[j]].slater_radius_A;
        if (ri > 0 && rj > 0 && g->dist_A[k] / (ri + rj) < worst_short) {
            worst_short = g->dist_A[k] / (ri + rj);
            ws = k;
        }
    }
    if (worst_short < BOND_SHORT) {
        p->flags |= LQ_ML_FLAG_BONDING;
        add_reason(p, "%s-%s bond of %.2f A is shorter than 0.7 x the Slater radii sum",
                   lqi_elements[s->z[g->src[ws]]].symbol, lqi_elements[s->z[g->dst[ws]]].symbol,
                   g->dist_A[ws]);
    }
    size_t isolated = N;
    for (size_t i = 0; i < N; i++)
        if (!isfinite(nearest[i])) isolated = i;
    if (isolated < N) {
        p->flags |= LQ_ML_FLAG_ISOLATED;
        add_reason(p, "%s at site %zu has no neighbour within the cut-off",
                   lqi_elements[s->z[isolated]].symbol, isolated + 1);
    }
    /* nearest neighbour too far: judged against that neighbour's radius */
    for (size_t k = 0; k < g->n_edges; k++) {
        size_t i = (size_t)g->src[k], j = (size_t)g->dst[k];
        if (g->dist_A[k] != nearest[i]) continue;
        double ri = lqi_elements[s->z[i]].slater_radius_A,
               rj = lqi_elements[s->z[j]].slater_radius_A;
        if (ri > 0 && rj > 0 && g->dist_A[k] > BOND_LONG * (ri + rj)) {
            p->flags |= LQ_ML_FLAG_BONDING;
            add_reason(p, "nearest neighbour of %s is %s at %.2f A, beyond 1.5 x the Slater radii",
                       lqi_elements[s->z[i]].symbol, lqi_elements[s->z[j]].symbol, g->dist_A[k]);
            break;
        }
    }
}

lq_status lq_ml_predict(const lq_ml_model *m, const lq_structure *s, lq_ml_prediction *p,
                        lq_diag *diag) {
    if (!m || !s || !p) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "NULL argument");
    lq_diag local;
    memset(&local, 0, sizeof local);
    if (!diag) diag = &local; /* the reason text needs the message */
    memset(p, 0, sizeof *p);
    p->eform_eV_per_atom = (double)NAN;
    p->sigma_eV_per_atom = m->mae_eV_per_atom;
    if (s->n_sites == 0 || s->n_sites > (size_t)1 << 24 || !s->z || !s->frac || !s->occupancy) {
        snprintf(p->reason, sizeof p->reason, "empty or malformed structure");
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "empty or malformed structure");
    }
    for (size_t i = 0; i < s->n_sites; i++) {
        int z = s->z[i];
        if (z < 1 || z > LQ_ELEMENT_MAX_Z || m->type_of_z[z] < 0) {
            p->flags |= LQ_ML_FLAG_ELEMENT;
            snprintf(p->reason, sizeof p->reason, "%s (Z = %d) is outside the element set of %s",
                     (z >= 1 && z <= LQ_ELEMENT_MAX_Z) ? lqi_elements[z].symbol : "?", z, m->name);
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "z", "%s", p->reason);
        }
        if (fabs(s->occupancy[i] - 1.0) > 1e-6) {
            snprintf(p->reason, sizeof p->reason, "site %zu is partially occupied (%g)", i + 1,
                     s->occupancy[i]);
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "occupancy", "%s", p->reason);
        }
        for (int c = 0; c < 3; c++)
            if (!isfinite(s->frac[i][c]) || fabs(s->frac[i][c]) > 1e6) {
                snprintf(p->reason, sizeof p->reason, "site %zu: bad coordinates", i + 1);
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "frac", "%s", p->reason);
            }
    }
    lqi_ml_graph g;
    memset(&g, 0, sizeof g);
    int *types = lqi_malloc_array(s->n_sites, sizeof *types);
    double *nearest = lqi_malloc_array(s->n_sites, sizeof *nearest);
    lq_status st = (types && nearest) ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_ml_graph_build(s, m->cutoff_A, &g, diag);
    if (st == LQ_OK) {
        for (size_t i = 0; i < s->n_sites; i++) types[i] = m->type_of_z[s->z[i]];
        flag_bonds(s, &g, p, nearest);
        double y = (double)NAN;
        st = lqi_ml_megnet_forward(m, types, &g, &y, diag);
        if (st == LQ_OK) p->eform_eV_per_atom = y;
    } else if (!p->reason[0]) {
        snprintf(p->reason, sizeof p->reason, "%.150s",
                 diag->msg[0] ? diag->msg : lq_status_str(st));
    }
    lqi_ml_graph_free(&g);
    lqi_free(types);
    lqi_free(nearest);
    return st;
}

lq_status lq_ml_predict_many(const lq_ml_model *m, const lq_structure *const *s, size_t n,
                             int n_threads, lq_ml_prediction *p, lq_diag *diag) {
    if (!m || (n && (!s || !p))) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "", "NULL argument");
    if (n == 0) return LQ_OK;
    lq_status *sts = lqi_malloc_array(n, sizeof *sts);
    if (!sts) return LQ_ENOMEM;
    long nn = (long)n;
    int nt = n_threads;
#ifdef _OPENMP
    if (nt <= 0) nt = omp_get_max_threads();
#endif
    if (nt < 1) nt = 1;
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt)
    for (long i = 0; i < nn; i++) {
        if (!s[i]) {
            memset(&p[i], 0, sizeof p[i]);
            p[i].eform_eV_per_atom = (double)NAN;
            snprintf(p[i].reason, sizeof p[i].reason, "NULL structure");
            sts[i] = LQ_EINVAL;
        } else {
            sts[i] = lq_ml_predict(m, s[i], &p[i], NULL);
        }
    }
    lq_status st = LQ_OK;
    for (size_t i = 0; i < n && st == LQ_OK; i++)
        if (sts[i] != LQ_OK) {
            st = sts[i];
            lqi_diag_set(diag, st, NULL, (long)i + 1, "structure", "structure %zu: %s", i,
                         p[i].reason[0] ? p[i].reason : lq_status_str(st));
        }
    lqi_free(sts);
    return st;
}
