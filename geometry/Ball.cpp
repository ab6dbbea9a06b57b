#include "geometry/Ball.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kPi = 3.141592653589793238462643383280;
}  // namespace

Ball::Ball(std::vector<double> centre, double radius)
    : dim_(static_cast<int>(centre.size())), radius_(radius) {
  KANPDE_REQUIRE(dim_ >= 2 && dim_ <= max_space_dim, "disk/ball centre must have 2 to "
                                                         << max_space_dim << " coordinates, found "
                                                         << dim_);
  for (int a = 0; a < dim_; ++a) {
    centre_[a] = centre[static_cast<std::size_t>(a)];
    KANPDE_REQUIRE(std::isfinite(centre_[a]), kind() << " centre must be finite, found coordinate "
                                                     << a << " = " << centre_[a]);
  }
  KANPDE_REQUIRE(std::isfinite(radius) && radius > 0.0,
                 kind() << " radius must be > 0, found " << radius);
  part_names_.emplace_back(dim_ == 2 ? "circle" : "sphere");
}

BoundingBox Ball::bounding_box() const {
  BoundingBox b;
  b.dim = dim_;
  for (int a = 0; a < dim_; ++a) {
    b.lo[static_cast<std::size_t>(a)] = centre_[a] - radius_;
    b.hi[static_cast<std::size_t>(a)] = centre_[a] + radius_;
  }
  return b;
}

double Ball::signed_distance(const double* x) const {
  double r2 = 0.0;
  for (int a = 0; a < dim_; ++a) r2 += (x[a] - centre_[a]) * (x[a] - centre_[a]);
  return std::sqrt(r2) - radius_;
}

double Ball::measure() const {
  if (dim_ == 2) return kPi * radius_ * radius_;
  if (dim_ == 3) return 4.0 / 3.0 * kPi * radius_ * radius_ * radius_;
  // pi^(d/2) / Gamma(d/2 + 1) R^d
  const double d = dim_;
  return std::pow(kPi, 0.5 * d) / std::tgamma(0.5 * d + 1.0) * std::pow(radius_, d);
}

double Ball::part_measure(int part) const {
  part_name(part);
  if (dim_ == 2) return kTwoPi * radius_;
  if (dim_ == 3) return 4.0 * kPi * radius_ * radius_;
  return dim_ * measure() / radius_;  // d V / R
}

namespace {

// I_m(phi) = integral_0^phi sin^m t dt (I_0 = phi, I_1 = 1 - cos phi,
// I_m = -sin^(m-1) cos / m + (m-1)/m I_(m-2)).
double sin_power_integral(int m, double phi) {
  const double s = std::sin(phi), c = std::cos(phi);
  double lo = phi, hi = 1.0 - c;  // I_0, I_1
  if (m == 0) return lo;
  double sp = 1.0;  // sin^(k-1) for the current k
  for (int k = 2; k <= m; ++k) {
    sp *= s;
    const double next = -sp * c / k + (k - 1.0) / k * lo;
    lo = hi;
    hi = next;
  }
  return hi;
}

// The angle phi in [0, pi] with I_m(phi) = u I_m(pi): the inverse of the
// distribution with density proportional to sin^m (bisection to round-off).
double sin_power_quantile(int m, double u) {
  if (m == 1) return std::acos(std::clamp(1.0 - 2.0 * u, -1.0, 1.0));
  const double target = u * sin_power_integral(m, kPi);
  double a = 0.0, b = kPi;
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (a + b);
    (sin_power_integral(m, mid) < target ? a : b) = mid;
  }
  return 0.5 * (a + b);
}

// Unit vector from boundary parameters (see Ball.hpp).
void unit_direction(int dim, const double* u, double* n) {
  if (dim > 3) {
    double sprod = 1.0;
    for (int j = 0; j + 2 < dim; ++j) {
      const double phi = sin_power_quantile(dim - 2 - j, u[j]);
      n[j] = sprod * std::cos(phi);
      sprod *= std::sin(phi);
    }
    const double th = kTwoPi * u[dim - 2];
    n[dim - 2] = sprod * std::cos(th);
    n[dim - 1] = sprod * std::sin(th);
    return;
  }
  if (dim == 2) {
    const double th = kTwoPi * u[0];
    n[0] = std::cos(th);
    n[1] = std::sin(th);
  } else {
    const double z = 1.0 - 2.0 * u[0];
    const double s = std::sqrt(std::max(0.0, 1.0 - z * z));
    const double ph = kTwoPi * u[1];
    n[0] = s * std::cos(ph);
    n[1] = s * std::sin(ph);
    n[2] = z;
  }
}
}  // namespace

bool Ball::boundary_point(int /*part*/, const double* u, double* x, double* normal) const {
  unit_direction(dim_, u, normal);
  for (int a = 0; a < dim_; ++a) x[a] = centre_[a] + radius_ * normal[a];
  return true;
}

void Ball::outward_normal(int /*part*/, const double* x, double* normal) const {
  double r2 = 0.0;
  for (int a = 0; a < dim_; ++a) r2 += (x[a] - centre_[a]) * (x[a] - centre_[a]);
  const double r = std::sqrt(r2);
  for (int a = 0; a < dim_; ++a)
    normal[a] = r > 0.0 ? (x[a] - centre_[a]) / r : (a == 0 ? 1.0 : 0.0);
}

void Ball::map_interior(const double* u, double* x) const {
  const double r = radius_ * (dim_ == 2   ? std::sqrt(u[0])
                              : dim_ == 3 ? std::cbrt(u[0])
                                          : std::pow(u[0], 1.0 / dim_));
  double n[max_space_dim];
  unit_direction(dim_, u + 1, n);
  for (int a = 0; a < dim_; ++a) x[a] = centre_[a] + r * n[a];
}

void Ball::ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const {
  double perp2 = 0.0;
  for (int a = 0; a < dim_; ++a)
    if (a != axis) perp2 += (x[a] - centre_[a]) * (x[a] - centre_[a]);
  const double disc = radius_ * radius_ - perp2;
  if (disc < 0.0) return;
  const double h = std::sqrt(disc), d = x[axis] - centre_[axis];
  out.push_back({dir * (-h - d), 0});
  out.push_back({dir * (h - d), 0});
}

void Ball::emit_signed(Impl::ProgramBuilder& builder) const {
  std::vector<double> p(centre_.begin(), centre_.begin() + dim_);
  p.push_back(radius_);
  builder.leaf(Impl::kBall, p);
}

void Ball::emit_part(Impl::ProgramBuilder& builder, int part) const {
  part_name(part);  // range check
  emit_signed(builder);
  builder.unary(Impl::kSquare);
}

}  // namespace kanpde::geometry
