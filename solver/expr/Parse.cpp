#include "solver/expr/Parse.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "common/Coordinates.hpp"
#include "common/Suggest.hpp"

namespace kanpde::solver::expr {

namespace {

// The language's functions: name, operation, fewest and most arguments
// (-1: any number: a chain of the operation), from the operations' table
// (Op.hpp) and then the functions that are not one operation: ln (log), sum
// and avg (chains of +), dot and norm (of vectors).
enum class Special { None, Sum, Avg, Dot, Norm };
struct Function {
  std::string name;
  Op op;
  int min_args, max_args;
  Special special;
};
const std::vector<Function>& functions() {
  static const std::vector<Function> table = [] {
    std::vector<Function> t;
    for (const OpInfo& o : kOps)
      if (o.function[0] != '\0')
        t.push_back({o.function, o.op, o.min_args, o.max_args, Special::None});
    t.push_back({"ln", Op::Log, 1, 1, Special::None});
    t.push_back({"sum", Op::Add, 1, -1, Special::Sum});
    t.push_back({"avg", Op::Add, 1, -1, Special::Avg});
    t.push_back({"dot", Op::Add, 2, 2, Special::Dot});
    t.push_back({"norm", Op::Sqrt, 1, 1, Special::Norm});
    return t;
  }();
  return table;
}

const Function* find_function(const std::string& name) {
  for (const auto& f : functions())
    if (name == f.name) return &f;
  return nullptr;
}

// A character the language uses (anything else is "unexpected").
bool known_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_+-*/^()[],<>=!&|?:. ", c);
}

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Parser {
 public:
  Parser(const std::string& text, const Scope& scope) : s_(text), scope_(scope) {}

  Value whole() {
    skip();
    if (at_end()) throw ExpressionError(-1, "the expression is empty");
    Value v = conditional();
    if (!at_end()) fail_trailing();
    return v;
  }

  std::pair<Value, Value> equation(int* eq_pos) {
    skip();
    if (at_end()) throw ExpressionError(-1, "the equation is empty");
    Value lhs = conditional();
    if (at_end() || s_[i_] != '=' || next_is("==")) {
      if (at_end())
        throw ExpressionError(static_cast<int>(s_.size()),
                              "expected \"=\" between the two sides of the equation, found the "
                              "end of the equation in \"" +
                                  s_ + "\"");
      fail_trailing("\"=\" between the two sides of the equation or an operator");
    }
    if (eq_pos) *eq_pos = i_;
    ++i_;
    skip();
    if (at_end())
      throw ExpressionError(static_cast<int>(s_.size()),
                            "expected the right-hand side after \"=\", found the end of the "
                            "equation in \"" +
                                s_ + "\"");
    Value rhs = conditional();
    if (!at_end()) {
      if (s_[i_] == '=' && !next_is("=="))
        throw ExpressionError(i_, "a second \"=\": an equation has one, in \"" + s_ + "\"");
      fail_trailing();
    }
    if (lhs.size() != rhs.size())
      throw ExpressionError(
          lhs.pos, "the two sides of the equation differ: " + describe_type(lhs.size()) + " = " +
                       describe_type(rhs.size()));
    return {lhs, rhs};
  }

 private:
  const std::string& s_;
  const Scope& scope_;
  int i_ = 0;

  bool at_end() const { return i_ >= static_cast<int>(s_.size()); }
  void skip() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(s_[std::size_t(i_)]))) ++i_;
  }
  bool next_is(const char* tok) const {
    return s_.compare(std::size_t(i_), std::strlen(tok), tok) == 0;
  }
  // Consumes tok (and the blanks after it) when it comes next.
  bool accept(const char* tok) {
    if (!next_is(tok)) return false;
    i_ += static_cast<int>(std::strlen(tok));
    skip();
    return true;
  }

  std::string in() const { return " in \"" + s_ + "\""; }

  // What comes next, for "found ...".
  std::string found() const {
    if (at_end()) return "the end of the expression";
    const unsigned char c = static_cast<unsigned char>(s_[std::size_t(i_)]);
    std::size_t n = 1;
    if (std::isalnum(c) || c == '_' || c == '.') {
      while (std::size_t(i_) + n < s_.size() &&
             (std::isalnum(static_cast<unsigned char>(s_[std::size_t(i_) + n])) ||
              s_[std::size_t(i_) + n] == '_' || s_[std::size_t(i_) + n] == '.'))
        ++n;
    } else {
      for (const char* op : {"<=", ">=", "==", "!=", "&&", "||"})
        if (next_is(op)) n = 2;
    }
    return "\"" + s_.substr(std::size_t(i_), n) + "\"";
  }

  [[noreturn]] void fail(const std::string& expected) const {
    throw ExpressionError(i_, "expected " + expected + ", found " + found() + in());
  }
  [[noreturn]] void fail_trailing(const std::string& expected = "an operator") const {
    const char c = s_[std::size_t(i_)];
    if (!known_char(c))
      throw ExpressionError(i_, "unexpected character \"" + std::string(1, c) + "\"" + in());
    if (c == '=' && !next_is("=="))
      throw ExpressionError(i_,
                            "\"=\" is not an operator of an expression (did you mean "
                            "\"==\"?)" +
                                in());
    if (c == ')') throw ExpressionError(i_, "a \")\" without its \"(\"" + in());
    if (c == ']') throw ExpressionError(i_, "a \"]\" without its \"[\"" + in());
    if (c == ',') throw ExpressionError(i_, "a \",\" outside a function call or vector" + in());
    fail(expected + " or the end of the expression");
  }

  [[noreturn]] void type_error(int pos, const std::string& what, int size) const {
    throw ExpressionError(pos, what + ", found " + describe_type(size) + in());
  }
  const Value& need_scalar(const Value& v, const std::string& context) const {
    if (!v.is_scalar()) type_error(v.pos, context + ": expected a scalar", v.size());
    return v;
  }

  Value conditional() {
    Value c = logical_or();
    if (!accept("?")) return c;
    const int qpos = c.pos;
    need_scalar(c, "the condition of \"c ? a : b\"");
    Value a = conditional();
    if (!accept(":")) fail("\":\" of \"c ? a : b\"");
    Value b = conditional();
    if (a.size() != b.size())
      throw ExpressionError(
          b.pos, "the two branches of \"c ? a : b\" differ: " + describe_type(a.size()) + " and " +
                     describe_type(b.size()) + in());
    Value r;
    r.pos = qpos;
    for (int k = 0; k < a.size(); ++k)
      r.c.push_back(make(Op::Cond, {c.c[0], a.c[std::size_t(k)], b.c[std::size_t(k)]}, qpos));
    return r;
  }

  Value scalar_binary(Op op, const Value& a, const Value& b, int op_pos) {
    const std::string ctx = std::string("\"") + op_name(op) + "\"";
    if (!a.is_scalar()) type_error(a.pos, ctx + ": expected a scalar on the left", a.size());
    if (!b.is_scalar()) type_error(b.pos, ctx + ": expected a scalar on the right", b.size());
    (void)op_pos;
    return {{make(op, {a.c[0], b.c[0]}, a.pos)}, a.pos};
  }

  Value logical_or() {
    Value a = logical_and();
    for (;;) {
      const int p = i_;
      if (!accept("||")) return a;
      a = scalar_binary(Op::Or, a, logical_and(), p);
    }
  }
  Value logical_and() {
    Value a = comparison();
    for (;;) {
      const int p = i_;
      if (!accept("&&")) return a;
      a = scalar_binary(Op::And, a, comparison(), p);
    }
  }
  Value comparison() {
    Value a = sum();
    for (;;) {
      const int p = i_;
      Op op;
      if (accept("<="))
        op = Op::Le;
      else if (accept(">="))
        op = Op::Ge;
      else if (accept("=="))
        op = Op::Eq;
      else if (accept("!="))
        op = Op::Ne;
      else if (accept("<"))
        op = Op::Lt;
      else if (accept(">"))
        op = Op::Gt;
      else
        return a;
      a = scalar_binary(op, a, sum(), p);
    }
  }
  Value sum() {
    Value a = product();
    for (;;) {
      Op op;
      if (accept("+"))
        op = Op::Add;
      else if (accept("-"))
        op = Op::Sub;
      else
        return a;
      Value b = product();
      if (a.size() != b.size())
        throw ExpressionError(
            b.pos, std::string("\"") + op_name(op) + "\": cannot " +
                       (op == Op::Add ? "add " : "subtract ") + describe_type(b.size()) +
                       (op == Op::Add ? " to " : " from ") + describe_type(a.size()) + in());
      for (int k = 0; k < a.size(); ++k)
        a.c[std::size_t(k)] = make(op, {a.c[std::size_t(k)], b.c[std::size_t(k)]}, a.pos);
    }
  }
  Value product() {
    Value a = unary();
    for (;;) {
      Op op;
      if (accept("*"))
        op = Op::Mul;
      else if (accept("/"))
        op = Op::Div;
      else
        return a;
      Value b = unary();
      if (op == Op::Mul && !a.is_scalar() && !b.is_scalar())
        throw ExpressionError(b.pos,
                              "\"*\" of two vectors: write dot(V, W) for the dot "
                              "product" +
                                  in());
      if (op == Op::Div && !b.is_scalar())
        type_error(b.pos, "\"/\": expected a scalar divisor", b.size());
      Value r;
      r.pos = a.pos;
      const int n = std::max(a.size(), b.size());
      for (int k = 0; k < n; ++k)
        r.c.push_back(make(
            op, {a.c[a.is_scalar() ? 0 : std::size_t(k)], b.c[b.is_scalar() ? 0 : std::size_t(k)]},
            a.pos));
      a = std::move(r);
    }
  }
  Value unary() {
    const int p = i_;
    if (accept("-")) {
      Value a = unary();
      for (auto& c : a.c) c = make(Op::Neg, {c}, p);
      a.pos = p;
      return a;
    }
    if (accept("+")) {
      Value a = unary();
      a.pos = p;
      return a;
    }
    return power();
  }
  Value power() {
    Value a = primary();
    if (!accept("^")) return a;
    Value b = unary();
    if (a.norm_squared && b.is_scalar() && b.c[0]->is_const(2.0)) return {{a.norm_squared}, a.pos};
    return scalar_binary(Op::Pow, a, b, a.pos);
  }

  Value number() {
    const int p = i_;
    std::size_t j = std::size_t(i_);
    auto digits = [&] {
      const std::size_t k = j;
      while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) ++j;
      return j > k;
    };
    bool any = digits();
    if (j < s_.size() && s_[j] == '.') {
      ++j;
      any = digits() || any;
    }
    if (!any) {
      i_ = p;
      fail("a number, a name, \"(\" or \"[\"");
    }
    if (j < s_.size() && (s_[j] == 'e' || s_[j] == 'E')) {
      const std::size_t e = j;
      ++j;
      if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
      if (!digits()) {
        // "2e" could be the start of a name glued to a number: say so plainly.
        throw ExpressionError(int(e), "expected the digits of the exponent in \"" +
                                          s_.substr(std::size_t(p), j - std::size_t(p)) + "\"" +
                                          in());
      }
    }
    const std::string tok = s_.substr(std::size_t(p), j - std::size_t(p));
    const double v = std::strtod(tok.c_str(), nullptr);
    if (!std::isfinite(v))
      throw ExpressionError(p, "the number " + tok + " is out of range" + in());
    i_ = static_cast<int>(j);
    skip();
    return {{constant(v, p)}, p};
  }

  Value primary() {
    skip();
    if (at_end()) fail("a number, a name, \"(\" or \"[\"");
    const int p = i_;
    const unsigned char ch = static_cast<unsigned char>(s_[std::size_t(i_)]);
    if (std::isdigit(ch) || ch == '.') return number();
    if (ch == '(') {
      accept("(");
      Value v = conditional();
      if (!accept(")")) fail("\")\" closing the \"(\" at character " + std::to_string(p + 1));
      v.pos = p;
      return v;
    }
    if (ch == '[') {
      accept("[");
      std::vector<Value> items{conditional()};
      while (accept(",")) items.push_back(conditional());
      if (!accept("]"))
        fail("\",\" or \"]\" closing the \"[\" at character " + std::to_string(p + 1));
      if (items.size() < 2 || items.size() > 3)
        throw ExpressionError(
            p, "a vector has 2 or 3 components, found " + std::to_string(items.size()) + in());
      Value v;
      v.pos = p;
      for (const auto& it : items) {
        need_scalar(it, "a vector's component");
        v.c.push_back(it.c[0]);
      }
      return v;
    }
    if (std::isalpha(ch) || ch == '_') return name();
    if (known_char(char(ch))) fail("a number, a name, \"(\" or \"[\"");
    throw ExpressionError(p, "unexpected character \"" + std::string(1, char(ch)) + "\"" + in());
  }

  Value name() {
    const int p = i_;
    std::size_t j = std::size_t(i_);
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    const std::string id = s_.substr(std::size_t(p), j - std::size_t(p));
    i_ = static_cast<int>(j);
    skip();
    const bool call = !at_end() && s_[std::size_t(i_)] == '(';
    const Function* f = find_function(id);
    const bool hooked = std::find(scope_.hook.names.begin(), scope_.hook.names.end(), id) !=
                        scope_.hook.names.end();
    if (call) {
      if (!f && !hooked) {
        if (scope_.find(id)) throw ExpressionError(p, "\"" + id + "\" is not a function" + in());
        std::vector<std::string> all = function_names();
        all.insert(all.end(), scope_.hook.names.begin(), scope_.hook.names.end());
        throw ExpressionError(
            p, "unknown function \"" + id + "\"" + in() + ::kanpde::Impl::did_you_mean(id, all));
      }
      accept("(");
      std::vector<Value> args;
      if (!next_is(")")) {
        args.push_back(conditional());
        while (accept(",")) args.push_back(conditional());
      }
      if (!accept(")")) fail("\",\" or \")\" closing the arguments of " + id + "(");
      if (hooked) {
        Value out;
        if (scope_.hook.call(id, args, p, out)) {
          out.pos = p;
          return out;
        }
      }
      return apply(*f, id, args, p);
    }
    if (const Scope::Symbol* sym = scope_.find(id)) return {sym->value, p};
    if (f || hooked)
      throw ExpressionError(p, "\"" + id + "\" is a function: write " + id + "(...)" + in());
    std::string msg = "unknown variable \"" + id + "\"" + in();
    if (is_other_coordinate(scope_.dim, id)) {
      msg += scope_.dim == 0 ? std::string(" (a constant expression uses no coordinates)")
                             : " (a " + std::to_string(scope_.dim) + "-dimensional case has " +
                                   coordinate_list(scope_.dim) + ")";
    } else {
      const auto known = scope_.names();
      msg += ::kanpde::Impl::did_you_mean(id, known);
      std::string list;
      for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
      msg += " (known names: " + list + ")";
    }
    throw ExpressionError(p, msg);
  }

  Value apply(const Function& f, const std::string& id, const std::vector<Value>& args, int p) {
    const int n = static_cast<int>(args.size());
    if (n < f.min_args || (f.max_args >= 0 && n > f.max_args)) {
      const std::string want = f.max_args < 0 ? "at least " + plural(f.min_args, "argument")
                               : f.min_args == f.max_args ? plural(f.min_args, "argument")
                                                          : std::to_string(f.min_args) + " to " +
                                                                plural(f.max_args, "argument");
      throw ExpressionError(p, id + "() takes " + want + ", found " + std::to_string(n) + in());
    }
    if (f.special == Special::Dot) {
      if (args[0].size() != args[1].size())
        throw ExpressionError(p, "dot(V, W): expected two vectors of one size, found " +
                                     describe_type(args[0].size()) + " and " +
                                     describe_type(args[1].size()) + in());
      NodePtr r = make(Op::Mul, {args[0].c[0], args[1].c[0]}, p);
      for (int k = 1; k < args[0].size(); ++k)
        r = make(Op::Add,
                 {r, make(Op::Mul, {args[0].c[std::size_t(k)], args[1].c[std::size_t(k)]}, p)}, p);
      return {{r}, p};
    }
    if (f.special == Special::Norm) {
      NodePtr r = make(Op::Mul, {args[0].c[0], args[0].c[0]}, p);
      for (int k = 1; k < args[0].size(); ++k)
        r = make(Op::Add,
                 {r, make(Op::Mul, {args[0].c[std::size_t(k)], args[0].c[std::size_t(k)]}, p)}, p);
      Value v{{make(Op::Sqrt, {r}, p)}, p};
      v.norm_squared = r;
      return v;
    }
    for (const auto& a : args) need_scalar(a, id + "()");
    NodePtr r = args[0].c[0];
    if (arity(f.op) == 1) return {{make(f.op, {r}, p)}, p};
    if (f.max_args == 2) return {{make(f.op, {r, args[1].c[0]}, p)}, p};
    for (int k = 1; k < n; ++k) r = make(f.op, {r, args[std::size_t(k)].c[0]}, p);  // chains
    if (f.special == Special::Avg) r = make(Op::Div, {r, constant(double(n))}, p);
    return {{r}, p};
  }
};

}  // namespace

std::string describe_type(int size) {
  return size == 1 ? "a scalar" : "a " + std::to_string(size) + "-vector";
}

bool is_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& f : functions()) n.push_back(f.name);
    return n;
  }();
  return names;
}

Scope Scope::coordinates(int dim, int first_slot) {
  KANPDE_VERIFY(dim >= 0 && dim <= max_space_dim,
                "expression dimension " << dim << " outside 0.." << max_space_dim);
  Scope s;
  s.dim = dim;
  for (int d = 0; d < dim; ++d) s.add(coordinate_name(dim, d), {variable(first_slot + d)});
  s.add("pi", {constant(M_PI)});
  s.add("e", {constant(M_E)});
  s.add("_pi", {constant(M_PI)});
  s.add("_e", {constant(M_E)});
  s.symbols[s.symbols.size() - 2].listed = false;
  s.symbols.back().listed = false;
  return s;
}

void Scope::add_constant(const std::string& name, double value) {
  add(name, {constant(value)});
}

void Scope::add(const std::string& name, std::vector<NodePtr> value) {
  if (!is_name(name)) throw ExpressionError(-1, "\"" + name + "\" is not a name");
  if (find(name)) throw ExpressionError(-1, "the name \"" + name + "\" is defined twice");
  if (find_function(name) ||
      std::find(hook.names.begin(), hook.names.end(), name) != hook.names.end())
    throw ExpressionError(-1, "the name \"" + name + "\" is a function of the language");
  KANPDE_VERIFY(!value.empty() && value.size() <= 3,
                "\"" << name << "\" has " << value.size() << " components");
  symbols.push_back({name, std::move(value)});
}

const Scope::Symbol* Scope::find(const std::string& name) const {
  for (const auto& s : symbols)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<std::string> Scope::names(bool all) const {
  std::vector<std::string> n;
  for (const auto& s : symbols)
    if (all || s.listed) n.push_back(s.name);
  return n;
}

Value parse(const std::string& text, const Scope& scope) {
  return Parser(text, scope).whole();
}

std::pair<Value, Value> parse_equation(const std::string& text, const Scope& scope, int* eq_pos) {
  return Parser(text, scope).equation(eq_pos);
}

}  // namespace kanpde::solver::expr
