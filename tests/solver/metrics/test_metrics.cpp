// Accuracy metrics on hand-computed examples, and the observed order.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/metrics/Metrics.hpp"

namespace {

using namespace kanpde::solver;

TEST(Metrics, HandComputedValues) {
  const Accuracy a =
      accuracy({1.0, 2.0, 2.0}, {1.0, 2.0, 4.0}, {0, 0, 1, 1, 2, 2}, {0, 0, 1, 1, 2, 3});
  EXPECT_EQ(a.points, 3u);
  EXPECT_DOUBLE_EQ(a.max_abs, 2.0);
  EXPECT_DOUBLE_EQ(a.mse, 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.rel_l2, std::sqrt(4.0 / 21.0));
  EXPECT_DOUBLE_EQ(a.h1_semi_rel, std::sqrt(1.0 / 15.0));
  EXPECT_EQ(accuracy({1.0}, {1.0}).h1_semi_rel, -1.0);
}

TEST(Metrics, ObservedOrder) {
  EXPECT_NEAR(observed_order(0.1, 4e-4, 0.05, 1e-4), 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(observed_order(0.1, 0.0, 0.05, 1e-4)));
}

}  // namespace
