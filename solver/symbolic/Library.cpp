#include "solver/symbolic/Library.hpp"

#include <cmath>
#include <limits>

#include "common/Error.hpp"

namespace kanpde::solver::symbolic {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool everywhere(double) {
  return true;
}
bool positive(double t) {
  return t > 0.0;
}
bool non_negative(double t) {
  return t >= 0.0;
}
bool non_zero(double t) {
  return t != 0.0;
}

void f_zero(double, double out[4]) {
  out[0] = out[1] = out[2] = out[3] = 0.0;
}
void f_x(double t, double out[4]) {
  out[0] = t;
  out[1] = 1.0;
  out[2] = out[3] = 0.0;
}
void f_x2(double t, double out[4]) {
  out[0] = t * t;
  out[1] = 2.0 * t;
  out[2] = 2.0;
  out[3] = 0.0;
}
void f_x3(double t, double out[4]) {
  out[0] = t * t * t;
  out[1] = 3.0 * t * t;
  out[2] = 6.0 * t;
  out[3] = 6.0;
}
void f_x4(double t, double out[4]) {
  const double t2 = t * t;
  out[0] = t2 * t2;
  out[1] = 4.0 * t2 * t;
  out[2] = 12.0 * t2;
  out[3] = 24.0 * t;
}
void f_inv(double t, double out[4]) {
  if (t == 0.0) {
    out[0] = out[1] = out[2] = out[3] = nan;
    return;
  }
  const double r = 1.0 / t;
  out[0] = r;
  out[1] = -r * r;
  out[2] = 2.0 * r * r * r;
  out[3] = -6.0 * r * r * r * r;
}
void f_sqrt(double t, double out[4]) {
  if (t < 0.0) {
    out[0] = out[1] = out[2] = out[3] = nan;
    return;
  }
  const double s = std::sqrt(t);
  out[0] = s;
  out[1] = 0.5 / s;
  out[2] = -0.25 / (s * t);
  out[3] = 0.375 / (s * t * t);
}
void f_exp(double t, double out[4]) {
  const double e = std::exp(t);
  out[0] = out[1] = out[2] = out[3] = e;
}
void f_log(double t, double out[4]) {
  if (t <= 0.0) {
    out[0] = out[1] = out[2] = out[3] = nan;
    return;
  }
  const double r = 1.0 / t;
  out[0] = std::log(t);
  out[1] = r;
  out[2] = -r * r;
  out[3] = 2.0 * r * r * r;
}
void f_sin(double t, double out[4]) {
  const double s = std::sin(t), c = std::cos(t);
  out[0] = s;
  out[1] = c;
  out[2] = -s;
  out[3] = -c;
}
void f_cos(double t, double out[4]) {
  const double s = std::sin(t), c = std::cos(t);
  out[0] = c;
  out[1] = -s;
  out[2] = -c;
  out[3] = s;
}
void f_tanh(double t, double out[4]) {
  const double h = std::tanh(t), s = 1.0 - h * h;  // sech^2
  out[0] = h;
  out[1] = s;
  out[2] = -2.0 * h * s;
  out[3] = s * (6.0 * h * h - 2.0);
}
void f_sinh(double t, double out[4]) {
  const double s = std::sinh(t), c = std::cosh(t);
  out[0] = s;
  out[1] = c;
  out[2] = s;
  out[3] = c;
}
void f_atan(double t, double out[4]) {
  const double q = 1.0 / (1.0 + t * t);
  out[0] = std::atan(t);
  out[1] = q;
  out[2] = -2.0 * t * q * q;
  out[3] = (6.0 * t * t - 2.0) * q * q * q;
}
void f_gauss(double t, double out[4]) {
  const double e = std::exp(-t * t);
  out[0] = e;
  out[1] = -2.0 * t * e;
  out[2] = (4.0 * t * t - 2.0) * e;
  out[3] = (12.0 * t - 8.0 * t * t * t) * e;
}
void f_abs(double t, double out[4]) {
  out[0] = std::abs(t);
  out[1] = t > 0.0 ? 1.0 : (t < 0.0 ? -1.0 : 0.0);
  out[2] = out[3] = 0.0;
}

std::string t_zero(const std::string&) {
  return "0";
}
std::string t_id(const std::string& T) {
  return T;
}
// Powers parenthesise their argument; a minus sign is never written directly
// before a power's base (the expression language's unary minus would bind it).
std::string t_x2(const std::string& T) {
  return "(" + T + ")^2";
}
std::string t_x3(const std::string& T) {
  return "(" + T + ")^3";
}
std::string t_x4(const std::string& T) {
  return "(" + T + ")^4";
}
std::string t_inv(const std::string& T) {
  return "1/(" + T + ")";
}
std::string t_gauss(const std::string& T) {
  return "exp(-1*(" + T + ")^2)";
}
#define KANPDE_SYMBOLIC_CALL(fn) \
  [](const std::string& T) { return std::string(fn) + "(" + T + ")"; }
std::string l_x2(const std::string& T) {
  return "\\left(" + T + "\\right)^{2}";
}
std::string l_x3(const std::string& T) {
  return "\\left(" + T + "\\right)^{3}";
}
std::string l_x4(const std::string& T) {
  return "\\left(" + T + "\\right)^{4}";
}
std::string l_inv(const std::string& T) {
  return "\\frac{1}{" + T + "}";
}
std::string l_sqrt(const std::string& T) {
  return "\\sqrt{" + T + "}";
}
std::string l_exp(const std::string& T) {
  return "e^{" + T + "}";
}
std::string l_gauss(const std::string& T) {
  return "e^{-\\left(" + T + "\\right)^{2}}";
}
std::string l_abs(const std::string& T) {
  return "\\left|" + T + "\\right|";
}
#define KANPDE_SYMBOLIC_LATEX(fn) \
  [](const std::string& T) { return std::string(fn) + "\\left(" + T + "\\right)"; }

// Inner forms g of the composed functions.
void g_x2(double x, double out[4]) {
  f_x2(x, out);
}
void g_x3(double x, double out[4]) {
  f_x3(x, out);
}
void g_sqrt(double x, double out[4]) {
  f_sqrt(x, out);
}

const std::vector<InnerFunction>& inner_forms() {
  //                                              name  cplx eval  defined  text / latex
  static const std::vector<InnerFunction> v = {
      {"x^2", 1, g_x2, everywhere, t_x2, l_x2},
      {"x^3", 2, g_x3, everywhere, t_x3, l_x3},
      {"sqrt(x)", 1, g_sqrt, non_negative, KANPDE_SYMBOLIC_CALL("sqrt"), l_sqrt}};
  return v;
}

// The composed forms, outer function x inner form: "sin(x^2)" is
// c sin(a x^2 + b) + d.
struct Composition {
  const char* outer;
  const char* inner;
};
constexpr Composition compositions[] = {
    {"sin", "x^2"}, {"cos", "x^2"},     {"exp", "x^2"},     {"sin", "x^3"},     {"cos", "x^3"},
    {"exp", "x^3"}, {"sin", "sqrt(x)"}, {"cos", "sqrt(x)"}, {"exp", "sqrt(x)"},
};

std::vector<LibraryFunction> make_library() {
  std::vector<LibraryFunction> v;
  //        name   cplx a_free b_free const  eval     defined       one_sign text / latex
  v.push_back({"0", 0, false, false, true, f_zero, everywhere, false, t_zero, t_zero});
  v.push_back({"x", 1, false, false, false, f_x, everywhere, false, t_id, t_id});
  v.push_back({"x^2", 2, false, true, false, f_x2, everywhere, false, t_x2, l_x2});
  v.push_back({"x^3", 3, false, true, false, f_x3, everywhere, false, t_x3, l_x3});
  v.push_back({"x^4", 3, false, true, false, f_x4, everywhere, false, t_x4, l_x4});
  v.push_back({"1/x", 2, false, true, false, f_inv, non_zero, true, t_inv, l_inv});
  v.push_back({"sqrt", 2, true, true, false, f_sqrt, non_negative, false,
               KANPDE_SYMBOLIC_CALL("sqrt"), l_sqrt});
  v.push_back(
      {"exp", 2, true, false, false, f_exp, everywhere, false, KANPDE_SYMBOLIC_CALL("exp"), l_exp});
  v.push_back({"log", 2, true, true, false, f_log, positive, false, KANPDE_SYMBOLIC_CALL("log"),
               KANPDE_SYMBOLIC_LATEX("\\ln")});
  v.push_back({"sin", 2, true, true, false, f_sin, everywhere, false, KANPDE_SYMBOLIC_CALL("sin"),
               KANPDE_SYMBOLIC_LATEX("\\sin")});
  v.push_back({"cos", 2, true, true, false, f_cos, everywhere, false, KANPDE_SYMBOLIC_CALL("cos"),
               KANPDE_SYMBOLIC_LATEX("\\cos")});
  v.push_back({"tanh", 3, true, true, false, f_tanh, everywhere, false,
               KANPDE_SYMBOLIC_CALL("tanh"), KANPDE_SYMBOLIC_LATEX("\\tanh")});
  v.push_back({"sinh", 3, true, true, false, f_sinh, everywhere, false,
               KANPDE_SYMBOLIC_CALL("sinh"), KANPDE_SYMBOLIC_LATEX("\\sinh")});
  v.push_back({"arctan", 3, true, true, false, f_atan, everywhere, false,
               KANPDE_SYMBOLIC_CALL("atan"), KANPDE_SYMBOLIC_LATEX("\\arctan")});
  v.push_back({"gauss", 3, true, true, false, f_gauss, everywhere, false, t_gauss, l_gauss});
  v.push_back(
      {"abs", 3, true, true, false, f_abs, everywhere, false, KANPDE_SYMBOLIC_CALL("abs"), l_abs});
  for (const Composition& k : compositions) {
    const LibraryFunction* outer = nullptr;
    for (const LibraryFunction& f : v)
      if (f.name == k.outer) outer = &f;
    const InnerFunction* inner = nullptr;
    for (const InnerFunction& g : inner_forms())
      if (g.name == k.inner) inner = &g;
    KANPDE_ASSERT(outer && inner, "composition " << k.outer << "(" << k.inner << ") unknown");
    LibraryFunction f = *outer;
    f.name = outer->name + "(" + inner->name + ")";
    f.complexity = outer->complexity + inner->complexity;
    f.inner = inner;
    v.push_back(f);
  }
  return v;
}

}  // namespace

const std::vector<LibraryFunction>& library() {
  static const std::vector<LibraryFunction> lib = make_library();
  return lib;
}

int library_index(const std::string& name) {
  const auto& lib = library();
  for (std::size_t i = 0; i < lib.size(); ++i)
    if (lib[i].name == name) return static_cast<int>(i);
  return -1;
}

double inner_value(const LibraryFunction& f, double v) {
  if (!f.inner) return v;
  double G[4];
  f.inner->eval(v, G);
  return G[0];
}

void edge_jets(const LibraryFunction& f, double a, double b, double c, double d, double v,
               double p[4], double dp[3][4]) {
  double F[4];
  if (!f.inner) {
    // The plain form (g = identity) with the terms of g', g'' dropped: a
    // model of plain forms evaluates bitwise as without the composition code.
    f.eval(a * v + b, F);
    p[0] = c * F[0] + d;
    p[1] = c * a * F[1];
    p[2] = c * a * a * F[2];
    p[3] = c * a * a * a * F[3];
    const double q[3][4] = {
        {c * F[1] * v, c * F[1], F[0], 1.0},
        {c * F[1] + c * a * F[2] * v, c * a * F[2], a * F[1], 0.0},
        {2.0 * c * a * F[2] + c * a * a * F[3] * v, c * a * a * F[3], a * a * F[2], 0.0}};
    for (int r = 0; r < 3; ++r)
      for (int k = 0; k < 4; ++k) dp[r][k] = q[r][k];
    return;
  }
  double G[4];
  f.inner->eval(v, G);
  f.eval(a * G[0] + b, F);
  const double G1s = G[1] * G[1];
  // phi = c F(t) + d, t = a g(v) + b; the chain rule three times.
  p[0] = c * F[0] + d;
  p[1] = c * a * F[1] * G[1];
  p[2] = c * (a * a * F[2] * G1s + a * F[1] * G[2]);
  p[3] = c * (a * a * a * F[3] * G1s * G[1] + 3.0 * a * a * F[2] * G[1] * G[2] + a * F[1] * G[3]);
  // d/da through dt/da = g, d/db through dt/db = 1.
  dp[0][0] = c * F[1] * G[0];
  dp[0][1] = c * F[1];
  dp[0][2] = F[0];
  dp[0][3] = 1.0;
  dp[1][0] = c * (F[1] * G[1] + a * F[2] * G[0] * G[1]);
  dp[1][1] = c * a * F[2] * G[1];
  dp[1][2] = a * F[1] * G[1];
  dp[1][3] = 0.0;
  dp[2][0] =
      c * (2.0 * a * F[2] * G1s + a * a * F[3] * G[0] * G1s + F[1] * G[2] + a * F[2] * G[0] * G[2]);
  dp[2][1] = c * (a * a * F[3] * G1s + a * F[2] * G[2]);
  dp[2][2] = a * a * F[2] * G1s + a * F[1] * G[2];
  dp[2][3] = 0.0;
}

std::string library_names() {
  std::string s;
  for (const auto& f : library()) s += (s.empty() ? "" : ", ") + f.name;
  return s;
}

}  // namespace kanpde::solver::symbolic
