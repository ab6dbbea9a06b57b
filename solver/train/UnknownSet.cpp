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
    : UnknownSet(std::vector<std::shared_ptr<expr::UnknownValues>>{std::move(values)},
                 std::move(bounds)) {}

UnknownSet::UnknownSet(std::vector<std::shared_ptr<expr::UnknownValues>> groups,
                       std::vector<UnknownBounds> bounds)
    : groups_(std::move(groups)), bounds_(std::move(bounds)) {
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    KANPDE_REQUIRE(groups_[g] != nullptr, "unknown scalars without values");
    KANPDE_REQUIRE(groups_[g]->names.size() == groups_[g]->values.size(),
                   "unknown scalars: names and values differ in number");
    for (std::size_t i = 0; i < groups_[g]->values.size(); ++i) slot_.emplace_back(g, i);
  }
  KANPDE_REQUIRE(bounds_.size() == slot_.size(),
                 "unknown scalars: " << slot_.size() << " values, " << bounds_.size() << " bounds");
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    const auto [g, k] = slot_[i];
    s_.push_back(variable(bounds_[i], groups_[g]->values[k]));
  }
}

void UnknownSet::set_variables(const double* s) {
  for (std::size_t i = 0; i < s_.size(); ++i) {
    s_[i] = s[i];
    const auto [g, k] = slot_[i];
    groups_[g]->values[k] = value(bounds_[i], s[i]);
  }
}

std::vector<double> UnknownSet::values() const {
  std::vector<double> v;
  for (const auto& [g, k] : slot_) v.push_back(groups_[g]->values[k]);
  return v;
}

std::vector<double> UnknownSet::derivatives() const {
  std::vector<double> d;
  for (std::size_t i = 0; i < s_.size(); ++i) d.push_back(derivative(bounds_[i], s_[i]));
  return d;
}

}  // namespace kanpde::solver
