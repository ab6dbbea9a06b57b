// A stage's optimizer as one value (solver/optim/OptimizerConfig.hpp): it
// carries each class's name and least-squares flag, keeps a copy of its
// options, refuses the options of another optimizer as an internal error,
// and the optimizer it creates takes the steps of the class built directly.
#include <gtest/gtest.h>

#include "common/Error.hpp"
#include "solver/optim/Adam.hpp"
#include "solver/optim/Bfgs.hpp"
#include "solver/optim/Lbfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/optim/OptimizerConfig.hpp"

namespace {

using namespace kanpde::solver::optim;

struct Bowl : Objective {
  std::size_t size() const override { return 3; }
  double value(const Vector& x) override {
    Vector g(3);
    return value_and_gradient(x, g);
  }
  double value_and_gradient(const Vector& x, Vector& g) override {
    const Vector w = Vector::LinSpaced(3, 1.0, 30.0);
    g = 2 * w.cwiseProduct(x - Vector::Ones(3)) + 4 * x.cwiseAbs2().cwiseProduct(x);
    return w.dot((x - Vector::Ones(3)).cwiseAbs2()) + x.array().pow(4).sum();
  }
};

template <class T>
void expect_named(const char* name, bool least_squares) {
  const OptimizerConfig c = OptimizerConfig::of<T>();
  EXPECT_STREQ(c.name(), name);
  EXPECT_EQ(c.least_squares(), least_squares);
  EXPECT_TRUE(c.is<T>());
  EXPECT_STREQ(c.create()->name(), name);
}

TEST(OptimizerConfig, CarriesTheClassesNamesAndLeastSquaresFlags) {
  expect_named<Adam>("adam", false);
  expect_named<Lbfgs>("lbfgs", false);
  expect_named<LevenbergMarquardt>("lm", true);
  expect_named<Bfgs>("bfgs", false);
  EXPECT_FALSE(OptimizerConfig::of<Adam>().is<Lbfgs>());
}

TEST(OptimizerConfig, AnEmptyOneOrAnotherOptimizersOptionsAreInternalErrors) {
  const OptimizerConfig none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.is<Adam>());
  EXPECT_THROW(none.create(), kanpde::InternalError);
  const OptimizerConfig adam = OptimizerConfig::of<Adam>();
  EXPECT_THROW(adam.options<Lbfgs>(), kanpde::InternalError);
  EXPECT_NO_THROW(adam.options<Adam>());
}

TEST(OptimizerConfig, CopiesAreValuesNotViews) {
  AdamOptions a;
  a.lr = 0.5;
  OptimizerConfig c = OptimizerConfig::of<Adam>(a);
  const OptimizerConfig copy = c;
  c.options<Adam>().lr = 0.25;
  EXPECT_EQ(copy.options<Adam>().lr, 0.5);
  EXPECT_EQ(c.options<Adam>().lr, 0.25);
}

TEST(OptimizerConfig, CreatedTakesTheStepsOfTheClass) {
  AdamOptions a;
  a.lr = 1e-2;
  LbfgsOptions l;
  l.history = 3;
  BfgsOptions b;
  b.update = BfgsUpdate::ssbfgs;
  const std::pair<OptimizerConfig, std::unique_ptr<Optimizer>> pairs[] = {
      {OptimizerConfig::of<Adam>(a), std::make_unique<Adam>(a)},
      {OptimizerConfig::of<Lbfgs>(l), std::make_unique<Lbfgs>(l)},
      {OptimizerConfig::of<Bfgs>(b), std::make_unique<Bfgs>(b)},
  };
  for (const auto& [config, direct] : pairs) {
    SCOPED_TRACE(config.name());
    Bowl f;
    std::unique_ptr<Optimizer> made = config.create();
    Vector x = Vector::Zero(3), y = x;
    for (int k = 0; k < 5; ++k) {
      made->step(f, x);
      direct->step(f, y);
    }
    EXPECT_EQ(x, y);
    EXPECT_NE(x, Vector::Zero(3));
  }
  // The options reach the optimizer: another learning rate, other steps.
  AdamOptions a2 = a;
  a2.lr = 2e-2;
  Bowl f;
  Vector x = Vector::Zero(3), y = x;
  OptimizerConfig::of<Adam>(a).create()->step(f, x);
  OptimizerConfig::of<Adam>(a2).create()->step(f, y);
  EXPECT_NE(x, y);
}

}  // namespace
