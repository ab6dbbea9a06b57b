#pragma once
// The names of the space coordinates, one source for every module: x, y, z
// in 1 to 3 dimensions, x1 .. xd above (d = 4 .. max_space_dim). Box faces
// append "min" / "max" (xmin .. zmax, x1min .. xdmax).
#include <string>

namespace kanpde {

// The widest space a case may have (the KAN core's runtime-width kernel).
constexpr int max_space_dim = 16;

// The name of coordinate `axis` (0-based) in a `dim`-dimensional space.
std::string coordinate_name(int dim, int axis);
// The axis named `name` in a `dim`-dimensional space, or -1.
int coordinate_index(int dim, const std::string& name);
// "x", "x and y", "x, y and z", "x1 .. x5": for messages.
std::string coordinate_list(int dim);
// True when `name` names a coordinate of some dimension 1..max_space_dim
// other than `dim` (for "a 2-dimensional case has x and y" hints).
bool is_other_coordinate(int dim, const std::string& name);

}  // namespace kanpde
