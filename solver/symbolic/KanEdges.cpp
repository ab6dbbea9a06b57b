#include "solver/symbolic/KanEdges.hpp"

#include "common/Error.hpp"
#include "kan/BSpline.hpp"
#include "kan/BaseFunction.hpp"
#include "kan/Network.hpp"

namespace kanpde::solver::symbolic {
namespace {

template <int K>
double spline_sum(const KanModel& m, int l, int i, int o, double v, double inv_h) {
  const kan::Layout& L = m.layout;
  const double* t = &m.knots[L.knot_index(l, i, 0)];
  double B[1][K + 1];
  const int span = kan::bspline_eval<K, 0>(t, L.knots_per_input() - 1, inv_h, v, B);
  if (span < 0) return 0.0;
  const int nb = L.basis_per_edge(), first = span - K;
  double s = 0.0;
  for (int a = 0; a <= K; ++a) {
    const int mi = first + a;
    if (mi < 0 || mi >= nb) continue;
    s += m.params[L.coef_index(l, i, o, mi)] * B[0][a];
  }
  return s;
}

double edge_with(const KanModel& m, int l, int i, int o, double v, double inv_h) {
  const kan::Layout& L = m.layout;
  double s = 0.0;
  switch (L.order()) {
    case 1:
      s = spline_sum<1>(m, l, i, o, v, inv_h);
      break;
    case 2:
      s = spline_sum<2>(m, l, i, o, v, inv_h);
      break;
    case 3:
      s = spline_sum<3>(m, l, i, o, v, inv_h);
      break;
    case 4:
      s = spline_sum<4>(m, l, i, o, v, inv_h);
      break;
    case 5:
      s = spline_sum<5>(m, l, i, o, v, inv_h);
      break;
    default:
      KANPDE_REQUIRE(false, "spline order " << L.order() << " is not supported");
  }
  double b[1];
  kan::base_eval<0>(L.base(), v, b);
  return m.params[L.w_base_index(l, i, o)] * b[0] + m.params[L.w_spline_index(l, i, o)] * s;
}

}  // namespace

double kan_edge_value(const KanModel& m, int l, int i, int o, double v) {
  const std::vector<double> inv_h = kan::uniform_inverse_spacing(m.layout, m.knots);
  return edge_with(m, l, i, o, v, inv_h[static_cast<std::size_t>(m.layout.input_offset(l) + i)]);
}

EdgeSamples sample_edges(const KanModel& m, const std::vector<double>& x) {
  const kan::Layout& L = m.layout;
  KANPDE_REQUIRE(m.params.size() == L.num_params() && m.knots.size() == L.num_knots(),
                 "model arrays do not match its layout");
  const int d = L.input_dim();
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  const std::vector<double> inv_h = kan::uniform_inverse_spacing(L, m.knots);
  EdgeSamples s;
  s.in.assign(static_cast<std::size_t>(L.num_edges()), std::vector<double>(n));
  s.out = s.in;
  s.u.resize(n);
  std::vector<double> node, next;
  for (std::size_t p = 0; p < n; ++p) {
    node.assign(x.begin() + static_cast<std::ptrdiff_t>(p * d),
                x.begin() + static_cast<std::ptrdiff_t>((p + 1) * d));
    int e0 = 0;
    for (int l = 0; l < L.num_layers(); ++l) {
      const int nin = L.width(l), nout = L.width(l + 1);
      next.assign(static_cast<std::size_t>(nout), 0.0);
      for (int i = 0; i < nin; ++i)
        for (int o = 0; o < nout; ++o) {
          const std::size_t e = static_cast<std::size_t>(e0 + i * nout + o);
          const double v = node[static_cast<std::size_t>(i)];
          const double phi =
              edge_with(m, l, i, o, v, inv_h[static_cast<std::size_t>(L.input_offset(l) + i)]);
          s.in[e][p] = v;
          s.out[e][p] = phi;
          next[static_cast<std::size_t>(o)] += phi;
        }
      e0 += nin * nout;
      node.swap(next);
    }
    s.u[p] = node[0];
  }
  return s;
}

}  // namespace kanpde::solver::symbolic
