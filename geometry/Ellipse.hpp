#pragma once
// Ellipse: the axis-aligned 2D ellipse ((x-cx)/a)^2 + ((y-cy)/b)^2 <= 1 with
// semi-axes a, b > 0. Boundary part "ellipse". Boundary parameters map by arc
// length (tabulated with Gauss-Legendre quadrature, inverted by Newton's
// method: uniform to ~1e-12 relative), so boundary samples are uniform by
// length; the points lie on the ellipse to round-off.
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

class Ellipse : public Domain {
 public:
  Ellipse(double cx, double cy, double a, double b);

  int dim() const override { return 2; }
  std::string kind() const override { return "ellipse"; }
  BoundingBox bounding_box() const override;
  // First-order signed distance q / sqrt(|grad q|^2 + 4 q^2 / min(a,b)^2)
  // (sign of -q): exact on the boundary and in sign, an approximation away
  // from it.
  double signed_distance(const double* x) const override;
  double measure() const override;
  double part_measure(int part) const override;
  bool boundary_point(int part, const double* u, double* x, double* normal) const override;
  void outward_normal(int part, const double* x, double* normal) const override;
  bool has_interior_map() const override { return true; }
  void map_interior(const double* u, double* x) const override;
  void ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const override;
  void emit_signed(Impl::ProgramBuilder& builder) const override;
  void emit_part(Impl::ProgramBuilder& builder, int part) const override;

 private:
  double speed(double theta) const;
  double arc(double t0, double t1) const;  // arc length between two angles
  double angle_at_length(double s) const;

  double c_[2];
  double a_, b_;
  std::vector<double> cumulative_;  // arc length at theta_k = 2 pi k / K
};

}  // namespace kanpde::geometry
