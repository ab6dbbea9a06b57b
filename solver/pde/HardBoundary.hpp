#pragma once
// HardBoundary: the D and G of the trial function u = G + D N
// (solver/pde/TrialFunction.hpp) for Dirichlet data imposed exactly on any
// set of boundary parts, each group of parts with its own data g_k.
//
// - D vanishes exactly on every hard part and is positive elsewhere on the
//   closed domain: the geometry's distance function for the union of the
//   hard parts (geometry/DistanceFunction.hpp).
// - G is the transfinite blend of the groups' data (Sukumar & Srivastava,
//   CMAME 389 (2022) 114333, inverse-distance weights with mu = 1):
//     G = sum_k w_k g_k,  w_k = P_k / sum_l P_l,  P_k = prod_{j != k} psi_j,
//   psi_j = D_j, the distance function of group j alone. On a part of
//   group k every P_l (l != k) has the factor psi_k = 0, so w_k = 1 and
//   G = g_k exactly. With mu = 1 G changes at first order away from a part
//   (w_k = 1 - D_k sum_(j != k) 1/D_j + ...), like a solution whose parts
//   carry different values; mu = 2 (psi_j = D_j^2, before the holes branch)
//   gave G a zero normal derivative on every part and a steep fall between
//   the parts, which N = (u - G)/D had to undo: on laplace_rect_holes N's
//   RMS gradient 29 against 4.7, its RMS Laplacian 270 against 38 (FD
//   field, BENCHMARKS.md "Holes and mixed corners"). The jets are exact
//   inside the domain; on a hard part itself D_j's derivatives are dropped
//   (geometry/DistanceFunction.hpp), so G's are too there (its value is
//   exact). With one group
//   G = g_1 (no blend at all). At a point where two groups meet (a corner
//   between different data) the blend is undefined; G = g of the first
//   group vanishing there, with that group's jets.
// - The g_k are any functions with jets (value, gradient, Hessian): a
//   callable, so that constants, expressions and test closures plug in alike.
//
// Evaluated on the host (at sampling and evaluation time: the jets are
// tabulated per point and copied to the device with the collocation points).
#include <functional>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "geometry/Jet.hpp"

namespace kanpde::solver {

// g at x: value, gradient and Hessian (unused dimensions zero), up to 3D.
using DataJet = std::function<geometry::Jet(const double* x)>;
// g at x: value, gradient and Laplacian, in any dimension (used above 3D).
using LaplacianData = std::function<geometry::LaplacianJet(const double* x)>;

// A constant g.
DataJet constant_data(double value);
LaplacianData constant_laplacian_data(double value);

// Above 3D only Laplacian jets exist: g_lap is required there (g unused);
// up to 3D g is required (g_lap unused).
struct HardGroup {
  std::vector<std::string> parts;
  DataJet g;
  LaplacianData g_lap = {};
};

class HardBoundary {
 public:
  HardBoundary() = default;
  // InputError for an unknown part name (listing the known ones).
  HardBoundary(const geometry::Domain& domain, std::vector<HardGroup> groups);

  bool active() const { return !groups_.empty(); }
  int dim() const { return dim_; }
  int num_groups() const { return static_cast<int>(groups_.size()); }
  const std::vector<std::string>& parts() const { return parts_; }

  // Full jets of D and G at x (dim() <= 3).
  void jets(const double* x, geometry::Jet& D, geometry::Jet& G) const;
  // Laplacian jets of D and G at x (any dimension).
  void jets(const double* x, geometry::LaplacianJet& D, geometry::LaplacianJet& G) const;
  // Laplacian jets (value, gradient, Laplacian: dim + 2 per point) of D and G
  // at the points x (N x dim), appended to d and g.
  void laplacian_jets(const std::vector<double>& x, std::vector<double>& d,
                      std::vector<double>& g) const;

 private:
  template <class J>
  void jets_of(const double* x, J& D, J& G) const;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
  std::vector<HardGroup> groups_;
  std::vector<std::string> parts_;
  int dim_ = 0;
};

}  // namespace kanpde::solver
