#pragma once
// Expressions of three coordinates covering every function and operator of
// the language, valid (and smooth where a derivative is tested) on the cube
// [0.1, 0.9]^3, and random points there.

#include <random>
#include <string>
#include <vector>

namespace kanpde::solver::expr::test {

// Every entry is smooth near almost every point of the cube (steps and
// comparisons included: their derivative is 0 away from the jumps).
inline const std::vector<std::string>& expressions() {
  static const std::vector<std::string> e = {
      "x + y*z",
      "x - y - z",
      "x/y/z",
      "-x^2",
      "2^-x^2",
      "x^y^z",
      "x^3",
      "x^0.5",
      "(x + y)^2.5",
      "pow(x, y)",
      "pow(x, 3)*y",
      "sin(x)*cos(y)",
      "tan(x + y)",
      "asin(x)",
      "acos(y)",
      "atan(z/x)",
      "atan2(y, x - 0.5)",
      "sinh(x)",
      "cosh(y)",
      "tanh(x*y)",
      "asinh(x - 0.5)",
      "acosh(1 + x)",
      "atanh(y - 0.5)",
      "exp(-x*y)",
      "log(x)",
      "ln(y + z)",
      "log2(x)",
      "log10(y)",
      "sqrt(x*y + z)",
      "cbrt(x - 0.5)",
      "abs(x - 0.5)*y",
      "sign(x - 0.5)*y",
      "floor(10*x) + y",
      "ceil(10*y)*x",
      "rint(10*x)*z",
      "hypot(x, y)",
      "fmod(10*x, 3*y)",
      "min(x, y)",
      "max(x, y, z)",
      "min(x, y, z)*2",
      "sum(x, y*y, z)",
      "avg(x, y)",
      "erf(x)",
      "erfc(y*z)",
      "x < y",
      "x <= y",
      "x > y ? x : y^2",
      "x >= 0.5 && y < 0.5",
      "x < 0.3 || y > 0.7",
      "x == x",
      "x != y",
      "x < 0.5 ? sin(x) : cos(y)",
      "x < 0.5 ? (y < 0.5 ? x : y) : z",
      "1 + x < 1.5 ? x*y : 1 + z",
      "pi*x + e*y",
      "-(x + y)*z",
      "+x*-y",
      "2*-x^2",
      "x*y/z + 1e-3*x",
      ".5*x + 1.*y + 2E-1*z",
      "sin(pi*x)*sin(pi*y)*sin(pi*z)",
      "exp(-((x - 0.5)^2 + (y - 0.5)^2)/0.1)",
      "1 ? x : y",
      "(x*y - z)^2/(1 + x^2)",
      "x^2*y + y^2*z + z^2*x",
      "cos(x*y*z)^3",
      "1 - 2*x + 3*x*y - 4*x*y*z",
  };
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
