// The optimizer registry (solver/optim/Registry.hpp): every method has one
// row, names round-trip, an unknown name is an input error naming the
// choices, and an optimizer built by the registry takes the same steps as
// the class built directly.
#include <gtest/gtest.h>

#include <set>

#include "common/Error.hpp"
#include "solver/optim/Registry.hpp"

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

TEST(Registry, EveryMethodHasOneRowInTheOrderOfTheEnum) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < optimizers().size(); ++i) {
    const OptimizerInfo& r = optimizers()[i];
    EXPECT_EQ(static_cast<std::size_t>(r.method), i);
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_EQ(method_of(r.name), r.method);
    EXPECT_STREQ(to_string(r.method), r.name);
    const OptimizerOptions o;
    EXPECT_EQ(create_optimizer(r.name, o)->method(), r.method);
  }
  EXPECT_EQ(optimizer_names().size(), optimizers().size());
  EXPECT_TRUE(optimizer_info(Method::lm).least_squares);
  EXPECT_FALSE(optimizer_info(Method::bfgs).least_squares);
}

TEST(Registry, AnUnknownNameIsAnInputErrorNamingTheChoices) {
  try {
    method_of("adamw");
    FAIL() << "accepted";
  } catch (const kanpde::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("adam, lbfgs, lm, bfgs"), std::string::npos) << e.what();
  }
}

TEST(Registry, BuiltByNameTakesTheStepsOfTheClass) {
  OptimizerOptions o;
  o.adam.lr = 1e-2;
  o.lbfgs.history = 3;
  for (const char* name : {"adam", "lbfgs", "bfgs"}) {
    SCOPED_TRACE(name);
    Bowl f;
    std::unique_ptr<Optimizer> a = create_optimizer(name, o);
    std::unique_ptr<Optimizer> b;
    if (std::string(name) == "adam") b = std::make_unique<Adam>(o.adam);
    if (std::string(name) == "lbfgs") b = std::make_unique<Lbfgs>(o.lbfgs);
    if (std::string(name) == "bfgs") b = std::make_unique<Bfgs>(o.bfgs);
    Vector x = Vector::Zero(3), y = x;
    for (int k = 0; k < 5; ++k) {
      a->step(f, x);
      b->step(f, y);
    }
    EXPECT_EQ(x, y);
    EXPECT_NE(x, Vector::Zero(3));
  }
}

}  // namespace
