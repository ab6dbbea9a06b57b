#pragma once
// Ball: a disk (2D, boundary part "circle") or a ball (3D, boundary part
// "sphere") with centre c and radius R > 0.
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

class Ball : public Domain {
 public:
  Ball(std::vector<double> centre, double radius);

  int dim() const override { return dim_; }
  std::string kind() const override { return dim_ == 2 ? "disk" : "ball"; }
  BoundingBox bounding_box() const override;
  double signed_distance(const double* x) const override;
  double measure() const override;
  double part_measure(int part) const override;
  // 2D: angle 2 pi u; 3D: z = 1 - 2 u0, azimuth 2 pi u1 (area-preserving).
  bool boundary_point(int part, const double* u, double* x, double* normal) const override;
  void outward_normal(int part, const double* x, double* normal) const override;
  bool has_interior_map() const override { return true; }
  // r = R u0^(1/dim), then the boundary map of the remaining coordinates.
  void map_interior(const double* u, double* x) const override;
  void ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const override;
  void emit_signed(Impl::ProgramBuilder& builder) const override;
  void emit_part(Impl::ProgramBuilder& builder, int part) const override;

  double radius() const { return radius_; }

 private:
  int dim_;
  double centre_[3] = {0.0, 0.0, 0.0};
  double radius_;
};

}  // namespace kanpde::geometry
