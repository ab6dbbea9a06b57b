#include "solver/train/Balance.hpp"

#include <cmath>

#include "common/Error.hpp"
#include "common/Profiling.hpp"

namespace kanpde::solver {

std::vector<double> balance_factors(const Assembler<>& base, const Assembler<>::Net& net,
                                    const std::vector<double>& previous,
                                    const BalanceOptions& options) {
  const double smoothing = options.smoothing;
  const Region region("kanpde::balance");
  const std::size_t T = base.term_names().size();
  KANPDE_REQUIRE(previous.empty() || previous.size() == T, "balance: wrong number of factors");
  KANPDE_REQUIRE(smoothing >= 0 && smoothing < 1, "balance: smoothing must be in [0, 1)");
  const std::vector<double>& m = base.term_weights();
  std::vector<double> norm(T, 0.0);
  if (options.method == BalanceMethod::ntk) {
    norm = base.jacobian_traces(net);
    for (std::size_t t = 0; t < T; ++t) norm[t] = m[t] > 0 ? norm[t] / m[t] : 0.0;
  }
  Kokkos::View<double*, Assembler<>::memory_space> g(
      "kanpde::solver::term_gradient",
      options.method == BalanceMethod::gradient ? net.num_params() : 0);
  for (std::size_t t = 0; t < T && options.method == BalanceMethod::gradient; ++t) {
    if (!(m[t] > 0)) continue;
    std::vector<double> only(T, 0.0);
    only[t] = 1.0 / m[t];  // weight 1: the gradient of mean r^2 over term t
    base.reweighted(only)->loss_and_gradient(net, g);
    auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
    double s2 = 0;
    for (std::size_t j = 0; j < h.extent(0); ++j) s2 += h(j) * h(j);
    norm[t] = std::sqrt(s2);
  }
  double sum = 0;
  int counted = 0;
  for (std::size_t t = 0; t < T; ++t)
    if (m[t] > 0 && std::isfinite(norm[t]) && norm[t] > 0) {
      sum += norm[t];
      ++counted;
    }
  std::vector<double> f = previous.empty() ? std::vector<double>(T, 1.0) : previous;
  if (counted == 0) return f;
  const double mean = sum / counted;
  for (std::size_t t = 0; t < T; ++t) {
    if (!(m[t] > 0) || !std::isfinite(norm[t]) || norm[t] <= 0) continue;
    const double fresh = mean / norm[t];
    f[t] = previous.empty() ? fresh : smoothing * previous[t] + (1 - smoothing) * fresh;
  }
  return f;
}

}  // namespace kanpde::solver
