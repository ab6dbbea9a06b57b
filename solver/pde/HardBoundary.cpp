#include "solver/pde/HardBoundary.hpp"

#include <Kokkos_Core.hpp>

#include <memory>

#include "common/Error.hpp"
#include "geometry/DistanceFunction.hpp"

namespace kanpde::solver {

using geometry::Jet;
using HostD = geometry::DistanceFunction<Kokkos::HostSpace>;

struct HardBoundary::Impl {
  HostD all;                 // D: vanishing on every hard part
  std::vector<HostD> group;  // D_k: vanishing on group k's parts
};

DataJet constant_data(double value) {
  return [value](const double*) { return geometry::jet_constant(value); };
}

HardBoundary::HardBoundary(const geometry::Domain& domain, std::vector<HardGroup> groups)
    : groups_(std::move(groups)), dim_(domain.dim()) {
  auto impl = std::make_shared<Impl>();
  for (const HardGroup& gr : groups_) {
    KANPDE_REQUIRE(!gr.parts.empty() && gr.g, "a hard boundary group needs parts and data");
    for (const std::string& p : gr.parts) domain.part_index(p);  // InputError if unknown
    parts_.insert(parts_.end(), gr.parts.begin(), gr.parts.end());
  }
  if (groups_.empty()) return;
  impl->all = HostD(domain, parts_);
  if (groups_.size() > 1)
    for (const HardGroup& gr : groups_) impl->group.emplace_back(domain, gr.parts);
  impl_ = impl;
}

void HardBoundary::jets(const double* x, Jet& D, Jet& G) const {
  KANPDE_REQUIRE(active(), "HardBoundary::jets called without hard parts");
  D = impl_->all(x);
  const std::size_t K = groups_.size();
  if (K == 1) {
    G = groups_.front().g(x);
    return;
  }
  // psi_k = D_k^2 and the blend weights w_k = P_k / sum_l P_l.
  std::vector<Jet> ps(K);
  for (std::size_t k = 0; k < K; ++k) {
    const Jet dk = impl_->group[k](x);
    ps[k] = dk * dk;
  }
  std::vector<Jet> P(K);
  Jet S;
  for (std::size_t k = 0; k < K; ++k) {
    P[k] = geometry::jet_constant(1.0);
    for (std::size_t j = 0; j < K; ++j)
      if (j != k) P[k] = P[k] * ps[j];
    S = S + P[k];
  }
  if (!(S.v > 0.0)) {  // two groups vanish here: a corner between their data
    for (std::size_t k = 0; k < K; ++k)
      if (!(ps[k].v > 0.0)) {
        G = groups_[k].g(x);
        return;
      }
  }
  // w_k's value by a division, so that on a part of group k (P_l = 0 for
  // l != k) w_k = P_k / P_k = 1 and G = g_k exactly.
  const Jet inv = geometry::jet_recip(S);
  G = Jet();
  for (std::size_t k = 0; k < K; ++k) {
    Jet w = P[k] * inv;
    w.v = P[k].v / S.v;
    G = G + w * groups_[k].g(x);
  }
}

void HardBoundary::laplacian_jets(const std::vector<double>& x, std::vector<double>& d,
                                  std::vector<double>& g) const {
  const std::size_t n = x.size() / static_cast<std::size_t>(dim_);
  d.reserve(d.size() + n * static_cast<std::size_t>(dim_ + 2));
  g.reserve(g.size() + n * static_cast<std::size_t>(dim_ + 2));
  for (std::size_t p = 0; p < n; ++p) {
    double y[3] = {0.0, 0.0, 0.0};
    for (int a = 0; a < dim_; ++a) y[a] = x[p * static_cast<std::size_t>(dim_) + a];
    Jet D, G;
    jets(y, D, G);
    d.push_back(D.v);
    g.push_back(G.v);
    for (int a = 0; a < dim_; ++a) {
      d.push_back(D.g[a]);
      g.push_back(G.g[a]);
    }
    double ld = 0.0, lg = 0.0;
    for (int a = 0; a < dim_; ++a) {
      ld += D.h[a][a];
      lg += G.h[a][a];
    }
    d.push_back(ld);
    g.push_back(lg);
  }
}

}  // namespace kanpde::solver
