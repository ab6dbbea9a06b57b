#pragma once
// The registry of optimizers: one table (Registry.cpp) from a method or its
// name to the optimizer, what it needs, and its stage options. Adding an
// optimizer: its own file, its Method value, one row in the table and its
// options below.

#include <memory>
#include <string>
#include <vector>

#include "solver/optim/Adam.hpp"
#include "solver/optim/Bfgs.hpp"
#include "solver/optim/Lbfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

// Every optimizer's options; each optimizer reads its own member.
struct OptimizerOptions {
  AdamOptions adam;
  LbfgsOptions lbfgs;
  LmOptions lm;
  BfgsOptions bfgs;
};

struct OptimizerInfo {
  Method method;
  const char* name;    // as written in a case file
  bool least_squares;  // needs Objective::gauss_newton (minimises a sum of squares)
  // The stage keys of a case file that are this optimizer's options.
  std::vector<std::string> stage_keys;
  std::unique_ptr<Optimizer> (*create)(const OptimizerOptions&);
};

// In the order of the Method enum.
const std::vector<OptimizerInfo>& optimizers();
const OptimizerInfo& optimizer_info(Method m);
std::vector<std::string> optimizer_names();
// The method of a name; an InputError naming the choices when unknown.
Method method_of(const std::string& name);

std::unique_ptr<Optimizer> create_optimizer(Method m, const OptimizerOptions& o);
std::unique_ptr<Optimizer> create_optimizer(const std::string& name, const OptimizerOptions& o);

}  // namespace kanpde::solver::optim
