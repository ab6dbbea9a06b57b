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

}  // namespace
}  // namespace kanpde::solver
