// The loader: defaults, the sign convention, domains and their parts,
// boundary coverage, locations of values.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <cmath>

#include "Helpers.hpp"
#include "solver/optim/Bfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"

using kanpde::solver::BcType;
using kanpde::solver::CaseSpec;
using kanpde::solver::DomainType;
using kanpde::solver::Enforcement;
using kanpde::solver::load_case_text;
using kanpde::test::load_error;
using kanpde::test::minimal_case;

TEST(CaseLoad, DefaultsAreResolved) {
  const CaseSpec cs = load_case_text(minimal_case(), "cases/minimal.yaml");
  EXPECT_EQ(cs.name, "minimal");  // the file's stem
  EXPECT_EQ(cs.dim(), 2);
  EXPECT_EQ(cs.model.kan.widths, (std::vector<int>{2, 10, 1}));
  ASSERT_EQ(cs.model.kan.grid_range.size(), 2u);
  EXPECT_EQ(cs.model.kan.grid_range[1], std::make_pair(-1.0, 1.0));  // the bounding box
  ASSERT_EQ(cs.training.stages.size(), 3u);  // tests/solver/case/test_defaults.cpp
  EXPECT_STREQ(cs.training.stages[0].optimizer.name(), "lm");
  EXPECT_STREQ(cs.training.stages[1].optimizer.name(), "lm");
  EXPECT_EQ(cs.boundary[0].parts, (std::vector<std::string>{"xmin", "xmax", "ymin", "ymax"}));
  EXPECT_EQ(cs.boundary[0].weight, 1.0);
  EXPECT_EQ(cs.boundary[0].enforce, Enforcement::hard);  // enforce: auto, a constant value
  EXPECT_EQ(cs.reference.resolution, (std::vector<int>{101, 101}));
  EXPECT_EQ(cs.output.grid, cs.reference.resolution);
  EXPECT_EQ(cs.output.directory, "results/minimal");
  EXPECT_EQ(cs.output.fields.size(), 6u);
  EXPECT_EQ(cs.pde.form, "-laplace(u) = f");
  EXPECT_EQ(cs.pde.c, 0.0);
}

TEST(CaseLoad, SignConventionNormalisesTheLaplaceForm) {
  const std::string base =
      "domain: {type: interval, min: 0, max: 1}\n"
      "boundary: [{parts: all, type: dirichlet, value: \"0\"}]\n";
  const double x = 0.3;
  {
    const CaseSpec cs = load_case_text(base + "pde: {form: 'laplace(u)=f', source: \"x^2\"}\n");
    EXPECT_EQ(cs.pde.laplacian_sign, 1);
    EXPECT_EQ(cs.pde.form, "laplace(u) = f");
    EXPECT_DOUBLE_EQ(cs.pde.source.eval(&x, 1), 0.09);
    EXPECT_DOUBLE_EQ(cs.pde.f.eval(&x, 1), -0.09);  // -lap(u) = -x^2
  }
  {
    const CaseSpec cs =
        load_case_text(base + "pde: {form: \"laplace(u) + c*u = f\", c: 4, source: \"x\"}\n");
    EXPECT_EQ(cs.pde.c_given, 4.0);
    EXPECT_EQ(cs.pde.c, -4.0);  // lap(u) + 4u = x  <=>  -lap(u) - 4u = -x
    EXPECT_DOUBLE_EQ(cs.pde.f.eval(&x, 1), -0.3);
  }
  {
    // c alone implies the screened form; c may be a constant expression.
    const CaseSpec cs = load_case_text(base + "pde: {c: -pi^2, source: \"x\"}\n");
    EXPECT_EQ(cs.pde.form, "-laplace(u) + c*u = f");
    EXPECT_DOUBLE_EQ(cs.pde.c, -M_PI * M_PI);
    EXPECT_DOUBLE_EQ(cs.pde.f.eval(&x, 1), 0.3);
  }
}

TEST(CaseLoad, DomainPartsFollowTheNamingRule) {
  const std::string bc =
      "pde: {source: \"1\"}\nboundary: [{parts: all, type: dirichlet, value: \"0\"}]\n";
  {
    const CaseSpec cs = load_case_text("domain: {type: box, min: [0,0,0], max: [1,2,3]}\n" + bc);
    EXPECT_EQ(cs.domain.parts,
              (std::vector<std::string>{"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"}));
    EXPECT_EQ(cs.domain.bbox_max, (std::vector<double>{1, 2, 3}));
  }
  {
    const CaseSpec cs = load_case_text(
        "domain: {type: polygon, vertices: [[0,0],[1,0],[0,1]], rename: {edge1: hyp}}\n" + bc);
    EXPECT_EQ(cs.domain.parts, (std::vector<std::string>{"edge0", "hyp", "edge2"}));
  }
  {
    const CaseSpec cs = load_case_text(
        "domain:\n"
        "  type: difference\n"
        "  operands:\n"
        "    - {type: box, min: [-2, -1], max: [2, 1], rename: {xmin: inlet}}\n"
        "    - {type: disk, name: a, center: [-1, 0], radius: 0.5}\n"
        "    - {type: ellipse, name: b, center: [1, 0], semi_axes: [0.5, 0.2]}\n" +
        bc);
    EXPECT_EQ(cs.domain.type, DomainType::difference);
    EXPECT_EQ(cs.domain.parts,
              (std::vector<std::string>{"inlet", "xmax", "ymin", "ymax", "a:circle", "b:ellipse"}));
    EXPECT_EQ(cs.domain.operands[1].parts, (std::vector<std::string>{"a:circle"}));
    EXPECT_EQ(cs.domain.bbox_min, (std::vector<double>{-2, -1}));
  }
  {
    // Nested CSG: an outer name prefixes the inner names; parts with no piece
    // on the result's boundary (faces of the box outside the disk) are dropped.
    const std::string nested =
        "domain:\n"
        "  type: union\n"
        "  operands:\n"
        "    - {type: disk, name: l, center: [-1, 0], radius: 1}\n"
        "    - type: intersection\n"
        "      name: r\n"
        "      operands:\n"
        "        - {type: disk, center: [1, 0], radius: 1}\n"
        "        - {type: box, min: [0, -2], max: [3, 0.5]}\n"
        "pde: {source: \"1\"}\n";
    const CaseSpec cs =
        load_case_text(nested + "boundary: [{parts: all, type: dirichlet, value: \"0\"}]\n");
    EXPECT_EQ(cs.domain.parts, (std::vector<std::string>{"l:circle", "r:circle", "r:ymax"}));
    EXPECT_EQ(cs.domain.operands[1].operands[1].parts[0], "r:xmin");
    EXPECT_DOUBLE_EQ(cs.domain.bbox_max[0], 2.0);
    EXPECT_DOUBLE_EQ(cs.domain.operands[1].bbox_max[1], 0.5);
    const std::string err =
        load_error(nested +
                   "boundary: [{parts: [l:circle, r:circle, r:ymax, r:xmin], type: dirichlet, "
                   "value: \"0\"}]\n");
    EXPECT_NE(err.find("t.yaml:11:49: boundary[0].parts[3]: boundary part \"r:xmin\" does not "
                       "survive on the boundary of the union"),
              std::string::npos)
        << err;
  }
  {
    // Polygon edges sharing a name form one part.
    const CaseSpec cs = load_case_text(
        "domain: {type: polygon, vertices: [[0,0],[1,0],[1,1],[0,1]], edge_names: [wall, "
        "outlet, wall, inlet]}\n" +
        bc);
    EXPECT_EQ(cs.domain.parts, (std::vector<std::string>{"wall", "outlet", "inlet"}));
  }
  {
    // The geometry module's own checks apply, located at the domain.
    const std::string err = load_error(
        "domain: {type: intersection, operands: [{type: disk, center: [0, 0], radius: 1}, "
        "{type: disk, name: b, center: [1.5, 1.5], radius: 0.6}]}\n" +
        bc);
    EXPECT_NE(err.find("t.yaml:1:9: domain: "), std::string::npos) << err;
  }
  {
    const CaseSpec cs =
        load_case_text("domain: {type: ellipse, center: [1, 0], semi_axes: [2, 1]}\n" + bc);
    EXPECT_EQ(cs.domain.parts, (std::vector<std::string>{"ellipse"}));
    EXPECT_EQ(cs.domain.bbox_min, (std::vector<double>{-1, -1}));
  }
}

TEST(CaseLoad, BoundaryConditionsOfEveryKind) {
  const CaseSpec cs = load_case_text(
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\n"
      "training: {loss_weights: {boundary: 10}}\n"
      "boundary:\n"
      "  - {parts: xmin, type: dirichlet, value: \"0\", enforce: hard}\n"
      "  - {parts: [xmax], type: neumann, value: \"0\", weight: 2}\n"
      "  - {parts: [ymin, ymax], type: robin, a: 1, b: 0.5, value: \"x\"}\n");
  ASSERT_EQ(cs.boundary.size(), 3u);
  EXPECT_EQ(cs.boundary[0].enforce, Enforcement::hard);
  EXPECT_EQ(cs.boundary[1].type, BcType::neumann);
  EXPECT_EQ(cs.boundary[1].weight, 2.0);
  EXPECT_EQ(cs.boundary[2].type, BcType::robin);
  EXPECT_EQ(cs.boundary[2].b, 0.5);
  EXPECT_EQ(cs.boundary[2].weight, 10.0);  // from training.loss_weights.boundary
  EXPECT_EQ(cs.condition_for("ymax"), &cs.boundary[2]);
  EXPECT_EQ(cs.condition_for("nope"), nullptr);
}

// enforce: auto (the default) imposes Dirichlet data exactly unless the entry
// gives a weight or its value cannot be imposed; hard entries may differ in
// value (the transfinite blend of solver/pde/HardBoundary.hpp).
TEST(CaseLoad, EnforceAutoResolves) {
  const CaseSpec cs = load_case_text(
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\n"
      "boundary:\n"
      "  - {parts: xmin, type: dirichlet, value: \"1\"}\n"
      "  - {parts: xmax, type: dirichlet, value: \"2\", enforce: hard}\n"
      "  - {parts: ymin, type: dirichlet, value: \"0\", weight: 3}\n"
      "  - {parts: ymax, type: dirichlet, value: \"0\", enforce: soft}\n");
  EXPECT_EQ(cs.boundary[0].enforce, Enforcement::hard);
  EXPECT_EQ(cs.boundary[1].enforce, Enforcement::hard);
  EXPECT_EQ(cs.boundary[2].enforce, Enforcement::soft);  // a weight asks for a soft term
  EXPECT_EQ(cs.boundary[2].weight, 3.0);
  EXPECT_EQ(cs.boundary[3].enforce, Enforcement::soft);
  // A value of x and y is imposed too (its jets from the expression language).
  const CaseSpec v = load_case_text(
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\n"
      "boundary:\n"
      "  - {parts: all, type: dirichlet, value: \"sin(x) + y^2\"}\n");
  EXPECT_EQ(v.boundary[0].enforce, Enforcement::hard);
  // A geometry whose distance function cannot be flattened (bad/, with
  // enforce: hard an error): enforce: auto falls back to a soft term.
  {
    std::ifstream in(std::string(KANPDE_BAD_CASES_DIR) + "/hard_csg_too_deep.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find(", enforce: hard");
    ASSERT_NE(at, std::string::npos);
    text.erase(at, std::string(", enforce: hard").size());
    const CaseSpec deep = load_case_text(text, "deep.yaml");
    EXPECT_EQ(deep.boundary[0].enforce, Enforcement::soft);
    EXPECT_EQ(deep.boundary[0].weight, deep.training.loss_weights.boundary);
  }
  // The resolved case states the outcome, so that it reproduces the run.
  const CaseSpec again = load_case_text(cs.to_yaml(), "resolved.yaml");
  for (std::size_t i = 0; i < cs.boundary.size(); ++i)
    EXPECT_EQ(again.boundary[i].enforce, cs.boundary[i].enforce) << i;
}

TEST(CaseLoad, ValuesKnowWhereTheyCameFrom) {
  const std::string text = minimal_case() +
                           "model:\n"
                           "  kan:\n"
                           "    widths: [2, 7, 1]\n";
  const CaseSpec cs = load_case_text(text, "here.yaml");
  EXPECT_EQ(cs.where("model.kan.widths").str(), "here.yaml:7:13");
  EXPECT_EQ(cs.where("model.kan.widths[1]").str(), "here.yaml:7:17");
  EXPECT_EQ(cs.where("boundary[0]").str(), "here.yaml:4:5");
  // Not given: the nearest given ancestor.
  EXPECT_EQ(cs.where("model.kan.grid_size").str(), "here.yaml:7:5");
  EXPECT_EQ(cs.where("training.stages[0].lr").str(), "here.yaml:1:1");
  try {
    cs.fail("model.kan.widths[1]", "too narrow");
    FAIL();
  } catch (const kanpde::InputError& e) {
    EXPECT_STREQ(e.what(), "here.yaml:7:17: model.kan.widths[1]: too narrow");
  }
  EXPECT_EQ(cs.text, text);
}

TEST(CaseLoad, SeedsDefaultToTheTrainingSeed) {
  const CaseSpec a = load_case_text(minimal_case() + "training: {seed: 42}\n");
  EXPECT_EQ(a.model.kan.seed, 42u);
  EXPECT_EQ(a.sampling.seed, 42u);
  const CaseSpec b =
      load_case_text(minimal_case() + "training: {seed: 42}\nmodel: {kan: {seed: 3}}\n");
  EXPECT_EQ(b.model.kan.seed, 3u);
}

TEST(CaseLoad, GridScheduleResolvesSteps) {
  const CaseSpec cs = load_case_text(minimal_case() +
                                     "training:\n"
                                     "  stages: [{optimizer: adam, steps: 100}, {optimizer: lm, "
                                     "steps: 50}]\n"
                                     "  grid_schedule: [{at_step: 40, grid_size: 8}, {at_stage: "
                                     "1, grid_size: 16}]\n");
  ASSERT_EQ(cs.training.grid_schedule.size(), 2u);
  EXPECT_EQ(cs.training.grid_schedule[0].step, 40);
  EXPECT_EQ(cs.training.grid_schedule[1].step, 100);
  EXPECT_EQ(cs.training.total_steps(), 150);
}

TEST(CaseLoad, FieldsNeedingTheExactSolutionAreDroppedOrRejected) {
  const std::string no_exact =
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\n"
      "boundary: [{parts: all, type: dirichlet, value: \"0\"}]\n";
  const CaseSpec cs = load_case_text(no_exact);
  EXPECT_EQ(cs.output.fields, (std::vector<std::string>{"u_kan", "u_fd", "residual"}));
  const std::string err = load_error(no_exact + "output: {fields: [u_kan, err_kan]}\n");
  EXPECT_NE(err.find("t.yaml:4:26: output.fields[1]: field \"err_kan\" needs pde.exact"),
            std::string::npos)
      << err;
}

TEST(CaseLoad, MissingFileIsAnInputError) {
  try {
    kanpde::solver::load_case("/nonexistent/case.yaml");
    FAIL();
  } catch (const kanpde::InputError& e) {
    EXPECT_EQ(e.exit_status(), 2);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/case.yaml: cannot open"), std::string::npos)
        << e.what();
  }
}

namespace {

// training.stages[i].solve picks the LM step's linear solve (its effect on
// the step: tests/solver/optim, QrKeepsTheDigitsTheNormalEquationsLose).
TEST(CaseLoad, LmSolveIsReadAndChecked) {
  using kanpde::test::load_error;
  using kanpde::test::minimal_case;
  const std::string head = minimal_case() + "training:\n  stages:\n";
  const auto cs = kanpde::solver::load_case_text(
      head + "    - {optimizer: lm, steps: 3}\n    - {optimizer: lm, steps: 3, solve: qr}\n");
  ASSERT_EQ(cs.training.stages.size(), 2u);
  using kanpde::solver::optim::LevenbergMarquardt;
  using kanpde::solver::optim::LmSolve;
  EXPECT_EQ(cs.training.stages[0].optimizer.options<LevenbergMarquardt>().solve, LmSolve::cholesky);
  EXPECT_EQ(cs.training.stages[1].optimizer.options<LevenbergMarquardt>().solve, LmSolve::qr);
  const std::string e = load_error(head + "    - {optimizer: lm, steps: 3, solve: svd}\n");
  EXPECT_NE(e.find("t.yaml:7:"), std::string::npos) << e;
  EXPECT_NE(e.find("solve"), std::string::npos) << e;
  load_error(head + "    - {optimizer: adam, steps: 3, solve: qr}\n");
}

// training.stages[i].update picks the dense BFGS stage's update (its effect
// on the iterates: tests/solver/optim, TheUpdateChoiceChangesTheIterates);
// other optimizers' keys are errors on a bfgs stage and the reverse.
TEST(CaseLoad, BfgsUpdateIsReadAndChecked) {
  using kanpde::test::load_error;
  using kanpde::test::minimal_case;
  const std::string head = minimal_case() + "training:\n  stages:\n";
  const auto cs = kanpde::solver::load_case_text(
      head +
      "    - {optimizer: bfgs, steps: 3}\n    - {optimizer: bfgs, steps: 3, update: bfgs, "
      "line_search: backtracking}\n");
  ASSERT_EQ(cs.training.stages.size(), 2u);
  using kanpde::solver::optim::Bfgs;
  using kanpde::solver::optim::BfgsUpdate;
  using kanpde::solver::optim::LineSearchKind;
  EXPECT_STREQ(cs.training.stages[0].optimizer.name(), "bfgs");
  EXPECT_EQ(cs.training.stages[0].optimizer.options<Bfgs>().update, BfgsUpdate::ssbroyden);
  EXPECT_EQ(cs.training.stages[1].optimizer.options<Bfgs>().update, BfgsUpdate::bfgs);
  EXPECT_EQ(cs.training.stages[1].optimizer.options<Bfgs>().line_search.kind,
            LineSearchKind::backtracking);
  // The echo reloads to the same stages.
  const auto again = kanpde::solver::load_case_text(cs.to_yaml());
  EXPECT_EQ(again.training.stages[1].optimizer.options<Bfgs>().update, BfgsUpdate::bfgs);
  EXPECT_EQ(again.training.stages[1].optimizer.options<Bfgs>().line_search.kind,
            LineSearchKind::backtracking);
  std::string e = load_error(head + "    - {optimizer: bfgs, steps: 3, history: 5}\n");
  EXPECT_NE(e.find("t.yaml:7:"), std::string::npos) << e;
  EXPECT_NE(e.find("history"), std::string::npos) << e;
  e = load_error(head + "    - {optimizer: lbfgs, steps: 3, update: ssbfgs}\n");
  EXPECT_NE(e.find("update"), std::string::npos) << e;
}

}  // namespace

namespace {

// training.balance: defaults, values, bad values at their line:col (its
// effect on training: tests/solver/train, BalancedWeightsUndoTheScaleOfAnEquation;
// method: none turns it off in solver/run/TrainSettings.cpp's translation).
TEST(CaseLoad, BalanceIsReadAndChecked) {
  using kanpde::test::load_error;
  using kanpde::test::minimal_case;
  const auto d = kanpde::solver::load_case_text(minimal_case());
  EXPECT_EQ(d.training.balance.method, "ntk");
  EXPECT_EQ(d.training.balance.every, 10);
  EXPECT_EQ(d.training.balance.smoothing, 0.9);
  const auto cs = kanpde::solver::load_case_text(
      minimal_case() + "training: {balance: {method: none, every: 5, smoothing: 0.5}}\n");
  EXPECT_EQ(cs.training.balance.method, "none");
  EXPECT_EQ(cs.training.balance.every, 5);
  EXPECT_EQ(cs.training.balance.smoothing, 0.5);
  const std::string e =
      load_error(minimal_case() + "training: {balance: {smoothing: 1}}\n", "t.yaml");
  EXPECT_NE(e.find("t.yaml:5:"), std::string::npos) << e;
  load_error(minimal_case() + "training: {balance: {method: softadapt}}\n");
  load_error(minimal_case() + "training: {balance: {every: 0}}\n");
}

// training.stages[i].points: any stage's interior point count, at least 1,
// kept by the resolved case only where given (its effect: tests/solver/run,
// StagePoints).
TEST(CaseLoad, StagePointsAreReadAndChecked) {
  using kanpde::test::load_error;
  using kanpde::test::minimal_case;
  const std::string head = minimal_case() + "training:\n  stages:\n";
  const auto cs = kanpde::solver::load_case_text(
      head +
      "    - {optimizer: adam, steps: 3, points: 50}\n"
      "    - {optimizer: lbfgs, steps: 3}\n    - {optimizer: lm, steps: 3, points: 700}\n");
  ASSERT_EQ(cs.training.stages.size(), 3u);
  EXPECT_EQ(cs.training.stages[0].points, 50);
  EXPECT_EQ(cs.training.stages[1].points, 0);
  EXPECT_EQ(cs.training.stages[2].points, 700);
  const std::string y = cs.to_yaml();
  EXPECT_NE(y.find("points: 700"), std::string::npos) << y;
  EXPECT_NE(y.find("points: 50"), std::string::npos) << y;
  const auto again = kanpde::solver::load_case_text(y);
  EXPECT_EQ(again.training.stages[2].points, 700);
  EXPECT_EQ(again.training.stages[1].points, 0);
  const std::string e = load_error(head + "    - {optimizer: lm, steps: 3, points: 0}\n");
  EXPECT_NE(e.find("t.yaml:7:"), std::string::npos) << e;
  EXPECT_NE(e.find("points"), std::string::npos) << e;
  load_error(head + "    - {optimizer: lbfgs, steps: 3, points: 2.5}\n");
}

}  // namespace
