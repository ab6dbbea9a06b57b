#include "solver/train/UnknownSet.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver {

namespace {

double softplus(double s) {
  return s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s));
}
double sigmoid(double s) {
  return s >= 0 ? 1.0 / (1.0 + std::exp(-s)) : std::exp(s) / (1.0 + std::exp(s));
}
// softplus^{-1}(y), y > 0.
double softplus_inverse(double y) {
  return y > 30 ? y + std::log(-std::expm1(-y)) : std::log(std::expm1(y));
}

}  // namespace

double UnknownSet::value(const UnknownBounds& b, double s) {
  const bool lo = std::isfinite(b.min), hi = std::isfinite(b.max);
  if (lo && hi) return b.min + (b.max - b.min) * sigmoid(s);
  if (lo) return b.min + softplus(s);
  if (hi) return b.max - softplus(-s);
  return s;
}

double UnknownSet::derivative(const UnknownBounds& b, double s) {
  const bool lo = std::isfinite(b.min), hi = std::isfinite(b.max);
  if (lo && hi) return (b.max - b.min) * sigmoid(s) * sigmoid(-s);
  if (lo) return sigmoid(s);
  if (hi) return sigmoid(-s);
  return 1.0;
}

double UnknownSet::variable(const UnknownBounds& b, double k) {
  const bool lo = std::isfinite(b.min), hi = std::isfinite(b.max);
  KANPDE_REQUIRE((!lo || k > b.min) && (!hi || k < b.max),
                 "an unknown's value " << k << " is not strictly inside its bounds");
  if (lo && hi) {
    const double t = (k - b.min) / (b.max - b.min);
    return std::log(t) - std::log1p(-t);
  }
  if (lo) return softplus_inverse(k - b.min);
  if (hi) return -softplus_inverse(b.max - k);
  return k;
}

UnknownSet::UnknownSet(std::shared_ptr<expr::UnknownValues> values,
                       std::vector<UnknownBounds> bounds)
    : values_(std::move(values)), bounds_(std::move(bounds)) {
  KANPDE_REQUIRE(values_ != nullptr, "unknown scalars without values");
  KANPDE_REQUIRE(
      bounds_.size() == values_->values.size() && values_->names.size() == values_->values.size(),
      "unknown scalars: names, values and bounds differ in number");
  for (std::size_t i = 0; i < bounds_.size(); ++i)
    s_.push_back(variable(bounds_[i], values_->values[i]));
}

void UnknownSet::set_variables(const double* s) {
  for (std::size_t i = 0; i < s_.size(); ++i) {
    s_[i] = s[i];
    values_->values[i] = value(bounds_[i], s[i]);
  }
}

std::vector<double> UnknownSet::derivatives() const {
  std::vector<double> d;
  for (std::size_t i = 0; i < s_.size(); ++i) d.push_back(derivative(bounds_[i], s_[i]));
  return d;
}

}  // namespace kanpde::solver
