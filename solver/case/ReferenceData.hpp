#pragma once
// Reference answers from elsewhere (`reference.data: FILE`): points and values
// of u as another code exports them, read and checked when the case is loaded.
//
// CSV (any other extension than .h5/.hdf5, or no HDF5 signature): one header
// line naming the columns, then one point per line. Separators: commas, or
// else spaces/tabs. Names are x, y, z (those of the case's dimension) and u,
// in any order, case-insensitive; a unit in parentheses is dropped
// ("u (1)"), other columns are ignored. Lines starting with '#' and the text
// after a '#' are comments; lines starting with '%' are comments too, and the
// last of them before the first data line is the header when no plain header
// line is given (COMSOL's "% x y u" export).
//
// HDF5: 1-D datasets x, y (, z) and u of one length at the root, or a 2-D
// dataset points [N][dim] and u [N].
//
// Checks (InputError, "FILE:LINE:COL: reference.data: ..." for CSV,
// "FILE:/dataset: reference.data: ..." for HDF5): the header, the field count
// of every row, numbers that parse and are finite, every point inside the
// domain's bounding box (up to 1e-9 of its largest extent), at least one and
// at most max_reference_points points, a file of at most max_reference_bytes.

#include <cstddef>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::solver {

constexpr std::size_t max_reference_points = 10'000'000;
constexpr std::size_t max_reference_bytes = std::size_t{2} << 30;  // 2 GiB

struct ReferenceData {
  std::string path;    // as opened
  std::string format;  // "csv" or "hdf5"
  int dim = 0;
  std::vector<double> x;  // N x dim
  std::vector<double> u;  // N
  std::size_t size() const { return u.size(); }
};

ReferenceData read_reference_data(const std::string& path, int dim,
                                  const geometry::BoundingBox& box);

// The same reader with other column (CSV) or dataset (HDF5) names and
// another key in the messages: names holds the dim coordinate names, then
// the value's (lower case; ReferenceData::u holds the value column).
struct PointDataFormat {
  std::string label;               // "reference.data", "data[0]"
  std::vector<std::string> names;  // dim + 1
  const std::string& name(int s) const { return names[static_cast<std::size_t>(s)]; }
  static PointDataFormat reference(int dim);  // x, y(, z), u
};
ReferenceData read_point_data(const std::string& path, int dim, const geometry::BoundingBox& box,
                              const PointDataFormat& fm);

// Errors of values v at the data points: relative L2 (sums over the points;
// NaN when the data are 0 everywhere), max abs; points where v is NaN are
// skipped and counted.
struct DataErrors {
  double rel_l2 = 0.0;
  double max_abs = 0.0;
  std::size_t used = 0;
  std::size_t skipped = 0;
};
DataErrors data_errors(const std::vector<double>& v, const ReferenceData& data);

}  // namespace kanpde::solver
