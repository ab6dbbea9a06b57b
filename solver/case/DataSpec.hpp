#pragma once
// Measurement data terms (`data:` list of a case): points and measured values
// of u, or of one first derivative of u, read and checked at load time.
//
//   data:
//     - {file: measurements.csv, columns: [x, y, u], noise: 0.01, weight: 1}
//
// Each entry becomes a loss term "data[i]" beside the pde and boundary terms
// (the same balancing and history columns):
//
//   loss_i = w_i * mean_p (q(x_p) - d_p)^2,   q = u or du/dx_a (quantity),
//   w_i = weight / noise^2 when noise (the standard deviation of the
//         measurement error, in units of q) is given, else weight.
//
// The file is read by the reader of reference.data (solver/case/
// ReferenceData.hpp) with the column names of `columns` (the coordinates in
// axis order, then the value; default x, y(, z) and the quantity's name), and
// every point must lie in the domain.

#include <memory>
#include <string>
#include <vector>

#include "solver/case/ReferenceData.hpp"

namespace kanpde::solver {

struct DataTermSpec {
  std::string path;                  // "data[0]"
  std::string file;                  // as written in the case
  std::vector<std::string> columns;  // dim coordinate names, then the value's
  std::string quantity = "u";        // u | u_x | u_y | u_z
  double weight = 1.0;
  double noise = 0.0;  // 0: not given
  std::shared_ptr<const ReferenceData> points;

  // The weight of the loss term (weight / noise^2 with a noise level).
  double loss_weight() const { return noise > 0.0 ? weight / (noise * noise) : weight; }
  // -1 for u, else the axis a of du/dx_a.
  int derivative_axis() const;
};

// The quantities a data term can measure in dimension dim.
std::vector<std::string> data_quantities(int dim);

}  // namespace kanpde::solver
