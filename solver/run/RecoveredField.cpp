#include "solver/run/RecoveredField.hpp"

#include <algorithm>
#include <memory>

#include "common/Error.hpp"
#include "kan/Evaluate.hpp"
#include "solver/pde/impl/AssemblerKernels.hpp"

namespace kanpde::solver {
namespace {

using Exec = Kokkos::DefaultExecutionSpace;

// The field network's jets (mode) at n points x (point-major, d per point),
// on the host: [point][output][jet component].
auto network_jets(const kan::Network<Exec::memory_space>& net, const double* x, std::size_t n,
                  std::size_t d, kan::JetMode mode) {
  Kokkos::View<double**, Exec::memory_space> xv("kanpde::solver::field_points", n, d);
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t a = 0; a < d; ++a) hx(p, a) = x[p * d + a];
  Kokkos::deep_copy(xv, hx);
  Kokkos::View<double***, Exec::memory_space> v(
      "kanpde::solver::field_jets", n, 1,
      static_cast<std::size_t>(kan::jet_size(mode, static_cast<int>(d))));
  kan::evaluate(Exec(), net, kan::PointsView<Exec>(xv), mode, v);
  return Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
}

}  // namespace

RecoveredField recovered_field(const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                               const FieldUnknownSpec& spec, const std::vector<double>& x,
                               int dim) {
  const std::size_t d = static_cast<std::size_t>(dim), n = x.size() / d;
  RecoveredField out;
  out.a.assign(n, 0.0);
  if (n > 0) {
    const auto hv = network_jets(net, x.data(), n, d, kan::JetMode::value);
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

expr::Field recovered_field_function(
    const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
    const FieldUnknownSpec& spec, int dim) {
  using Net = kan::Network<Exec::memory_space>;
  KANPDE_VERIFY(net.layout().widths().front() == dim && dim >= 1 && dim <= 3,
                "recovered field: a network of input width " << net.layout().widths().front()
                                                             << " for a " << dim << "D field");
  auto copy = std::make_shared<const Net>(net.layout(), net.params_host(), net.knots_host());
  const bool positive = spec.positive;
  auto jets = [copy, positive, dim](const double* x, std::size_t n, double* out) {
    const std::size_t d = static_cast<std::size_t>(dim);
    const auto hv = network_jets(*copy, x, n, d, kan::JetMode::hessian);
    const std::size_t w = 1 + d + d * d;
    for (std::size_t p = 0; p < n; ++p) {
      const double N = hv(p, 0, 0);
      const double s = positive ? Impl::FieldMap::sigmoid(N) : 1.0;
      const double s1 = positive ? s * (1.0 - s) : 0.0;  // sigmoid'
      double* o = out + p * w;
      o[0] = positive ? Impl::FieldMap::softplus(N) : N;
      for (std::size_t i = 0; i < d; ++i) o[1 + i] = s * hv(p, 0, 1 + i);
      for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) {
          const auto h = static_cast<std::size_t>(
              kan::jet_hess(dim, static_cast<int>(i), static_cast<int>(j)));
          o[1 + d + i * d + j] = s1 * hv(p, 0, 1 + i) * hv(p, 0, 1 + j) + s * hv(p, 0, h);
        }
    }
  };
  return expr::Field::from_function("the recovered field " + spec.name, dim, jets);
}

}  // namespace kanpde::solver
