#pragma once
// A located reader over a yaml-cpp tree: every value knows its key path and
// its file:line:col (1-based), every check failure throws a located
// InputError, unknown keys are rejected with a suggestion.

#include <yaml-cpp/yaml.h>

#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "solver/case/Expression.hpp"
#include "solver/case/Location.hpp"

namespace kanpde::solver::Impl {

// One --set override: it replaced the subtree at `path`; nodes under it carry
// marks relative to the value text, which starts at value_col of arg.
struct OverrideSource {
  std::string file;   // "<--set 1>"
  std::string arg;    // "model.kan.grid_size=7"
  std::string path;   // "model.kan.grid_size"
  int value_col = 0;  // 0-based column of the value inside arg
};

struct ReadContext {
  std::string file;
  std::vector<std::string> lines;  // the case text, line by line
  std::vector<OverrideSource> overrides;
  SourceMap* sources = nullptr;

  const OverrideSource* override_for(const std::string& path) const;
  // Where the node at path with this mark is; fallback when the mark is null.
  Location locate(const std::string& path, const YAML::Mark& mark, const Location& fallback) const;
  // The raw text of the line loc points into ("" when unknown).
  std::string line_text(const Location& loc) const;
};

// An inclusive or exclusive range for numbers.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  static Range any() { return {}; }
  static Range positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range non_negative() { return {0.0, std::numeric_limits<double>::infinity()}; }
  static Range closed(double a, double b) { return {a, b, false, false}; }
  static Range half_open(double a, double b) { return {a, b, false, true}; }  // [a, b)
  static Range open(double a, double b) { return {a, b, true, true}; }
  bool contains(double v) const;
  std::string describe() const;  // "> 0", "in [0, 1)"
};

class MapReader;

// For a key a map does not allow: why, when the key means something
// elsewhere ("an option of lbfgs"); "" when it does not.
using KeyElsewhere = std::function<std::string(const std::string& key)>;

class Value {
 public:
  Value(const ReadContext& ctx, YAML::Node node, std::string path, Location loc);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const Location& location() const { return loc_; }
  const ReadContext& context() const { return *ctx_; }
  [[noreturn]] void fail(const std::string& message) const;
  [[noreturn]] void fail_expected(const std::string& expected) const;  // "expected X, found Y"
  std::string describe() const;  // "a map", "a list", "nothing", "\"abc\""

  bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_list() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_plain() const { return node_.IsScalar() && node_.Tag() != "!"; }

  std::string string() const;  // any non-empty scalar
  std::string name() const;    // an identifier: letters, digits, '_' (':' allowed inside)
  double number(const Range& r = Range::any()) const;
  long long integer(long long lo, long long hi) const;
  bool boolean() const;
  std::string choice(const std::vector<std::string>& options) const;
  // A number, or an expression of the constants (pi, e, the case's).
  double constant(const std::vector<Constant>& constants, const Range& r = Range::any()) const;
  Expression expression(int dim, const std::vector<Constant>& constants) const;
  // Runs compile() on this scalar's text and reports an ExpressionError it
  // throws at the offending character (file:line:col).
  template <class F>
  auto compiled(F&& compile) const -> decltype(compile(std::string())) {
    if (!is_scalar()) fail_expected("an expression");
    try {
      return compile(node_.Scalar());
    } catch (const ExpressionError& e) {
      fail_expression(e);
    }
  }
  [[noreturn]] void fail_expression(const ExpressionError& e) const;

  std::vector<Value> items() const;  // a list (fails otherwise)
  std::vector<Value> items(std::size_t min_size, std::size_t max_size) const;
  std::vector<double> numbers(std::size_t min_size, std::size_t max_size,
                              const Range& r = Range::any()) const;
  MapReader map(std::initializer_list<const char*> allowed) const;
  MapReader map(const std::vector<std::string>& allowed) const;
  // An unknown key that `elsewhere` knows is reported with its answer, not
  // a suggestion.
  MapReader map(const std::vector<std::string>& allowed, const KeyElsewhere& elsewhere) const;
  MapReader any_map() const;  // a map with keys of the user's choice

 private:
  const ReadContext* ctx_;
  YAML::Node node_;
  std::string path_;
  Location loc_;
};

class MapReader {
 public:
  // v must be a map whose keys are all in allowed (otherwise a located error
  // with a suggestion).
  MapReader(const Value& v, const std::vector<std::string>& allowed, bool any_key = false,
            const KeyElsewhere& elsewhere = {});

  const Value& self() const { return self_; }
  bool has(const std::string& key) const;
  Value get(const std::string& key) const;  // required: "missing key" at the map
  std::optional<Value> find(const std::string& key) const;
  std::vector<std::string> keys() const;  // in document order
  std::string child_path(const std::string& key) const;

  // Optional values with defaults.
  double number(const std::string& key, double def, const Range& r = Range::any()) const;
  long long integer(const std::string& key, long long def, long long lo, long long hi) const;
  bool boolean(const std::string& key, bool def) const;
  std::string string(const std::string& key, const std::string& def) const;
  std::string choice(const std::string& key, const std::string& def,
                     const std::vector<std::string>& options) const;

 private:
  Value self_;
  std::vector<std::pair<std::string, Value>> entries_;
};

// Checks of the raw text and tree done before any value is read.
void check_text(const std::string& file, const std::string& text);  // empty file, tabs
void check_duplicate_keys(const ReadContext& ctx, const YAML::Node& root);

// "[1, 2, 3]".
std::string format_list(const std::vector<double>& v);
// The shortest decimal form that reads back as the same double.
std::string format_number(double v);

}  // namespace kanpde::solver::Impl
