#include "solver/case/LoadCase.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "geometry/DistanceFunction.hpp"
#include "geometry/Samplers.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/Defaults.hpp"
#include "solver/case/MemoryEstimate.hpp"
#include "solver/case/impl/Parse.hpp"
#include "solver/case/impl/ParseData.hpp"
#include "solver/case/impl/ParseDomain.hpp"
#include "solver/case/impl/Reader.hpp"
#include "solver/case/impl/Suggest.hpp"

namespace kanpde::solver {

namespace {

// Every expression evaluated on a probe set at load time, so that `check`
// finds what `solve` would fail on (or, for the exact solution, report as NaN
// errors): a constant exactly, the others at Halton points of the interior
// and of their boundary parts. The first non-finite value is reported at the
// key with the point.
void probe_expressions(const CaseSpec& cs, const geometry::Domain& g) {
  const int d = cs.dim();
  geometry::SamplerOptions so;
  so.sequence = geometry::Sequence::Halton;
  const geometry::PointSet inner = geometry::sample_interior(g, 256, so);
  const geometry::PointSet outer = geometry::sample_boundary(g, 256, so);
  auto point_text = [&](const double* x) {
    std::string t = "(";
    for (int a = 0; a < d; ++a) t += (a ? ", " : "") + Impl::format_number(x[a]);
    return t + ")";
  };
  auto probe = [&](const Expression& e, const std::string& path, const geometry::PointSet& pts,
                   const std::vector<std::string>* parts) {
    if (e.empty()) return;  // not used by this case (a general equation has no pde.source)
    if (e.is_constant()) {
      const double v = e.eval();
      if (!std::isfinite(v))
        cs.fail(path, "\"" + e.text() + "\" evaluates to " + Impl::format_number(v) +
                          "; expected a finite value");
      return;
    }
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (parts != nullptr) {
        const std::string& part = pts.part_names[static_cast<std::size_t>(pts.part[i])];
        if (std::find(parts->begin(), parts->end(), part) == parts->end()) continue;
      }
      const double v = e.eval(pts.point(i), d);
      if (!std::isfinite(v))
        cs.fail(path, "\"" + e.text() + "\" is " + Impl::format_number(v) + " at " +
                          point_text(pts.point(i)) +
                          (parts ? " on the boundary" : " inside the domain") +
                          "; expected finite values everywhere it is used");
    }
  };
  probe(cs.pde.source, "pde.source", inner, nullptr);
  if (cs.pde.exact) probe(*cs.pde.exact, "pde.exact", inner, nullptr);
  for (std::size_t b = 0; b < cs.boundary.size(); ++b)
    probe(cs.boundary[b].value, "boundary[" + std::to_string(b) + "].value", outer,
          &cs.boundary[b].parts);
  // The coefficient fields of a general equation, inside the domain.
  for (const expr::Coefficient& c : cs.pde.coefficient_fields)
    for (std::size_t k = 0; k < c.components.size(); ++k)
      for (std::size_t i = 0; i < inner.size(); ++i) {
        const double v = c.components[k].value(inner.point(i));
        if (!std::isfinite(v))
          cs.fail("pde.coefficients." + c.name,
                  "\"" + c.components[k].text() + "\" is " + Impl::format_number(v) + " at " +
                      point_text(inner.point(i)) +
                      " inside the domain; expected finite values everywhere it is used");
      }
}

using Impl::MapReader;
using Impl::OverrideSource;
using Impl::ReadContext;
using Impl::Value;

const std::vector<std::string> kTopKeys = {
    "name",     "description", "constants", "domain", "pde",       "boundary", "model",
    "sampling", "training",    "reference", "output", "interpret", "data",     "unknowns"};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// One path segment: a key, or a list index.
struct Segment {
  std::string key;
  long index = -1;
};

[[noreturn]] void fail_override(const OverrideSource& ov, int col0, const std::string& path,
                                const std::string& msg) {
  Location loc;
  loc.file = ov.file;
  loc.line = 1;
  loc.col = col0 + 1;
  fail_at(loc, path, msg);
}

std::vector<Segment> parse_override_path(const OverrideSource& ov) {
  std::vector<Segment> segs;
  const std::string& p = ov.path;
  std::size_t i = 0;
  auto bad = [&](const std::string& why) {
    fail_override(ov, static_cast<int>(i), "",
                  "bad key path \"" + p + "\": " + why + " (expected key.key[index].key=value)");
  };
  if (p.empty()) bad("empty");
  while (i < p.size()) {
    const std::size_t start = i;
    while (i < p.size() && p[i] != '.' && p[i] != '[') ++i;
    if (i == start) bad("empty key");
    segs.push_back({p.substr(start, i - start), -1});
    while (i < p.size() && p[i] == '[') {
      const std::size_t close = p.find(']', i);
      if (close == std::string::npos || close == i + 1) bad("unclosed or empty [index]");
      const std::string num = p.substr(i + 1, close - i - 1);
      if (num.find_first_not_of("0123456789") != std::string::npos) bad("index is not a number");
      // No list in a case is anywhere near this long; nine digits also keep
      // the number far from overflowing.
      if (num.size() > 9) bad("index " + num + " is too large");
      segs.push_back({"", std::stol(num)});
      i = close + 1;
    }
    if (i < p.size()) {
      if (p[i] != '.') bad("expected '.' or '['");
      ++i;
      if (i == p.size()) bad("ends with '.'");
    }
  }
  return segs;
}

void apply_override(YAML::Node& root, const OverrideSource& ov) {
  YAML::Node value;
  try {
    value = YAML::Load(ov.arg.substr(static_cast<std::size_t>(ov.value_col)));
  } catch (const YAML::Exception& e) {
    fail_override(ov, ov.value_col + (e.mark.is_null() ? 0 : e.mark.column), ov.path,
                  "YAML syntax error in the value: " + e.msg);
  }
  const auto segs = parse_override_path(ov);
  YAML::Node cur = root;
  std::string path;
  for (std::size_t s = 0; s < segs.size(); ++s) {
    const Segment& seg = segs[s];
    const bool last = s + 1 == segs.size();
    if (seg.index < 0) {
      if (!cur.IsMap()) {
        if (cur.IsDefined() && !cur.IsNull())
          fail_override(ov, 0, path,
                        "cannot set key \"" + seg.key + "\" inside a value that is not a map");
        cur = YAML::Node(YAML::NodeType::Map);
      }
      path += (path.empty() ? "" : ".") + seg.key;
      if (last) {
        cur[seg.key] = value;
        return;
      }
      if (!cur[seg.key].IsDefined() || cur[seg.key].IsNull())
        cur[seg.key] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = cur[seg.key];
      cur.reset(next);
    } else {
      path += "[" + std::to_string(seg.index) + "]";
      if (!cur.IsSequence()) fail_override(ov, 0, path, "cannot index a value that is not a list");
      const long n = static_cast<long>(cur.size());
      if (seg.index > n)
        fail_override(ov, 0, path,
                      "index " + std::to_string(seg.index) + " is past the end of a list of " +
                          std::to_string(n) + " (use " + std::to_string(n) + " to append)");
      if (seg.index == n) cur.push_back(YAML::Node(YAML::NodeType::Map));
      if (last) {
        cur[static_cast<std::size_t>(seg.index)] = value;
        return;
      }
      YAML::Node next = cur[static_cast<std::size_t>(seg.index)];
      cur.reset(next);
    }
  }
}

void parse_constants(const Value& v, CaseSpec& cs) {
  const MapReader m = v.any_map();
  const auto& reserved = Expression::reserved_names();
  for (const auto& key : m.keys()) {
    const Value c = m.get(key);
    const std::string where_first = "constant name \"" + key + "\"";
    bool ok = (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
    for (char ch : key) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    if (!ok) c.fail(where_first + " is not a name (letters, digits and _, starting with a letter)");
    if (std::find(reserved.begin(), reserved.end(), key) != reserved.end())
      c.fail(where_first + " is reserved (a variable, built-in constant or function)");
    Constant k;
    k.name = key;
    k.text = c.string();
    k.value = c.constant(cs.constants);
    cs.constants.push_back(k);
  }
}

std::string file_stem(const std::string& file) {
  std::string s = file;
  const auto slash = s.find_last_of('/');
  if (slash != std::string::npos) s = s.substr(slash + 1);
  const auto dot = s.find_last_of('.');
  if (dot != std::string::npos && dot > 0) s = s.substr(0, dot);
  return s;
}

// An InputError's message without the internal check's location.
std::string without_check(std::string msg) {
  const auto check = msg.find(" [check '");
  if (check != std::string::npos) msg.erase(check);
  return msg;
}

// The distance-function programs of the exactly imposed parts, built as the
// solver builds them (the union of all hard parts, and each entry's parts for
// the blend of solver/pde/HardBoundary.hpp), so that `check` rejects what
// `solve` would. Where the geometry cannot be flattened (a CSG tree nested
// too deeply), entries resolved from enforce: auto fall back to soft terms;
// an explicit enforce: hard is an error at its parts.
void check_hard_parts(const geometry::Domain& g, const Value& boundary, CaseSpec& cs) {
  auto programs = [&](std::size_t* failed) {
    std::vector<std::string> all;
    for (const auto& bc : cs.boundary)
      if (bc.enforce == Enforcement::hard) all.insert(all.end(), bc.parts.begin(), bc.parts.end());
    if (all.empty()) return std::string();
    for (std::size_t i = 0; i < cs.boundary.size(); ++i) {
      if (cs.boundary[i].enforce != Enforcement::hard) continue;
      *failed = i;
      try {
        geometry::Impl::build_distance_program(g, all);
        geometry::Impl::build_distance_program(g, cs.boundary[i].parts);
      } catch (const InputError& e) {
        return without_check(e.what());
      }
    }
    return std::string();
  };
  std::size_t failed = 0;
  std::string why = programs(&failed);
  if (why.empty()) return;
  for (auto& bc : cs.boundary)
    if (bc.enforce == Enforcement::hard && bc.enforce_auto) {
      bc.enforce = Enforcement::soft;
      bc.weight = cs.training.loss_weights.boundary;
    }
  why = programs(&failed);
  if (why.empty()) return;
  boundary.items()[failed]
      .map({"parts", "type", "value", "a", "b", "enforce", "weight"})
      .get("parts")
      .fail("cannot impose this condition exactly: " + why + " (use enforce: soft)");
}

void parse_case(const ReadContext& ctx, const YAML::Node& root, CaseSpec& cs) {
  Location top_loc;
  top_loc.file = ctx.file;
  top_loc.line = 1;
  top_loc.col = 1;
  const Value rv(ctx, root, "", top_loc);
  if (!rv.is_map())
    rv.fail("expected a map of sections (" + Impl::quoted_list(kTopKeys, ", ") + "), found " +
            rv.describe());
  const MapReader top = rv.map(kTopKeys);

  cs.name = file_stem(ctx.file);
  if (cs.name.empty() || cs.name == "<case>") cs.name = "case";
  if (auto n = top.find("name")) {
    cs.name = n->string();
    for (char ch : cs.name)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == '.'))
        n->fail("expected a name of letters, digits, '_', '-' and '.', found \"" + cs.name + "\"");
  }
  cs.description = top.string("description", "");
  if (auto c = top.find("constants")) parse_constants(*c, cs);
  const Value domain = top.get("domain");
  cs.domain = Impl::parse_domain(domain);
  // The geometry module's own checks, and the parts that survive on the
  // boundary of a CSG result.
  geometry::DomainPtr g;
  try {
    g = build_domain(cs.domain);
    cs.domain.parts = g->part_names();
  } catch (const InputError& e) {
    domain.fail(without_check(e.what()));
  }
  {
    // Extents a run can work with: the network scales its inputs by them and
    // the FD reference squares its spacing (a box from -1e308 to 1e308 has an
    // infinite extent, one 1e-300 wide a spacing whose square is 0).
    const geometry::BoundingBox bb = g->bounding_box();
    for (int a = 0; a < g->dim(); ++a) {
      const double e = bb.extent(a);
      if (!(std::isfinite(e) && e >= 1e-30 && e <= 1e30))
        domain.fail("the domain's extent along axis " + std::to_string(a) + " is " +
                    Impl::format_number(e) +
                    "; expected a finite extent between 1e-30 and 1e30 (rescale the problem)");
    }
  }
  // After the domain: an unknown field's network takes its dimension.
  if (auto u = top.find("unknowns")) Impl::parse_unknowns(*u, cs);
  Impl::parse_pde(top.get("pde"), cs);
  // Before the defaults, which grow with the interfaces.
  detect_interfaces(cs, *g);  // solver/case/Interfaces.hpp
  const Value boundary = top.get("boundary");
  Impl::parse_boundary(boundary, cs);
  Impl::parse_model(top.find("model"), cs);
  {
    const PointCountDefaults pc =
        default_point_counts(*g, cs.pde.interface_list);  // solver/case/Defaults.hpp
    cs.sampling.interior.count = pc.interior;
    cs.sampling.boundary.count = pc.boundary;
  }
  Impl::parse_sampling(top.find("sampling"), cs);
  Impl::parse_training(top.find("training"), cs);
  for (auto& bc : cs.boundary)
    if (bc.weight < 0) bc.weight = cs.training.loss_weights.boundary;
  Impl::check_boundary_coverage(boundary, cs);
  if (has_reentrant_polygon(cs.domain))  // solver/case/Defaults.hpp
    for (auto& bc : cs.boundary)
      if (bc.enforce == Enforcement::hard && bc.enforce_auto) {
        bc.enforce = Enforcement::soft;
        bc.weight = cs.training.loss_weights.boundary;
      }
  check_hard_parts(*g, boundary, cs);
  if (const auto corners = enriched_corners(cs); !corners.empty()) {  // solver/case/Corners.hpp
    auto a = std::make_shared<expr::UnknownValues>();
    for (const geometry::CornerSite& c : corners) {
      a->names.push_back(corner_name(c));
      a->values.push_back(0.0);
    }
    cs.corner_amplitudes = std::move(a);
  }
  Impl::parse_reference(top.find("reference"), cs);
  Impl::parse_data(top.find("data"), cs);
  Impl::parse_output(top.find("output"), cs);
  Impl::parse_interpret(top.find("interpret"), cs);
  check_interface_support(cs);  // solver/case/Interfaces.hpp
  // What a run with an unknown field does not do (yet): adaptive sampling and
  // refinement stages build residuals and networks without the field.
  if (!cs.field_unknowns.empty()) {
    const std::string& name = cs.field_unknowns.front().name;
    if (cs.sampling.adaptive.enabled)
      cs.fail("sampling.adaptive", "adaptive sampling is not supported with the unknown field \"" +
                                       name + "\"; expected enabled: false or no `adaptive`");
    for (const StageSpec& st : cs.training.stages)
      if (st.refine)
        cs.fail(st.path + ".refine",
                "refinement stages are not supported with the unknown "
                "field \"" +
                    name + "\"; expected no `refine`");
  }
  // A run that cannot fit in memory is refused here, at the key it grows
  // with (solver/case/MemoryEstimate.hpp).
  check_optimizer_params(cs);
  check_memory(cs);
  probe_expressions(cs, *g);
}

}  // namespace

CaseSpec load_case_text(const std::string& text, const std::string& file,
                        const std::vector<std::string>& overrides) {
  CaseSpec cs;
  cs.file = file.empty() ? "<case>" : file;
  cs.text = text;
  cs.overrides = overrides;
  cs.sources.set_file(cs.file);

  ReadContext ctx;
  ctx.file = cs.file;
  ctx.lines = split_lines(text);
  ctx.sources = &cs.sources;
  Impl::check_text(ctx.file, text);

  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Location loc;
    loc.file = ctx.file;
    if (!e.mark.is_null()) {
      loc.line = e.mark.line + 1;
      loc.col = e.mark.column + 1;
    }
    fail_at(loc, "", "YAML syntax error: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    Location loc;
    loc.file = ctx.file;
    fail_at(loc, "", "the case file is empty (it holds only comments)");
  }
  Impl::check_duplicate_keys(ctx, root);

  for (std::size_t i = 0; i < overrides.size(); ++i) {
    OverrideSource ov;
    ov.file = "<--set " + std::to_string(i + 1) + ">";
    ov.arg = overrides[i];
    const auto eq = ov.arg.find('=');
    if (eq == std::string::npos) {
      fail_override(ov, 0, "", "expected key.path=value, found \"" + ov.arg + "\"");
    }
    ov.path = ov.arg.substr(0, eq);
    ov.value_col = static_cast<int>(eq + 1);
    apply_override(root, ov);
    ctx.overrides.push_back(ov);
  }
  parse_case(ctx, root, cs);
  return cs;
}

CaseSpec load_case(const std::string& path, const std::vector<std::string>& overrides) {
  Location loc;
  loc.file = path;
  // Only regular files of a sane size: /dev/zero would be read until memory
  // runs out, a directory "reads" as empty.
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    fail_at(loc, "", "cannot open the case file (check the path; cases/ holds examples)");
  if (S_ISDIR(st.st_mode)) fail_at(loc, "", "is a directory, expected a case file (YAML)");
  if (!S_ISREG(st.st_mode))
    fail_at(loc, "", "is not a regular file (a device or a pipe), expected a case file (YAML)");
  if (st.st_size > max_case_bytes)
    fail_at(loc, "",
            "the case file has " + std::to_string(st.st_size) + " bytes, more than the " +
                std::to_string(max_case_bytes >> 20) +
                " MiB a case file may have (case files hold settings and expressions, not data)");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_at(loc, "", "cannot open the case file (check the path; cases/ holds examples)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail_at(loc, "", "cannot read the case file");
  return load_case_text(ss.str(), path, overrides);
}

}  // namespace kanpde::solver
