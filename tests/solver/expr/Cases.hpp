#pragma once
// Expressions of three coordinates covering every function and operator of
// the language, valid (and smooth where a derivative is tested) on the cube
// [0.1, 0.9]^3, and random points there. Each comes with the same arithmetic
// written in plain C++ (the operations in the language's order, the C
// library's functions): the independent reference of their values.

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace kanpde::solver::expr::test {

struct Reference {
  std::string text;
  double (*value)(double x, double y, double z);
};

// A row: the text and the same arithmetic as a function of (x, y, z).
#define KANPDE_REF(text, value)              \
  Reference {                                \
    text, [](double x, double y, double z) { \
      (void)x, (void)y, (void)z;             \
      return static_cast<double>(value);     \
    }                                        \
  }

inline double truth(bool c) {
  return c ? 1.0 : 0.0;
}

// Every entry is smooth near almost every point of the cube (steps and
// comparisons included: their derivative is 0 away from the jumps).
inline const std::vector<Reference>& references() {
  // clang-format off
  static const std::vector<Reference> r = {
      KANPDE_REF("x + y*z", x + y * z),
      KANPDE_REF("x - y - z", x - y - z),
      KANPDE_REF("x/y/z", x / y / z),
      KANPDE_REF("-x^2", -std::pow(x, 2.0)),
      KANPDE_REF("2^-x^2", std::pow(2.0, -std::pow(x, 2.0))),
      KANPDE_REF("x^y^z", std::pow(x, std::pow(y, z))),
      KANPDE_REF("x^3", std::pow(x, 3.0)),
      KANPDE_REF("x^0.5", std::pow(x, 0.5)),
      KANPDE_REF("(x + y)^2.5", std::pow(x + y, 2.5)),
      KANPDE_REF("pow(x, y)", std::pow(x, y)),
      KANPDE_REF("pow(x, 3)*y", std::pow(x, 3.0) * y),
      KANPDE_REF("sin(x)*cos(y)", std::sin(x) * std::cos(y)),
      KANPDE_REF("tan(x + y)", std::tan(x + y)),
      KANPDE_REF("asin(x)", std::asin(x)),
      KANPDE_REF("acos(y)", std::acos(y)),
      KANPDE_REF("atan(z/x)", std::atan(z / x)),
      KANPDE_REF("atan2(y, x - 0.5)", std::atan2(y, x - 0.5)),
      KANPDE_REF("sinh(x)", std::sinh(x)),
      KANPDE_REF("cosh(y)", std::cosh(y)),
      KANPDE_REF("tanh(x*y)", std::tanh(x * y)),
      KANPDE_REF("asinh(x - 0.5)", std::asinh(x - 0.5)),
      KANPDE_REF("acosh(1 + x)", std::acosh(1.0 + x)),
      KANPDE_REF("atanh(y - 0.5)", std::atanh(y - 0.5)),
      KANPDE_REF("exp(-x*y)", std::exp(-x * y)),
      KANPDE_REF("log(x)", std::log(x)),
      KANPDE_REF("ln(y + z)", std::log(y + z)),
      KANPDE_REF("log2(x)", std::log2(x)),
      KANPDE_REF("log10(y)", std::log10(y)),
      KANPDE_REF("sqrt(x*y + z)", std::sqrt(x * y + z)),
      KANPDE_REF("cbrt(x - 0.5)", std::cbrt(x - 0.5)),
      KANPDE_REF("abs(x - 0.5)*y", std::fabs(x - 0.5) * y),
      KANPDE_REF("sign(x - 0.5)*y", (x - 0.5 < 0 ? -1.0 : x - 0.5 > 0 ? 1.0 : 0.0) * y),
      KANPDE_REF("floor(10*x) + y", std::floor(10.0 * x) + y),
      KANPDE_REF("ceil(10*y)*x", std::ceil(10.0 * y) * x),
      KANPDE_REF("rint(10*x)*z", std::floor(10.0 * x + 0.5) * z),
      KANPDE_REF("hypot(x, y)", std::hypot(x, y)),
      KANPDE_REF("fmod(10*x, 3*y)", std::fmod(10.0 * x, 3.0 * y)),
      KANPDE_REF("min(x, y)", std::min(x, y)),
      KANPDE_REF("max(x, y, z)", std::max(std::max(x, y), z)),
      KANPDE_REF("min(x, y, z)*2", std::min(std::min(x, y), z) * 2.0),
      KANPDE_REF("sum(x, y*y, z)", x + y * y + z),
      KANPDE_REF("avg(x, y)", (x + y) / 2.0),
      KANPDE_REF("erf(x)", std::erf(x)),
      KANPDE_REF("erfc(y*z)", std::erfc(y * z)),
      KANPDE_REF("x < y", truth(x < y)),
      KANPDE_REF("x <= y", truth(x <= y)),
      KANPDE_REF("x > y ? x : y^2", x > y ? x : std::pow(y, 2.0)),
      KANPDE_REF("x >= 0.5 && y < 0.5", truth(x >= 0.5 && y < 0.5)),
      KANPDE_REF("x < 0.3 || y > 0.7", truth(x < 0.3 || y > 0.7)),
      KANPDE_REF("x == x", truth(x == x)),
      KANPDE_REF("x != y", truth(x != y)),
      KANPDE_REF("x < 0.5 ? sin(x) : cos(y)", x < 0.5 ? std::sin(x) : std::cos(y)),
      KANPDE_REF("x < 0.5 ? (y < 0.5 ? x : y) : z", x < 0.5 ? (y < 0.5 ? x : y) : z),
      KANPDE_REF("1 + x < 1.5 ? x*y : 1 + z", 1.0 + x < 1.5 ? x * y : 1.0 + z),
      KANPDE_REF("pi*x + e*y", M_PI * x + M_E * y),
      KANPDE_REF("-(x + y)*z", -(x + y) * z),
      KANPDE_REF("+x*-y", x * -y),
      KANPDE_REF("2*-x^2", 2.0 * -std::pow(x, 2.0)),
      KANPDE_REF("x*y/z + 1e-3*x", x * y / z + 1e-3 * x),
      KANPDE_REF(".5*x + 1.*y + 2E-1*z", 0.5 * x + 1.0 * y + 0.2 * z),
      KANPDE_REF("sin(pi*x)*sin(pi*y)*sin(pi*z)", std::sin(M_PI * x) * std::sin(M_PI * y) * std::sin(M_PI * z)),
      KANPDE_REF("exp(-((x - 0.5)^2 + (y - 0.5)^2)/0.1)", std::exp(-(std::pow(x - 0.5, 2.0) + std::pow(y - 0.5, 2.0)) / 0.1)),
      KANPDE_REF("1 ? x : y", x),
      KANPDE_REF("(x*y - z)^2/(1 + x^2)", std::pow(x * y - z, 2.0) / (1.0 + std::pow(x, 2.0))),
      KANPDE_REF("x^2*y + y^2*z + z^2*x", std::pow(x, 2.0) * y + std::pow(y, 2.0) * z + std::pow(z, 2.0) * x),
      KANPDE_REF("cos(x*y*z)^3", std::pow(std::cos(x * y * z), 3.0)),
      KANPDE_REF("1 - 2*x + 3*x*y - 4*x*y*z", 1.0 - 2.0 * x + 3.0 * x * y - 4.0 * x * y * z),
  };
  // clang-format on
  return r;
}
#undef KANPDE_REF

inline const std::vector<std::string>& expressions() {
  static const std::vector<std::string> e = [] {
    std::vector<std::string> t;
    for (const auto& c : references()) t.push_back(c.text);
    return t;
  }();
  return e;
}

inline std::vector<double> random_points(std::size_t n, int dim, unsigned seed = 13) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0.1, 0.9);
  std::vector<double> x(n * std::size_t(dim));
  for (auto& v : x) v = u(gen);
  return x;
}

}  // namespace kanpde::solver::expr::test
