#include "solver/case/Expression.hpp"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "common/Coordinates.hpp"
#include "solver/case/impl/Suggest.hpp"

namespace kanpde::solver {

namespace {

double f_pow(double a, double b) {
  return std::pow(a, b);
}
double f_hypot(double a, double b) {
  return std::hypot(a, b);
}
double f_fmod(double a, double b) {
  return std::fmod(a, b);
}
double f_floor(double a) {
  return std::floor(a);
}
double f_ceil(double a) {
  return std::ceil(a);
}
double f_cbrt(double a) {
  return std::cbrt(a);
}
double f_erf(double a) {
  return std::erf(a);
}
double f_erfc(double a) {
  return std::erfc(a);
}
double f_atan2(double a, double b) {
  return std::atan2(a, b);
}

// muparser's message without its own " at position N" (we report columns).
std::string clean_message(std::string msg) {
  static const std::regex pos_re(" (found )?at position [0-9]+\\.?");
  msg = std::regex_replace(msg, pos_re, "");
  while (!msg.empty() && (msg.back() == '.' || msg.back() == ' ')) msg.pop_back();
  if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
  return msg;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

struct Expression::Impl {
  std::string text;
  int dim = 0;
  double vars[max_space_dim] = {};
  mu::Parser parser;
  std::vector<std::string> used;
};

const std::vector<std::string>& Expression::function_names() {
  static const std::vector<std::string> names = {
      "sin",  "cos",   "tan",   "asin",  "acos",  "atan", "atan2", "sinh", "cosh",
      "tanh", "asinh", "acosh", "atanh", "exp",   "log",  "ln",    "log2", "log10",
      "sqrt", "cbrt",  "abs",   "sign",  "floor", "ceil", "rint",  "pow",  "hypot",
      "fmod", "min",   "max",   "sum",   "avg",   "erf",  "erfc"};
  return names;
}

const std::vector<std::string>& Expression::reserved_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"x", "y", "z", "pi", "e"};
    for (const auto& f : function_names()) n.push_back(f);
    return n;
  }();
  return names;
}

Expression Expression::compile(const std::string& text, int dim,
                               const std::vector<Constant>& constants) {
  KANPDE_REQUIRE(dim >= 0 && dim <= max_space_dim,
                 "expression dimension " << dim << " outside 0.." << max_space_dim);
  auto impl = std::make_shared<Impl>();
  impl->text = text;
  impl->dim = dim;
  mu::Parser& p = impl->parser;
  // Names the user may write (variables and constants), for the messages.
  std::vector<std::string> names;
  try {
    p.DefineConst("pi", M_PI);
    p.DefineConst("e", M_E);
    p.DefineFun("pow", f_pow);
    p.DefineFun("hypot", f_hypot);
    p.DefineFun("fmod", f_fmod);
    p.DefineFun("floor", f_floor);
    p.DefineFun("ceil", f_ceil);
    p.DefineFun("cbrt", f_cbrt);
    p.DefineFun("erf", f_erf);
    p.DefineFun("erfc", f_erfc);
    p.DefineFun("atan2", f_atan2);
    for (int d = 0; d < dim; ++d) {
      const std::string name = coordinate_name(dim, d);
      p.DefineVar(name, &impl->vars[d]);
      names.push_back(name);
    }
    names.emplace_back("pi");
    names.emplace_back("e");
    for (const auto& c : constants) {
      KANPDE_REQUIRE(is_identifier(c.name), "constant name \"" << c.name << "\" is not a name");
      p.DefineConst(c.name, c.value);
      names.push_back(c.name);
    }
  } catch (const mu::Parser::exception_type& err) {
    throw ExpressionError(-1, clean_message(err.GetMsg()));
  }

  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw ExpressionError(-1, "the expression is empty");
  try {
    p.SetExpr(text);
    p.Eval();  // muparser parses lazily: the first evaluation finds the errors
    for (const auto& v : p.GetUsedVar()) impl->used.push_back(v.first);
  } catch (const mu::Parser::exception_type& err) {
    const int pos = static_cast<int>(err.GetPos());
    const std::string tok = err.GetToken();
    if (err.GetCode() == mu::ecUNASSIGNABLE_TOKEN && is_identifier(tok)) {
      std::size_t after = pos >= 0 ? static_cast<std::size_t>(pos) + tok.size() : text.size();
      while (after < text.size() && text[after] == ' ') ++after;
      const bool call = after < text.size() && text[after] == '(';
      const std::string in = " in \"" + text + "\"";
      std::string msg;
      if (call) {
        msg = "unknown function \"" + tok + "\"" + in +
              ::kanpde::solver::Impl::did_you_mean(tok, function_names());
      } else {
        msg = "unknown variable \"" + tok + "\"" + in;
        if (is_other_coordinate(dim, tok)) {
          msg += dim == 0 ? " (a constant expression uses no coordinates)"
                          : " (a " + std::to_string(dim) + "-dimensional case has " +
                                coordinate_list(dim) + ")";
        } else {
          std::string known;
          for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
          msg += ::kanpde::solver::Impl::did_you_mean(tok, names);
          msg += " (known names: " + known + ")";
        }
      }
      throw ExpressionError(pos, msg);
    }
    throw ExpressionError(pos >= 0 ? std::min(pos, static_cast<int>(text.size())) : -1,
                          clean_message(err.GetMsg()) + " in \"" + text + "\"");
  }
  Expression e;
  e.impl_ = std::move(impl);
  return e;
}

const std::string& Expression::text() const {
  static const std::string none;
  return impl_ ? impl_->text : none;
}
int Expression::dim() const {
  return impl_ ? impl_->dim : 0;
}
bool Expression::is_constant() const {
  return !impl_ || impl_->used.empty();
}
std::vector<std::string> Expression::variables() const {
  return impl_ ? impl_->used : std::vector<std::string>{};
}

double Expression::eval(const double* x, int dim) const {
  KANPDE_ASSERT(impl_ != nullptr, "evaluating an empty expression");
  KANPDE_ASSERT(dim >= impl_->dim, "expression in " << impl_->dim << " variables evaluated at a "
                                                    << dim << "-dimensional point");
  for (int d = 0; d < impl_->dim; ++d) impl_->vars[d] = x[d];
  return impl_->parser.Eval();
}

double Expression::eval() const {
  KANPDE_ASSERT(impl_ != nullptr, "evaluating an empty expression");
  KANPDE_ASSERT(is_constant(), "expression \"" << impl_->text << "\" is not constant");
  return impl_->parser.Eval();
}

void Expression::eval_many(const double* points, std::size_t n, int dim, double* out) const {
  KANPDE_ASSERT(impl_ != nullptr, "evaluating an empty expression");
  KANPDE_ASSERT(dim >= impl_->dim, "expression in " << impl_->dim << " variables evaluated at "
                                                    << dim << "-dimensional points");
  const std::size_t stride = static_cast<std::size_t>(dim);
  for (std::size_t i = 0; i < n; ++i) {
    for (int d = 0; d < impl_->dim; ++d) impl_->vars[d] = points[i * stride + std::size_t(d)];
    out[i] = impl_->parser.Eval();
  }
}

std::vector<double> Expression::eval_many(const std::vector<double>& points, int dim) const {
  KANPDE_ASSERT(dim > 0 && points.size() % static_cast<std::size_t>(dim) == 0,
                "point array of size " << points.size() << " is not a multiple of " << dim);
  const std::size_t n = points.size() / static_cast<std::size_t>(dim);
  std::vector<double> out(n);
  eval_many(points.data(), n, dim, out.data());
  return out;
}

}  // namespace kanpde::solver
