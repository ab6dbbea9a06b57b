// The defaults that grow with the interfaces (solver/case/InterfaceDefaults.hpp):
// the interface measure against closed forms (a line, circles, one that meets
// the boundary, a sphere, a point in 1D) and the point counts the loader gives.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "solver/case/BuildDomain.hpp"
#include "solver/case/InterfaceDefaults.hpp"
#include "solver/case/LoadCase.hpp"

namespace kanpde::solver {
namespace {

geometry::DomainPtr unit_box(int dim) {
  DomainSpec d;
  d.type = dim == 1 ? DomainType::interval : DomainType::box;
  d.min.assign(static_cast<std::size_t>(dim), 0.0);
  d.max.assign(static_cast<std::size_t>(dim), 1.0);
  return build_domain(d);
}

TEST(InterfaceDefaults, MeasureOfLinesCirclesAndSpheres) {
  const double pi = std::acos(-1.0);
  const auto sq = unit_box(2);
  // A grid-aligned line and an oblique one (closed forms 1 and sqrt(2)).
  EXPECT_NEAR(interface_measure("x - 0.5", *sq), 1.0, 0.02);
  EXPECT_NEAR(interface_measure("x - y", *sq), std::sqrt(2.0), 0.03);
  // A circle inside, and a quarter circle that meets the boundary.
  EXPECT_NEAR(interface_measure("(x-0.5)^2 + (y-0.5)^2 - 0.09", *sq), 2 * pi * 0.3, 0.04);
  EXPECT_NEAR(interface_measure("x^2 + y^2 - 0.36", *sq), 0.5 * pi * 0.6, 0.03);
  // A sphere in the unit cube (4 pi r^2 = 1.131): a coarser grid.
  EXPECT_NEAR(interface_measure("(x-0.5)^2 + (y-0.5)^2 + (z-0.5)^2 - 0.09", *unit_box(3)),
              4 * pi * 0.09, 0.08);
  // One point in 1D; a level set outside the domain has measure 0.
  EXPECT_EQ(interface_measure("x - 0.3", *unit_box(1)), 1.0);
  EXPECT_EQ(interface_measure("x - 2", *sq), 0.0);
}

std::string inclusion(const std::string& a, const std::string& extra = "") {
  return "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
         "pde:\n"
         "  equation: \"-div(a*grad(u)) = f\"\n"
         "  coefficients: {a: \"" +
         a + "\", f: \"1\"}\n" + extra + "boundary:\n  - {parts: all, type: dirichlet, value: 0}\n";
}

TEST(InterfaceDefaults, InteriorPointsGrowWithTheInterfaces) {
  const int base = load_case_text(inclusion("1 + x"), "c").sampling.interior.count;
  EXPECT_EQ(base, 4000);
  auto count = [](const std::string& text) {
    return load_case_text(text, "c.yaml").sampling.interior.count;
  };
  // A small circle (s = 2 pi 0.05 = 0.314: 1 + 2 s = 1.63) adds fewer points
  // than a larger one (r = 0.1: 2.26); a line across (s = 1) and anything
  // larger reach the cap, 3 times the base.
  const int small = count(inclusion("(x-0.5)^2 + (y-0.5)^2 < 0.0025 ? 10 : 1"));
  const int mid = count(inclusion("(x-0.5)^2 + (y-0.5)^2 < 0.01 ? 10 : 1"));
  EXPECT_NEAR(small, base * (1 + 2 * 0.1 * std::acos(-1.0)), 0.03 * base);
  EXPECT_NEAR(mid, base * (1 + 4 * 0.1 * std::acos(-1.0)), 0.03 * base);
  EXPECT_EQ(count(inclusion("x < 0.5 ? 1 : 10")), 3 * base);
  // Two small circles count as their sum.
  const int two =
      count(inclusion("(x-0.25)^2 + (y-0.25)^2 < 0.0025 ? 10 : (x-0.75)^2 + (y-0.75)^2 < "
                      "0.0025 ? 5 : 1"));
  EXPECT_NEAR(two - base, 2 * (small - base), 0.03 * base);
  // Without interface terms, and with a count the case gives: unchanged.
  EXPECT_EQ(count(inclusion("x < 0.5 ? 1 : 10", "  interfaces: none\n")), base);
  EXPECT_EQ(count(inclusion("x < 0.5 ? 1 : 10") + "sampling: {interior: {count: 500}}\n"), 500);
}

}  // namespace
}  // namespace kanpde::solver
