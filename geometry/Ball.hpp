#pragma once
// Ball: a disk (2D, boundary part "circle") or a ball (3D up to
// max_space_dim, boundary part "sphere") with centre c and radius R > 0.
#include <array>
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
  // 2D: angle 2 pi u; 3D: z = 1 - 2 u0, azimuth 2 pi u1 (area-preserving);
  // d > 3: hyperspherical angles phi_j (j < d-2, density sin^(d-2-j)) by
  // their inverse distribution functions, the last one 2 pi u (measure-preserving).
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
  std::array<double, max_space_dim> centre_{};
  double radius_;
};

}  // namespace kanpde::geometry
