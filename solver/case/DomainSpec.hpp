#pragma once
// The domain section of a case, as a plain validated tree (the geometry
// module builds its domain from it: solver/case/BuildDomain.hpp once that
// module's API exists).
//
// Shapes and their boundary parts (the naming rule):
//   interval  min, max (numbers)                 parts xmin, xmax
//   box       min, max (lists of 2 or 3)          parts xmin xmax ymin ymax [zmin zmax]
//   disk      center [2], radius                  one part, "circle" (boundary_name)
//   ball      center [3], radius                  one part, "sphere" (boundary_name)
//   ellipse   center [2], semi_axes [2]          one part, "ellipse" (boundary_name);
//                                                 axis-aligned
//   polygon   vertices [[x,y], ...] (>= 3, simple) parts edge0 .. edge{n-1}, edge i from
//                                                 vertex i to i+1; edge_names names them,
//                                                 edges sharing a name form one part;
//                                                 distance: the form of the exact-Dirichlet
//                                                 distance function (geometry/Polygon.hpp);
//                                                 corners: auto|none, the singular enrichment
//                                                 at re-entrant Dirichlet corners (root only)
//   union, intersection, difference  operands [A, B, ...] (>= 2), combined left to right
//             ((A - B) - C). The parts of a CSG node are its operands' parts, in order,
//             less those that do not survive on the result's boundary (a face inside a
//             union, say): the geometry module decides, and the loader keeps only the
//             surviving parts in the root's list.
// Any node may carry
//   rename: {old: new, ...}  rename some of the node's parts;
//   name:   N                prefix every part of the node with "N:" (to tell apart
//                            two operands whose parts would clash, e.g. two holes).
// Part names must be unique in the whole domain, else the case is rejected.

#include <string>
#include <vector>

namespace kanpde::solver {

enum class DomainType {
  interval,
  box,
  disk,
  ball,
  ellipse,
  polygon,
  union_,
  intersection,
  difference
};

const char* to_string(DomainType t);
bool is_csg(DomainType t);

struct DomainSpec {
  DomainType type = DomainType::box;
  std::string path;  // key path in the case ("domain", "domain.operands[1]")
  std::string name;  // optional operand name (prefix of its parts)

  // Shape parameters (those of the type; the others stay empty / zero).
  std::vector<double> min, max;               // interval (1 entry), box (2 or 3)
  std::vector<double> center;                 // disk, ball, ellipse
  double radius = 0.0;                        // disk, ball
  std::vector<double> semi_axes;              // ellipse (2)
  std::vector<std::vector<double>> vertices;  // polygon (n x 2)
  std::vector<std::string> edge_names;        // polygon, given or empty
  std::string distance = "singular";          // polygon: quadratic, harmonic or singular
  std::string corners = "auto";               // polygon: auto or none (solver/case/Corners.hpp)
  std::string boundary_name;                  // disk, ball, ellipse: the single part's name
  std::vector<std::pair<std::string, std::string>> rename;  // as given
  std::vector<DomainSpec> operands;                         // union, intersection, difference

  // Resolved.
  int dim = 0;
  std::vector<double> bbox_min, bbox_max;
  // The final (whole-domain) names of this node's parts, in the node's
  // natural order (box: xmin xmax ymin ymax zmin zmax; polygon: edges in
  // order; CSG: operand after operand). At the root: every part of the
  // domain's boundary, as the geometry module built it (parts that do not
  // survive a CSG operation removed).
  std::vector<std::string> parts;
};

// The natural part names of a leaf before renaming and prefixing.
std::vector<std::string> natural_parts(const DomainSpec& d);

}  // namespace kanpde::solver
