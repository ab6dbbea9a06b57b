#pragma once
// The parser of the expression language: recursive descent over the text,
// checking types (scalar or vector) as it goes and lowering a vector to its
// scalar components, so later stages see scalar trees only.
//
// Grammar, loosest binding first (one grammar for every expression of a case:
// solver/case/Expression.hpp is this parser too):
//   cond    := or [ "?" cond ":" cond ]            right-associative
//   or      := and { "||" and }
//   and     := cmp { "&&" cmp }
//   cmp     := sum { ("<" | "<=" | ">" | ">=" | "==" | "!=") sum }
//   sum     := product { ("+" | "-") product }
//   product := unary { ("*" | "/") unary }
//   unary   := ("-" | "+") unary | power           so -2^2 = -4
//   power   := primary [ "^" unary ]               right-associative: 2^3^2 = 512
//   primary := number | name | name "(" cond { "," cond } ")" | "(" cond ")"
//            | "[" cond "," cond [ "," cond ] "]"  (a vector)
// Numbers: 12, 1.5, .5, 1., 2e-3. Comparisons, && and || give 1 or 0; a
// condition is true when it is not 0.
// Vectors: V + W, V - W, -V, s * V, V * s, V / s, c ? V : W, dot(V, W),
// norm(V) (of a scalar too: in one dimension grad(u) is a scalar). Every
// other operation and function takes scalars.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "solver/expr/Error.hpp"
#include "solver/expr/Tree.hpp"

namespace kanpde::solver::expr {

// A value of the language: its scalar components (1: a scalar; 2 or 3: a
// vector) and where it starts in the text.
struct Value {
  Value() = default;
  Value(std::vector<NodePtr> components, int position) : c(std::move(components)), pos(position) {}
  std::vector<NodePtr> c;
  int pos = -1;
  // norm(V): its square is the sum of squares (so norm(V)^2 stays smooth at
  // V = 0, where sqrt has no derivative).
  NodePtr norm_squared;
  bool is_scalar() const { return c.size() == 1; }
  int size() const { return static_cast<int>(c.size()); }
};

// "a scalar", "a 2-vector".
std::string describe_type(int size);

// The names an expression may use.
struct Scope {
  struct Symbol {
    std::string name;
    std::vector<NodePtr> value;  // its components
    bool listed = true;          // named in "known names" messages (false: an alias)
  };
  // A call the language does not know itself (grad, div, ... of an equation):
  // returns true and sets out when name is one of `names`.
  struct Hook {
    std::vector<std::string> names;
    std::function<bool(const std::string& name, const std::vector<Value>& args, int pos,
                       Value& out)>
        call;
  };

  int dim = 0;  // the coordinates x, y, z in use (0: a constant expression)
  std::vector<Symbol> symbols;
  Hook hook;

  // The coordinates x, y, z (the first dim) in slots first_slot.., and the
  // built-in constants pi and e (also spelled _pi and _e).
  static Scope coordinates(int dim, int first_slot = 0);
  // Adds a named scalar constant (an InputError if the name is taken or not a
  // name).
  void add_constant(const std::string& name, double value);
  void add(const std::string& name, std::vector<NodePtr> value);
  const Symbol* find(const std::string& name) const;
  // The names in scope (aliases too: all).
  std::vector<std::string> names(bool all = false) const;
};

// The names of the language's own functions (for reserved names and
// suggestions).
const std::vector<std::string>& function_names();
bool is_name(const std::string& s);

// Parses a whole expression. Throws ExpressionError (the position of the
// offending character, a message saying what was expected).
Value parse(const std::string& text, const Scope& scope);

// Parses "LHS = RHS"; eq_pos (if given) receives the position of "=".
std::pair<Value, Value> parse_equation(const std::string& text, const Scope& scope,
                                       int* eq_pos = nullptr);

}  // namespace kanpde::solver::expr
