#pragma once
// Polygon: a simple polygon (convex or not) given by its vertices in either
// orientation; edge i runs from vertex i to vertex i+1 (the last edge closes
// the polygon). Boundary parts: by default one per edge, "edge0", "edge1",
// ...; with edge names, one part per distinct name (edges sharing a name form
// one part), in order of first appearance.
//
// Rejected with an InputError: fewer than 3 vertices, non-finite coordinates,
// repeated consecutive vertices, edges that cross or touch (other than
// neighbours at their shared vertex), neighbours folding back onto each
// other, zero area, and a wrong number of edge names.
#include <array>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

// What keeps vertices from making a valid polygon (the rejections listed
// above, but the edge names), with the vertex at fault where there is one
// (-1: the list as a whole). The constructor and the case loader (which
// reports it at the vertex's file:line:col) both ask this one function.
struct PolygonDefect {
  std::string message;  // "" when the vertices make a valid polygon
  int vertex = -1;
  bool ok() const { return message.empty(); }
};
PolygonDefect polygon_defect(const std::vector<std::array<double, 2>>& vertices);

// The bounding box of the vertices (the polygon's own).
BoundingBox polygon_bounding_box(const std::vector<std::array<double, 2>>& vertices);

// The form of the distance function vanishing on chosen edges
// (emit_vanishing; DistanceFunction.hpp): quadratic 1/D^2 = sum_e 1/phi_e^2,
// harmonic 1/D = sum_e 1/phi_e, corner: harmonic times a factor at each
// re-entrant vertex between two chosen edges so that D ~ r^(pi/omega) there
// (impl/DistanceKernels.hpp, polygon_harmonic).
enum class PolygonDistance { quadratic, harmonic, singular };

class Polygon : public Domain {
 public:
  explicit Polygon(std::vector<std::array<double, 2>> vertices,
                   std::vector<std::string> edge_names = {});

  int dim() const override { return 2; }
  std::string kind() const override { return "polygon"; }
  BoundingBox bounding_box() const override { return box_; }
  double signed_distance(const double* x) const override;
  double measure() const override { return area_; }
  double part_measure(int part) const override;
  // u in [0,1) runs along the part's edges by arc length.
  bool boundary_point(int part, const double* u, double* x, double* normal) const override;
  // The normal of the part's edge nearest to x.
  void outward_normal(int part, const double* x, double* normal) const override;
  void ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const override;
  void emit_signed(Impl::ProgramBuilder& builder) const override;
  void emit_part(Impl::ProgramBuilder& builder, int part) const override;
  void emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const override;

  void set_distance(PolygonDistance form) { distance_ = form; }
  PolygonDistance distance() const { return distance_; }
  // Interior angle at vertex i (between edges i-1 and i), in (0, 2 pi).
  double interior_angle(int i) const;

  int num_edges() const { return static_cast<int>(vertices_.size()); }
  int edge_part(int edge) const { return edge_part_[static_cast<std::size_t>(edge)]; }
  const std::vector<std::array<double, 2>>& vertices() const { return vertices_; }

 private:
  void edge_normal(int e, double* normal) const;
  double edge_distance(int e, const double* x) const;
  double edge_distance2(int e, const double* x) const;  // squared

  std::vector<std::array<double, 2>> vertices_;
  std::vector<int> edge_part_;
  std::vector<std::vector<int>> part_edges_;
  std::vector<double> part_length_;
  PolygonDistance distance_ = PolygonDistance::quadratic;
  double area_ = 0.0;
  double orientation_ = 1.0;  // +1 counter-clockwise, -1 clockwise
  BoundingBox box_;
};

}  // namespace kanpde::geometry
