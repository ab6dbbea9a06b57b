#include "geometry/Ellipse.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kPi = 3.141592653589793238462643383280;
constexpr int kSegments = 512;
// 5-point Gauss-Legendre nodes and weights on [-1, 1].
constexpr double kGx[5] = {0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
                           0.9061798459386640};
constexpr double kGw[5] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
                           0.2369268850561891, 0.2369268850561891};
}  // namespace

Ellipse::Ellipse(double cx, double cy, double a, double b) : c_{cx, cy}, a_(a), b_(b) {
  KANPDE_REQUIRE(std::isfinite(cx) && std::isfinite(cy),
                 "ellipse centre must be finite, found (" << cx << ", " << cy << ")");
  KANPDE_REQUIRE(std::isfinite(a) && a > 0.0, "ellipse semi-axis a must be > 0, found " << a);
  KANPDE_REQUIRE(std::isfinite(b) && b > 0.0, "ellipse semi-axis b must be > 0, found " << b);
  part_names_.emplace_back("ellipse");
  cumulative_.resize(kSegments + 1);
  cumulative_[0] = 0.0;
  for (int k = 0; k < kSegments; ++k)
    cumulative_[static_cast<std::size_t>(k + 1)] =
        cumulative_[static_cast<std::size_t>(k)] +
        arc(kTwoPi * k / kSegments, kTwoPi * (k + 1) / kSegments);
}

BoundingBox Ellipse::bounding_box() const {
  BoundingBox box;
  box.dim = 2;
  box.lo = {c_[0] - a_, c_[1] - b_, 0.0};
  box.hi = {c_[0] + a_, c_[1] + b_, 0.0};
  return box;
}

double Ellipse::signed_distance(const double* x) const {
  const double X = x[0] - c_[0], Y = x[1] - c_[1];
  const double q = 1.0 - X * X / (a_ * a_) - Y * Y / (b_ * b_);
  const double qx = -2.0 * X / (a_ * a_), qy = -2.0 * Y / (b_ * b_);
  const double m = std::min(a_, b_);
  return -q / std::sqrt(qx * qx + qy * qy + 4.0 * q * q / (m * m));
}

double Ellipse::measure() const {
  return kPi * a_ * b_;
}

double Ellipse::part_measure(int part) const {
  part_name(part);
  return cumulative_.back();
}

double Ellipse::speed(double t) const {
  const double s = std::sin(t), c = std::cos(t);
  return std::sqrt(a_ * a_ * s * s + b_ * b_ * c * c);
}

double Ellipse::arc(double t0, double t1) const {
  const double h = 0.5 * (t1 - t0), m = 0.5 * (t1 + t0);
  double s = 0.0;
  for (int i = 0; i < 5; ++i) s += kGw[i] * speed(m + h * kGx[i]);
  return h * s;
}

double Ellipse::angle_at_length(double s) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), s);
  int k = static_cast<int>(it - cumulative_.begin()) - 1;
  k = std::clamp(k, 0, kSegments - 1);
  const double t0 = kTwoPi * k / kSegments, t1 = kTwoPi * (k + 1) / kSegments;
  const double s0 = cumulative_[static_cast<std::size_t>(k)];
  const double s1 = cumulative_[static_cast<std::size_t>(k + 1)];
  double t = t0 + (t1 - t0) * (s - s0) / (s1 - s0);
  for (int it2 = 0; it2 < 4; ++it2) {
    t -= (s0 + arc(t0, t) - s) / speed(t);
    t = std::clamp(t, t0, t1);
  }
  return t;
}

bool Ellipse::boundary_point(int part, const double* u, double* x, double* normal) const {
  const double t = angle_at_length(u[0] * cumulative_.back());
  x[0] = c_[0] + a_ * std::cos(t);
  x[1] = c_[1] + b_ * std::sin(t);
  outward_normal(part, x, normal);
  return true;
}

void Ellipse::outward_normal(int /*part*/, const double* x, double* normal) const {
  const double gx = (x[0] - c_[0]) / (a_ * a_), gy = (x[1] - c_[1]) / (b_ * b_);
  const double g = std::sqrt(gx * gx + gy * gy);
  normal[0] = g > 0.0 ? gx / g : 1.0;
  normal[1] = g > 0.0 ? gy / g : 0.0;
}

void Ellipse::map_interior(const double* u, double* x) const {
  const double r = std::sqrt(u[0]), th = kTwoPi * u[1];
  x[0] = c_[0] + a_ * r * std::cos(th);
  x[1] = c_[1] + b_ * r * std::sin(th);
}

void Ellipse::ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const {
  const double semi[2] = {a_, b_};
  const int other = 1 - axis;
  const double w = (x[other] - c_[other]) / semi[other];
  const double disc = 1.0 - w * w;
  if (disc < 0.0) return;
  const double h = semi[axis] * std::sqrt(disc), d = x[axis] - c_[axis];
  out.push_back({dir * (-h - d), 0});
  out.push_back({dir * (h - d), 0});
}

void Ellipse::emit_signed(Impl::ProgramBuilder& builder) const {
  builder.leaf(Impl::kEllipse, {c_[0], c_[1], a_, b_});
}

void Ellipse::emit_part(Impl::ProgramBuilder& builder, int part) const {
  part_name(part);  // range check
  emit_signed(builder);
  builder.unary(Impl::kSquare);
}

}  // namespace kanpde::geometry
