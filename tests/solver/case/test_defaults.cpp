// The defaults chosen from the problem (solver/case/Defaults.hpp): point
// counts from the dimension and the boundary's measure; the default schedule and its grid
// extensions; soft terms from enforce: auto on polygons with a re-entrant vertex.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "Helpers.hpp"
#include "solver/case/Defaults.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"

namespace {

using kanpde::solver::CaseSpec;
using kanpde::solver::DomainSpec;
using kanpde::solver::DomainType;
using kanpde::solver::Enforcement;
using kanpde::solver::load_case_text;

std::string with_domain(const std::string& domain, const std::string& extra = "") {
  return "domain: " + domain +
         "\npde: {source: \"1\"}\nboundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n" +
         extra;
}

TEST(Defaults, ScheduleIsLmOnThreeGridsWithQuinticSplines) {
  const CaseSpec cs = load_case_text(kanpde::test::minimal_case(), "cases/minimal.yaml");
  EXPECT_EQ(cs.model.kan.spline_order, 5);
  ASSERT_EQ(cs.training.stages.size(), 3u);
  const int steps[] = {40, 60, 200};
  const int points[] = {1000, 2500, 0};  // shares of the 4000 interior points; 0: all
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_STREQ(cs.training.stages[i].optimizer.name(), "lm") << i;
    EXPECT_EQ(cs.training.stages[i].steps, steps[i]) << i;
    EXPECT_EQ(cs.training.stages[i].points, points[i]) << i;
    EXPECT_EQ(cs.training.stages[i]
                  .optimizer.options<kanpde::solver::optim::LevenbergMarquardt>()
                  .tolerance_change,
              1e-10)
        << i;
  }
  ASSERT_EQ(cs.training.grid_schedule.size(), 2u);
  EXPECT_EQ(cs.training.grid_schedule[0].grid_size, 10);
  EXPECT_EQ(cs.training.grid_schedule[0].step, 40);  // the second stage's start
  EXPECT_EQ(cs.training.grid_schedule[1].grid_size, 20);
  EXPECT_EQ(cs.training.grid_schedule[1].step, 100);
  // The stages' points follow the case's interior count; its spline order wins.
  const CaseSpec own_points =
      load_case_text(kanpde::test::minimal_case() +
                     "sampling: {interior: {count: 800}}\nmodel: {kan: {spline_order: 3}}\n");
  EXPECT_EQ(own_points.training.stages[0].points, 200);
  EXPECT_EQ(own_points.training.stages[1].points, 500);
  EXPECT_EQ(own_points.model.kan.spline_order, 3);
  // A model grid at or above an extension's size drops that extension.
  const CaseSpec g12 =
      load_case_text(kanpde::test::minimal_case() + "model: {kan: {grid_size: 12}}\n");
  ASSERT_EQ(g12.training.grid_schedule.size(), 1u);
  EXPECT_EQ(g12.training.grid_schedule[0].grid_size, 20);
  // Given stages: no default extensions.
  const CaseSpec own = load_case_text(kanpde::test::minimal_case() +
                                      "training: {stages: [{optimizer: lm, steps: 5}]}\n");
  EXPECT_TRUE(own.training.grid_schedule.empty());
}

TEST(Defaults, PointCountsFollowTheGeometry) {
  // A box fills its bounding box: the base counts.
  const CaseSpec box = load_case_text(kanpde::test::minimal_case());
  EXPECT_EQ(box.sampling.interior.count, 4000);
  EXPECT_EQ(box.sampling.boundary.count, 800);
  // A disk: the interior base count; its circumference is pi/4 of the box's.
  const CaseSpec disk = load_case_text(with_domain("{type: disk, center: [0, 0], radius: 1}"));
  EXPECT_EQ(disk.sampling.interior.count, 4000);
  EXPECT_EQ(disk.sampling.boundary.count, 628);
  // A hole adds boundary length: more boundary points than the box alone
  // (8 + 2 pi 0.5 against 8; CSG measures are estimates, hence the range).
  const CaseSpec holed = load_case_text(
      "domain: {type: difference, operands: [{type: box, min: [-1, -1], max: [1, 1]}, "
      "{type: disk, name: h, center: [0, 0], radius: 0.5}]}\n"
      "pde: {source: \"1\"}\nboundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n");
  EXPECT_NEAR(holed.sampling.boundary.count, 800 * (8 + 3.14159) / 8, 10);
  // 3D and 1D bases.
  const CaseSpec cube = load_case_text(with_domain("{type: box, min: [0, 0, 0], max: [1, 1, 1]}"));
  EXPECT_EQ(cube.sampling.interior.count, 4000);
  EXPECT_EQ(cube.sampling.boundary.count, 1200);
  const CaseSpec line = load_case_text(with_domain("{type: interval, min: 0, max: 1}"));
  EXPECT_EQ(line.sampling.interior.count, 1000);
  EXPECT_EQ(line.sampling.boundary.count, 2);
  // The case's own counts win.
  const CaseSpec own = load_case_text(kanpde::test::minimal_case() +
                                      "sampling: {interior: {count: 77}, boundary: {count: 9}}\n");
  EXPECT_EQ(own.sampling.interior.count, 77);
  EXPECT_EQ(own.sampling.boundary.count, 9);
}

TEST(Defaults, ReentrantPolygonsGetSoftTermsFromAuto) {
  DomainSpec l;
  l.type = DomainType::polygon;
  l.vertices = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  EXPECT_TRUE(kanpde::solver::has_reentrant_polygon(l));
  std::reverse(l.vertices.begin(), l.vertices.end());  // clockwise: the same answer
  EXPECT_TRUE(kanpde::solver::has_reentrant_polygon(l));
  DomainSpec tri = l;
  tri.vertices = {{0, 0}, {0, 1}, {1, 0}};  // clockwise, convex
  EXPECT_FALSE(kanpde::solver::has_reentrant_polygon(tri));
  DomainSpec diff;  // found inside a CSG tree
  diff.type = DomainType::difference;
  diff.operands = {tri, l};
  EXPECT_TRUE(kanpde::solver::has_reentrant_polygon(diff));

  const std::string lshape =
      "{type: polygon, vertices: [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]}";
  const CaseSpec a = load_case_text(with_domain(lshape));
  EXPECT_EQ(a.boundary[0].enforce, Enforcement::soft);
  EXPECT_EQ(a.boundary[0].weight, 1.0);
  const CaseSpec convex =
      load_case_text(with_domain("{type: polygon, vertices: [[0, 0], [1, 0], [0, 1]]}"));
  EXPECT_EQ(convex.boundary[0].enforce, Enforcement::hard);
  // An explicit enforce: hard stays hard.
  const CaseSpec hard = load_case_text(
      "domain: " + lshape +
      "\npde: {source: \"1\"}\nboundary:\n  - {parts: all, type: dirichlet, value: \"0\", "
      "enforce: hard}\n");
  EXPECT_EQ(hard.boundary[0].enforce, Enforcement::hard);
}

}  // namespace
