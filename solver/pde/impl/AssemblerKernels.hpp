#pragma once
// The per-point kernel of the residual assembler.

#include <Kokkos_Core.hpp>

#include "common/Math.hpp"
#include "kan/PointKernel.hpp"
#include "solver/expr/DeviceProgram.hpp"
#include "solver/pde/TrialFunction.hpp"

namespace kanpde::solver::Impl {

enum class AssembleMode : int { residual = 0, gradient = 1, jacobian = 2 };

// Inputs one equation program may read: u's jets, the tabulated ones and
// the unknown scalars.
constexpr int kMaxEquationInputs = 48;
// Unknown scalars of one problem (each an extra program output dr/dk).
constexpr int kMaxUnknowns = 8;
// Interfaces of one problem (solver/pde/Interfaces.hpp): each adds one
// network output N_i and a tabulated kink jet E_i, u += E_i N_i.
constexpr int kMaxKinks = 4;

// An unknown field a(x) = N_a(x), or with positivity a = softplus(N_a): its
// value and gradient [a, grad a] from N_a's jets (ja: the field network's
// Laplacian jet), and the adjoint: seeds on N_a's jet from B = dr/d[a, grad a].
//   a = sp(n), a_i = sig(n) n_i:  dr/dn = B_0 sig + sum_i B_i sig' n_i,
//   dr/dn_i = B_i sig  (sig = sp' the logistic function, sig' = sig (1 - sig)).
// softplus rather than exp: it is close to n for n > 0, so a Gauss-Newton
// step in N_a changes a about linearly (exp turns a step of 5 into a factor
// 150 and makes the LM model poor far from the answer), and still keeps a > 0
// as n -> -inf (as e^n there).
struct FieldMap {
  KOKKOS_INLINE_FUNCTION static double log1p(double t) {
#if KOKKOS_VERSION >= 30700
    return Kokkos::log1p(t);
#else
    return Kokkos::Experimental::log1p(t);
#endif
  }
  KOKKOS_INLINE_FUNCTION static double softplus(double n) {
    return n > 0 ? n + log1p(math::exp(-n)) : log1p(math::exp(n));
  }
  KOKKOS_INLINE_FUNCTION static double sigmoid(double n) {
    return n >= 0 ? 1.0 / (1.0 + math::exp(-n)) : math::exp(n) / (1.0 + math::exp(n));
  }
  KOKKOS_INLINE_FUNCTION static void value(bool positive, int nd, const double* ja, double* a) {
    if (!positive) {
      for (int c = 0; c <= nd; ++c) a[c] = ja[c];
      return;
    }
    const double sg = sigmoid(ja[0]);
    a[0] = softplus(ja[0]);
    for (int d = 0; d < nd; ++d) a[1 + d] = sg * ja[1 + d];
  }
  // seeds[0..nd+1] (the Laplacian component gets 0).
  KOKKOS_INLINE_FUNCTION static void adjoint(bool positive, int nd, const double* ja,
                                             const double* B, double* seeds) {
    seeds[1 + nd] = 0.0;
    if (!positive) {
      for (int c = 0; c <= nd; ++c) seeds[c] = B[c];
      return;
    }
    const double sg = sigmoid(ja[0]), ds = sg * (1.0 - sg);
    seeds[0] = B[0] * sg;
    for (int d = 0; d < nd; ++d) {
      seeds[0] += B[1 + d] * ds * ja[1 + d];
      seeds[1 + d] = B[1 + d] * sg;
    }
  }
};

// M: the jet mode, Laplacian ([u, grad u, lap u]) or Hessian ([u, grad u,
// upper triangle of H], only without a hard constraint). Linear terms give
// dr/d(u's jets) by their coefficients, equation terms by their program.
template <int K, int D, AssembleMode Mode, class ExecSpace,
          kan::JetMode M = kan::JetMode::laplacian>
struct AssembleFunctor {
  using Mem = typename ExecSpace::memory_space;
  using PK = kan::PointKernel<K, D, M>;
  // Capacity of one jet: D + 2 (Laplacian) or 1 + D + D(D+1)/2; for the
  // runtime-width kernel (D = kan::dynamic_dim) that of kan::max_dim, of
  // which the first PK::nc(net) = dim + 2 are used.
  static constexpr int NC = PK::NC;
  static constexpr bool kLap = M == kan::JetMode::laplacian;

  kan::NetworkView<Mem> net;
  // The unknown field's network, in Laplacian jets whatever u's mode.
  using PKF = kan::PointKernel<K, D, kan::JetMode::laplacian>;
  Kokkos::View<const double**, Mem> x, coef, djet, gjet;
  Kokkos::View<const double*, Mem> rhs, w;
  Kokkos::View<double*, Mem> r;
  bool hard;
  // jacobian mode: the non-zeros of row p - p0 (each parameter index appears
  // at most once per point: every edge is visited once by the reverse pass).
  Kokkos::View<int**, Kokkos::LayoutRight, Mem> cols;
  Kokkos::View<double**, Kokkos::LayoutRight, Mem> vals;
  Kokkos::View<int*, Mem> nnz;
  Kokkos::View<double*, Mem> scaled;  // jacobian mode: sqrt(w) r at p - p0
  int p0;
  // Equation terms: the program of point p (-1: a linear term), its
  // tabulated inputs, the programs.
  Kokkos::View<const int*, Mem> eq;
  Kokkos::View<const double**, Mem> aux;
  expr::DeviceProgramSet<Mem> programs;
  // Unknown scalars: their values, per program (num_aux, num_unknowns,
  // num_field_inputs), and (gradient, jacobian modes) the dense row of point
  // p: 2 w r d/d(.) (gradient) or sqrt(w) d/d(.) (jacobian) of r, first for
  // the field network's parameters (field_cols of them), then per unknown
  // scalar dr/dk; 0 for linear terms. Empty: none.
  Kokkos::View<const double*, Mem> unknowns;
  Kokkos::View<const int*, Mem> program_info;
  Kokkos::View<double**, Kokkos::LayoutRight, Mem> drdk;
  // Corner enrichment (solver/pde/CornerEnrichment.hpp): the jets of the m
  // corner functions at point p (m x nc), their amplitudes at
  // unknowns(eq_unknowns + c), their columns after the equations' unknowns.
  Kokkos::View<const double**, Mem> sjet;
  int eq_unknowns;
  int corners;
  // Interfaces (solver/pde/Interfaces.hpp): the jets of the m kink weights
  // E_i at point p (m x nc); u = G + D N_0 + sum_i E_i N_i, N_i the
  // network's output 1 + i. 0: none (one output, nothing added).
  Kokkos::View<const double**, Mem> kjet;
  int kinks;
  // The unknown field (has_field), a = N_a or softplus(N_a) (positive).
  kan::NetworkView<Mem> field;
  bool has_field = false;
  bool field_positive = false;
  int field_cols = 0;

  struct DenseRowSink {
    Kokkos::View<double**, Kokkos::LayoutRight, Mem> rows;
    int row;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const { rows(row, i) += v; }
  };

  template <class Sink>
  KOKKOS_INLINE_FUNCTION void point(const int p, const Sink& sink) const {
    typename PK::Tape tape;
    const int nd = PK::dim(net), nc = PK::nc(net);
    double xp[PK::DC];
    for (int d = 0; d < nd; ++d) xp[d] = x(p, d);
    PK::forward(net, xp, tape);
    const double* nj = tape.jet[net.node_offset[net.num_layers]];
    // u's jets: u = G + D N (D = 1, G = 0 without a hard constraint; Hessian
    // mode has none).
    // Zero-initialised: the runtime-width kernel fills only the first nc.
    double dj[NC] = {}, uj[NC] = {};
    if constexpr (kLap) {
      double gj[NC] = {};
      for (int c = 0; c < nc; ++c) {
        dj[c] = hard ? djet(p, c) : (c == 0 ? 1.0 : 0.0);
        gj[c] = hard ? gjet(p, c) : 0.0;
      }
      // u = G + D N + sum_c a_c S_c: the enrichment joins G.
      for (int k = 0; k < corners; ++k) {
        const double a = unknowns(eq_unknowns + k);
        for (int c = 0; c < nc; ++c) gj[c] += a * sjet(p, k * nc + c);
      }
      trial_compose_laplacian(nd, gj, dj, nj, uj);
      for (int i = 0; i < kinks; ++i) {
        double base[NC] = {}, ej[NC] = {};
        for (int c = 0; c < nc; ++c) {
          base[c] = uj[c];
          ej[c] = kjet(p, i * nc + c);
        }
        trial_compose_laplacian(nd, base, ej, tape.jet[net.node_offset[net.num_layers] + 1 + i],
                                uj);
      }
    } else {
      for (int c = 0; c < nc; ++c) uj[c] = nj[c];
    }
    // The residual and A = dr/d(u's jets).
    double A[NC];
    double res = -rhs(p);
    const int e = eq.extent(0) > 0 ? eq(p) : -1;
    const int mu = static_cast<int>(drdk.extent(1)) - field_cols;
    double dk[kMaxUnknowns] = {};
    // The field: N_a's tape, [a, grad a] and B = dr/d[a, grad a].
    typename PKF::Tape ftape;
    const double* fn = nullptr;
    double fa[1 + PK::DC] = {}, fb[1 + PK::DC] = {};
    bool field_used = false;
    if (e >= 0) {
      double in[kMaxEquationInputs], out[1 + NC + kMaxUnknowns + 1 + PK::DC];
      for (int c = 0; c < nc; ++c) in[c] = uj[c];
      const int na = program_info(3 * e), nu = program_info(3 * e + 1);
      const int nf = program_info(3 * e + 2);
      for (int k = 0; k < na; ++k) in[nc + k] = aux(p, k);
      for (int k = 0; k < nu; ++k) in[nc + na + k] = unknowns(k);
      if (nf > 0 && has_field) {
        field_used = true;
        PKF::forward(field, xp, ftape);
        fn = ftape.jet[field.node_offset[field.num_layers]];
        FieldMap::value(field_positive, nd, fn, fa);
        for (int k = 0; k < nf && k <= PK::DC; ++k) in[nc + na + nu + k] = fa[k];
      }
      programs(e, in, out);
      res = out[0];
      for (int c = 0; c < nc; ++c) A[c] = out[1 + c];
      for (int k = 0; k < nu && k < kMaxUnknowns; ++k) dk[k] = out[1 + nc + k];
      if (field_used)
        for (int k = 0; k < nf && k <= PK::DC; ++k) fb[k] = out[1 + nc + nu + k];
    } else if constexpr (kLap) {
      for (int c = 0; c < nc; ++c) {
        A[c] = coef(p, c);
        res += A[c] * uj[c];
      }
    } else {
      for (int c = 0; c < NC; ++c) A[c] = 0.0;
      for (int c = 0; c <= D; ++c) A[c] = coef(p, c);
      for (int a = 0; a < D; ++a) A[kan::jet_hess(D, a, a)] = coef(p, D + 1);
      for (int c = 0; c < NC; ++c) res += A[c] * uj[c];
    }
    if constexpr (kLap) {
      // dr/da_c = sum_j A_j S_c,j (u is linear in a_c).
      for (int k = 0; k < corners && eq_unknowns + k < kMaxUnknowns; ++k) {
        double s = 0.0;
        for (int c = 0; c < nc; ++c) s += A[c] * sjet(p, k * nc + c);
        dk[eq_unknowns + k] = s;
      }
    }
    if constexpr (Mode == AssembleMode::residual) {
      r(p) = res;
    } else {
      // dr / d(N's jet components).
      double dr[NC];
      if constexpr (kLap) {
        trial_adjoint_laplacian(nd, dj, A, dr);
      } else {
        for (int c = 0; c < nc; ++c) dr[c] = A[c];
      }
      double seeds[NC * (1 + kMaxKinks)];
      const double scale = Mode == AssembleMode::gradient ? 2.0 * w(p) * res : math::sqrt(w(p));
      for (int c = 0; c < nc; ++c) seeds[c] = scale * dr[c];
      if constexpr (kLap) {
        for (int i = 0; i < kinks; ++i) {
          double ej[NC] = {}, dri[NC] = {};
          for (int c = 0; c < nc; ++c) ej[c] = kjet(p, i * nc + c);
          trial_adjoint_laplacian(nd, ej, A, dri);
          for (int c = 0; c < nc; ++c) seeds[(1 + i) * NC + c] = scale * dri[c];
        }
      }
      typename PK::Adjoint adj_a, adj_b;
      PK::reverse(net, tape, seeds, sink, adj_a, adj_b);
      r(p) = res;
      if constexpr (Mode == AssembleMode::jacobian) scaled(p - p0) = math::sqrt(w(p)) * res;
      if (drdk.extent(0) > 0) {
        for (int k = 0; k < mu; ++k) drdk(p, field_cols + k) = scale * dk[k];
        for (int k = 0; k < field_cols; ++k) drdk(p, k) = 0.0;
        if (field_used) {
          double fs[PKF::NC] = {}, fseeds[PKF::NC] = {};
          FieldMap::adjoint(field_positive, nd, fn, fb, fs);
          for (int c = 0; c < nd + 2; ++c) fseeds[c] = scale * fs[c];
          typename PKF::Adjoint fadj_a, fadj_b;
          PKF::reverse(field, ftape, fseeds, DenseRowSink{drdk, p}, fadj_a, fadj_b);
        }
      }
    }
  }

  struct NoSink {
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t, double) const {}
  };
  struct SparseRowSink {
    Kokkos::View<int**, Kokkos::LayoutRight, Mem> cols;
    Kokkos::View<double**, Kokkos::LayoutRight, Mem> vals;
    int row;
    int* count;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const {
      cols(row, *count) = static_cast<int>(i);
      vals(row, *count) = v;
      ++*count;
    }
  };

  KOKKOS_FUNCTION void operator()(const int p) const {
    static_assert(Mode != AssembleMode::gradient,
                  "AssembleFunctor: the gradient runs per block (BlockGradientFunctor)");
    if constexpr (Mode == AssembleMode::residual) {
      point(p, NoSink{});
    } else {
      int count = 0;
      point(p, SparseRowSink{cols, vals, p - p0, &count});
      nnz(p - p0) = count;
    }
  }
};

// The gradient, one block of points per work item (solver/parallel/
// BlockSum.hpp): the points of local block k, in order, add their reverse
// passes into row k - k0 of `rows`, which no other work item touches. So every
// row is the same sum in the same order whatever the thread count or the
// order in which the blocks run (`reversed` runs them backwards; tests use it).
template <class F>
struct BlockGradientFunctor {
  using Mem = typename F::Mem;
  F f;
  Kokkos::View<const int*, Mem> block_begin;  // block k: points [begin(k), begin(k + 1))
  Kokkos::View<double**, Kokkos::LayoutRight, Mem> rows;
  int k0, k1;
  bool reversed;

  struct RowSink {
    Kokkos::View<double**, Kokkos::LayoutRight, Mem> rows;
    int row;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const { rows(row, i) += v; }
  };

  KOKKOS_FUNCTION void operator()(const int work) const {
    const int k = reversed ? k1 - 1 - work : k0 + work;
    const RowSink sink{rows, k - k0};
    for (int p = block_begin(k); p < block_begin(k + 1); ++p) f.point(p, sink);
  }
};

// The Jacobian rows of a batch of blocks, dense, for solver::DeviceGram: one
// work item per (batch block b, row q); point block_begin(k0 + b) + q, when
// the block has that many, writes row q of batch block b: its network entries
// dR/dtheta (rows zeroed beforehand), then sqrt(w) dr/dk of the m unknowns at
// columns P .. P + m - 1 and R = sqrt(w) r at column P + m.
template <class F>
struct DenseJacobianFunctor {
  using Mem = typename F::Mem;
  F f;  // jacobian mode; scaled holds the batch's rows from f.p0
  Kokkos::View<const int*, Mem> block_begin;
  Kokkos::View<double***, Kokkos::LayoutRight, Mem> rows;
  int k0, P;

  struct Sink {
    Kokkos::View<double***, Kokkos::LayoutRight, Mem> rows;
    int b, q;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const { rows(b, q, i) += v; }
  };

  KOKKOS_FUNCTION void operator()(const int w) const {
    const int B = static_cast<int>(rows.extent(1));
    const int b = w / B, q = w % B, k = k0 + b;
    const int p = block_begin(k) + q;
    if (p >= block_begin(k + 1)) return;
    f.point(p, Sink{rows, b, q});
    const int mu = f.drdk.extent(0) > 0 ? static_cast<int>(f.drdk.extent(1)) : 0;
    for (int j = 0; j < mu; ++j) rows(b, q, P + j) = f.drdk(p, j);
    rows(b, q, P + mu) = f.scaled(p - f.p0);
  }
};

}  // namespace kanpde::solver::Impl
