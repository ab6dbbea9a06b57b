// Bad input: every invalid domain, CSG, part name or sampler setting is an
// InputError (exit status 2) naming the problem; nothing hangs or crashes.
#include <gtest/gtest.h>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

using P = std::vector<std::array<double, 2>>;

TEST(GeometryBadInput, Primitives) {
  expect_input_error([] { Interval(1.0, 1.0); }, "interval size along x must be > 0, found 0");
  expect_input_error([] { Interval(2.0, 1.0); }, "found -1");
  expect_input_error([] { Box({0, 0}, {1, -1}); }, "box size along y must be > 0");
  expect_input_error([] { Box({0, 0, 0}, {1, 1, 0}); }, "along z");
  expect_input_error([] { Box({0, 0}, {1}); }, "same number of coordinates");
  expect_input_error([] { Box(std::vector<double>(17, 0.0), std::vector<double>(17, 1.0)); },
                     "1 to 16 dimensions");
  expect_input_error([] { Box({0, 0, 0, 0}, {1, 1, 1, 0}); }, "along x4");
  expect_input_error([] { Box({0, NAN}, {1, 1}); }, "finite");
  expect_input_error([] { Ball({0, 0}, -1.0); }, "disk radius must be > 0, found -1");
  expect_input_error([] { Ball({0, 0, 0}, 0.0); }, "ball radius must be > 0, found 0");
  expect_input_error([] { Ball({0}, 1.0); }, "2 to 16 coordinates");
  expect_input_error([] { Ellipse(0, 0, 0.0, 1.0); }, "semi-axis a must be > 0");
  expect_input_error([] { Ellipse(0, 0, 1.0, -2.0); }, "semi-axis b must be > 0, found -2");
}

TEST(GeometryBadInput, Polygons) {
  expect_input_error([] { Polygon(P{{0, 0}, {1, 0}}); }, "at least 3 vertices, found 2");
  expect_input_error([] { Polygon(P{}); }, "found 0");
  expect_input_error([] { Polygon(P{{0, 0}, {1, 0}, {1, 0}, {0, 1}}); }, "zero length");
  // A bow tie: edges 0 and 2 cross.
  expect_input_error(
      [] {
        Polygon(P{{0, 0}, {1, 1}, {1, 0}, {0, 1}});
      },
      "edges 0 and 2 intersect: the polygon must be simple");
  // A vertex touching a non-adjacent edge.
  expect_input_error(
      [] {
        Polygon(P{{0, 0}, {2, 0}, {2, 2}, {1, 0}, {0, 2}});
      },
      "self-intersecting");
  // Collinear points: zero area, and an edge doubling back.
  expect_input_error([] { Polygon(P{{0, 0}, {1, 0}, {2, 0}}); }, "self-intersecting");
  expect_input_error([] { Polygon(P{{0, 0}, {1, 1e-14}, {2, 0}}); }, "zero area");
  expect_input_error(
      [] {
        Polygon(P{{0, 0}, {1, 0}, {1, 1}}, {"a", "b"});
      },
      "3 edges but 2 edge names");
  expect_input_error([] { Polygon(P{{0, 0}, {1, 0}, {1, 1}}, {"a", "", "c"}); }, "empty name");
  expect_input_error([] { Polygon(P{{0, 0}, {1, 0}, {INFINITY, 1}}); }, "finite");
}

TEST(GeometryBadInput, Csg) {
  auto square = std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{1, 1});
  auto far = std::make_shared<Box>(std::vector<double>{5, 5}, std::vector<double>{6, 6});
  auto big = std::make_shared<Ball>(std::vector<double>{0.5, 0.5}, 2.0);
  auto cube = std::make_shared<Box>(std::vector<double>{0, 0, 0}, std::vector<double>{1, 1, 1});
  expect_input_error([&] { make_intersection(square, far); }, "empty CSG result");
  expect_input_error([&] { make_difference(square, big); }, "empty CSG result");
  expect_input_error([&] { make_union(square, cube); }, "same dimension, found 2");
  expect_input_error([&] { make_union(square, nullptr); }, "two operands");
  // Touching squares: intersection has no interior.
  auto next = std::make_shared<Box>(std::vector<double>{1, 0}, std::vector<double>{2, 1});
  expect_input_error([&] { make_intersection(square, next); }, "empty CSG result");
  // Equal labels cannot separate colliding names.
  auto a = std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 1});
  auto b = std::make_shared<Box>(std::vector<double>{1, 0.5}, std::vector<double>{3, 2});
  a->set_label("s");
  b->set_label("s");
  expect_input_error([&] { make_union(a, b); }, "distinct labels");
}

TEST(GeometryBadInput, PartNamesAndSamplers) {
  Box box({0, 0}, {1, 1});
  expect_input_error([&] { box.part_index("left"); },
                     "unknown boundary part 'left' of box; its parts are: xmin, xmax, ymin, ymax");
  expect_input_error([&] { sample_boundary(box, {{"top", 3}}); }, "unknown boundary part 'top'");
  expect_input_error([&] { sample_boundary(box, {{"xmin", 3}, {"xmin", 2}}); }, "twice");
  expect_input_error(
      [&] {
        DistanceFunction<Kokkos::HostSpace>(box, {"xmax", "nope"});
      },
      "unknown boundary part 'nope'");
  expect_input_error([] { parse_sequence("sobel"); }, "unknown sampler 'sobel'");
  SamplerOptions opt;
  opt.min_acceptance = 0.0;
  expect_input_error([&] { sample_interior(box, 10, opt); }, "minimum acceptance");
  opt = {};
  opt.interior = InteriorMethod::Map;
  expect_input_error([&] { sample_interior(*l_shape_polygon(), 10, opt); }, "no interior map");
  // D vanishing on an unknown part (any subset of known parts is supported).
  expect_input_error([] { DistanceFunction<Kokkos::HostSpace>(*square_with_hole(), {"hole"}); },
                     "circle");
}

// A thin L (width 1e-4) fills ~2e-4 of its bounding box: rejection sampling
// stops after a few thousand candidates with a clear message, for streaming
// sequences and for designs alike.
TEST(GeometryBadInput, RejectionGivesUpOnThinDomains) {
  Polygon thin(P{{0, 0}, {1, 0}, {1, 1e-4}, {1e-4, 1e-4}, {1e-4, 1}, {0, 1}});
  for (Sequence s : {Sequence::Random, Sequence::Sobol, Sequence::Hammersley,
                     Sequence::LatinHypercube, Sequence::Grid}) {
    SamplerOptions opt;
    opt.sequence = s;
    expect_input_error([&] { sample_interior(thin, 1000, opt); }, "fills too little");
  }
  // A smaller minimum acceptance lets it through.
  SamplerOptions opt;
  opt.min_acceptance = 1e-5;
  EXPECT_EQ(sample_interior(thin, 100, opt).size(), 100u);
}

}  // namespace
}  // namespace kanpde::test
