#pragma once
// Helpers shared by the box and embedded assemblers.

#include <array>
#include <cstddef>
#include <utility>

#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/FdSolution.hpp"

namespace kanpde::solver::fd::Impl {

// A boundary condition in normal form: Dirichlet u = s g, or
// ∂u/∂n + alpha u = s g (Neumann: alpha = 0), or an equation condition
// (BcKind::equation: not Dirichlet, alpha and g unused).
struct Bc {
  bool dirichlet = true;
  bool equation = false;
  double alpha = 0.0;
  double scale = 1.0;
  const ScalarField* g = nullptr;
  double value(const double* x) const { return (g != nullptr && *g) ? scale * (*g)(x) : 0.0; }
};

// Normal forms of problem.parts; InputError for a degenerate Robin (a = b = 0),
// non-finite coefficients, or an equation condition without its equation.
std::vector<Bc> normal_forms(const FdProblem& problem);

inline double eval(const ScalarField& f, const double* x) {
  return f ? f(x) : 0.0;
}

// One matrix row under construction: at most 8 entries, emitted in column order
// with duplicates merged.
class Row {
 public:
  void clear() { size_ = 0; }
  void add(long col, double v) {
    for (int e = 0; e < size_; ++e)
      if (entries_[e].first == col) {
        entries_[e].second += v;
        return;
      }
    entries_[size_++] = {col, v};
  }
  void scale(double s) {
    for (int e = 0; e < size_; ++e) entries_[e].second *= s;
  }
  // Appends the row to A, which is being filled row by row.
  void emit(RowMatrix& A, long row) {
    for (int i = 1; i < size_; ++i)  // insertion sort: at most 8 entries
      for (int j = i; j > 0 && entries_[j - 1].first > entries_[j].first; --j)
        std::swap(entries_[j - 1], entries_[j]);
    A.startVec(row);
    for (int e = 0; e < size_; ++e)
      A.insertBackByOuterInner(row, entries_[e].first) = entries_[e].second;
  }

 private:
  std::array<std::pair<long, double>, 8> entries_{};
  int size_ = 0;
};

// Embedded grids: per direction e = 2 a + (dir > 0) of a node, the cut of the
// link to its neighbour at theta·h (0 ≤ theta ≤ 1; -1: not cut) and its part.
struct Cuts {
  std::array<double, 6> theta{-1, -1, -1, -1, -1, -1};
  std::array<int, 6> part{-1, -1, -1, -1, -1, -1};
};

// The point at theta·h from node ijk in direction e.
inline void embedded_cut_point(const FdGrid& grid, const int* ijk, int e, double theta, double* y) {
  grid.point(ijk, y);
  y[e / 2] += (e % 2 ? 1.0 : -1.0) * theta * grid.h[e / 2];
}

// Pass 1 of the embedded assembly (see EmbeddedAssembly.cpp): active nodes,
// cuts, Dirichlet nodes with their values, and the numbering of the unknowns
// (s.A and s.b are left empty).
struct EmbeddedNodes {
  FdSystem s;
  std::vector<long> cut_slot;  // per node: index into cuts, or -1
  std::vector<Cuts> cuts;
  long unknowns = 0;
  bool any_dirichlet = false;
};
EmbeddedNodes embedded_nodes(const FdProblem& problem, const FdGrid& grid,
                             const std::vector<Bc>& bcs);

// The solution on the grid from the unknowns x of s (known values elsewhere,
// NaN outside the domain); the report is left empty.
FdSolution solution_from(const FdSystem& s, int dim, const Eigen::VectorXd& x);

FdSystem assemble_box(const FdProblem& problem, const FdGrid& grid);
FdSystem assemble_embedded(const FdProblem& problem, const FdGrid& grid);

}  // namespace kanpde::solver::fd::Impl
