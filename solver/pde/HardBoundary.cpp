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

LaplacianData constant_laplacian_data(double value) {
  return [value](const double*) { return geometry::jet_constant<geometry::LaplacianJet>(value); };
}

namespace {
// Group k's data at x as a jet of kind J.
Jet data_at(const HardGroup& g, const double* x, const Jet*) {
  return g.g(x);
}
geometry::LaplacianJet data_at(const HardGroup& g, const double* x, const geometry::LaplacianJet*) {
  return g.g_lap(x);
}
// D_k's jet of kind J.
Jet distance_at(const HostD& d, const double* x, const Jet*) {
  return d(x);
}
geometry::LaplacianJet distance_at(const HostD& d, const double* x, const geometry::LaplacianJet*) {
  return d.laplacian_jet(x);
}
}  // namespace

HardBoundary::HardBoundary(const geometry::Domain& domain, std::vector<HardGroup> groups)
    : groups_(std::move(groups)), dim_(domain.dim()) {
  auto impl = std::make_shared<Impl>();
  for (const HardGroup& gr : groups_) {
    KANPDE_REQUIRE(!gr.parts.empty() && (dim_ <= 3 ? bool(gr.g) : bool(gr.g_lap)),
                   "a hard boundary group needs parts and data"
                       << (dim_ > 3 ? " (Laplacian-jet data above 3D)" : ""));
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
  KANPDE_REQUIRE(dim_ <= 3, "HardBoundary: full jets exist up to 3D, this boundary is "
                                << dim_ << "-dimensional");
  jets_of(x, D, G);
}

void HardBoundary::jets(const double* x, geometry::LaplacianJet& D,
                        geometry::LaplacianJet& G) const {
  KANPDE_REQUIRE(dim_ > 3, "HardBoundary: Laplacian jets of the data are used above 3D only");
  jets_of(x, D, G);
}

template <class J>
void HardBoundary::jets_of(const double* x, J& D, J& G) const {
  KANPDE_REQUIRE(active(), "HardBoundary::jets called without hard parts");
  const J* kind = nullptr;
  D = distance_at(impl_->all, x, kind);
  const std::size_t K = groups_.size();
  if (K == 1) {
    G = data_at(groups_.front(), x, kind);
    return;
  }
  // psi_k = D_k (mu = 1, see the header) and the weights w_k = P_k / sum_l P_l.
  std::vector<J> ps(K);
  for (std::size_t k = 0; k < K; ++k) ps[k] = distance_at(impl_->group[k], x, kind);
  std::vector<J> P(K);
  J S;
  for (std::size_t k = 0; k < K; ++k) {
    P[k] = geometry::jet_constant<J>(1.0);
    for (std::size_t j = 0; j < K; ++j)
      if (j != k) P[k] = P[k] * ps[j];
    S = S + P[k];
  }
  if (!(S.v > 0.0)) {  // two groups vanish here: a corner between their data
    for (std::size_t k = 0; k < K; ++k)
      if (!(ps[k].v > 0.0)) {
        G = data_at(groups_[k], x, kind);
        return;
      }
  }
  // w_k's value by a division, so that on a part of group k (P_l = 0 for
  // l != k) w_k = P_k / P_k = 1 and G = g_k exactly.
  const J inv = geometry::jet_recip(S);
  G = J();
  std::size_t nearest = 0;
  for (std::size_t k = 0; k < K; ++k) {
    J w = P[k] * inv;
    w.v = P[k].v / S.v;
    G = G + w * data_at(groups_[k], x, kind);
    if (ps[k].v < ps[nearest].v) nearest = k;
  }
  // On a hard part D is exactly 0 while the group's own D_k may be a few
  // ulps above it (another program): the value is the part's data exactly.
  if (D.v == 0.0) G.v = data_at(groups_[nearest], x, kind).v;
}

void HardBoundary::laplacian_jets(const std::vector<double>& x, std::vector<double>& d,
                                  std::vector<double>& g) const {
  const std::size_t n = x.size() / static_cast<std::size_t>(dim_);
  d.reserve(d.size() + n * static_cast<std::size_t>(dim_ + 2));
  g.reserve(g.size() + n * static_cast<std::size_t>(dim_ + 2));
  for (std::size_t p = 0; p < n; ++p) {
    double y[max_space_dim] = {};
    for (int a = 0; a < dim_; ++a) y[a] = x[p * static_cast<std::size_t>(dim_) + a];
    if (dim_ > 3) {
      geometry::LaplacianJet D, G;
      jets(y, D, G);
      d.push_back(D.v);
      g.push_back(G.v);
      for (int a = 0; a < dim_; ++a) {
        d.push_back(D.g[a]);
        g.push_back(G.g[a]);
      }
      d.push_back(D.lap);
      g.push_back(G.lap);
      continue;
    }
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
