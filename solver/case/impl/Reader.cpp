#include "solver/case/impl/Reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "solver/case/impl/Suggest.hpp"

namespace kanpde::solver::Impl {

namespace {

bool is_prefix_path(const std::string& prefix, const std::string& path) {
  if (prefix.size() > path.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return prefix.size() == path.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.c_str();
  char* end = nullptr;
  errno = 0;
  out = std::strtod(b, &end);
  if (end == b || *end != '\0') return false;
  // strtod accepts "inf", "nan", hex: only plain decimal numbers are numbers here.
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-'))
      return false;
  }
  return true;
}

// A value as shown in a message: long ones cut (a 5 MB scalar is not echoed).
std::string shown(const std::string& v) {
  constexpr std::size_t keep = 60;
  if (v.size() <= keep) return v;
  return v.substr(0, keep) + "... (" + std::to_string(v.size()) + " characters)";
}

}  // namespace

const OverrideSource* ReadContext::override_for(const std::string& path) const {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    if (is_prefix_path(it->path, path)) return &*it;
  }
  return nullptr;
}

Location ReadContext::locate(const std::string& path, const YAML::Mark& mark,
                             const Location& fallback) const {
  if (const OverrideSource* ov = override_for(path)) {
    Location loc;
    loc.file = ov->file;
    loc.line = 1;
    // A node of the override's value has a mark inside the value; a key the
    // override created has none: point at the start of the argument.
    loc.col = mark.is_null() ? 1 : ov->value_col + 1 + mark.column;
    return loc;
  }
  if (mark.is_null()) return fallback;
  Location loc;
  loc.file = file;
  loc.line = mark.line + 1;
  loc.col = mark.column + 1;
  return loc;
}

std::string ReadContext::line_text(const Location& loc) const {
  for (const auto& ov : overrides) {
    if (ov.file == loc.file) return ov.arg;
  }
  if (loc.file == file && loc.line >= 1 && static_cast<std::size_t>(loc.line) <= lines.size())
    return lines[static_cast<std::size_t>(loc.line - 1)];
  return std::string();
}

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " +
           format_number(hi) + (hi_open ? ")" : "]");
  }
  if (has_lo) return (lo_open ? "> " : ">= ") + format_number(lo);
  if (has_hi) return (hi_open ? "< " : "<= ") + format_number(hi);
  return "";
}

std::string format_number(double v) {
  if (v == 0.0) return "0";
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  // Keep a number readable as a float where YAML readers care ("1e-05" -> "1e-05").
  return s;
}

std::string format_list(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + format_number(v[i]);
  return s + "]";
}

// ---------------------------------------------------------------- Value

Value::Value(const ReadContext& ctx, YAML::Node node, std::string path, Location loc)
    : ctx_(&ctx), node_(std::move(node)), path_(std::move(path)), loc_(std::move(loc)) {
  if (ctx_->sources != nullptr) ctx_->sources->set(path_, loc_);
}

void Value::fail(const std::string& message) const {
  fail_at(loc_, path_, message);
}

std::string Value::describe() const {
  if (is_null()) return "nothing";
  if (is_map()) return "a map";
  if (is_list()) return "a list";
  return "\"" + shown(node_.Scalar()) + "\"";
}

void Value::fail_expected(const std::string& expected) const {
  fail("expected " + expected + ", found " + describe());
}

std::string Value::string() const {
  if (!is_scalar() || node_.Scalar().empty()) fail_expected("a string");
  return node_.Scalar();
}

std::string Value::name() const {
  const std::string s = string();
  const bool ok = (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
                  std::all_of(s.begin(), s.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
                  });
  if (!ok)
    fail("expected a name (letters, digits and _, starting with a letter), found \"" + shown(s) +
         "\"");
  return s;
}

double Value::number(const Range& r) const {
  double v = 0.0;
  if (is_scalar() && !is_plain()) fail("expected a number, found the quoted string " + describe());
  if (!is_scalar() || !parse_double(node_.Scalar(), v)) {
    fail_expected(r.describe().empty() ? "a number" : "a number " + r.describe());
  }
  if (!std::isfinite(v)) fail("expected a finite number, found " + describe());
  if (!r.contains(v))
    fail("expected a number " + r.describe() + ", found " + shown(node_.Scalar()));
  return v;
}

long long Value::integer(long long lo, long long hi) const {
  double v = 0.0;
  const std::string range = "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (is_scalar() && !is_plain())
    fail("expected an integer, found the quoted string " + describe());
  if (!is_scalar() || !parse_double(node_.Scalar(), v) || !std::isfinite(v) || v != std::floor(v)) {
    fail_expected("an integer " + range);
  }
  if (v < static_cast<double>(lo) || v > static_cast<double>(hi))
    fail("expected an integer " + range + ", found " + shown(node_.Scalar()));
  return static_cast<long long>(v);
}

bool Value::boolean() const {
  if (is_plain()) {
    std::string s = node_.Scalar();
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (s == "true") return true;
    if (s == "false") return false;
  }
  fail_expected("true or false");
}

std::string Value::choice(const std::vector<std::string>& options) const {
  if (!is_scalar()) fail_expected("one of " + quoted_list(options));
  const std::string s = node_.Scalar();
  if (std::find(options.begin(), options.end(), s) != options.end()) return s;
  fail("expected one of " + quoted_list(options) + ", found \"" + shown(s) + "\"" +
       did_you_mean(s, options));
}

namespace {
// The column (1-based) of character pos of a scalar's text, where the raw
// line lets us map it (plain or quoted scalar on one line); else the scalar's
// own column.
int expression_column(const Value& v, int pos) {
  const Location& loc = v.location();
  if (pos < 0 || loc.col <= 0) return loc.col;
  const std::string line = v.context().line_text(loc);
  const std::string& text = v.node().Scalar();
  std::size_t start = static_cast<std::size_t>(loc.col - 1);
  if (start >= line.size()) return loc.col;
  if (line[start] == '|' || line[start] == '>') return loc.col;
  if (line[start] == '"' || line[start] == '\'') ++start;
  const std::size_t p = std::min(static_cast<std::size_t>(pos), text.size());
  if (p > text.size() || line.compare(start, p, text, 0, p) != 0) return loc.col;
  return static_cast<int>(start + p) + 1;
}
}  // namespace

Expression Value::expression(int dim, const std::vector<Constant>& constants) const {
  if (!is_scalar()) fail_expected("an expression");
  try {
    return Expression::compile(node_.Scalar(), dim, constants);
  } catch (const ExpressionError& e) {
    fail_expression(e);
  }
}

void Value::fail_expression(const ExpressionError& e) const {
  Location at = loc_;
  at.col = expression_column(*this, e.pos());
  fail_at(at, path_, e.what());
}

double Value::constant(const std::vector<Constant>& constants, const Range& r) const {
  double v = 0.0;
  if (is_plain() && parse_double(node_.Scalar(), v)) return number(r);
  if (!is_scalar()) fail_expected("a number or a constant expression");
  v = expression(0, constants).eval();
  if (!std::isfinite(v)) fail("the expression \"" + node_.Scalar() + "\" is not finite");
  if (!r.contains(v))
    fail("expected a number " + r.describe() + ", found " + shown(node_.Scalar()) + " = " +
         format_number(v));
  return v;
}

std::vector<Value> Value::items() const {
  if (!is_list()) fail_expected("a list");
  std::vector<Value> out;
  std::size_t i = 0;
  for (const auto& child : node_) {
    const std::string p = path_ + "[" + std::to_string(i++) + "]";
    out.emplace_back(*ctx_, child, p, ctx_->locate(p, child.Mark(), loc_));
  }
  return out;
}

std::vector<Value> Value::items(std::size_t min_size, std::size_t max_size) const {
  auto out = items();
  if (out.size() < min_size || out.size() > max_size) {
    const std::string want = min_size == max_size ? std::to_string(min_size)
                             : max_size == std::size_t(-1)
                                 ? "at least " + std::to_string(min_size)
                                 : std::to_string(min_size) + " to " + std::to_string(max_size);
    fail("expected a list of " + want + " entries, found " + std::to_string(out.size()));
  }
  return out;
}

std::vector<double> Value::numbers(std::size_t min_size, std::size_t max_size,
                                   const Range& r) const {
  std::vector<double> out;
  for (const auto& it : items(min_size, max_size)) out.push_back(it.number(r));
  return out;
}

MapReader Value::map(std::initializer_list<const char*> allowed) const {
  return MapReader(*this, std::vector<std::string>(allowed.begin(), allowed.end()));
}
MapReader Value::map(const std::vector<std::string>& allowed) const {
  return MapReader(*this, allowed);
}
MapReader Value::map(const std::vector<std::string>& allowed, const KeyElsewhere& elsewhere) const {
  return MapReader(*this, allowed, false, elsewhere);
}
MapReader Value::any_map() const {
  return MapReader(*this, {}, true);
}

// ---------------------------------------------------------------- MapReader

MapReader::MapReader(const Value& v, const std::vector<std::string>& allowed, bool any_key,
                     const KeyElsewhere& elsewhere)
    : self_(v) {
  if (!v.is_map()) {
    if (any_key) v.fail_expected("a map");
    v.fail_expected("a map with keys " + quoted_list(allowed, " and "));
  }
  const ReadContext& ctx = v.context();
  for (const auto& kv : v.node()) {
    const std::string key = kv.first.Scalar();
    const std::string p = v.path().empty() ? key : v.path() + "." + key;
    const Location key_loc = ctx.locate(p, kv.first.Mark(), v.location());
    if (!kv.first.IsScalar())
      fail_at(key_loc, v.path(),
              "expected a plain key, found a " + std::string(kv.first.IsMap() ? "map" : "list"));
    if (!any_key && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string why = elsewhere ? elsewhere(key) : std::string();
      fail_at(key_loc, p,
              "unknown key \"" + key + "\"" +
                  (why.empty() ? did_you_mean(key, allowed) : " (" + why + ")") +
                  "; allowed here: " + quoted_list(allowed, ", "));
    }
    // A key with no value ("key:") has a null value whose mark points past
    // it: locate it at the key.
    const Location val_loc =
        kv.second.IsNull() ? key_loc : ctx.locate(p, kv.second.Mark(), key_loc);
    entries_.emplace_back(key, Value(ctx, kv.second, p, val_loc));
  }
}

std::string MapReader::child_path(const std::string& key) const {
  return self_.path().empty() ? key : self_.path() + "." + key;
}

bool MapReader::has(const std::string& key) const {
  return find(key).has_value();
}

std::optional<Value> MapReader::find(const std::string& key) const {
  for (const auto& e : entries_) {
    if (e.first == key) return e.second;
  }
  return std::nullopt;
}

Value MapReader::get(const std::string& key) const {
  auto v = find(key);
  if (!v) self_.fail("missing required key \"" + key + "\"");
  return *v;
}

std::vector<std::string> MapReader::keys() const {
  std::vector<std::string> k;
  for (const auto& e : entries_) k.push_back(e.first);
  return k;
}

double MapReader::number(const std::string& key, double def, const Range& r) const {
  auto v = find(key);
  return v ? v->number(r) : def;
}
long long MapReader::integer(const std::string& key, long long def, long long lo,
                             long long hi) const {
  auto v = find(key);
  return v ? v->integer(lo, hi) : def;
}
bool MapReader::boolean(const std::string& key, bool def) const {
  auto v = find(key);
  return v ? v->boolean() : def;
}
std::string MapReader::string(const std::string& key, const std::string& def) const {
  auto v = find(key);
  return v ? v->string() : def;
}
std::string MapReader::choice(const std::string& key, const std::string& def,
                              const std::vector<std::string>& options) const {
  auto v = find(key);
  return v ? v->choice(options) : def;
}

// ---------------------------------------------------------------- raw checks

void check_text(const std::string& file, const std::string& text) {
  Location loc;
  loc.file = file;
  int line = 1, col = 1;
  bool only_space = true;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '\t') {
      loc.line = line;
      loc.col = col;
      fail_at(loc, "", "tab character: YAML indentation and separation must use spaces");
    }
    if (c == '\r' && (k + 1 == text.size() || text[k + 1] != '\n')) {
      loc.line = line;
      loc.col = col;
      fail_at(loc, "",
              "carriage return without a line feed (classic Mac line endings); save the file "
              "with LF or CRLF line endings");
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) only_space = false;
  }
  if (only_space) fail_at(loc, "", "the case file is empty");
}

namespace {
// Aliases share their anchor's node (and its mark): each collection is
// walked once, so an alias bomb (a few hundred bytes naming 10^9 nodes) costs
// no more than its text.
using Visited = std::map<std::pair<int, int>, std::vector<YAML::Node>>;
bool first_visit(Visited& visited, const YAML::Node& node) {
  auto& same_mark = visited[{node.Mark().pos, node.Mark().line}];
  for (const YAML::Node& n : same_mark)
    if (n.is(node)) return false;
  same_mark.push_back(node);
  return true;
}
void walk_duplicates(const ReadContext& ctx, const YAML::Node& node, const std::string& path,
                     Visited& visited) {
  if ((node.IsMap() || node.IsSequence()) && !first_visit(visited, node)) return;
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      const std::string p = path.empty() ? key : path + "." + key;
      const auto it = seen.find(key);
      if (it != seen.end()) {
        Location loc;
        loc.file = ctx.file;
        loc.line = kv.first.Mark().line + 1;
        loc.col = kv.first.Mark().column + 1;
        fail_at(loc, p,
                "duplicate key \"" + key + "\" (first given at line " +
                    std::to_string(it->second.line + 1) + ")");
      }
      seen.emplace(key, kv.first.Mark());
      walk_duplicates(ctx, kv.second, p, visited);
    }
  } else if (node.IsSequence()) {
    std::size_t i = 0;
    for (const auto& child : node)
      walk_duplicates(ctx, child, path + "[" + std::to_string(i++) + "]", visited);
  }
}
}  // namespace

void check_duplicate_keys(const ReadContext& ctx, const YAML::Node& root) {
  Visited visited;
  walk_duplicates(ctx, root, "", visited);
}

}  // namespace kanpde::solver::Impl
