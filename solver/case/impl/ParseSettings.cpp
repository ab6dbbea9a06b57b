// How the case is solved and reported: model, sampling, training, reference,
// output.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>

#include "common/Coordinates.hpp"
#include "kan/Layout.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Defaults.hpp"
#include "solver/case/OutputFields.hpp"
#include "solver/case/StageOptimizers.hpp"
#include "solver/case/impl/Parse.hpp"
#include "solver/case/impl/Suggest.hpp"
#include "solver/case/impl/TableKeys.hpp"
#include "solver/symbolic/Library.hpp"

namespace kanpde::solver::Impl {

namespace {

constexpr long long kMaxSeed = (1LL << 53);  // exactly representable in a YAML number
constexpr long long kMaxSteps = 100000000;
constexpr long long kMaxPoints = 100000000;

// An int, or a list of dim ints, each in [lo, hi].
std::vector<int> per_axis(const Value& v, int dim, long long lo, long long hi) {
  std::vector<int> out;
  if (v.is_list()) {
    for (const auto& it : v.items(std::size_t(dim), std::size_t(dim)))
      out.push_back(static_cast<int>(it.integer(lo, hi)));
  } else {
    out.assign(std::size_t(dim), static_cast<int>(v.integer(lo, hi)));
  }
  return out;
}

}  // namespace

namespace {

const std::vector<std::string> kKanKeys = {"widths",     "grid_size",     "spline_order",
                                           "grid_range", "base_function", "seed",
                                           "coef_noise", "base_scale",    "spline_scale"};

// The KAN keys of a map (model.kan, or a stage's refine), over the defaults
// already in k.
void read_kan(const MapReader& km, KanModelSpec& k, int dim) {
  if (auto w = km.find("widths")) {
    const auto items = w->items(2, std::size_t(kan::max_layers) + 1);
    k.widths.clear();
    for (const auto& it : items)
      k.widths.push_back(static_cast<int>(it.integer(1, kan::max_width)));
    if (k.widths.front() != dim)
      items.front().fail("expected the domain dimension " + std::to_string(dim) + ", found " +
                         std::to_string(k.widths.front()));
    if (k.widths.back() != 1)
      items.back().fail("expected 1 (the network's output is the scalar u), found " +
                        std::to_string(k.widths.back()));
    int total = 0;
    for (int x : k.widths) total += x;
    if (total > kan::max_nodes)
      w->fail("the widths sum to " + std::to_string(total) + ", more than the " +
              std::to_string(kan::max_nodes) + " nodes the kernels hold (KANPDE_KAN_MAX_WIDTH)");
  }
  k.grid_size = static_cast<int>(km.integer("grid_size", k.grid_size, 1, 1000));
  k.spline_order = static_cast<int>(km.integer("spline_order", k.spline_order, 1, kan::max_order));
  if (auto gr = km.find("grid_range")) {
    const auto items = gr->items();
    const bool single = !items.empty() && items[0].is_scalar();
    std::vector<Value> pairs =
        single ? std::vector<Value>{*gr} : gr->items(std::size_t(dim), std::size_t(dim));
    k.grid_range.clear();
    for (int d = 0; d < dim; ++d) {
      const Value& p = pairs[single ? 0 : std::size_t(d)];
      const auto lohi = p.numbers(2, 2);
      if (!(lohi[1] > lohi[0]))
        p.fail("expected [lo, hi] with lo < hi, found " + format_list(lohi));
      k.grid_range.emplace_back(lohi[0], lohi[1]);
    }
  }
  if (auto b = km.find("base_function"))
    k.base_function = kan::base_function_from_string(b->choice({"silu", "identity", "zero"}));
  if (auto s = km.find("seed")) k.seed = static_cast<std::uint64_t>(s->integer(0, kMaxSeed));
  k.coef_noise = km.number("coef_noise", k.coef_noise, Range::non_negative());
  k.base_scale = km.number("base_scale", k.base_scale, Range::non_negative());
  k.spline_scale = km.number("spline_scale", k.spline_scale, Range::non_negative());
}

}  // namespace

void parse_model(const std::optional<Value>& v, CaseSpec& cs) {
  KanModelSpec& k = cs.model.kan;
  const int dim = cs.dim();
  k.widths = {dim, 10, 1};
  k.spline_order = default_spline_order();  // solver/case/Defaults.hpp
  for (int d = 0; d < dim; ++d)
    k.grid_range.emplace_back(cs.domain.bbox_min[std::size_t(d)],
                              cs.domain.bbox_max[std::size_t(d)]);
  if (!v) return;
  const MapReader m = v->map({"kan"});
  const auto kv = m.find("kan");
  if (!kv) return;
  read_kan(kv->map(kKanKeys), k, dim);
}

void parse_sampling(const std::optional<Value>& v, CaseSpec& cs) {
  SamplingSpec& s = cs.sampling;
  if (!v) return;
  const MapReader m = v->map({"interior", "boundary", "resample_every", "adaptive", "seed"});
  // uniform = random (pseudo-random, uniform by volume / length); the others
  // as the geometry module's samplers (geometry/Sequence.hpp).
  const std::vector<std::string> methods = {"uniform",    "random", "sobol", "halton",
                                            "hammersley", "lhs",    "grid"};
  // gauss (interior only): the weighted tensor Gauss-Legendre rule of a box
  // (geometry/Quadrature.hpp).
  std::vector<std::string> interior_methods = methods;
  interior_methods.push_back("gauss");
  auto point_set = [&](const char* key, PointSetSpec& ps, long long min_count,
                       const std::vector<std::string>& choices) {
    if (auto p = m.find(key)) {
      const MapReader pm = p->map({"count", "method"});
      ps.count = static_cast<int>(pm.integer("count", ps.count, min_count, kMaxPoints));
      ps.method = pm.choice("method", ps.method, choices);
      if (ps.method == "gauss" && cs.domain.type != DomainType::box &&
          cs.domain.type != DomainType::interval)
        pm.get("method").fail(
            "gauss quadrature points need a box or interval domain (a tensor rule over its "
            "cells); expected a sampling method of any domain (uniform, sobol, halton, ...)");
      if (ps.method == "gauss" && cs.dim() > 3)
        pm.get("method").fail(
            "gauss quadrature points are for 1 to 3 dimensions (a tensor rule "
            "has at least 4^dim points: " +
            std::to_string(1 << (2 * std::min(cs.dim(), 15))) +
            " here); expected another sampling method (sobol, halton, ...)");
    }
  };
  point_set("interior", s.interior, 1, interior_methods);
  point_set("boundary", s.boundary, 0, methods);
  s.resample_every = static_cast<int>(m.integer("resample_every", 0, 0, kMaxSteps));
  if (auto a = m.find("adaptive")) {
    const MapReader am = a->map({"enabled", "every", "add", "candidates", "max_points"});
    AdaptiveSpec& ad = s.adaptive;
    ad.enabled = am.boolean("enabled", true);
    if (ad.enabled && s.interior.method == "gauss")
      a->fail(
          "adaptive refinement adds points without quadrature weights; expected it disabled "
          "(enabled: false) with sampling.interior.method gauss");
    ad.every = static_cast<int>(am.integer("every", ad.every, 1, kMaxSteps));
    ad.add = static_cast<int>(am.integer("add", ad.add, 1, kMaxPoints));
    ad.candidates = static_cast<int>(am.integer("candidates", ad.candidates, 1, kMaxPoints));
    if (ad.candidates < ad.add)
      am.get("candidates")
          .fail("expected at least add = " + std::to_string(ad.add) + " candidates, found " +
                std::to_string(ad.candidates));
    ad.max_points = static_cast<int>(am.integer("max_points", ad.max_points, 1, kMaxPoints));
    if (ad.max_points < s.interior.count && am.has("max_points"))
      am.get("max_points")
          .fail("expected at least the interior count " + std::to_string(s.interior.count) +
                ", found " + std::to_string(ad.max_points));
  }
  if (auto sd = m.find("seed")) s.seed = static_cast<std::uint64_t>(sd->integer(0, kMaxSeed));
}

namespace {

StageSpec parse_stage(const Value& v, const CaseSpec& cs, std::size_t index) {
  StageSpec st;
  st.path = v.path();
  const auto& rows = stage_optimizers();
  if (!v.is_map()) v.map(table_keys(stage_common_keys(), rows, nullptr));  // "expected a map ..."
  const StageOptimizer& row =
      stage_optimizer(v.any_map().get("optimizer").choice(stage_optimizer_names()));
  // The keys of another optimizer are errors on this one's stage, said so;
  // other unknown keys get a suggestion from this one's.
  const MapReader any =
      v.map(table_keys(stage_common_keys(), rows, &row), other_rows_key(rows, row));
  st.steps = static_cast<int>(any.get("steps").integer(1, kMaxSteps));
  st.optimizer = row.parse(any, st.steps);
  if (auto p = any.find("points")) st.points = static_cast<int>(p->integer(1, kMaxPoints));
  if (auto r = any.find("refine")) {
    if (cs.pde.general() && cs.pde.compiled->mode() == expr::JetMode::hessian)
      r->fail(
          "a refinement needs Laplacian jets; this equation needs single second "
          "derivatives (Hessian jets)");
    if (!cs.unknowns.empty())
      r->fail(
          "a refinement freezes the solution and trains a second network; it does not carry "
          "the unknowns of an inverse problem (leave out refine, or the unknowns)");
    std::vector<std::string> keys = kKanKeys;
    keys.push_back("scale");
    const MapReader rm = r->map(keys);
    RefineSpec rs;
    rs.kan = cs.model.kan;  // grid_range, base function and scales as the model's
    rs.kan.widths = {cs.dim(), 5, 1};
    rs.kan.grid_size = 5;
    read_kan(rm, rs.kan, cs.dim());
    rs.seed_given = rm.has("seed");
    if (auto sc = rm.find("scale")) {
      if (!(sc->is_scalar() && sc->string() == "auto")) rs.scale = sc->number(Range::positive());
    }
    st.refine = rs;
  }
  if (auto sv = any.find("sparsity")) {
    if (st.optimizer.least_squares()) {
      std::vector<std::string> others;
      for (const StageOptimizer& r : stage_optimizers())
        if (!r.least_squares) others.emplace_back(r.name);
      sv->fail("the sparsity penalty (an L1 norm and an entropy) is not a sum of squares, which " +
               std::string(row.title) + " minimises; expected it on a stage of " +
               quoted_list(others, " or "));
    }
    const MapReader sm = sv->map({"weight", "l1", "entropy"});
    SparsitySpec sp;
    sp.weight = sm.get("weight").number(Range::positive());
    sp.l1 = sm.number("l1", sp.l1, Range::non_negative());
    sp.entropy = sm.number("entropy", sp.entropy, Range::non_negative());
    if (sp.l1 == 0 && sp.entropy == 0)
      sv->fail("expected l1 > 0 or entropy > 0 (both are 0: the penalty would be nothing)");
    st.sparsity = sp;
  }
  if (auto pv = any.find("prune")) {
    if (cs.model.kan.widths.size() < 3)
      pv->fail("pruning removes hidden nodes; model.kan.widths has no hidden layer");
    if (index == 0)
      pv->fail(
          "the network is not trained before the first stage, so there is nothing to score; "
          "expected prune on a later stage");
    if (st.refine)
      pv->fail(
          "a stage that starts a refinement network cannot prune it before it is trained; "
          "prune on a later stage");
    const MapReader pm = pv->map({"threshold"});
    PruneSpec ps;
    ps.threshold = pm.get("threshold").number(Range::open(0.0, 1.0));
    st.prune = ps;
  }
  return st;
}

}  // namespace

void parse_training(const std::optional<Value>& v, CaseSpec& cs) {
  TrainingSpec& t = cs.training;
  std::optional<MapReader> m;
  if (v)
    m.emplace(v->map({"loss_weights", "balance", "stages", "grid_schedule", "grid_update", "stop",
                      "seed", "precision"}));
  if (m && m->has("loss_weights")) {
    const MapReader lw = m->get("loss_weights").map({"pde", "boundary"});
    t.loss_weights.pde = lw.number("pde", t.loss_weights.pde, Range::positive());
    t.loss_weights.boundary = lw.number("boundary", t.loss_weights.boundary, Range::positive());
  }
  if (m && m->has("balance")) {
    const MapReader b = m->get("balance").map({"method", "every", "smoothing"});
    t.balance.method = b.choice("method", t.balance.method, {"ntk", "gradient", "none"});
    t.balance.every = static_cast<int>(b.integer("every", t.balance.every, 1, kMaxSteps));
    t.balance.smoothing = b.number("smoothing", t.balance.smoothing, Range::half_open(0.0, 1.0));
  }
  if (m && m->has("stages")) {
    for (const auto& it : m->get("stages").items(1, 100))
      t.stages.push_back(parse_stage(it, cs, t.stages.size()));
  } else {
    t.stages = default_stages(cs.sampling.interior.count);  // solver/case/Defaults.hpp
  }
  // Step after which stage s starts.
  std::vector<int> stage_start(t.stages.size() + 1, 0);
  for (std::size_t s = 0; s < t.stages.size(); ++s)
    stage_start[s + 1] = stage_start[s] + t.stages[s].steps;
  const int total = stage_start.back();

  if (m && m->has("grid_schedule")) {
    int last_size = cs.model.kan.grid_size;
    int last_step = -1;
    for (const auto& it : m->get("grid_schedule").items()) {
      const MapReader gm = it.map({"at_stage", "at_step", "grid_size"});
      GridExtension g;
      g.path = it.path();
      if (gm.has("at_stage") == gm.has("at_step"))
        it.fail("expected exactly one of \"at_stage\" and \"at_step\"");
      if (auto s = gm.find("at_stage")) {
        g.at_stage = static_cast<int>(s->integer(0, static_cast<long long>(t.stages.size()) - 1));
        g.step = stage_start[std::size_t(g.at_stage)];
      } else {
        g.at_step = static_cast<int>(gm.get("at_step").integer(0, total - 1));
        g.step = g.at_step;
      }
      const Value gs = gm.get("grid_size");
      g.grid_size = static_cast<int>(gs.integer(1, 1000));
      if (g.grid_size <= last_size)
        gs.fail("expected a grid size larger than " + std::to_string(last_size) +
                " (sizes must increase from model.kan.grid_size), found " +
                std::to_string(g.grid_size));
      if (g.step <= last_step)
        it.fail("expected a later point in training than the previous extension (step " +
                std::to_string(last_step) + "), found step " + std::to_string(g.step));
      last_size = g.grid_size;
      last_step = g.step;
      t.grid_schedule.push_back(g);
    }
  } else if (!(m && m->has("stages"))) {
    t.grid_schedule = default_grid_schedule(cs.model.kan.grid_size, stage_start);
  }
  if (m && m->has("grid_update")) {
    const MapReader gu = m->get("grid_update").map({"every", "until", "grid_eps"});
    t.grid_update.every = static_cast<int>(gu.integer("every", 0, 0, kMaxSteps));
    t.grid_update.until = static_cast<int>(gu.integer("until", 0, 0, kMaxSteps));
    t.grid_update.grid_eps = gu.number("grid_eps", t.grid_update.grid_eps, Range::closed(0, 1));
  }
  if (m && m->has("stop")) {
    const MapReader sm = m->get("stop").map({"loss", "max_recoveries"});
    t.stop.loss = sm.number("loss", t.stop.loss, Range::non_negative());
    t.stop.max_recoveries = static_cast<int>(sm.integer("max_recoveries", 10, 0, 1000));
  }
  if (m) {
    if (auto s = m->find("seed")) t.seed = static_cast<std::uint64_t>(s->integer(0, kMaxSeed));
    t.precision = m->choice("precision", t.precision, {"double", "float"});
    // float is a documented value of the schema, but no float path exists
    // yet: refused here, so that `check` rejects what `solve` cannot run.
    if (t.precision != "double")
      m->get("precision")
          .fail("only double precision is implemented in this version; use \"double\"");
  }
  // training.seed is the default of the other seeds.
  const auto& given = cs.sources.all();
  if (given.find("model.kan.seed") == given.end()) cs.model.kan.seed = t.seed;
  if (given.find("sampling.seed") == given.end()) cs.sampling.seed = t.seed;
  // A refinement network's seed: the model's plus its rank among the
  // refinements (1, 2, ...), unless given.
  std::uint64_t rank = 0;
  for (StageSpec& st : t.stages)
    if (st.refine) {
      ++rank;
      if (!st.refine->seed_given) st.refine->kan.seed = cs.model.kan.seed + rank;
    }
}

void parse_reference(const std::optional<Value>& v, CaseSpec& cs) {
  ReferenceSpec& r = cs.reference;
  const int dim = cs.dim();
  r.resolution = default_reference_resolution(dim);  // solver/case/Defaults.hpp
  r.enabled = dim <= 3;
  if (!v) return;
  const MapReader m = v->map({"enabled", "resolution", "solver", "tolerance", "data"});
  if (auto res = m.find("resolution")) r.resolution = per_axis(*res, dim, 3, 100000);
  if (auto e = m.find("enabled")) {
    r.enabled = e->boolean();
    if (r.enabled && dim > 3)
      e->fail("the finite-difference reference is refused above 3D: " + r.unknowns_text() +
              "; use enabled: false (the table then compares the KAN with pde.exact)");
  }
  r.solver = m.choice("solver", r.solver, {"auto", "direct", "cg"});
  r.tolerance = m.number("tolerance", r.tolerance, Range::open(0.0, 1.0));
  if (auto d = m.find("data")) {
    r.data = d->string();
    if (r.data.empty()) d->fail("expected the path of a CSV or HDF5 file, found \"\"");
    // Relative to the case file's folder (the working directory for a case
    // given as text).
    std::string path = r.data;
    const auto slash = cs.file.find_last_of('/');
    if (path.front() != '/' && slash != std::string::npos)
      path = cs.file.substr(0, slash + 1) + path;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
      d->fail("no such file \"" + path +
              "\" (a relative path is taken from the case file's folder)");
    const geometry::DomainPtr g = build_domain(cs.domain);
    r.data_points =
        std::make_shared<const ReferenceData>(read_reference_data(path, dim, g->bounding_box()));
  }
}

void parse_interpret(const std::optional<Value>& v, CaseSpec& cs) {
  InterpretSpec& s = cs.interpret;
  if (!v) return;
  const MapReader m =
      v->map({"enabled", "prune", "retrain_steps", "complexity_weight", "select", "refit", "pin"});
  s.enabled = m.boolean("enabled", s.enabled);
  s.prune = m.number("prune", s.prune, Range::closed(0.0, 1.0));
  s.retrain_steps = static_cast<int>(m.integer("retrain_steps", s.retrain_steps, 0, 100000));
  s.complexity_weight =
      m.number("complexity_weight", s.complexity_weight, Range::closed(0.0, 100.0));
  s.select = m.boolean("select", s.select);
  s.refit = m.boolean("refit", s.refit);
  if (auto pins = m.find("pin")) {
    const std::vector<int>& w = cs.model.kan.widths;
    std::vector<std::string> names;
    for (const auto& f : symbolic::library()) names.push_back(f.name);
    for (const Value& item : pins->items()) {
      const MapReader pm = item.map({"edge", "function"});
      const Value edge = pm.get("edge");
      const std::vector<Value> e = edge.items(3, 3);
      EdgePin p;
      p.layer = static_cast<int>(e[0].integer(0, static_cast<long long>(w.size()) - 2));
      p.input = static_cast<int>(e[1].integer(0, w[static_cast<std::size_t>(p.layer)] - 1));
      p.output = static_cast<int>(e[2].integer(0, w[static_cast<std::size_t>(p.layer) + 1] - 1));
      p.function = pm.get("function").choice(names);
      if (s.prune > 0.0)
        edge.fail(
            "pinned edges name the trained network's edges, which pruning renumbers: "
            "use pin with prune: 0, or prune without pins");
      s.pin.push_back(p);
    }
  }
}

namespace {
// output.slice: {axes: [x1, x2], at: [d numbers]} (above 3D only).
void parse_slice(const Value& v, CaseSpec& cs) {
  const int dim = cs.dim();
  if (dim <= 3)
    v.fail(
        "a slice is for cases above 3D; up to 3D the fields cover the whole grid "
        "(output.grid)");
  OutputSpec& o = cs.output;
  const MapReader m = v.map({"axes", "at"});
  if (auto ax = m.find("axes")) {
    std::vector<std::string> names;
    for (int a = 0; a < dim; ++a) names.push_back(coordinate_name(dim, a));
    const auto items = ax->items(2, 2);
    o.slice_axes.clear();
    for (const auto& it : items) o.slice_axes.push_back(coordinate_index(dim, it.choice(names)));
    if (o.slice_axes[0] == o.slice_axes[1])
      items[1].fail("expected two different axes, found " + names[std::size_t(o.slice_axes[0])] +
                    " twice");
  }
  if (auto at = m.find("at")) {
    o.slice_at = at->numbers(std::size_t(dim), std::size_t(dim));
    const auto items = at->items();
    for (int a = 0; a < dim; ++a) {
      const auto i = std::size_t(a);
      if (o.slice_at[i] < cs.domain.bbox_min[i] || o.slice_at[i] > cs.domain.bbox_max[i])
        items[i].fail("expected a value in the domain's extent along " + coordinate_name(dim, a) +
                      " [" + format_number(cs.domain.bbox_min[i]) + ", " +
                      format_number(cs.domain.bbox_max[i]) + "], found " +
                      format_number(o.slice_at[i]));
    }
  }
}
}  // namespace

void parse_output(const std::optional<Value>& v, CaseSpec& cs) {
  OutputSpec& o = cs.output;
  o.directory = "results/" + cs.name;
  o.grid = cs.reference.resolution;
  o.slice_axes.clear();
  o.slice_at.clear();
  if (cs.dim() > 3) {
    o.slice_axes = {0, 1};
    for (int a = 0; a < cs.dim(); ++a)
      o.slice_at.push_back(
          0.5 * (cs.domain.bbox_min[std::size_t(a)] + cs.domain.bbox_max[std::size_t(a)]));
  }
  const bool exact = cs.pde.exact.has_value();
  const bool fd = cs.reference.enabled;
  // The table of fields (solver/case/OutputFields.hpp): what each needs.
  auto available = [&](const OutputField& f, std::string& why) {
    if (!exact && f.needs_exact) {
      why = "needs pde.exact (no exact solution is given)";
      return false;
    }
    if (!fd && f.needs_fd) {
      why = "needs the finite-difference reference (reference.enabled is false)";
      return false;
    }
    return true;
  };
  const std::vector<std::string> all = output_field_names();
  auto field = [&](const std::string& name) -> const OutputField& {
    return output_fields()[std::size_t(std::find(all.begin(), all.end(), name) - all.begin())];
  };
  o.fields.clear();
  std::string why;
  for (const OutputField& f : output_fields())
    if (available(f, why)) o.fields.emplace_back(f.name);
  if (!v) return;
  const MapReader m = v->map(
      {"directory", "grid", "history_every", "fields", "plots", "save_collocation", "slice"});
  o.directory = m.string("directory", o.directory);
  if (auto g = m.find("grid")) o.grid = per_axis(*g, cs.dim(), 2, 100000);
  if (auto sl = m.find("slice")) parse_slice(*sl, cs);
  o.history_every = static_cast<int>(m.integer("history_every", o.history_every, 1, kMaxSteps));
  if (auto f = m.find("fields")) {
    o.fields.clear();
    for (const auto& it : f->items(1, all.size())) {
      const std::string name = it.choice(all);
      if (!available(field(name), why)) it.fail("field \"" + name + "\" " + why);
      if (std::find(o.fields.begin(), o.fields.end(), name) != o.fields.end())
        it.fail("field \"" + name + "\" is listed twice");
      // The FD fields are sampled at the FD nodes: only a grid that is the
      // reference's has them (asked for by name, they must exist).
      if (field(name).needs_fd && o.grid != cs.reference.resolution)
        it.fail("field \"" + name + "\" needs the evaluation grid to be the reference grid (" +
                format_list(std::vector<double>(cs.reference.resolution.begin(),
                                                cs.reference.resolution.end())) +
                " points per axis), found output.grid " +
                format_list(std::vector<double>(o.grid.begin(), o.grid.end())));
      o.fields.push_back(name);
    }
  } else if (o.grid != cs.reference.resolution) {
    // The default list: the FD fields exist only on the reference grid.
    o.fields.erase(std::remove_if(o.fields.begin(), o.fields.end(),
                                  [&](const std::string& s) { return field(s).needs_fd; }),
                   o.fields.end());
  }
  o.plots = m.boolean("plots", o.plots);
  o.save_collocation = m.boolean("save_collocation", o.save_collocation);
}

}  // namespace kanpde::solver::Impl
