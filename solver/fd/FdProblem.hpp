#pragma once
// Input of the finite-difference reference solver: a plain description of
//
//   -Δu + c u = f  in Ω,   per boundary part:  u = g  |  ∂u/∂n = g  |  a u + b ∂u/∂n = g
//
// (n the outward normal) on a uniform Cartesian grid over a box. The case
// loader fills it from a case file; tests fill it by hand.
//
// Box domain (contains == nullptr): Ω is the box itself, and `parts` holds one
// condition per face in the order xmin xmax ymin ymax zmin zmax (2·dim entries).
// Every condition is second order there.
//
// General domain (contains != nullptr): Ω ⊂ box is given by callbacks; the grid
// covers the box and only nodes inside Ω take part. Dirichlet parts are treated
// by Shortley–Weller (second order); Neumann and Robin parts by a first-order
// normal-derivative row (see solver/fd/README.md).
//
// General equation (equation != nullptr): the interior equation is that
// compiled equation r(u, grad u, lap u or Hessian, x, coefficients) = 0
// instead of -Δu + c u = f (c and f are then unused); central differences of
// u's jets at the nodes, Newton's method with a line search (see
// impl/EquationAssembly.hpp). Its parts may be Dirichlet, Neumann, Robin or
// equation conditions B(u, grad u, x, n) = 0 (BcKind::equation): second order
// on box faces (ghost nodes), first order on the curved parts of a general
// domain (the condition at the nearest cut point, one-sided differences).

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "solver/expr/Equation.hpp"

namespace kanpde::solver::fd {

using ScalarField = std::function<double(const double* x)>;

enum class BcKind { dirichlet, neumann, robin, equation };

// Dirichlet: u = g.  Neumann: ∂u/∂n = g.  Robin: a u + b ∂u/∂n = g (a Robin
// condition with b == 0 is treated as Dirichlet u = g/a, with a == 0 as
// Neumann ∂u/∂n = g/b). Equation: the compiled boundary equation
// B(u, grad u, x, n) = 0 (expr::EquationOptions::boundary); only with
// FdProblem::equation.
struct BoundaryCondition {
  BcKind kind = BcKind::dirichlet;
  double a = 0.0;
  double b = 0.0;
  ScalarField g;                                   // empty: g = 0
  std::shared_ptr<const expr::Equation> equation;  // BcKind::equation
};

// automatic: box systems that are symmetric positive definite (c ≥ 0, not
// indefinite Robin) are solved directly up to `multigrid_above` unknowns and by
// multigrid-preconditioned CG beyond; other systems directly up to
// `direct_limit` unknowns (per dimension) and iteratively beyond (BiCGSTAB with
// Jacobi, then ILUT, for non-symmetric ones; a direct solve when both miss the
// tolerance). In 3D the direct limit is 5 000: sparse LU of a 41³ embedded
// grid (57 210 unknowns) took 58 s where BiCGSTAB+Jacobi took 0.17 s.
// direct: Cholesky (CHOLMOD when built with it, else Eigen) for SPD systems,
// LDLᵀ for other symmetric ones, sparse LU otherwise.
// cg: CG preconditioned by geometric multigrid (box) or incomplete Cholesky
// (other symmetric systems); BiCGSTAB with ILUT for non-symmetric or
// indefinite ones.
enum class SolverChoice { automatic, direct, cg };

struct SolverOptions {
  SolverChoice choice = SolverChoice::automatic;
  double tolerance = 1e-10;  // relative residual |Ax - b| / |b| of the iterations
  int max_iterations = 0;    // 0: 1000 + 10·sqrt(unknowns)
  long multigrid_above = 10'000;
  // Largest system without multigrid that `automatic` solves directly (1D, 2D, 3D).
  std::array<long, 3> direct_limit{10'000'000, 1'000'000, 5'000};
};

struct FdProblem {
  int dim = 2;
  std::array<double, 3> lo{0.0, 0.0, 0.0};
  std::array<double, 3> hi{1.0, 1.0, 1.0};
  // Grid: intervals per axis (nodes include the box faces). When an entry is
  // 0, the axis gets round((hi - lo) / spacing) intervals.
  std::array<int, 3> intervals{0, 0, 0};
  double spacing = 0.0;

  double c = 0.0;                                  // screening coefficient, either sign
  ScalarField f;                                   // empty: f = 0
  std::shared_ptr<const expr::Equation> equation;  // general equation, or null
  std::vector<BoundaryCondition> parts;
  std::vector<std::string> part_names;  // optional, for messages (one per part)

  // General domain; all four are needed when `contains` is set (normal_at only
  // when a Neumann or Robin part is used).
  std::function<bool(const double* x)> contains;
  // Distance from the inside node x along axis `axis` in direction dir = ±1 to
  // the boundary; any value ≥ the grid spacing when there is no crossing that close.
  std::function<double(const double* x, int axis, int dir)> boundary_distance;
  std::function<int(const double* x)> part_at;  // index into `parts` of a boundary point
  std::function<std::array<double, 3>(const double* x)> normal_at;  // outward unit normal

  // Pure-Neumann problems (c == 0, no Dirichlet and no Robin with a ≠ 0): the
  // solution is fixed by this mean value (trapezoid-rule mean on a box, plain
  // mean over the active nodes on a general domain).
  double neumann_mean = 0.0;

  SolverOptions solver;
  // General equations: Newton stops at |F| <= newton_tolerance |F(u0)| (u0 = 0,
  // F the nodal residuals) or a step below 1e-12 (1 + |u|) (max norms).
  double newton_tolerance = 1e-10;
  int newton_max_iterations = 50;
  // General equations: a term div(k grad u) whose k reads u (k(u, x)) in flux
  // form with k at the half links' average of u (impl/EquationFlux.cpp)
  // instead of the nodal expansion k lap u + grad k · grad u. Off: both are
  // second order; on the unit square the half links gave 1.1-8x larger errors
  // with Dirichlet data and 1.1-1.6x smaller ones with Neumann or Robin faces
  // (solver/fd/README.md), so the nodal form stays the default.
  bool u_flux_at_half_links = false;
};

}  // namespace kanpde::solver::fd
