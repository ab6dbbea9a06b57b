#pragma once
// A stage's optimizer as one value: which optimizer, and its options.
//
// Each optimizer's own header says what the value needs: its name in case
// files (T::kName), whether it minimises a sum of squares and so needs
// Objective::gauss_newton (T::kLeastSquares), and its options (T::Options,
// taken by its constructor). of<T>() makes the value, create() the
// optimizer. The case schema's table of optimizers
// (solver/case/StageOptimizers.hpp) parses, writes and describes them.

#include <any>
#include <cstring>
#include <memory>
#include <type_traits>

#include "common/Error.hpp"
#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

class OptimizerConfig {
 public:
  // No optimizer: create() is an internal error.
  OptimizerConfig() = default;

  template <class T>
  static OptimizerConfig of(const typename T::Options& o = {}) {
    static_assert(std::is_base_of_v<Optimizer, T>, "OptimizerConfig::of<T>: T is an Optimizer");
    OptimizerConfig c;
    c.name_ = T::kName;
    c.least_squares_ = T::kLeastSquares;
    c.options_ = o;
    c.create_ = [](const std::any& a) -> std::unique_ptr<Optimizer> {
      return std::make_unique<T>(std::any_cast<const typename T::Options&>(a));
    };
    return c;
  }

  bool empty() const { return create_ == nullptr; }
  const char* name() const { return name_; }  // "" when empty
  bool least_squares() const { return least_squares_; }
  template <class T>
  bool is() const {
    return !empty() && std::strcmp(name_, T::kName) == 0;
  }
  // The options of T (an internal error when this is another optimizer).
  template <class T>
  const typename T::Options& options() const {
    const auto* o = std::any_cast<typename T::Options>(&options_);
    KANPDE_ASSERT(is<T>() && o, "the stage's optimizer is " << (empty() ? "not set" : name_)
                                                            << ", not " << T::kName);
    return *o;
  }
  template <class T>
  typename T::Options& options() {
    auto* o = std::any_cast<typename T::Options>(&options_);
    KANPDE_ASSERT(is<T>() && o, "the stage's optimizer is " << (empty() ? "not set" : name_)
                                                            << ", not " << T::kName);
    return *o;
  }
  std::unique_ptr<Optimizer> create() const {
    KANPDE_ASSERT(!empty(), "a stage without an optimizer");
    return create_(options_);
  }

 private:
  const char* name_ = "";
  bool least_squares_ = false;
  std::any options_;
  std::unique_ptr<Optimizer> (*create_)(const std::any&) = nullptr;
};

}  // namespace kanpde::solver::optim
