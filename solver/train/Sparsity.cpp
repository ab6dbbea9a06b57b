#include "solver/train/Sparsity.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "common/Error.hpp"
#include "kan/BSpline.hpp"
#include "kan/BaseFunction.hpp"
#include "kan/Network.hpp"

namespace kanpde::solver {
namespace {

// One point through the network, keeping what the reverse pass needs: per
// layer input (l, i) its value, span and bases; per edge its output, its
// spline sum and its derivative with respect to its input.
template <int K>
struct Tape {
  std::vector<double> node;               // per node (Layout::node_offset numbering)
  std::vector<int> first;                 // per layer input: index of its first basis (-K-1: none)
  std::vector<double> basis;              // per layer input: K+1 bases
  std::vector<double> base;               // per layer input: b(v)
  std::vector<double> phi, spline, dphi;  // per edge
  std::vector<int> noff;                  // per layer: Layout::node_offset
};

template <int K>
void forward(const HostKan& n, const std::vector<double>& inv_h, const double* x, Tape<K>& t) {
  const kan::Layout& L = n.layout;
  if (t.noff.empty())
    for (int l = 0; l <= L.num_layers(); ++l) t.noff.push_back(L.node_offset(l));
  t.node.assign(static_cast<std::size_t>(L.num_nodes()), 0.0);
  t.first.resize(static_cast<std::size_t>(L.num_inputs_total()));
  t.basis.resize(static_cast<std::size_t>(L.num_inputs_total()) * (K + 1));
  t.base.resize(static_cast<std::size_t>(L.num_inputs_total()));
  t.phi.resize(static_cast<std::size_t>(L.num_edges()));
  t.spline.resize(t.phi.size());
  t.dphi.resize(t.phi.size());
  for (int i = 0; i < L.input_dim(); ++i) t.node[static_cast<std::size_t>(i)] = x[i];
  const int nb = L.basis_per_edge();
  std::size_t e = 0;
  for (int l = 0; l < L.num_layers(); ++l) {
    const int nin = L.width(l), nout = L.width(l + 1);
    for (int i = 0; i < nin; ++i) {
      const std::size_t q = static_cast<std::size_t>(L.input_offset(l) + i);
      const double v = t.node[static_cast<std::size_t>(t.noff[static_cast<std::size_t>(l)] + i)];
      double B[2][K + 1];
      const int span = kan::bspline_eval<K, 1>(&n.knots[L.knot_index(l, i, 0)],
                                               L.knots_per_input() - 1, inv_h[q], v, B);
      const int first = span < 0 ? -K - 1 : span - K;
      t.first[q] = first;
      double b[2];
      kan::base_eval<1>(L.base(), v, b);
      t.base[q] = b[0];
      for (int a = 0; a <= K; ++a) t.basis[q * (K + 1) + static_cast<std::size_t>(a)] = B[0][a];
      for (int o = 0; o < nout; ++o, ++e) {
        double s = 0.0, ds = 0.0;
        for (int a = 0; a <= K; ++a) {
          const int m = first + a;
          if (m < 0 || m >= nb) continue;
          const double c = n.params[L.coef_index(l, i, o, m)];
          s += c * B[0][a];
          ds += c * B[1][a];
        }
        const double wb = n.params[L.w_base_index(l, i, o)];
        const double ws = n.params[L.w_spline_index(l, i, o)];
        t.spline[e] = s;
        t.phi[e] = wb * b[0] + ws * s;
        t.dphi[e] = wb * b[1] + ws * ds;
        t.node[static_cast<std::size_t>(t.noff[static_cast<std::size_t>(l) + 1] + o)] += t.phi[e];
      }
    }
  }
}

template <int K>
std::vector<double> magnitudes(const HostKan& n, const std::vector<double>& x) {
  const kan::Layout& L = n.layout;
  const std::vector<double> inv_h = kan::uniform_inverse_spacing(L, n.knots);
  const std::size_t d = static_cast<std::size_t>(L.input_dim());
  const std::size_t np = x.size() / d;
  std::vector<double> a(static_cast<std::size_t>(L.num_edges()), 0.0);
  Tape<K> t;
  for (std::size_t p = 0; p < np; ++p) {
    forward<K>(n, inv_h, &x[p * d], t);
    for (std::size_t e = 0; e < a.size(); ++e) a[e] += std::abs(t.phi[e]);
  }
  for (double& v : a) v /= static_cast<double>(np);
  return a;
}

// dP/da_e for every edge.
std::vector<double> magnitude_weights(const kan::Layout& L, const std::vector<double>& a,
                                      const SparsityOptions& o) {
  std::vector<double> w(a.size(), 0.0);
  std::size_t e0 = 0;
  for (int l = 0; l < L.num_layers(); ++l) {
    const std::size_t ne = static_cast<std::size_t>(L.edges(l));
    double S = 0.0;
    for (std::size_t e = e0; e < e0 + ne; ++e) S += a[e];
    double H = 0.0;
    if (S > 0)
      for (std::size_t e = e0; e < e0 + ne; ++e)
        if (a[e] > 0) H -= a[e] / S * std::log(a[e] / S);
    for (std::size_t e = e0; e < e0 + ne; ++e) {
      w[e] = o.weight * o.l1;
      if (a[e] > 0) w[e] -= o.weight * o.entropy * (std::log(a[e] / S) + H) / S;
    }
    e0 += ne;
  }
  return w;
}

template <int K>
double penalty_and_gradient(const HostKan& n, const std::vector<double>& x,
                            const SparsityOptions& o, std::vector<double>& grad) {
  const kan::Layout& L = n.layout;
  const std::vector<double> a = magnitudes<K>(n, x);
  const std::vector<double> w = magnitude_weights(L, a, o);
  const std::vector<double> inv_h = kan::uniform_inverse_spacing(L, n.knots);
  const std::size_t d = static_cast<std::size_t>(L.input_dim());
  const std::size_t np = x.size() / d;
  grad.assign(L.num_params(), 0.0);
  const int nb = L.basis_per_edge();
  Tape<K> t;
  std::vector<double> adj(static_cast<std::size_t>(L.num_nodes()), 0.0);
  std::vector<std::size_t> e0(static_cast<std::size_t>(L.num_layers()) + 1, 0);
  for (int l = 0; l < L.num_layers(); ++l)
    e0[static_cast<std::size_t>(l) + 1] =
        e0[static_cast<std::size_t>(l)] + static_cast<std::size_t>(L.edges(l));
  const double inv_n = 1.0 / static_cast<double>(np);
  for (std::size_t p = 0; p < np; ++p) {
    forward<K>(n, inv_h, &x[p * d], t);
    std::fill(adj.begin(), adj.end(), 0.0);  // the output nodes carry no seed
    for (int l = L.num_layers() - 1; l >= 0; --l) {
      const int nin = L.width(l), nout = L.width(l + 1);
      for (int i = 0; i < nin; ++i) {
        const std::size_t q = static_cast<std::size_t>(L.input_offset(l) + i);
        double ni = 0.0;
        for (int o2 = 0; o2 < nout; ++o2) {
          const std::size_t e =
              e0[static_cast<std::size_t>(l)] + static_cast<std::size_t>(i * nout + o2);
          const double sg = t.phi[e] > 0 ? 1.0 : (t.phi[e] < 0 ? -1.0 : 0.0);
          const double g =
              w[e] * sg * inv_n +
              adj[static_cast<std::size_t>(t.noff[static_cast<std::size_t>(l) + 1] + o2)];
          if (g == 0.0) continue;
          const double ws = n.params[L.w_spline_index(l, i, o2)];
          grad[L.w_base_index(l, i, o2)] += g * t.base[q];
          grad[L.w_spline_index(l, i, o2)] += g * t.spline[e];
          for (int b = 0; b <= K; ++b) {
            const int m = t.first[q] + b;
            if (m < 0 || m >= nb) continue;
            grad[L.coef_index(l, i, o2, m)] +=
                g * ws * t.basis[q * (K + 1) + static_cast<std::size_t>(b)];
          }
          ni += g * t.dphi[e];
        }
        adj[static_cast<std::size_t>(t.noff[static_cast<std::size_t>(l)] + i)] = ni;
      }
    }
  }
  return sparsity_penalty(L, a, o);
}

void check(const HostKan& n, const std::vector<double>& x) {
  const kan::Layout& L = n.layout;
  KANPDE_REQUIRE(n.params.size() == L.num_params() && n.knots.size() == L.num_knots(),
                 "the network's arrays do not match its layout");
  KANPDE_REQUIRE(!x.empty() && x.size() % static_cast<std::size_t>(L.input_dim()) == 0,
                 "the sparsity penalty needs points of dimension " << L.input_dim());
}

template <class F>
auto by_order(int k, F&& f) {
  switch (k) {
    case 1:
      return f(std::integral_constant<int, 1>{});
    case 2:
      return f(std::integral_constant<int, 2>{});
    case 3:
      return f(std::integral_constant<int, 3>{});
    case 4:
      return f(std::integral_constant<int, 4>{});
    case 5:
      return f(std::integral_constant<int, 5>{});
    default:
      KANPDE_REQUIRE(false, "spline order " << k << " is not supported");
  }
  return f(std::integral_constant<int, 3>{});
}

}  // namespace

std::vector<double> edge_magnitudes(const HostKan& net, const std::vector<double>& x) {
  check(net, x);
  return by_order(net.layout.order(),
                  [&](auto k) { return magnitudes<decltype(k)::value>(net, x); });
}

double sparsity_penalty(const kan::Layout& layout, const std::vector<double>& a,
                        const SparsityOptions& o) {
  KANPDE_REQUIRE(a.size() == static_cast<std::size_t>(layout.num_edges()),
                 "expected one magnitude per edge");
  double l1 = 0.0, entropy = 0.0;
  std::size_t e0 = 0;
  for (int l = 0; l < layout.num_layers(); ++l) {
    const std::size_t ne = static_cast<std::size_t>(layout.edges(l));
    double S = 0.0;
    for (std::size_t e = e0; e < e0 + ne; ++e) S += a[e];
    l1 += S;
    if (S > 0)
      for (std::size_t e = e0; e < e0 + ne; ++e)
        if (a[e] > 0) entropy -= a[e] / S * std::log(a[e] / S);
    e0 += ne;
  }
  return o.weight * (o.l1 * l1 + o.entropy * entropy);
}

double sparsity_penalty_and_gradient(const HostKan& net, const std::vector<double>& x,
                                     const SparsityOptions& o, std::vector<double>& grad) {
  check(net, x);
  return by_order(net.layout.order(), [&](auto k) {
    return penalty_and_gradient<decltype(k)::value>(net, x, o, grad);
  });
}

}  // namespace kanpde::solver
