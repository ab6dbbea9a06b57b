#pragma once
// The whole network at one point, on the stack of one thread: forward Taylor
// propagation of jets (value, gradient, Laplacian or Hessian) and the reverse
// (adjoint) pass through it. Both are KOKKOS_INLINE_FUNCTIONs meant to be
// called from any kernel (kan/Evaluate.hpp launches them; the residual
// assembler fuses them with its own per-point work).
//
// Through an edge phi, an input jet (v, g, L or H) contributes
//   value  phi(v)
//   grad   phi'(v) g
//   lap    phi''(v) |g|^2 + phi'(v) L
//   hess   phi''(v) g g^T + phi'(v) H
// to its output node. With output adjoints A (same layout), the reverse pass
// uses the per-edge scalars
//   a0 = A_v,  a1 = A_g . g + A_L L (+ A_H : H),  a2 = A_L |g|^2 (+ g^T A_H g)
// so that d(A . out)/d theta = a0 dphi/dtheta + a1 dphi'/dtheta + a2 dphi''/dtheta
// and the input adjoint is
//   v: a0 phi' + a1 phi'' + a2 phi'''    g: phi' A_g + 2 phi'' A_L g (+ phi'' (A_H + A_H^T) g)
//   L: phi' A_L                          H: phi' A_H.

#include <Kokkos_Core.hpp>

#include "kan/BSpline.hpp"
#include "kan/BaseFunction.hpp"
#include "kan/Jet.hpp"
#include "kan/Network.hpp"

namespace kanpde::kan {

// D is the input width 1..3, compiled in, or dynamic_dim (kan/Layout.hpp):
// the width is then read from the network at run time (up to max_dim) and
// jets are stored with the stride of the widest one. Both run the same
// arithmetic in the same order, so they agree bitwise.
template <int K, int D, JetMode M>
struct PointKernel {
  static_assert(K >= 1 && K <= max_order, "spline order out of range");
  static_assert(D == dynamic_dim || (D >= 1 && D <= 3), "dimension out of range");
  static_assert(D != dynamic_dim || M != JetMode::hessian,
                "PointKernel: the runtime-width kernel carries Laplacian jets, not Hessians");
  // Capacity in space dimensions, and the stride of one jet in the tape, the
  // adjoints and the seeds; a jet's own components are the first nc(net).
  static constexpr int DC = D == dynamic_dim ? max_dim : D;
  static constexpr int NC = jet_size(M, DC);
  static constexpr bool has_derivs = M != JetMode::value;
  template <class View>
  KOKKOS_INLINE_FUNCTION static int dim(const View& net) {
    if constexpr (D == dynamic_dim)
      return net.width[0];
    else
      return D;
  }
  template <class View>
  KOKKOS_INLINE_FUNCTION static int nc(const View& net) {
    return jet_size(M, dim(net));
  }
  // What the forward pass leaves for the reverse pass: the jets of every node,
  // layer after layer, and for every layer input its B-spline basis values
  // and derivatives (up to third order) and its base-function derivatives, so
  // the reverse pass evaluates neither again.
  static constexpr int RB = has_derivs ? 3 : 1;
  struct Tape {
    double jet[max_nodes][NC];
    double basis[max_nodes][RB + 1][K + 1];
    double base[max_nodes][RB + 1];
    int span[max_nodes];
  };
  // Adjoints of one layer's nodes.
  using Adjoint = double[max_width][NC];

  // Evaluates the network at x[0..dim(net)): fills tape.jet[node][c]; the outputs
  // are at tape.jet[net.node_offset[net.num_layers] + o].
  template <class View>
  KOKKOS_INLINE_FUNCTION static void forward(const View& net, const double* x, Tape& tape) {
    const int nd = dim(net), ncj = nc(net);
    for (int i = 0; i < nd; ++i) {
      for (int c = 0; c < ncj; ++c) tape.jet[i][c] = 0.0;
      tape.jet[i][0] = x[i];
      if constexpr (has_derivs) tape.jet[i][jet_grad(i)] = 1.0;
    }
    constexpr int R = RB;
    for (int l = 0; l < net.num_layers; ++l) {
      const int nin = net.width[l], nout = net.width[l + 1];
      const int ib = net.node_offset[l], ob = net.node_offset[l + 1];
      const int nb = net.basis_per_edge;
      const std::size_t po = net.param_offset[l];
      const std::size_t E = static_cast<std::size_t>(nin) * static_cast<std::size_t>(nout);
      const std::size_t wb_off = po + E * static_cast<std::size_t>(nb), ws_off = wb_off + E;
      for (int o = 0; o < nout; ++o)
        for (int c = 0; c < ncj; ++c) tape.jet[ob + o][c] = 0.0;
      for (int i = 0; i < nin; ++i) {
        const double* ji = tape.jet[ib + i];
        const int q = net.input_offset[l] + i;
        double(&B)[R + 1][K + 1] = tape.basis[ib + i];
        const int span = bspline_eval<K, R>(
            &net.knots(static_cast<std::size_t>(q) * static_cast<std::size_t>(net.knots_per_input)),
            net.knots_per_input - 1, net.inv_h(q), ji[0], B);
        tape.span[ib + i] = span;
        const int first = span - K;
        const int a_lo = span < 0 ? 0 : (first < 0 ? -first : 0);
        const int a_hi = span < 0 ? -1 : (first + K > nb - 1 ? nb - 1 - first : K);
        double(&sb)[R + 1] = tape.base[ib + i];
        base_eval<R>(net.base, ji[0], sb);
        double gg = 0.0;
        if constexpr (M == JetMode::laplacian)
          for (int d = 0; d < nd; ++d) gg += ji[jet_grad(d)] * ji[jet_grad(d)];
        for (int o = 0; o < nout; ++o) {
          const std::size_t e = static_cast<std::size_t>(i * nout + o);
          const std::size_t cbase = po + e * static_cast<std::size_t>(nb) + first;
          constexpr int RF = has_derivs ? 2 : 0;  // derivatives the jets need
          double s[RF + 1];
          for (int r = 0; r <= RF; ++r) s[r] = 0.0;
          for (int a = a_lo; a <= a_hi; ++a) {
            const double c = net.params(cbase + a);
            for (int r = 0; r <= RF; ++r) s[r] += c * B[r][a];
          }
          const double wb = net.params(wb_off + e), ws = net.params(ws_off + e);
          double* jo = tape.jet[ob + o];
          jo[0] += wb * sb[0] + ws * s[0];
          if constexpr (has_derivs) {
            const double p1 = wb * sb[1] + ws * s[1];
            const double p2 = wb * sb[2] + ws * s[2];
            for (int d = 0; d < nd; ++d) jo[jet_grad(d)] += p1 * ji[jet_grad(d)];
            if constexpr (M == JetMode::laplacian) {
              jo[jet_lap(nd)] += p2 * gg + p1 * ji[jet_lap(nd)];
            } else {
              for (int a = 0; a < nd; ++a)
                for (int b = a; b < nd; ++b) {
                  const int h = jet_hess(nd, a, b);
                  jo[h] += p2 * ji[jet_grad(a)] * ji[jet_grad(b)] + p1 * ji[h];
                }
            }
          }
        }
      }
    }
  }

  // Reverse pass after forward(): seeds[o * NC + c] weighs output o's jet
  // component c; sink(index, value) receives d(sum seeds . outputs)/d params
  // (several calls may name the same index: the sink adds); seeds has stride NC
  // per output and only its first nc(net) components are read. adj_a and adj_b
  // are scratch.
  template <class View, class Sink>
  KOKKOS_INLINE_FUNCTION static void reverse(const View& net, const Tape& tape, const double* seeds,
                                             const Sink& sink, Adjoint& adj_a, Adjoint& adj_b) {
    const int L = net.num_layers;
    [[maybe_unused]] const int nd = dim(net);
    const int ncj = nc(net);
    double(*cur)[NC] = adj_a;
    double(*nxt)[NC] = adj_b;
    for (int o = 0; o < net.width[L]; ++o)
      for (int c = 0; c < ncj; ++c) cur[o][c] = seeds[o * NC + c];
    constexpr int R = RB;
    for (int l = L - 1; l >= 0; --l) {
      const int nin = net.width[l], nout = net.width[l + 1];
      const int ib = net.node_offset[l];
      const int nb = net.basis_per_edge;
      const std::size_t po = net.param_offset[l];
      const std::size_t E = static_cast<std::size_t>(nin) * static_cast<std::size_t>(nout);
      const std::size_t wb_off = po + E * static_cast<std::size_t>(nb), ws_off = wb_off + E;
      const bool need_input_adjoint = l > 0;
      for (int i = 0; i < nin; ++i) {
        const double* ji = tape.jet[ib + i];
        const double(&B)[R + 1][K + 1] = tape.basis[ib + i];
        const int span = tape.span[ib + i];
        const int first = span - K;
        const int a_lo = span < 0 ? 0 : (first < 0 ? -first : 0);
        const int a_hi = span < 0 ? -1 : (first + K > nb - 1 ? nb - 1 - first : K);
        const double(&sb)[R + 1] = tape.base[ib + i];
        double gg = 0.0;
        if constexpr (M == JetMode::laplacian)
          for (int d = 0; d < nd; ++d) gg += ji[jet_grad(d)] * ji[jet_grad(d)];
        double ai[NC];
        for (int c = 0; c < ncj; ++c) ai[c] = 0.0;
        for (int o = 0; o < nout; ++o) {
          const double* A = cur[o];
          const double a0 = A[0];
          double a1 = 0.0, a2 = 0.0;
          if constexpr (has_derivs) {
            for (int d = 0; d < nd; ++d) a1 += A[jet_grad(d)] * ji[jet_grad(d)];
            if constexpr (M == JetMode::laplacian) {
              a1 += A[jet_lap(nd)] * ji[jet_lap(nd)];
              a2 = A[jet_lap(nd)] * gg;
            } else {
              for (int a = 0; a < nd; ++a)
                for (int b = a; b < nd; ++b) {
                  const int h = jet_hess(nd, a, b);
                  a1 += A[h] * ji[h];
                  a2 += A[h] * ji[jet_grad(a)] * ji[jet_grad(b)];
                }
            }
          }
          const std::size_t e = static_cast<std::size_t>(i * nout + o);
          const std::size_t cbase = po + e * static_cast<std::size_t>(nb) + first;
          const double wb = net.params(wb_off + e), ws = net.params(ws_off + e);
          double s[R + 1];
          for (int r = 0; r <= R; ++r) s[r] = 0.0;
          for (int a = a_lo; a <= a_hi; ++a) {
            const double c = net.params(cbase + a);
            for (int r = 0; r <= R; ++r) s[r] += c * B[r][a];
            double w = a0 * B[0][a];
            if constexpr (has_derivs) w += a1 * B[1][a] + a2 * B[2][a];
            sink(cbase + a, ws * w);
          }
          double gb = a0 * sb[0], gs = a0 * s[0];
          if constexpr (has_derivs) {
            gb += a1 * sb[1] + a2 * sb[2];
            gs += a1 * s[1] + a2 * s[2];
          }
          sink(wb_off + e, gb);
          sink(ws_off + e, gs);
          if (need_input_adjoint) {
            const double p1 = wb * sb[1] + ws * s[1];
            ai[0] += a0 * p1;
            if constexpr (has_derivs) {
              const double p2 = wb * sb[2] + ws * s[2];
              const double p3 = wb * sb[3] + ws * s[3];
              ai[0] += a1 * p2 + a2 * p3;
              for (int d = 0; d < nd; ++d) ai[jet_grad(d)] += p1 * A[jet_grad(d)];
              if constexpr (M == JetMode::laplacian) {
                const double t = 2.0 * p2 * A[jet_lap(nd)];
                for (int d = 0; d < nd; ++d) ai[jet_grad(d)] += t * ji[jet_grad(d)];
                ai[jet_lap(nd)] += p1 * A[jet_lap(nd)];
              } else {
                for (int a = 0; a < nd; ++a)
                  for (int b = a; b < nd; ++b) {
                    const int h = jet_hess(nd, a, b);
                    ai[jet_grad(a)] += p2 * A[h] * ji[jet_grad(b)];
                    ai[jet_grad(b)] += p2 * A[h] * ji[jet_grad(a)];
                    ai[h] += p1 * A[h];
                  }
              }
            }
          }
        }
        if (need_input_adjoint)
          for (int c = 0; c < ncj; ++c) nxt[i][c] = ai[c];
      }
      double(*tmp)[NC] = cur;
      cur = nxt;
      nxt = tmp;
    }
  }
};

}  // namespace kanpde::kan
