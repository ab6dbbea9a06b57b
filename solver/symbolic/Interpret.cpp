#include "solver/symbolic/Interpret.hpp"

#include <Kokkos_Core.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <ostream>
#include <sstream>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "kan/ModelIO.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/Expression.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/metrics/Metrics.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/pde/TrialFunction.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Problem.hpp"
#include "solver/symbolic/Library.hpp"
#include "solver/symbolic/Prune.hpp"
#include "solver/symbolic/Refit.hpp"
#include "solver/symbolic/SymbolicIO.hpp"
#include "solver/train/PinnObjective.hpp"

namespace kanpde::solver::symbolic {
namespace {

using Mem = Kokkos::DefaultExecutionSpace::memory_space;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string sci(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : "inf";
  char b[32];
  std::snprintf(b, sizeof b, "%.3e", v);
  return b;
}

double rms(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  double s = 0.0;
  for (double x : v) s += x * x;
  return std::sqrt(s / static_cast<double>(v.size()));
}

// Jets (N x (d+2)) of the trial function u = G + D S built on the formula at
// points (dj, gj empty: u = S).
std::vector<double> formula_jets(const SymbolicModel& m, const std::vector<double>& x,
                                 const std::vector<double>& dj, const std::vector<double>& gj) {
  const int d = m.input_dim(), NC = d + 2;
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  std::vector<double> out(n * static_cast<std::size_t>(NC)), s(static_cast<std::size_t>(NC));
  std::vector<double> one(static_cast<std::size_t>(NC), 0.0),
      zero(static_cast<std::size_t>(NC), 0.0);
  one[0] = 1.0;
  for (std::size_t p = 0; p < n; ++p) {
    m.evaluate(&x[p * static_cast<std::size_t>(d)], s.data());
    const double* D = dj.empty() ? one.data() : &dj[p * static_cast<std::size_t>(NC)];
    const double* G = gj.empty() ? zero.data() : &gj[p * static_cast<std::size_t>(NC)];
    trial_compose_laplacian(d, G, D, s.data(), &out[p * static_cast<std::size_t>(NC)]);
  }
  return out;
}

std::vector<double> kan_jets(const kan::Network<Mem>& net, const std::vector<double>& x, int d,
                             const geometry::Domain& domain, const HardDirichlet& hd) {
  const Field f = evaluate_solution(net, x, d, domain, hd);
  const int NC = d + 2;
  std::vector<double> out(f.u.size() * static_cast<std::size_t>(NC));
  for (std::size_t p = 0; p < f.u.size(); ++p) {
    double* o = &out[p * static_cast<std::size_t>(NC)];
    o[0] = f.u[p];
    for (int a = 0; a < d; ++a) o[1 + a] = f.grad[p * static_cast<std::size_t>(d) + a];
    o[d + 1] = f.lap[p];
  }
  return out;
}

// Unweighted residuals of one term from jets (size: sum of |A_c u_c| + |rhs|).
void term_residuals(const PointTerm& t, const std::vector<double>& jets, std::vector<double>& r,
                    std::vector<double>& size) {
  const std::size_t NC = static_cast<std::size_t>(t.dim + 2);
  r.assign(t.size(), 0.0);
  size.assign(t.size(), 0.0);
  for (std::size_t p = 0; p < t.size(); ++p) {
    double v = -t.rhs[p], s = std::abs(t.rhs[p]);
    for (std::size_t c = 0; c < NC; ++c) {
      v += t.coef[p * NC + c] * jets[p * NC + c];
      s += std::abs(t.coef[p * NC + c] * jets[p * NC + c]);
    }
    r[p] = v;
    size[p] = s;
  }
}

double loss_of(const std::vector<PointTerm>& terms,
               const std::function<std::vector<double>(const PointTerm&, std::size_t)>& jets) {
  double L = 0.0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const PointTerm& t = terms[ti];
    if (t.size() == 0) continue;
    std::vector<double> r, s;
    term_residuals(t, jets(t, ti), r, s);
    const double q = rms(r);
    L += t.weight * q * q;
  }
  return L;
}

// Every stride-th point of each term (at most max_points per term), with the
// matching hard-constraint jets.
std::vector<PointTerm> thin_terms(const std::vector<PointTerm>& terms, const TrialConstraint& tc,
                                  std::size_t max_points, TrialConstraint& out_tc) {
  std::vector<PointTerm> out;
  out_tc = TrialConstraint{};
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const PointTerm& t = terms[ti];
    const std::size_t d = static_cast<std::size_t>(t.dim), NC = d + 2;
    const std::size_t stride = std::max<std::size_t>(1, (t.size() + max_points - 1) / max_points);
    PointTerm u = t;
    u.x.clear();
    u.coef.clear();
    u.rhs.clear();
    std::vector<double> dj, gj;
    const bool h = tc.active() && !tc.djet[ti].empty();
    for (std::size_t p = 0; p < t.size(); p += stride) {
      u.x.insert(u.x.end(), t.x.begin() + static_cast<std::ptrdiff_t>(p * d),
                 t.x.begin() + static_cast<std::ptrdiff_t>((p + 1) * d));
      u.coef.insert(u.coef.end(), t.coef.begin() + static_cast<std::ptrdiff_t>(p * NC),
                    t.coef.begin() + static_cast<std::ptrdiff_t>((p + 1) * NC));
      u.rhs.push_back(t.rhs[p]);
      if (h) {
        dj.insert(dj.end(), tc.djet[ti].begin() + static_cast<std::ptrdiff_t>(p * NC),
                  tc.djet[ti].begin() + static_cast<std::ptrdiff_t>((p + 1) * NC));
        gj.insert(gj.end(), tc.gjet[ti].begin() + static_cast<std::ptrdiff_t>(p * NC),
                  tc.gjet[ti].begin() + static_cast<std::ptrdiff_t>((p + 1) * NC));
      }
    }
    out.push_back(std::move(u));
    if (tc.active()) {
      out_tc.djet.push_back(std::move(dj));
      out_tc.gjet.push_back(std::move(gj));
    }
  }
  return out;
}

// Copies results.h5, adds /symbolic to the copy, renames it into place.
void write_into_results(const std::string& path, const InterpretReport& r, const NetworkFit& fit) {
  const std::string tmp = path + ".symbolic-tmp";
  std::error_code ec;
  std::filesystem::copy_file(path, tmp, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec)
    throw RuntimeFailure(path + ": cannot copy the results file to update it (" + ec.message() +
                         ")");
  try {
    {
      h5::File f = h5::File::open_update(tmp);
      f.root().remove("symbolic");
      h5::Group g = f.root().create_group("symbolic");
      write_symbolic_model(g, r.model);
      g.set_attr("formula", r.text);
      g.set_attr("formula_exact", r.text_exact);
      g.set_attr("latex", r.latex);
      g.set_attr("trial", std::string(r.hard ? "u = G + D S (hard Dirichlet)" : "u = S"));
      g.set_attr("reference", r.reference);
      g.set_attr("rel_l2", r.rel_l2);
      g.set_attr("max_abs", r.max_abs);
      g.set_attr("kan_rel_l2", r.kan_rel_l2);
      g.set_attr("relative_residual", r.relative_residual);
      g.set_attr("loss_fitted", r.loss_fitted);
      g.set_attr("loss_refit", r.loss_refit);
      g.set_attr("loss_kan", r.loss_kan);
      g.set_attr("r2_vs_kan", r.r2_vs_kan);
      g.set_attr("exact", std::int64_t{r.exact ? 1 : 0});
      g.set_attr("verdict", r.verdict);
      g.set_attr("pruned_nodes", std::int64_t{r.pruned_nodes});
      g.set_attr("weak_edges", std::int64_t{r.weak_edges});
      // Per edge: the KAN edge on its samples, the edge fit and the refit
      // formula there (for plots).
      h5::Group eg = g.create_group("edges");
      const SymbolicModel& m = r.model;
      for (int l = 0; l < m.num_layers(); ++l)
        for (int i = 0; i < m.widths()[static_cast<std::size_t>(l)]; ++i)
          for (int o = 0; o < m.widths()[static_cast<std::size_t>(l) + 1]; ++o) {
            const std::size_t e = static_cast<std::size_t>(m.edge_index(l, i, o));
            h5::Group one = eg.create_group("edge_" + std::to_string(l) + "_" + std::to_string(i) +
                                            "_" + std::to_string(o));
            const std::vector<double>& x = fit.x[e];
            std::vector<double> a, b;
            for (double v : x) {
              a.push_back(edge_value(r.fitted.edges()[e], v));
              b.push_back(edge_value(m.edges()[e], v));
            }
            one.write("x", x, {x.size()});
            one.write("kan", fit.y[e], {x.size()});
            one.write("fit", a, {x.size()});
            one.write("refit", b, {x.size()});
            one.set_attr("function",
                         library()[static_cast<std::size_t>(m.edges()[e].function)].name);
            one.set_attr("r2", m.edges()[e].r2);  // of the final function against the KAN edge
            one.set_attr("pinned", std::int64_t{fit.pinned[e] ? 1 : 0});
          }
      f.close();  // checked: a full disk shows here
    }
    std::filesystem::rename(tmp, path);
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}
std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o + "\"";
}

// summary.json gains (or has replaced) a "symbolic" entry, the last one.
void write_into_summary(const std::string& path, const InterpretReport& r) {
  std::ifstream in(path);
  if (!in) return;  // a results file without its summary: nothing to add to
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto cut = text.find(",\n  \"symbolic\": ");
  if (cut != std::string::npos) text = text.substr(0, cut) + "\n}\n";
  const auto close = text.rfind('}');
  if (close == std::string::npos) return;
  std::string body = text.substr(0, close);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  std::ostringstream o;
  o << body << ",\n  \"symbolic\": {\"formula\": " << json_string(r.text)
    << ", \"formula_exact\": " << json_string(r.text_exact)
    << ", \"latex\": " << json_string(r.latex)
    << ", \"trial\": " << json_string(r.hard ? "u = G + D S" : "u = S")
    << ", \"reference\": " << json_string(r.reference) << ", \"rel_l2\": " << json_number(r.rel_l2)
    << ", \"max_abs\": " << json_number(r.max_abs)
    << ", \"kan_rel_l2\": " << json_number(r.kan_rel_l2)
    << ", \"relative_residual\": " << json_number(r.relative_residual)
    << ", \"loss_fitted\": " << json_number(r.loss_fitted)
    << ", \"loss_refit\": " << json_number(r.loss_refit)
    << ", \"loss_kan\": " << json_number(r.loss_kan)
    << ", \"exact\": " << (r.exact ? "true" : "false") << ", \"edges_r2\": [";
  for (std::size_t e = 0; e < r.fitted.edges().size(); ++e)
    o << (e ? ", " : "") << json_number(r.model.edges()[e].r2);
  o << "], \"seconds\": " << json_number(r.seconds) << "}\n}\n";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << o.str();
    if (!out) throw RuntimeFailure(tmp + ": cannot write (disk full?)");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

InterpretOptions interpret_options(const InterpretSpec& s) {
  InterpretOptions o;
  o.prune_threshold = s.prune;
  o.retrain_steps = s.retrain_steps;
  o.fit.edge.complexity_weight = s.complexity_weight;
  o.select = s.select;
  o.refit = s.refit;
  for (const EdgePin& p : s.pin) o.fit.pinned[{p.layer, p.input, p.output}] = p.function;
  return o;
}

InterpretReport interpret_results(const std::string& path, const InterpretOptions& o,
                                  std::ostream& out) {
  const auto t0 = std::chrono::steady_clock::now();
  auto say = [&](const std::string& s) {
    if (!o.quiet) out << s << std::flush;
  };
  // 1. The results file.
  std::string case_yaml;
  kan::Network<Kokkos::HostSpace> host_net;
  std::vector<std::vector<double>> axes;
  std::vector<double> u_fd;
  {
    const h5::File f = h5::File::open_read(path);
    const h5::Group& root = f.root();
    const std::string fmt = root.has_attr("format") ? root.attr_string("format") : "";
    if (fmt != "kanpde-results" || !root.has("case") || !root.has("model"))
      throw InputError(path +
                       ": not a kanpde results file (expected results.h5 of `kanpde solve`)");
    if (root.has("refinement"))
      throw InputError(path +
                       ": holds a multi-stage refinement (a sum of networks); `kanpde symbolic` "
                       "reads one network: solve the case without refine stages");
    if (root.has("symbolic") && o.write && !o.force)
      throw InputError(path + ": holds a symbolic model already (use --force to replace it)");
    case_yaml = root.read_string("case");
    host_net = kan::read_model(root.open_group("model"));
    if (root.has("fields")) {
      const h5::Group fg = root.open_group("fields");
      const char* names[3] = {"x", "y", "z"};
      for (int a = 0; a < host_net.layout().input_dim(); ++a)
        if (fg.has(names[a])) axes.push_back(fg.read<double>(names[a]));
      if (fg.has("u_fd")) u_fd = fg.read<double>("u_fd");
    }
  }
  // 2. The case, its domain and training points.
  const CaseSpec spec = load_case_text(case_yaml, path + ":/case");
  const int d = spec.dim();
  if (host_net.layout().input_dim() != d || host_net.layout().output_dim() != 1)
    throw InputError(path + ": the model's widths do not match the case (dimension " +
                     std::to_string(d) + ", one output)");
  const geometry::DomainPtr domain = build_domain(spec.domain);
  restore_corner_amplitudes(spec, path);  // solver/case/Corners.hpp
  const SampledProblem sp = sample_problem(spec, *domain, 0);
  const HardDirichlet hd = hard_dirichlet(spec);
  const kan::Network<Mem> net = host_net.clone<Mem>();
  std::vector<double> points = sp.interior.x;
  points.insert(points.end(), sp.boundary.x.begin(), sp.boundary.x.end());
  TrialConstraint tc;
  if (sp.hard) {
    tc.djet = sp.hard->djet;
    tc.gjet = sp.hard->gjet;
  }
  InterpretReport R;
  R.hard = hd.active();

  // 3. Pruning (optional): weak hidden nodes removed, the smaller network
  //    retrained briefly (LM on the same loss), weak edges made constant.
  KanModel km{host_net.layout(), host_net.params_host(), host_net.knots_host()};
  kan::Network<Mem> fit_net = net;
  NetworkFitOptions fo = o.fit;
  R.widths_kan = host_net.layout().widths();
  if (o.prune_threshold > 0.0) {
    say("symbolic: pruning at attribution " + sci(o.prune_threshold) + " ...");
    const PruneResult pr = prune_network(km, points, o.prune_threshold);
    fit_net = kan::Network<Mem>(pr.model.layout, pr.model.params, pr.model.knots);
    R.pruned_nodes = pr.removed_nodes;
    R.prune_change = pr.max_change;
    const std::shared_ptr<const Assembler<>> as = make_assembler(sp, parallel::Comm::serial());
    PinnObjective<> obj(*as, fit_net);
    optim::Vector theta = obj.parameters();
    R.loss_pruned = obj.value(theta);
    optim::LevenbergMarquardt lm;
    for (int k = 0; k < o.retrain_steps; ++k)
      if (lm.step(obj, theta).converged) break;
    obj.value(theta);  // leaves the network at theta
    R.loss_retrained = obj.last_terms().total;
    km = KanModel{fit_net.layout(), fit_net.params_host(), fit_net.knots_host()};
    int k = 0;
    for (int l = 0; l < km.layout.num_layers(); ++l)
      for (int i = 0; i < km.layout.width(l); ++i)
        for (int q = 0; q < km.layout.width(l + 1); ++q, ++k)
          if (pr.weak_edge[static_cast<std::size_t>(k)] && !fo.pinned.count({l, i, q})) {
            fo.pinned[{l, i, q}] = "0";
            ++R.weak_edges;
          }
    say(" " + std::to_string(R.pruned_nodes) + " node(s) removed, " + std::to_string(R.weak_edges) +
        " weak edge(s) made constant\n");
  }
  R.widths_fitted = km.layout.widths();

  // 4. Edge fits.
  say("symbolic: fitting " + std::to_string(km.layout.num_edges()) +
      " edges against the library ...");
  const NetworkFit fit = fit_network(km, points, fo);
  R.fitted = fit.model;
  R.candidates = fit.candidates;
  R.pinned = fit.pinned;
  const std::vector<double> N = sample_edges(km, points).u;
  R.r2_vs_kan_fitted = r_squared(N, R.fitted.values(points));
  say(" done\n");

  // 5. Refit.
  auto kan_term_jets = [&](const PointTerm& t, std::size_t) {
    return kan_jets(net, t.x, d, *domain, hd);
  };
  // The refits use at most refit_points points per term (the check is on
  // fresh points anyway); every loss reported is on the refit points.
  TrialConstraint rtc;
  const std::vector<PointTerm> rterms =
      thin_terms(sp.terms, tc, static_cast<std::size_t>(o.refit_points), rtc);
  R.loss_kan = loss_of(rterms, kan_term_jets);
  R.loss_fitted = pde_loss(R.fitted, rterms, rtc);
  R.model = R.fitted;
  R.loss_values = R.loss_refit = R.loss_fitted;
  if (o.refit) {
    say("symbolic: refitting the formula to the KAN's values ...");
    RefitOptions ro;
    ro.max_iterations = o.refit_iterations;
    {
      std::vector<double> xs, ns;
      const std::size_t np = N.size(), stride = std::max<std::size_t>(
                                           1, np / static_cast<std::size_t>(o.refit_points));
      for (std::size_t p = 0; p < np; p += stride) {
        xs.insert(xs.end(), points.begin() + static_cast<std::ptrdiff_t>(p * d),
                  points.begin() + static_cast<std::ptrdiff_t>((p + 1) * d));
        ns.push_back(N[p]);
      }
      refit_values(R.model, xs, ns, ro);
    }
    R.loss_values = pde_loss(R.model, rterms, rtc);
    if (!std::isfinite(R.loss_values) || R.loss_values > R.loss_fitted) {
      R.model = R.fitted;  // keep the better start for the PDE refit
      R.loss_values = R.loss_fitted;
    }
    say(" and on the PDE loss ...");
    const RefitReport rp = refit_pde(R.model, rterms, rtc, ro);
    R.loss_refit = rp.final_loss;
    say(" done\n");
    if (o.select) {
      // Functions chosen by the PDE: swaps tried on a thinned point set, then
      // the final refit on all points.
      say("symbolic: trying the runner-up functions on the PDE ...");
      TrialConstraint small_tc;
      const std::vector<PointTerm> small = thin_terms(sp.terms, tc, 500, small_tc);
      std::vector<double> few;
      const std::size_t np = points.size() / static_cast<std::size_t>(d);
      const std::size_t stride = std::max<std::size_t>(1, np / 400);
      for (std::size_t p = 0; p < np; p += stride)
        few.insert(few.end(), points.begin() + static_cast<std::ptrdiff_t>(p * d),
                   points.begin() + static_cast<std::ptrdiff_t>((p + 1) * d));
      double small_loss = pde_loss(R.model, small, small_tc);
      R.swaps = select_by_pde(R.model, R.candidates, R.pinned, few, small, small_tc, small_loss);
      if (!R.swaps.empty()) {
        const RefitReport rf = refit_pde(R.model, rterms, rtc, ro);
        R.loss_refit = rf.final_loss;
      }
      say(" " + std::to_string(R.swaps.size()) + " swap(s)\n");
    }
  }
  R.r2_vs_kan = r_squared(N, R.model.values(points));
  R.seconds_fit = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 6. Accuracy on the evaluation grid, residuals on fresh points.
  if (static_cast<int>(axes.size()) == d) {
    const EvalGrid grid = make_eval_grid(*domain, axes);
    const TrialJets tj = hd.active() ? trial_jets(*domain, hd, grid.x) : TrialJets{};
    const std::vector<double> fj = formula_jets(R.model, grid.x, tj.d, tj.g);
    const int NC = d + 2;
    std::vector<double> u, g;
    for (std::size_t p = 0; p < grid.x.size() / static_cast<std::size_t>(d); ++p) {
      u.push_back(fj[p * static_cast<std::size_t>(NC)]);
      for (int a = 0; a < d; ++a) g.push_back(fj[p * static_cast<std::size_t>(NC) + 1 + a]);
    }
    const Field kf = evaluate_solution(net, grid.x, d, *domain, hd);
    const Field pf = evaluate_solution(fit_net, grid.x, d, *domain, hd);
    if (spec.pde.exact) {
      const Field ex = evaluate_exact(*spec.pde.exact, grid.x, *domain);
      const Accuracy acc = accuracy(u, ex.u, g, ex.grad);
      const Accuracy kacc = accuracy(kf.u, ex.u);
      R.pruned_rel_l2 = accuracy(pf.u, ex.u).rel_l2;
      R.reference = "exact";
      R.rel_l2 = acc.rel_l2;
      R.max_abs = acc.max_abs;
      R.kan_rel_l2 = kacc.rel_l2;
      R.kan_max_abs = kacc.max_abs;
    } else if (u_fd.size() == grid.nodes) {
      std::vector<double> ref, us, ku, pu;
      for (std::size_t i = 0; i < grid.node.size(); ++i) {
        const double v = u_fd[grid.node[i]];
        if (!std::isfinite(v)) continue;
        ref.push_back(v);
        us.push_back(u[i]);
        ku.push_back(kf.u[i]);
        pu.push_back(pf.u[i]);
      }
      if (!ref.empty()) {
        const Accuracy acc = accuracy(us, ref), kacc = accuracy(ku, ref);
        R.pruned_rel_l2 = accuracy(pu, ref).rel_l2;
        R.reference = "fd";
        R.rel_l2 = acc.rel_l2;
        R.max_abs = acc.max_abs;
        R.kan_rel_l2 = kacc.rel_l2;
        R.kan_max_abs = kacc.max_abs;
      }
    }
    if (R.reference.empty()) R.reference = "none";
    // 7. The printed formula, parsed back.
    R.text_exact = R.model.text(0, 17, false);
    R.text = R.model.text(0, 6, true);
    R.latex = R.model.latex(0, 6);
    const Expression parsed = Expression::compile(R.text_exact, d);
    const std::vector<double> pv = parsed.eval_many(grid.x, d);
    const std::vector<double> sv = R.model.values(grid.x);
    double big = 1.0, diff = 0.0;
    for (std::size_t p = 0; p < sv.size(); ++p) {
      if (!std::isfinite(sv[p]) && !std::isfinite(pv[p])) continue;
      big = std::max(big, std::abs(sv[p]));
      diff = std::max(diff, std::abs(sv[p] - pv[p]));
      if (!std::isfinite(pv[p] - sv[p])) diff = std::numeric_limits<double>::infinity();
    }
    R.parse_back_error = diff / big;
    if (!(R.parse_back_error <= 1e-10))
      throw RuntimeFailure(
          "internal check failed: the printed formula, parsed back, differs from the "
          "symbolic model by " +
          sci(R.parse_back_error) + " (relative); this is a bug in kanpde, please report it");
  } else {
    R.reference = "none";
    R.text_exact = R.model.text(0, 17, false);
    R.text = R.model.text(0, 6, true);
    R.latex = R.model.latex(0, 6);
  }
  const SampledProblem fresh = sample_problem(spec, *domain, o.fresh_round);
  // Reference sizes of u, |grad u|, lap u (RMS of the formula on the fresh
  // interior points): a residual is relative to the size of the terms it
  // balances, so that a homogeneous condition (u = 0) is not divided by 0.
  double ref[3] = {0.0, 0.0, 0.0};
  {
    const TrialJets tj = hd.active() ? trial_jets(*domain, hd, fresh.interior.x) : TrialJets{};
    const std::vector<double> jj = formula_jets(R.model, fresh.interior.x, tj.d, tj.g);
    const std::size_t NC = static_cast<std::size_t>(d + 2), n = jj.size() / NC;
    for (std::size_t p = 0; p < n; ++p) {
      ref[0] += jj[p * NC] * jj[p * NC];
      for (int a = 0; a < d; ++a) ref[1] += jj[p * NC + 1 + a] * jj[p * NC + 1 + a];
      ref[2] += jj[p * NC + NC - 1] * jj[p * NC + NC - 1];
    }
    for (double& v : ref) v = n ? std::sqrt(v / static_cast<double>(n)) : 0.0;
  }
  R.relative_residual = 0.0;
  for (std::size_t ti = 0; ti < fresh.terms.size(); ++ti) {
    const PointTerm& t = fresh.terms[ti];
    if (t.size() == 0) continue;
    const bool h = fresh.hard && !fresh.hard->djet.empty() && !fresh.hard->djet[ti].empty();
    const std::vector<double> dj = h ? fresh.hard->djet[ti] : std::vector<double>{};
    const std::vector<double> gj = h ? fresh.hard->gjet[ti] : std::vector<double>{};
    std::vector<double> r, size, rk, sk;
    term_residuals(t, formula_jets(R.model, t.x, dj, gj), r, size);
    term_residuals(t, kan_jets(net, t.x, d, *domain, hd), rk, sk);
    const std::size_t NC = static_cast<std::size_t>(d + 2);
    for (std::size_t p = 0; p < t.size(); ++p) {
      double s = std::abs(t.rhs[p]);
      for (std::size_t c = 0; c < NC; ++c)
        s += std::abs(t.coef[p * NC + c]) * ref[c == 0 ? 0 : (c + 1 < NC ? 1 : 2)];
      size[p] = s;
    }
    TermResidual tr{t.name, rms(r), rms(rk), rms(size)};
    R.residuals.push_back(tr);
    const double rel = tr.scale > 0 ? tr.rms_formula / tr.scale : tr.rms_formula;
    R.relative_residual = std::isfinite(rel) ? std::max(R.relative_residual, rel) : nan;
  }
  R.exact = std::isfinite(R.relative_residual) && R.relative_residual <= o.exact_tolerance;
  std::ostringstream v;
  if (R.exact) {
    v << "the formula satisfies the PDE and its boundary conditions on fresh points to a relative "
         "residual of "
      << sci(R.relative_residual) << " (round-off): it is a closed-form solution";
    if (R.reference == "exact") v << ", rel. L2 " << sci(R.rel_l2) << " against the exact solution";
  } else {
    v << "approximate: the best formula found leaves a relative residual of "
      << sci(R.relative_residual) << " on fresh points";
    if (R.reference != "none")
      v << " (rel. L2 " << sci(R.rel_l2) << " against the "
        << (R.reference == "exact" ? "exact solution" : "FD reference") << ")";
    v << "; it is not an exact solution";
  }
  R.verdict = v.str();
  R.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 8. Output.
  if (o.write) {
    write_into_results(path, R, fit);
    const std::filesystem::path json = std::filesystem::path(path).parent_path() / "summary.json";
    write_into_summary(json.string(), R);
  }
  return R;
}

std::string report_text(const InterpretReport& r) {
  std::ostringstream o;
  const SymbolicModel& m = r.model;
  const auto& lib = library();
  o << "\nsymbolic: every edge of the KAN fitted as c f(a x + b) + d or c f(a g(x) + b) + d\n";
  o << "  edge (layer: in -> out)   function   1 - R^2     runner-up (1 - R^2)\n";
  for (int l = 0; l < m.num_layers(); ++l)
    for (int i = 0; i < m.widths()[static_cast<std::size_t>(l)]; ++i)
      for (int q = 0; q < m.widths()[static_cast<std::size_t>(l) + 1]; ++q) {
        const std::size_t e = static_cast<std::size_t>(m.edge_index(l, i, q));
        const EdgeFormula& f = r.model.edges()[e];
        char line[160];
        std::string runner = r.pinned[e] ? "(pinned)" : "-";
        if (!r.pinned[e])
          for (const EdgeFormula& s : r.candidates[e])
            if (s.function != f.function) {
              runner =
                  lib[static_cast<std::size_t>(s.function)].name + " (" + sci(1.0 - s.r2) + ")";
              break;
            }
        std::snprintf(line, sizeof line, "  %d: %d -> %-19d %-10s %-11s %s\n", l, i, q,
                      lib[static_cast<std::size_t>(f.function)].name.c_str(),
                      sci(1.0 - f.r2).c_str(), runner.c_str());
        o << line;
      }
  for (const Swap& s : r.swaps)
    o << "  the PDE prefers " << lib[static_cast<std::size_t>(s.to)].name << " to "
      << lib[static_cast<std::size_t>(s.from)].name << " on edge " << s.edge << ": loss "
      << sci(s.loss_before) << " -> " << sci(s.loss_after) << " (thinned points)\n";
  const std::string lhs = r.hard ? "S" : "u";
  o << "\nformula (constants rounded to 6 digits):\n  " << lhs << " = " << r.text << "\n";
  if (r.hard)
    o << "  u = G + D S  (G, D: the case's hard-Dirichlet extension and distance function)\n";
  o << "LaTeX:\n  " << lhs << " = " << r.latex << "\n";
  o << "full precision:\n  " << lhs << " = " << r.text_exact << "\n\n";
  o << "                                  rel. L2     max abs    PDE loss (refit points)\n";
  char line[200];
  std::snprintf(line, sizeof line, "  KAN                           %-11s %-11s %s\n",
                sci(r.kan_rel_l2).c_str(), sci(r.kan_max_abs).c_str(), sci(r.loss_kan).c_str());
  o << line;
  if (r.pruned_nodes > 0 || r.weak_edges > 0) {
    std::string w;
    for (int v : r.widths_fitted) w += (w.empty() ? "" : ",") + std::to_string(v);
    std::snprintf(line, sizeof line,
                  "  KAN pruned [%s], retrained   %-11s %-11s %s (before retraining %s)\n",
                  w.c_str(), sci(r.pruned_rel_l2).c_str(), "-", sci(r.loss_retrained).c_str(),
                  sci(r.loss_pruned).c_str());
    o << line;
  }
  std::snprintf(line, sizeof line, "  formula (edge fits)           %-11s %-11s %s\n", "-", "-",
                sci(r.loss_fitted).c_str());
  o << line;
  std::snprintf(line, sizeof line, "  formula (refit on the PDE)    %-11s %-11s %s\n",
                sci(r.rel_l2).c_str(), sci(r.max_abs).c_str(), sci(r.loss_refit).c_str());
  o << line;
  o << "  (errors against the "
    << (r.reference == "exact" ? "exact solution"
        : r.reference == "fd"  ? "FD reference"
                               : "- (no reference)")
    << " on the evaluation grid)\n";
  o << "residuals on fresh points (RMS):       formula       KAN           size of the terms\n";
  for (const TermResidual& t : r.residuals) {
    std::snprintf(line, sizeof line, "  %-36s %-13s %-13s %s\n", t.name.c_str(),
                  sci(t.rms_formula).c_str(), sci(t.rms_kan).c_str(), sci(t.scale).c_str());
    o << line;
  }
  o << "formula vs KAN network: R^2 = 1 - " << sci(1.0 - r.r2_vs_kan)
    << "; parsed back: max rel. difference " << sci(r.parse_back_error) << "\n";
  o << "verdict: " << r.verdict << "\n";
  char tl[96];
  std::snprintf(tl, sizeof tl, "time: %.2f s (fits and refits %.2f s)\n", r.seconds, r.seconds_fit);
  o << tl;
  return o.str();
}

}  // namespace kanpde::solver::symbolic
