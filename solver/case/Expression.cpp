#include "solver/case/Expression.hpp"

#include "common/Coordinates.hpp"
#include "solver/expr/Parse.hpp"
#include "solver/expr/Program.hpp"

namespace kanpde::solver {

struct Expression::Impl {
  std::string text;
  int dim = 0;
  expr::Program program;
  std::vector<std::string> used;
};

namespace {
// The evaluator's registers, one set per thread (no allocation per point).
std::vector<double>& scratch() {
  thread_local std::vector<double> s;
  return s;
}
}  // namespace

const std::vector<std::string>& Expression::function_names() {
  return expr::function_names();
}

const std::vector<std::string>& Expression::reserved_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"x", "y", "z"};
    for (const auto& s : expr::Scope::coordinates(0).names(true)) n.push_back(s);
    for (const auto& f : function_names()) n.push_back(f);
    return n;
  }();
  return names;
}

Expression Expression::compile(const std::string& text, int dim,
                               const std::vector<Constant>& constants) {
  KANPDE_REQUIRE(dim >= 0 && dim <= max_space_dim,
                 "expression dimension " << dim << " outside 0.." << max_space_dim);
  expr::Scope scope = expr::Scope::coordinates(dim);
  for (const auto& c : constants) {
    KANPDE_REQUIRE(expr::is_name(c.name), "constant name \"" << c.name << "\" is not a name");
    scope.add_constant(c.name, c.value);
  }
  const expr::Value v = expr::parse(text, scope);
  if (!v.is_scalar())
    throw ExpressionError(v.pos, "expected a scalar expression, found " +
                                     expr::describe_type(v.size()) + " in \"" + text + "\"");
  auto impl = std::make_shared<Impl>();
  impl->text = text;
  impl->dim = dim;
  impl->program = expr::Program::compile({v.c[0]});
  for (int slot : expr::slots_used(v.c[0])) impl->used.push_back(coordinate_name(dim, slot));
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
  double v = 0.0;
  impl_->program.eval(x, &v, scratch());
  return v;
}

double Expression::eval() const {
  KANPDE_ASSERT(impl_ != nullptr, "evaluating an empty expression");
  KANPDE_ASSERT(is_constant(), "expression \"" << impl_->text << "\" is not constant");
  double v = 0.0;
  impl_->program.eval(nullptr, &v, scratch());
  return v;
}

void Expression::eval_many(const double* points, std::size_t n, int dim, double* out) const {
  KANPDE_ASSERT(impl_ != nullptr, "evaluating an empty expression");
  KANPDE_ASSERT(dim >= impl_->dim, "expression in " << impl_->dim << " variables evaluated at "
                                                    << dim << "-dimensional points");
  impl_->program.eval_many(points, n, std::size_t(dim), out, scratch());
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
