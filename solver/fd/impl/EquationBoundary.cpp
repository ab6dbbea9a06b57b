#include "solver/fd/impl/EquationBoundary.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver::fd::Impl {

BoundaryRows::BoundaryRows(const FdProblem& p, const std::vector<Bc>& bcs)
    : p_(p), bcs_(bcs), dim_(p.dim), aux_(bcs.size()), members_(bcs.size()) {
  for (std::size_t k = 0; k < bcs.size(); ++k) {
    if (!bcs[k].equation) continue;
    const expr::Equation& e = *p.parts[k].equation;
    KANPDE_REQUIRE(e.dim() == dim_, "fd: boundary part " << k << ": a " << e.dim()
                                                         << "D condition in a " << dim_
                                                         << "D problem");
    KANPDE_REQUIRE(e.mode() == expr::JetMode::laplacian,
                   "fd: boundary part " << k << ": a condition uses u and grad(u) only");
  }
}

long BoundaryRows::add(int part, const double* x, const double* n, double scale) {
  KANPDE_VERIFY(part >= 0 && std::size_t(part) < bcs_.size() && !bcs_[std::size_t(part)].dirichlet,
                "fd: internal error: a boundary row on a Dirichlet part");
  const long k = size();
  part_.push_back(part);
  for (int a = 0; a < 3; ++a) {
    x_.push_back(a < dim_ ? x[a] : 0.0);
    n_.push_back(a < dim_ ? n[a] : 0.0);
  }
  scale_.push_back(scale);
  aux_at_.push_back(-1);
  members_[std::size_t(part)].push_back(k);
  return k;
}

void BoundaryRows::finish() {
  const std::size_t d = std::size_t(dim_);
  for (std::size_t part = 0; part < bcs_.size(); ++part) {
    if (!bcs_[part].equation || members_[part].empty()) continue;
    const expr::Equation& e = *p_.parts[part].equation;
    std::vector<double> xs, ns;
    for (long k : members_[part])
      for (std::size_t a = 0; a < d; ++a) {
        xs.push_back(x_[std::size_t(k) * 3 + a]);
        ns.push_back(n_[std::size_t(k) * 3 + a]);
      }
    aux_[part] = e.tabulate(xs, ns);
    const long na = e.num_aux();
    for (std::size_t m = 0; m < members_[part].size(); ++m)
      aux_at_[std::size_t(members_[part][m])] = long(m) * na;
  }
}

void BoundaryRows::eval(long k, const double* jet, double* out) const {
  const std::size_t part = std::size_t(part_[std::size_t(k)]);
  const double* x = &x_[std::size_t(k) * 3];
  const double* n = &n_[std::size_t(k) * 3];
  const double s = scale_[std::size_t(k)];
  const Bc& bc = bcs_[part];
  if (!bc.equation) {
    const double g = bc.value(x);
    KANPDE_REQUIRE(std::isfinite(g), "fd: boundary value is not finite at ("
                                         << x[0] << ", " << x[1] << ", " << x[2] << ")");
    double r = bc.alpha * jet[0] - g;
    out[1] = s * bc.alpha;
    for (int a = 0; a < dim_; ++a) {
      r += n[a] * jet[1 + a];
      out[2 + a] = s * n[a];
    }
    out[0] = s * r;
    return;
  }
  // The condition's program: inputs [u, grad u, lap u (unused), aux, unknowns].
  const expr::Equation& e = *p_.parts[part].equation;
  const int nc = e.jet_size(), na = e.num_aux();
  in_.assign(std::size_t(e.num_inputs()), 0.0);
  std::copy_n(jet, dim_ + 1, in_.begin());
  std::copy_n(aux_[part].begin() + aux_at_[std::size_t(k)], na, in_.begin() + nc);
  out_.resize(std::size_t(1 + nc + e.num_unknowns()));
  e.program().eval(in_.data(), out_.data(), scratch_);
  for (int c = 0; c <= dim_ + 1; ++c) out[c] = s * out_[std::size_t(c)];
}

}  // namespace kanpde::solver::fd::Impl
