#pragma once
// The domains the geometry tests run over, each with its exact measures.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/Error.hpp"
#include "common/Random.hpp"
#include "geometry/Geometry.hpp"

namespace kanpde::test {

using namespace kanpde::geometry;

constexpr double kPi = 3.141592653589793238462643383280;

struct Shape {
  std::string name;
  DomainPtr domain;
  double measure;           // exact
  double boundary_measure;  // exact
};

inline DomainPtr l_shape_polygon() {
  return std::make_shared<Polygon>(
      std::vector<std::array<double, 2>>{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}});
}

inline DomainPtr l_shape_csg() {
  auto outer = std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 2});
  auto notch = std::make_shared<Box>(std::vector<double>{1, 1}, std::vector<double>{3, 3});
  outer->set_label("outer");
  notch->set_label("notch");
  return make_difference(outer, notch);
}

inline DomainPtr square_with_hole() {
  return make_difference(
      std::make_shared<Box>(std::vector<double>{-1, -1}, std::vector<double>{1, 1}),
      std::make_shared<Ball>(std::vector<double>{0.1, -0.2}, 0.5));
}

// Two disks of radius 1 with centres 1 apart: lens area 2 acos(1/2) - sqrt(3)/2
// each side; union boundary = two arcs of angle 2 pi - 2 pi/3.
inline DomainPtr two_disks() {
  return make_union(std::make_shared<Ball>(std::vector<double>{0, 0}, 1.0),
                    std::make_shared<Ball>(std::vector<double>{1, 0}, 1.0));
}

inline std::vector<Shape> all_shapes() {
  std::vector<Shape> s;
  s.push_back({"interval", std::make_shared<Interval>(-1.0, 2.0), 3.0, 2.0});
  s.push_back({"box2",
               std::make_shared<Box>(std::vector<double>{0, -1}, std::vector<double>{2, 0.5}), 3.0,
               7.0});
  s.push_back({"box3",
               std::make_shared<Box>(std::vector<double>{0, 0, 0}, std::vector<double>{1, 2, 0.5}),
               1.0, 2 * (2 + 0.5 + 1)});
  s.push_back({"disk", std::make_shared<Ball>(std::vector<double>{0.5, -0.25}, 0.75), kPi * 0.5625,
               2 * kPi * 0.75});
  s.push_back({"ball", std::make_shared<Ball>(std::vector<double>{0, 0, 1}, 0.5),
               4.0 / 3.0 * kPi * 0.125, 4 * kPi * 0.25});
  s.push_back({"ellipse", std::make_shared<Ellipse>(0.0, 1.0, 2.0, 0.5), kPi, -1.0});
  s.push_back({"l_polygon", l_shape_polygon(), 3.0, 8.0});
  s.push_back({"notched_square",
               std::make_shared<Polygon>(std::vector<std::array<double, 2>>{
                   {0, 0}, {1, 0}, {1, 1}, {0.6, 1}, {0.5, 0.5}, {0.4, 1}, {0, 1}}),
               1.0 - 0.5 * 0.2 * 0.5, 3.8 + 2 * std::sqrt(0.01 + 0.25)});
  s.push_back({"l_csg", l_shape_csg(), 3.0, 8.0});
  s.push_back({"square_with_hole", square_with_hole(), 4.0 - kPi * 0.25, 8.0 + kPi});
  const double lens = 2.0 * std::acos(0.5) - std::sqrt(3.0) / 2.0;
  s.push_back({"two_disks", two_disks(), 2 * kPi - lens, 2 * (2 * kPi - 2 * kPi / 3)});
  s.push_back({"box_and_disk",
               make_intersection(
                   std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 2}),
                   std::make_shared<Ball>(std::vector<double>{0, 0}, 1.0)),
               kPi / 4, 2.0 + kPi / 2});
  s.push_back({"cube_minus_ball",
               make_difference(std::make_shared<Box>(std::vector<double>{-1, -1, -1},
                                                     std::vector<double>{1, 1, 1}),
                               std::make_shared<Ball>(std::vector<double>{0, 0, 0.2}, 0.5)),
               8.0 - kPi / 6, 24.0 + kPi});
  return s;
}

// Uniform points in a bounding box (fixed seed).
inline std::vector<double> box_points(const BoundingBox& b, std::size_t n, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<double> x(n * static_cast<std::size_t>(b.dim));
  for (std::size_t i = 0; i < n; ++i)
    for (int a = 0; a < b.dim; ++a)
      x[i * b.dim + a] =
          rng.uniform(b.lo[static_cast<std::size_t>(a)], b.hi[static_cast<std::size_t>(a)]);
  return x;
}

// Runs f, which must throw an InputError (exit status 2) whose message
// contains `needle`.
template <class F>
void expect_input_error(F&& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "no InputError; expected one mentioning '" << needle << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_EQ(e.exit_status(), 2);
  }
}

inline bool is_csg(const Shape& s) {
  return dynamic_cast<const Csg*>(s.domain.get()) != nullptr;
}

}  // namespace kanpde::test
