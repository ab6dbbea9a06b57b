#pragma once
// Box: an axis-aligned box [lo, hi] in 1 to max_space_dim dimensions;
// Interval is the 1D box. Boundary parts: the faces xmin xmax (ymin ymax
// (zmin zmax)) in up to 3D, x1min x1max .. xdmax above (common/Coordinates),
// in that order; in 1D the two end points (each of measure 1).
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

class Box : public Domain {
 public:
  // lo and hi have 1 to max_space_dim entries each, with hi > lo in every axis.
  Box(std::vector<double> lo, std::vector<double> hi);

  int dim() const override { return dim_; }
  std::string kind() const override { return dim_ == 1 ? "interval" : "box"; }
  BoundingBox bounding_box() const override { return box_; }
  double signed_distance(const double* x) const override;
  double measure() const override { return box_.volume(); }
  double part_measure(int part) const override;
  bool boundary_point(int part, const double* u, double* x, double* normal) const override;
  void outward_normal(int part, const double* x, double* normal) const override;
  bool has_interior_map() const override { return true; }
  void map_interior(const double* u, double* x) const override;
  void ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const override;
  void emit_signed(Impl::ProgramBuilder& builder) const override;
  void emit_part(Impl::ProgramBuilder& builder, int part) const override;
  void emit_inside(Impl::ProgramBuilder& builder, bool exterior) const override;
  void emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const override;

 private:
  int dim_;
  BoundingBox box_;
};

class Interval : public Box {
 public:
  Interval(double a, double b) : Box({a}, {b}) {}
};

}  // namespace kanpde::geometry
