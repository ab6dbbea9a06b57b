#include "common/Coordinates.hpp"

namespace kanpde {

std::string coordinate_name(int dim, int axis) {
  if (dim <= 3) {
    static const char* const kLow[3] = {"x", "y", "z"};
    return kLow[axis];
  }
  return "x" + std::to_string(axis + 1);
}

int coordinate_index(int dim, const std::string& name) {
  for (int a = 0; a < dim; ++a)
    if (coordinate_name(dim, a) == name) return a;
  return -1;
}

std::string coordinate_list(int dim) {
  if (dim <= 0) return "no coordinates";
  if (dim == 1) return "only x";
  if (dim == 2) return "x and y";
  if (dim == 3) return "x, y and z";
  return "x1 .. x" + std::to_string(dim);
}

bool is_other_coordinate(int dim, const std::string& name) {
  if (coordinate_index(dim, name) >= 0) return false;
  if (name == "x" || name == "y" || name == "z") return true;
  return coordinate_index(max_space_dim, name) >= 0;
}

}  // namespace kanpde
