#pragma once
// Small helpers shared by the KAN tests: random networks and points, and
// launchers that return host vectors.

#include <Kokkos_Core.hpp>

#include <vector>

#include "common/Random.hpp"
#include "kan/Evaluate.hpp"
#include "kan/Network.hpp"

namespace kanpde::test {

using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;
using Net = kan::Network<Mem>;

// A network with non-trivial weights: spline coefficients O(1), so that the
// spline part matters as much as the base function.
inline Net random_network(std::vector<int> widths, int G, int k, std::uint64_t seed,
                          kan::BaseFunction base = kan::BaseFunction::silu) {
  kan::NetworkSpec spec;
  spec.widths = std::move(widths);
  spec.grid_size = G;
  spec.order = k;
  spec.base = base;
  spec.seed = seed;
  spec.coef_noise = 0.5;
  spec.hidden_range = {-2.0, 2.0};
  return Net(spec);
}

// N points uniform in [lo, hi]^d, row-major.
inline std::vector<double> random_points(int n, int d, double lo, double hi, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<double> x(static_cast<std::size_t>(n * d));
  for (double& v : x) v = rng.uniform(lo, hi);
  return x;
}

inline Kokkos::View<double**, Mem> to_view(const std::vector<double>& x, int d) {
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  Kokkos::View<double**, Mem> v("test::points", n, static_cast<std::size_t>(d));
  auto h = Kokkos::create_mirror_view(v);
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) h(p, static_cast<std::size_t>(a)) = x[p * d + a];
  Kokkos::deep_copy(v, h);
  return v;
}

// Jets at the points: result[(p * n_out + o) * nc + c].
inline std::vector<double> jets(const Net& net, const std::vector<double>& x, kan::JetMode mode) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  const int nc = kan::jet_size(mode, d);
  auto xv = to_view(x, d);
  Kokkos::View<double***, Mem> out("test::jets", xv.extent(0), static_cast<std::size_t>(nout),
                                   static_cast<std::size_t>(nc));
  kan::evaluate(Exec(), net, xv, mode, out);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  return std::vector<double>(h.data(), h.data() + h.size());
}

inline Kokkos::View<double***, Mem> seeds_view(const std::vector<double>& s, std::size_t n,
                                               int nout, int nc) {
  Kokkos::View<double***, Mem> v("test::seeds", n, static_cast<std::size_t>(nout),
                                 static_cast<std::size_t>(nc));
  auto h = Kokkos::create_mirror_view(v);
  for (std::size_t p = 0; p < n; ++p)
    for (int o = 0; o < nout; ++o)
      for (int c = 0; c < nc; ++c) h(p, o, c) = s[(p * nout + o) * nc + c];
  Kokkos::deep_copy(v, h);
  return v;
}

// The accumulated gradient, added to `init` (zeros when empty).
inline std::vector<double> gradient(const Net& net, const std::vector<double>& x, kan::JetMode mode,
                                    const std::vector<double>& seeds,
                                    const std::vector<double>& init = {}) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  auto xv = to_view(x, d);
  auto sv = seeds_view(seeds, xv.extent(0), nout, kan::jet_size(mode, d));
  Kokkos::View<double*, Mem> g("test::grad", net.num_params());
  if (!init.empty()) {
    auto hi = Kokkos::create_mirror_view(g);
    for (std::size_t j = 0; j < hi.extent(0); ++j) hi(j) = init[j];
    Kokkos::deep_copy(g, hi);
  }
  kan::accumulate_gradient(Exec(), net, xv, mode, sv, g);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  return std::vector<double>(h.data(), h.data() + h.size());
}

// Jacobian rows: result[p * P + j].
inline std::vector<double> jacobian(const Net& net, const std::vector<double>& x, kan::JetMode mode,
                                    const std::vector<double>& seeds) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  auto xv = to_view(x, d);
  auto sv = seeds_view(seeds, xv.extent(0), nout, kan::jet_size(mode, d));
  Kokkos::View<double**, Kokkos::LayoutRight, Mem> J("test::jac", xv.extent(0), net.num_params());
  Kokkos::View<double**, Mem> Jd("test::jac", xv.extent(0), net.num_params());
  kan::jacobian_rows(Exec(), net, xv, mode, sv, Jd);
  Kokkos::deep_copy(J, Jd);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), J);
  return std::vector<double>(h.data(), h.data() + h.size());
}

}  // namespace kanpde::test
