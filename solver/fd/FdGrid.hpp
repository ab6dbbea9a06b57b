#pragma once
// The uniform Cartesian grid of a finite-difference problem: n[a] intervals of
// width h[a] on each axis a < dim, nodes on the box faces included, numbered
// with x fastest (missing axes have one node).

#include <array>
#include <cstddef>

#include "solver/fd/FdProblem.hpp"

namespace kanpde::solver::fd {

struct FdGrid {
  int dim = 0;
  std::array<int, 3> n{0, 0, 0};  // intervals (0 on missing axes)
  std::array<double, 3> lo{0.0, 0.0, 0.0};
  std::array<double, 3> h{1.0, 1.0, 1.0};
  std::array<std::size_t, 3> stride{1, 1, 1};  // node-index step along each axis
  std::size_t nodes = 0;

  // Grid index of node `node` along each axis into ijk[0..3).
  void ijk(std::size_t node, int* ijk) const {
    ijk[0] = static_cast<int>(node % static_cast<std::size_t>(n[0] + 1));
    ijk[1] = static_cast<int>((node / stride[1]) % static_cast<std::size_t>(n[1] + 1));
    ijk[2] = static_cast<int>(node / stride[2]);
  }
  void point(const int* ijk, double* x) const {
    for (int a = 0; a < 3; ++a) x[a] = a < dim ? lo[a] + ijk[a] * h[a] : 0.0;
  }
  double h_max() const {
    double m = 0.0;
    for (int a = 0; a < dim; ++a) m = h[a] > m ? h[a] : m;
    return m;
  }
};

// Validates dimension, box, grid and the number of boundary parts (InputError
// on anything wrong) and builds the grid.
FdGrid make_grid(const FdProblem& problem);

}  // namespace kanpde::solver::fd
