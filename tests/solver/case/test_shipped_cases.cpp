// The cases in cases/: each loads, has its comment header, and survives a
// round trip through its resolved form.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "Helpers.hpp"
#include "geometry/Samplers.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/StageOptimizers.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"

using kanpde::solver::CaseSpec;
using kanpde::solver::DomainSpec;
using kanpde::solver::load_case;
using kanpde::solver::load_case_text;

namespace {

std::vector<std::filesystem::path> shipped_cases() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(KANPDE_CASES_DIR))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void expect_same_domain(const DomainSpec& a, const DomainSpec& b) {
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.center, b.center);
  EXPECT_EQ(a.radius, b.radius);
  EXPECT_EQ(a.semi_axes, b.semi_axes);
  EXPECT_EQ(a.vertices, b.vertices);
  EXPECT_EQ(a.edge_names, b.edge_names);
  EXPECT_EQ(a.rename, b.rename);
  EXPECT_EQ(a.parts, b.parts);
  EXPECT_EQ(a.bbox_min, b.bbox_min);
  EXPECT_EQ(a.bbox_max, b.bbox_max);
  ASSERT_EQ(a.operands.size(), b.operands.size());
  for (std::size_t i = 0; i < a.operands.size(); ++i)
    expect_same_domain(a.operands[i], b.operands[i]);
}

// Field by field: the values a run depends on (doubles compared exactly).
void expect_same_case(const CaseSpec& a, const CaseSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  ASSERT_EQ(a.constants.size(), b.constants.size());
  for (std::size_t i = 0; i < a.constants.size(); ++i) {
    EXPECT_EQ(a.constants[i].name, b.constants[i].name);
    EXPECT_EQ(a.constants[i].value, b.constants[i].value);
  }
  expect_same_domain(a.domain, b.domain);
  EXPECT_EQ(a.pde.form, b.pde.form);
  EXPECT_EQ(a.pde.c, b.pde.c);
  EXPECT_EQ(a.pde.source, b.pde.source);
  EXPECT_EQ(a.pde.f, b.pde.f);
  EXPECT_EQ(a.pde.exact.has_value(), b.pde.exact.has_value());
  ASSERT_EQ(a.boundary.size(), b.boundary.size());
  for (std::size_t i = 0; i < a.boundary.size(); ++i) {
    EXPECT_EQ(a.boundary[i].parts, b.boundary[i].parts);
    EXPECT_EQ(a.boundary[i].type, b.boundary[i].type);
    EXPECT_EQ(a.boundary[i].value, b.boundary[i].value);
    EXPECT_EQ(a.boundary[i].a, b.boundary[i].a);
    EXPECT_EQ(a.boundary[i].b, b.boundary[i].b);
    EXPECT_EQ(a.boundary[i].enforce, b.boundary[i].enforce);
    EXPECT_EQ(a.boundary[i].weight, b.boundary[i].weight);
  }
  const auto &ka = a.model.kan, &kb = b.model.kan;
  EXPECT_EQ(ka.widths, kb.widths);
  EXPECT_EQ(ka.grid_size, kb.grid_size);
  EXPECT_EQ(ka.spline_order, kb.spline_order);
  EXPECT_EQ(ka.grid_range, kb.grid_range);
  EXPECT_EQ(ka.base_function, kb.base_function);
  EXPECT_EQ(ka.seed, kb.seed);
  EXPECT_EQ(ka.coef_noise, kb.coef_noise);
  EXPECT_EQ(a.sampling.interior.count, b.sampling.interior.count);
  EXPECT_EQ(a.sampling.boundary.method, b.sampling.boundary.method);
  EXPECT_EQ(a.sampling.adaptive.enabled, b.sampling.adaptive.enabled);
  EXPECT_EQ(a.sampling.adaptive.add, b.sampling.adaptive.add);
  EXPECT_EQ(a.sampling.seed, b.sampling.seed);
  EXPECT_EQ(a.training.loss_weights.pde, b.training.loss_weights.pde);
  EXPECT_EQ(a.training.balance.method, b.training.balance.method);
  EXPECT_EQ(a.training.balance.every, b.training.balance.every);
  EXPECT_EQ(a.training.balance.smoothing, b.training.balance.smoothing);
  ASSERT_EQ(a.training.stages.size(), b.training.stages.size());
  for (std::size_t i = 0; i < a.training.stages.size(); ++i) {
    const auto &sa = a.training.stages[i], &sb = b.training.stages[i];
    EXPECT_STREQ(sa.optimizer.name(), sb.optimizer.name());
    EXPECT_EQ(sa.steps, sb.steps);
    const auto& row = kanpde::solver::stage_optimizer(sa.optimizer.name());
    EXPECT_EQ(row.describe(sa.optimizer), row.describe(sb.optimizer));
    EXPECT_EQ(sa.points, sb.points);
  }
  ASSERT_EQ(a.training.grid_schedule.size(), b.training.grid_schedule.size());
  for (std::size_t i = 0; i < a.training.grid_schedule.size(); ++i) {
    EXPECT_EQ(a.training.grid_schedule[i].step, b.training.grid_schedule[i].step);
    EXPECT_EQ(a.training.grid_schedule[i].grid_size, b.training.grid_schedule[i].grid_size);
  }
  EXPECT_EQ(a.training.grid_update.every, b.training.grid_update.every);
  EXPECT_EQ(a.training.precision, b.training.precision);
  EXPECT_EQ(a.reference.resolution, b.reference.resolution);
  EXPECT_EQ(a.reference.solver, b.reference.solver);
  EXPECT_EQ(a.output.directory, b.output.directory);
  EXPECT_EQ(a.output.grid, b.output.grid);
  EXPECT_EQ(a.output.fields, b.output.fields);
  EXPECT_EQ(a.output.plots, b.output.plots);
}

}  // namespace

TEST(ShippedCases, AllAreThereAndListed) {
  // Exactly these: a new case is added here and to cases/README.md.
  std::set<std::string> stems;
  for (const auto& f : shipped_cases()) stems.insert(f.stem().string());
  const std::set<std::string> expected{"csg_square_holes",
                                       "laplace_rect_holes",
                                       "laplace_rect_holes_tuned",
                                       "lshape_mixed_corner",
                                       "lshape_unit_source",
                                       "poisson1d",
                                       "poisson2d_disk",
                                       "poisson2d_kan_paper",
                                       "poisson2d_kan_paper_sparse",
                                       "poisson2d_lshape",
                                       "poisson2d_mixed",
                                       "poisson2d_sinsin",
                                       "poisson3d_box",
                                       "screened2d",
                                       "screened_annulus",
                                       "variable_diffusion2d",
                                       "quasilinear2d",
                                       "poisson_boltzmann2d",
                                       "minimal_surface2d",
                                       "variable_diffusion3d",
                                       "inverse_diffusivity",
                                       "inverse_source_boundary",
                                       "inverse_field2d",
                                       "anisotropic2d",
                                       "anisotropic_lshape",
                                       "two_materials2d",
                                       "inclusion2d",
                                       "inclusion3d",
                                       "layers2d",
                                       "advection_diffusion2d",
                                       "bratu2d",
                                       "poisson_boltzmann3d",
                                       "quasilinear_dirichlet2d",
                                       "robin_nonlinear2d",
                                       "poisson5d",
                                       "poisson10d",
                                       "poisson5d_ball"};
  EXPECT_EQ(stems, expected);
  std::ifstream in(std::string(KANPDE_CASES_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& s : expected)
    EXPECT_NE(readme.find(s + ".yaml"), std::string::npos) << s << " is not in cases/README.md";
}

// Where a case gives the exact solution, it solves the case: -lap(u) + c u =
// f at interior points (central differences with h = 1e-3 and 5e-4 relative
// to the domain, extrapolated: truncation ~1e-12 times the sixth
// derivatives, round-off ~1e-9) and
// u = g on Dirichlet parts. A wrong sign or a typo in a shipped case fails.
// A case written with pde.equation: its equation (and every equation
// condition) is r = 0 at the exact solution's exact jets (solver/expr Field,
// no differences: round-off only), Dirichlet data equal the exact solution.
void check_general_case(const CaseSpec& cs, const kanpde::geometry::Domain& domain) {
  namespace ex = kanpde::solver::expr;
  const int d = cs.dim();
  std::vector<std::pair<std::string, double>> constants;
  for (const auto& c : cs.constants) constants.emplace_back(c.name, c.value);
  const ex::Field u = ex::Field::compile(cs.pde.exact->text(), d, constants);
  // An inverse problem's unknowns at their exact values (every shipped one
  // gives them).
  for (std::size_t k = 0; k < cs.unknowns.size(); ++k) {
    ASSERT_TRUE(cs.unknowns[k].exact.has_value()) << cs.unknowns[k].path;
    cs.unknown_values->values[k] = *cs.unknowns[k].exact;
  }
  for (const auto& f : cs.field_unknowns) ASSERT_TRUE(f.exact.has_value()) << f.path;
  auto residual = [&](const ex::Equation& e, const double* x, const double* n) {
    std::vector<double> j(std::size_t(1 + d + d * d));
    u.jet(x, j.data());
    std::vector<double> in(j.begin(), j.begin() + 1 + d);
    if (e.mode() == ex::JetMode::laplacian) {
      double lap = 0.0;
      for (int a = 0; a < d; ++a) lap += j[std::size_t(1 + d + a * d + a)];
      in.push_back(lap);
    } else {
      for (int a = 0; a < d; ++a)
        for (int b = a; b < d; ++b) in.push_back(j[std::size_t(1 + d + a * d + b)]);
    }
    const auto aux = e.tabulate(std::vector<double>(x, x + d),
                                n ? std::vector<double>(n, n + d) : std::vector<double>{});
    in.insert(in.end(), aux.begin(), aux.end());
    if (e.unknowns()) in.insert(in.end(), e.unknowns()->values.begin(), e.unknowns()->values.end());
    // An unknown field at its exact values: [a, grad a] from its exact jets.
    for (const auto& f : cs.field_unknowns) {
      const ex::Field a = ex::Field::compile(f.exact->text(), d, constants);
      std::vector<double> ja(std::size_t(1 + d + d * d));
      a.jet(x, ja.data());
      in.insert(in.end(), ja.begin(), ja.begin() + 1 + d);
    }
    std::vector<double> out(
        std::size_t(1 + e.jet_size() + e.num_unknowns() + e.num_field_inputs()));
    e.eval(in.data(), out.data());
    return out[0];
  };
  const auto in = kanpde::geometry::sample_interior(domain, 20);
  for (std::size_t i = 0; i < in.size(); ++i)
    EXPECT_NEAR(residual(*cs.pde.compiled, in.point(i), nullptr), 0.0, 1e-12) << "at point " << i;
  const auto bd = kanpde::geometry::sample_boundary(domain, 40);
  for (const auto& bc : cs.boundary) {
    for (std::size_t i = 0; i < bd.size(); ++i) {
      const std::string& part = bd.part_names[static_cast<std::size_t>(bd.part[i])];
      if (std::find(bc.parts.begin(), bc.parts.end(), part) == bc.parts.end()) continue;
      const double* x = bd.point(i);
      if (bc.compiled) {  // an equation condition, or a value reading unknowns
        EXPECT_NEAR(residual(*bc.compiled, x, bd.normal.data() + i * std::size_t(d)), 0.0, 1e-12)
            << bc.path << " " << part;
      } else if (bc.type == kanpde::solver::BcType::dirichlet) {
        EXPECT_NEAR(u.value(x), bc.value.eval(x, d), 1e-12) << bc.path << " " << part;
      }
    }
  }
}

TEST(ShippedCases, ExactSolutionsSolveTheirCases) {
  int checked = 0;
  for (const auto& f : shipped_cases()) {
    SCOPED_TRACE(f.string());
    const CaseSpec cs = load_case(f.string());
    if (!cs.pde.exact) continue;
    ++checked;
    const int d = cs.dim();
    const auto domain = build_domain(cs.domain);
    if (cs.pde.general()) {
      check_general_case(cs, *domain);
      continue;
    }
    const auto bb = domain->bounding_box();
    double scale = 0;
    for (int a = 0; a < d; ++a) scale = std::max(scale, bb.extent(a));
    const double h = 1e-3 * scale;
    const auto in = kanpde::geometry::sample_interior(*domain, 20);
    for (std::size_t i = 0; i < in.size(); ++i) {
      std::vector<double> x(in.point(i), in.point(i) + d);
      const double u0 = cs.pde.exact->eval(x.data(), d);
      auto laplacian = [&](double hh) {
        double lap = 0;
        for (int a = 0; a < d; ++a) {
          std::vector<double> xp = x, xm = x;
          xp[static_cast<std::size_t>(a)] += hh;
          xm[static_cast<std::size_t>(a)] -= hh;
          lap += (cs.pde.exact->eval(xp.data(), d) + cs.pde.exact->eval(xm.data(), d) - 2 * u0) /
                 (hh * hh);
        }
        return lap;
      };
      // Richardson: the h^2 term cancels, which the corner singularity of the
      // L-shape (r^(2/3)) needs.
      const double lap = (4 * laplacian(h / 2) - laplacian(h)) / 3;
      const double f_x = cs.pde.f.eval(x.data(), d);
      EXPECT_NEAR(-lap + cs.pde.c * u0, f_x, 1e-4 * (1 + std::abs(f_x))) << "at point " << i;
    }
    const auto bd = kanpde::geometry::sample_boundary(*domain, 40);
    for (const auto& bc : cs.boundary) {
      if (bc.type != kanpde::solver::BcType::dirichlet) continue;
      for (std::size_t i = 0; i < bd.size(); ++i) {
        const std::string& part = bd.part_names[static_cast<std::size_t>(bd.part[i])];
        if (std::find(bc.parts.begin(), bc.parts.end(), part) == bc.parts.end()) continue;
        const double* x = bd.point(i);
        EXPECT_NEAR(cs.pde.exact->eval(x, d), bc.value.eval(x, d), 1e-9) << bc.path << " " << part;
      }
    }
  }
  EXPECT_GE(checked, 5);
}

TEST(ShippedCases, EachLoadsAndHasACommentHeader) {
  for (const auto& f : shipped_cases()) {
    SCOPED_TRACE(f.string());
    const CaseSpec cs = load_case(f.string());
    EXPECT_EQ(cs.name, f.stem().string());
    std::ifstream in(f);
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first.rfind("# " + f.filename().string() + " — ", 0), 0u) << first;
    // The exact solution satisfies the Dirichlet data where it is given:
    // spot-check at the domain's bounding-box corners is not meaningful for
    // every shape, so only check that expressions evaluate to finite values.
    const std::vector<double> p(std::size_t(cs.dim()), 0.1);
    if (!cs.pde.general()) {
      EXPECT_TRUE(std::isfinite(cs.pde.f.eval(p.data(), cs.dim())));
    }
    for (const auto& bc : cs.boundary) {
      if (bc.type != kanpde::solver::BcType::equation) {
        EXPECT_TRUE(std::isfinite(bc.value.eval(p.data(), cs.dim())));
      }
    }
  }
}

TEST(ShippedCases, ResolvedFormRoundTrips) {
  for (const auto& f : shipped_cases()) {
    SCOPED_TRACE(f.string());
    const CaseSpec a = load_case(f.string());
    const std::string text = a.to_yaml();
    // Read as if beside the case: relative data paths are the case folder's.
    const CaseSpec b = load_case_text(text, f.string());
    expect_same_case(a, b);
    EXPECT_EQ(b.to_yaml(), text);  // a fixed point
  }
}

TEST(ShippedCases, OverriddenCaseRoundTrips) {
  const std::string path = std::string(KANPDE_CASES_DIR) + "/poisson2d_kan_paper.yaml";
  const CaseSpec a =
      load_case(path, {"model.kan.grid_size=4", "training.stages[0].damping={init: 0.01}",
                       "sampling.adaptive={enabled: true, add: 50}"});
  const CaseSpec b = load_case_text(a.to_yaml(), "resolved.yaml");
  expect_same_case(a, b);
  EXPECT_EQ(b.model.kan.grid_size, 4);
  EXPECT_EQ(b.training.stages[0]
                .optimizer.options<kanpde::solver::optim::LevenbergMarquardt>()
                .lambda_init,
            0.01);
  EXPECT_TRUE(b.sampling.adaptive.enabled);
}

TEST(ShippedCases, DefaultCaseIsTheKanPaperProblem) {
  const CaseSpec cs = load_case(std::string(KANPDE_CASES_DIR) + "/poisson2d_kan_paper.yaml");
  EXPECT_EQ(cs.model.kan.widths, (std::vector<int>{2, 10, 1}));
  EXPECT_EQ(cs.sampling.interior.count, 10000);
  EXPECT_EQ(cs.sampling.boundary.count, 800);
  EXPECT_EQ(cs.training.loss_weights.pde, 0.01);
  EXPECT_EQ(cs.pde.laplacian_sign, 1);
  // The source is the Laplacian of the exact solution: check by central
  // differences (h = 1e-4: truncation ~1e-7, round-off ~1e-8 relative).
  const double h = 1e-4;
  for (double x : {-0.7, 0.2, 0.55}) {
    for (double y : {-0.3, 0.4, 0.9}) {
      auto u = [&](double a, double b) {
        const double p[2] = {a, b};
        return cs.pde.exact->eval(p, 2);
      };
      const double lap =
          (u(x + h, y) + u(x - h, y) + u(x, y + h) + u(x, y - h) - 4 * u(x, y)) / (h * h);
      const double p[2] = {x, y};
      EXPECT_NEAR(cs.pde.source.eval(p, 2), lap, 1e-5 * (1 + std::abs(lap)));
      EXPECT_NEAR(cs.pde.f.eval(p, 2), -lap, 1e-5 * (1 + std::abs(lap)));
    }
  }
}
