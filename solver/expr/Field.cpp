#include "solver/expr/Field.hpp"

#include "common/Coordinates.hpp"
#include "solver/expr/Parse.hpp"
#include "solver/expr/Program.hpp"

namespace kanpde::solver::expr {

struct Field::Impl {
  std::string text;
  int dim = 0;
  Program program;
  bool constant = true;
  JetFunction function;  // set: the field is this function (program unused)
};

namespace {
Value parse_field(const std::string& text, int dim,
                  const std::vector<std::pair<std::string, double>>& constants) {
  KANPDE_VERIFY(dim >= 0 && dim <= max_space_dim, "a field in " << dim << " coordinates");
  Scope scope = Scope::coordinates(dim);
  for (const auto& c : constants) scope.add_constant(c.first, c.second);
  return parse(text, scope);
}
}  // namespace

Field Field::compile(const std::string& text, int dim,
                     const std::vector<std::pair<std::string, double>>& constants) {
  const Value v = parse_field(text, dim, constants);
  if (!v.is_scalar())
    throw ExpressionError(v.pos, "expected a scalar expression, found " + describe_type(v.size()) +
                                     " in \"" + text + "\"");
  return compile_components(text, dim, constants)[0];
}

Field Field::from_function(const std::string& text, int dim, JetFunction jets) {
  KANPDE_VERIFY(dim >= 1 && dim <= max_space_dim, "a field in " << dim << " coordinates");
  KANPDE_VERIFY(static_cast<bool>(jets), "a field from an empty function");
  auto impl = std::make_shared<Impl>();
  impl->text = text;
  impl->dim = dim;
  impl->constant = false;
  impl->function = std::move(jets);
  Field f;
  f.impl_ = std::move(impl);
  return f;
}

std::vector<Field> Field::compile_components(
    const std::string& text, int dim,
    const std::vector<std::pair<std::string, double>>& constants) {
  const Value v = parse_field(text, dim, constants);
  std::vector<Field> out;
  for (const auto& c : v.c) {
    auto impl = std::make_shared<Impl>();
    impl->text = text;
    impl->dim = dim;
    impl->program = Program::compile({c});
    impl->constant = impl->program.slots() == 0;
    Field f;
    f.impl_ = std::move(impl);
    out.push_back(std::move(f));
  }
  return out;
}

const std::string& Field::text() const {
  static const std::string none;
  return impl_ ? impl_->text : none;
}
int Field::dim() const {
  return impl_ ? impl_->dim : 0;
}
bool Field::is_constant() const {
  return !impl_ || impl_->constant;
}

double Field::value(const double* x) const {
  KANPDE_VERIFY(impl_ != nullptr, "evaluating an empty field");
  if (impl_->function) {
    std::vector<double> j(std::size_t(1 + impl_->dim + impl_->dim * impl_->dim));
    impl_->function(x, 1, j.data());
    return j[0];
  }
  std::vector<double> scratch;
  double v = 0.0;
  impl_->program.eval(x, &v, scratch);
  return v;
}

void Field::jet(const double* x, double* out) const {
  KANPDE_VERIFY(impl_ != nullptr, "evaluating an empty field");
  if (impl_->function) return impl_->function(x, 1, out);
  std::vector<double> scratch;
  impl_->program.eval_jets(x, impl_->dim, out, scratch);
}

std::vector<double> Field::jets(const std::vector<double>& x) const {
  KANPDE_VERIFY(impl_ != nullptr, "evaluating an empty field");
  const int d = impl_->dim;
  KANPDE_VERIFY(d > 0 && x.size() % std::size_t(d) == 0,
                "jets: " << x.size() << " coordinates for points of dimension " << d);
  const std::size_t n = x.size() / std::size_t(d), w = std::size_t(1 + d + d * d);
  std::vector<double> out(n * w);
  if (impl_->function) {
    if (n > 0) impl_->function(x.data(), n, out.data());
    return out;
  }
  std::vector<double> scratch;
  for (std::size_t i = 0; i < n; ++i)
    impl_->program.eval_jets(x.data() + i * std::size_t(d), d, out.data() + i * w, scratch);
  return out;
}

std::vector<double> Field::laplacian_jets(const std::vector<double>& x) const {
  KANPDE_VERIFY(impl_ != nullptr, "evaluating an empty field");
  const int d = impl_->dim;
  KANPDE_VERIFY(d > 0 && x.size() % std::size_t(d) == 0,
                "laplacian_jets: " << x.size() << " coordinates for points of dimension " << d);
  const std::size_t n = x.size() / std::size_t(d);
  const std::size_t w = std::size_t(d + 2), jl = std::size_t(1 + d + d * d);
  const std::vector<double> all = jets(x);
  std::vector<double> out(n * w);
  for (std::size_t i = 0; i < n; ++i) {
    const double* jet = all.data() + i * jl;
    double* o = out.data() + i * w;
    double lap = 0.0;
    for (int p = 0; p < d; ++p) {
      o[1 + p] = jet[std::size_t(1 + p)];
      lap += jet[std::size_t(1 + d + p * d + p)];
    }
    o[0] = jet[0];
    o[1 + d] = lap;
  }
  return out;
}

}  // namespace kanpde::solver::expr
