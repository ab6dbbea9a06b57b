#include "solver/run/RecoveredField.hpp"

#include <algorithm>

#include "kan/Evaluate.hpp"
#include "solver/pde/impl/AssemblerKernels.hpp"

namespace kanpde::solver {

RecoveredField recovered_field(const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                               const FieldUnknownSpec& spec, const std::vector<double>& x,
                               int dim) {
  using Exec = Kokkos::DefaultExecutionSpace;
  const std::size_t d = static_cast<std::size_t>(dim), n = x.size() / d;
  RecoveredField out;
  out.a.assign(n, 0.0);
  if (n > 0) {
    Kokkos::View<double**, Exec::memory_space> xv("kanpde::solver::field_points", n, d);
    auto hx = Kokkos::create_mirror_view(xv);
    for (std::size_t p = 0; p < n; ++p)
      for (std::size_t a = 0; a < d; ++a) hx(p, a) = x[p * d + a];
    Kokkos::deep_copy(xv, hx);
    Kokkos::View<double***, Exec::memory_space> v("kanpde::solver::field_values", n, 1, 1);
    kan::evaluate(Exec(), net, kan::PointsView<Exec>(xv), kan::JetMode::value, v);
    auto hv = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
    for (std::size_t p = 0; p < n; ++p)
      out.a[p] = spec.positive ? Impl::FieldMap::softplus(hv(p, 0, 0)) : hv(p, 0, 0);
  }
  if (!spec.exact) return out;
  out.exact = spec.exact->eval_many(x, dim);
  double num = 0.0, den = 0.0, mx = 0.0;
  for (std::size_t p = 0; p < n; ++p) {
    const double e = out.a[p] - out.exact[p];
    num += e * e;
    den += out.exact[p] * out.exact[p];
    mx = std::max(mx, std::abs(e));
  }
  if (den > 0) out.rel_l2 = std::sqrt(num / den);
  out.max_abs = mx;
  return out;
}

}  // namespace kanpde::solver
