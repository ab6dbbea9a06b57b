// The case's interpret: section: every key reaches the options of
// `kanpde symbolic`, the defaults are those of the command, bad values are
// located errors.
#include <gtest/gtest.h>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/symbolic/Interpret.hpp"

namespace sym = kanpde::solver::symbolic;
using kanpde::solver::load_case_text;

namespace {

const char* base = R"(name: t
domain: {type: box, min: [0, 0], max: [1, 1]}
pde: {source: "1"}
boundary:
  - {parts: all, type: dirichlet, value: "0"}
model:
  kan: {widths: [2, 3, 1]}
)";

std::string with(const std::string& section) {
  return std::string(base) + section;
}

}  // namespace

TEST(SymbolicInterpretSection, DefaultsAreTheCommandsDefaults) {
  const auto spec = load_case_text(base);
  EXPECT_FALSE(spec.interpret.enabled);
  const sym::InterpretOptions o = sym::interpret_options(spec.interpret);
  const sym::InterpretOptions d;
  EXPECT_EQ(o.prune_threshold, d.prune_threshold);
  EXPECT_EQ(o.retrain_steps, d.retrain_steps);
  EXPECT_EQ(o.fit.edge.complexity_weight, d.fit.edge.complexity_weight);
  EXPECT_EQ(o.select, d.select);
  EXPECT_EQ(o.refit, d.refit);
  EXPECT_TRUE(o.fit.pinned.empty());
}

TEST(SymbolicInterpretSection, EveryKeyReachesTheOptions) {
  const auto spec = load_case_text(
      with("interpret: {enabled: true, prune: 0.02, retrain_steps: 7, complexity_weight: 1.5,"
           " select: false, refit: false}\n"));
  EXPECT_TRUE(spec.interpret.enabled);
  const sym::InterpretOptions o = sym::interpret_options(spec.interpret);
  EXPECT_EQ(o.prune_threshold, 0.02);
  EXPECT_EQ(o.retrain_steps, 7);
  EXPECT_EQ(o.fit.edge.complexity_weight, 1.5);
  EXPECT_FALSE(o.select);
  EXPECT_FALSE(o.refit);
  const auto pinned = load_case_text(with(
      "interpret: {pin: [{edge: [1, 2, 0], function: cos}, {edge: [0, 1, 2], function: x}]}\n"));
  const sym::InterpretOptions p = sym::interpret_options(pinned.interpret);
  ASSERT_EQ(p.fit.pinned.size(), 2u);
  EXPECT_EQ(p.fit.pinned.at({1, 2, 0}), "cos");
  EXPECT_EQ(p.fit.pinned.at({0, 1, 2}), "x");
  // The resolved case reads back the same.
  const auto again = load_case_text(pinned.to_yaml());
  EXPECT_EQ(again.interpret.pin.size(), 2u);
  EXPECT_EQ(again.to_yaml(), pinned.to_yaml());
}

TEST(SymbolicInterpretSection, ComposedFormsCanBePinned) {
  // A composed form's name (parentheses, ^) needs no quotes in a flow list.
  const auto spec =
      load_case_text(with("interpret: {pin: [{edge: [0, 1, 0], function: sin(x^2)}, "
                          "{edge: [0, 1, 1], function: \"exp(sqrt(x))\"}]}\n"));
  const sym::InterpretOptions p = sym::interpret_options(spec.interpret);
  ASSERT_EQ(p.fit.pinned.size(), 2u);
  EXPECT_EQ(p.fit.pinned.at({0, 1, 0}), "sin(x^2)");
  EXPECT_EQ(p.fit.pinned.at({0, 1, 1}), "exp(sqrt(x))");
  EXPECT_EQ(load_case_text(spec.to_yaml()).to_yaml(), spec.to_yaml());
}

TEST(SymbolicInterpretSection, BadValuesAreLocated) {
  auto message = [](const std::string& text) {
    try {
      load_case_text(text, "c.yaml");
    } catch (const kanpde::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(
      message(with("interpret: {pin: [{edge: [1, 3, 0], function: cos}]}\n")).find("c.yaml:8:"),
      std::string::npos);
  EXPECT_NE(message(with("interpret: {pin: [{edge: [0, 0, 0], function: bessel}]}\n"))
                .find("interpret.pin[0].function"),
            std::string::npos);
  EXPECT_NE(message(with("interpret: {prune: 0.1, pin: [{edge: [0, 0, 0], function: sin}]}\n"))
                .find("pruning renumbers"),
            std::string::npos);
  EXPECT_NE(message(with("interpret: {prune: -1}\n")).find("interpret.prune"), std::string::npos);
  EXPECT_NE(message(with("interpret: {enable: true}\n")).find("enabled"), std::string::npos);
}
