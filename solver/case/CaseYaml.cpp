// CaseSpec::to_yaml: the resolved case, every value explicit, in the schema's
// order; loading it gives the same case back.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>

#include "common/Coordinates.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/DomainTypes.hpp"
#include "solver/case/StageOptimizers.hpp"
#include "solver/case/impl/Reader.hpp"
#include "solver/case/impl/YamlOut.hpp"

namespace kanpde::solver {

namespace {

using Impl::format_number;

using Impl::Num;
using Impl::numbers;
using Impl::strings;

template <class T>
void ints(YAML::Emitter& out, const std::vector<T>& v) {
  out << YAML::Flow << YAML::BeginSeq;
  for (T x : v) out << x;
  out << YAML::EndSeq;
}

void emit_domain(YAML::Emitter& out, const DomainSpec& d) {
  out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << to_string(d.type);
  if (!d.name.empty()) out << YAML::Key << "name" << YAML::Value << d.name;
  domain_type(d.type).write(out, d, emit_domain);
  if (!d.rename.empty()) {
    out << YAML::Key << "rename" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [from, to] : d.rename) out << YAML::Key << from << YAML::Value << to;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

// The keys of a KAN (model.kan, a stage's refine) into an open map.
void kan_keys(YAML::Emitter& out, const KanModelSpec& k) {
  out << YAML::Key << "widths" << YAML::Value;
  ints(out, k.widths);
  out << YAML::Key << "grid_size" << YAML::Value << k.grid_size;
  out << YAML::Key << "spline_order" << YAML::Value << k.spline_order;
  out << YAML::Key << "grid_range" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& r : k.grid_range) numbers(out, {r.first, r.second});
  out << YAML::EndSeq;
  out << YAML::Key << "base_function" << YAML::Value << kan::to_string(k.base_function);
  out << YAML::Key << "seed" << YAML::Value << k.seed;
  out << YAML::Key << "coef_noise" << YAML::Value << Num{k.coef_noise};
  out << YAML::Key << "base_scale" << YAML::Value << Num{k.base_scale};
  out << YAML::Key << "spline_scale" << YAML::Value << Num{k.spline_scale};
}

void stage(YAML::Emitter& out, const StageSpec& s) {
  out << YAML::BeginMap;
  out << YAML::Key << "optimizer" << YAML::Value << s.optimizer.name();
  out << YAML::Key << "steps" << YAML::Value << s.steps;
  if (s.points > 0) out << YAML::Key << "points" << YAML::Value << s.points;
  if (s.refine) {
    out << YAML::Key << "refine" << YAML::Value << YAML::Flow << YAML::BeginMap;
    kan_keys(out, s.refine->kan);
    out << YAML::Key << "scale" << YAML::Value;
    if (s.refine->scale > 0)
      out << Num{s.refine->scale};
    else
      out << "auto";
    out << YAML::EndMap;
  }
  if (s.sparsity) {
    out << YAML::Key << "sparsity" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "weight" << YAML::Value << Num{s.sparsity->weight};
    out << YAML::Key << "l1" << YAML::Value << Num{s.sparsity->l1};
    out << YAML::Key << "entropy" << YAML::Value << Num{s.sparsity->entropy};
    out << YAML::EndMap;
  }
  if (s.prune) {
    out << YAML::Key << "prune" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "threshold" << YAML::Value << Num{s.prune->threshold};
    out << YAML::EndMap;
  }
  stage_optimizer(s.optimizer.name()).write(out, s.optimizer);
  out << YAML::EndMap;
}

}  // namespace

std::string CaseSpec::to_yaml() const {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << name;
  if (!description.empty()) out << YAML::Key << "description" << YAML::Value << description;
  if (!constants.empty()) {
    out << YAML::Key << "constants" << YAML::Value << YAML::BeginMap;
    for (const auto& c : constants) out << YAML::Key << c.name << YAML::Value << c.text;
    out << YAML::EndMap;
  }
  if (!unknowns.empty() || !field_unknowns.empty()) {
    out << YAML::Key << "unknowns" << YAML::Value << YAML::BeginMap;
    for (const auto& f : field_unknowns) {
      out << YAML::Key << f.name << YAML::Value << YAML::Flow << YAML::BeginMap;
      out << YAML::Key << "field" << YAML::Value << true;
      out << YAML::Key << "positive" << YAML::Value << f.positive;
      out << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "widths" << YAML::Value << YAML::Flow << f.widths;
      out << YAML::Key << "grid_size" << YAML::Value << f.grid_size;
      out << YAML::EndMap;
      if (f.exact)
        out << YAML::Key << "exact" << YAML::Value << YAML::DoubleQuoted << f.exact->text();
      if (f.reg_gradient > 0 || f.reg_value > 0 || f.reg_tv > 0) {
        out << YAML::Key << "regularize" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "gradient" << YAML::Value << Num{f.reg_gradient};
        out << YAML::Key << "value" << YAML::Value << Num{f.reg_value};
        if (f.reg_target)
          out << YAML::Key << "target" << YAML::Value << YAML::DoubleQuoted << f.reg_target->text();
        out << YAML::Key << "tv" << YAML::Value << Num{f.reg_tv};
        out << YAML::Key << "tv_epsilon" << YAML::Value << Num{f.reg_tv_epsilon};
        out << YAML::EndMap;
      }
      out << YAML::EndMap;
    }
    for (const auto& u : unknowns) {
      out << YAML::Key << u.name << YAML::Value << YAML::Flow << YAML::BeginMap;
      out << YAML::Key << "init" << YAML::Value << Num{u.init};
      if (std::isfinite(u.min)) out << YAML::Key << "min" << YAML::Value << Num{u.min};
      if (std::isfinite(u.max)) out << YAML::Key << "max" << YAML::Value << Num{u.max};
      if (u.exact) out << YAML::Key << "exact" << YAML::Value << Num{*u.exact};
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "domain" << YAML::Value;
  emit_domain(out, domain);
  if (const std::size_t left = corners_left_out(*this); left > 0)
    out << YAML::Comment(
        std::to_string(left) + " more re-entrant corner(s) not enriched: at most " +
        std::to_string(kMaxExtraScalars) + " corner amplitudes and unknown scalars together");
  for (const geometry::CornerSite& c : enriched_corners(*this)) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "corner enrichment at vertex %d (%g, %g): %s, angle %.6g deg, exponent %.6g, "
                  "%s %.6g",
                  c.vertex, c.at[0], c.at[1], geometry::to_string(c.kind), c.omega * 180.0 / M_PI,
                  c.exponent(),
                  std::isfinite(c.radius) ? "support radius" : "no cutoff; length scale",
                  std::isfinite(c.radius) ? c.radius : c.reach);
    out << YAML::Comment(line);
  }

  out << YAML::Key << "pde" << YAML::Value << YAML::BeginMap;
  if (pde.general()) {
    out << YAML::Key << "equation" << YAML::Value << YAML::DoubleQuoted << pde.equation;
    if (!pde.coefficients.empty()) {
      out << YAML::Key << "coefficients" << YAML::Value << YAML::BeginMap;
      for (const auto& c : pde.coefficients)
        out << YAML::Key << c.first << YAML::Value << YAML::DoubleQuoted << c.second;
      out << YAML::EndMap;
    }
    out << YAML::Key << "interfaces" << YAML::Value << pde.interfaces;
    std::string found;
    for (const InterfaceSpec& s : pde.interface_list)
      found += std::string(found.empty() ? "interface " : "; interface ") + s.level_set +
               " = 0 (a jump of " + s.coefficient + ")";
    if (!found.empty()) out << YAML::Comment(found);
  } else {
    out << YAML::Key << "form" << YAML::Value << YAML::DoubleQuoted << pde.form;
    if (pde.form.find("c*u") != std::string::npos)
      out << YAML::Key << "c" << YAML::Value << Num{pde.c_given};
    out << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << pde.source.text();
  }
  if (pde.exact)
    out << YAML::Key << "exact" << YAML::Value << YAML::DoubleQuoted << pde.exact->text();
  out << YAML::EndMap;

  out << YAML::Key << "boundary" << YAML::Value << YAML::BeginSeq;
  for (const auto& bc : boundary) {
    out << YAML::BeginMap << YAML::Key << "parts" << YAML::Value;
    strings(out, bc.parts);
    out << YAML::Key << "type" << YAML::Value << to_string(bc.type);
    if (bc.type == BcType::equation)
      out << YAML::Key << "equation" << YAML::Value << YAML::DoubleQuoted << bc.equation;
    else
      out << YAML::Key << "value" << YAML::Value << YAML::DoubleQuoted << bc.value.text();
    if (bc.type == BcType::robin) {
      out << YAML::Key << "a" << YAML::Value << Num{bc.a};
      out << YAML::Key << "b" << YAML::Value << Num{bc.b};
    }
    if (bc.type == BcType::dirichlet)
      out << YAML::Key << "enforce" << YAML::Value << to_string(bc.enforce);
    if (bc.enforce == Enforcement::soft)
      out << YAML::Key << "weight" << YAML::Value << Num{bc.weight};
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  const KanModelSpec& k = model.kan;
  out << YAML::Key << "model" << YAML::Value << YAML::BeginMap << YAML::Key << "kan" << YAML::Value
      << YAML::BeginMap;
  kan_keys(out, k);
  out << YAML::EndMap << YAML::EndMap;

  const SamplingSpec& s = sampling;
  out << YAML::Key << "sampling" << YAML::Value << YAML::BeginMap;
  for (const auto& [key, ps] :
       {std::make_pair("interior", s.interior), std::make_pair("boundary", s.boundary)}) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "count" << YAML::Value << ps.count;
    out << YAML::Key << "method" << YAML::Value << ps.method << YAML::EndMap;
  }
  out << YAML::Key << "resample_every" << YAML::Value << s.resample_every;
  out << YAML::Key << "adaptive" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << s.adaptive.enabled;
  out << YAML::Key << "every" << YAML::Value << s.adaptive.every;
  out << YAML::Key << "add" << YAML::Value << s.adaptive.add;
  out << YAML::Key << "candidates" << YAML::Value << s.adaptive.candidates;
  out << YAML::Key << "max_points" << YAML::Value << s.adaptive.max_points << YAML::EndMap;
  out << YAML::Key << "seed" << YAML::Value << s.seed;
  out << YAML::EndMap;

  const TrainingSpec& t = training;
  out << YAML::Key << "training" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "loss_weights" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "pde" << YAML::Value << Num{t.loss_weights.pde};
  out << YAML::Key << "boundary" << YAML::Value << Num{t.loss_weights.boundary} << YAML::EndMap;
  out << YAML::Key << "balance" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "method" << YAML::Value << t.balance.method;
  out << YAML::Key << "every" << YAML::Value << t.balance.every;
  out << YAML::Key << "smoothing" << YAML::Value << Num{t.balance.smoothing} << YAML::EndMap;
  out << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
  for (const auto& st : t.stages) stage(out, st);
  out << YAML::EndSeq;
  if (!t.grid_schedule.empty()) {
    out << YAML::Key << "grid_schedule" << YAML::Value << YAML::BeginSeq;
    for (const auto& g : t.grid_schedule) {
      out << YAML::Flow << YAML::BeginMap;
      if (g.at_stage >= 0) out << YAML::Key << "at_stage" << YAML::Value << g.at_stage;
      if (g.at_step >= 0) out << YAML::Key << "at_step" << YAML::Value << g.at_step;
      out << YAML::Key << "grid_size" << YAML::Value << g.grid_size << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::Key << "grid_update" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "every" << YAML::Value << t.grid_update.every;
  out << YAML::Key << "until" << YAML::Value << t.grid_update.until;
  out << YAML::Key << "grid_eps" << YAML::Value << Num{t.grid_update.grid_eps} << YAML::EndMap;
  out << YAML::Key << "stop" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "loss" << YAML::Value << Num{t.stop.loss};
  out << YAML::Key << "max_recoveries" << YAML::Value << t.stop.max_recoveries << YAML::EndMap;
  out << YAML::Key << "seed" << YAML::Value << t.seed;
  out << YAML::Key << "precision" << YAML::Value << t.precision;
  out << YAML::EndMap;

  out << YAML::Key << "reference" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << reference.enabled;
  out << YAML::Key << "resolution" << YAML::Value;
  ints(out, reference.resolution);
  out << YAML::Key << "solver" << YAML::Value << reference.solver;
  out << YAML::Key << "tolerance" << YAML::Value << Num{reference.tolerance};
  if (!reference.data.empty()) out << YAML::Key << "data" << YAML::Value << reference.data;
  out << YAML::EndMap;

  if (!data.empty()) {
    out << YAML::Key << "data" << YAML::Value << YAML::BeginSeq;
    for (const DataTermSpec& d : data) {
      // The file as opened (an absolute path): loadable from anywhere.
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "file" << YAML::Value
          << (d.points ? d.points->path : d.file);
      out << YAML::Key << "columns" << YAML::Value;
      strings(out, d.columns);
      out << YAML::Key << "quantity" << YAML::Value << d.quantity;
      out << YAML::Key << "weight" << YAML::Value << Num{d.weight};
      out << YAML::Key << "noise" << YAML::Value << Num{d.noise} << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  out << YAML::Key << "interpret" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "enabled" << YAML::Value << interpret.enabled;
  out << YAML::Key << "prune" << YAML::Value << Num{interpret.prune};
  out << YAML::Key << "retrain_steps" << YAML::Value << interpret.retrain_steps;
  out << YAML::Key << "complexity_weight" << YAML::Value << Num{interpret.complexity_weight};
  out << YAML::Key << "select" << YAML::Value << interpret.select;
  out << YAML::Key << "refit" << YAML::Value << interpret.refit;
  out << YAML::Key << "pin" << YAML::Value << YAML::BeginSeq;
  for (const EdgePin& p : interpret.pin) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "edge" << YAML::Value << YAML::Flow
        << YAML::BeginSeq << p.layer << p.input << p.output << YAML::EndSeq;
    out << YAML::Key << "function" << YAML::Value << p.function << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;

  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "directory" << YAML::Value << output.directory;
  out << YAML::Key << "grid" << YAML::Value;
  ints(out, output.grid);
  out << YAML::Key << "history_every" << YAML::Value << output.history_every;
  out << YAML::Key << "fields" << YAML::Value;
  strings(out, output.fields);
  out << YAML::Key << "plots" << YAML::Value << output.plots;
  out << YAML::Key << "save_collocation" << YAML::Value << output.save_collocation;
  if (!output.slice_axes.empty()) {
    out << YAML::Key << "slice" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "axes" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (int a : output.slice_axes) out << coordinate_name(dim(), a);
    out << YAML::EndSeq << YAML::Key << "at" << YAML::Value;
    numbers(out, output.slice_at);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;

  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace kanpde::solver
