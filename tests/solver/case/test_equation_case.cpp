// pde.equation, pde.coefficients and boundary conditions of type equation:
// what they load to, their effect, the resolved case, and located errors.
#include <gtest/gtest.h>

#include "Helpers.hpp"
#include "solver/case/LoadCase.hpp"

namespace {

using namespace kanpde;
using test::load_error;

std::string equation_case(const std::string& pde, const std::string& boundary =
                                                      "  - {parts: all, type: dirichlet, value: "
                                                      "\"0\"}\n") {
  return "constants: {k: 2}\n"
         "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
         "pde:\n" +
         pde + "boundary:\n" + boundary + "reference: {enabled: false}\n";
}

const std::string kPde =
    "  equation: \"-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f\"\n"
    "  coefficients:\n"
    "    a: \"1 + x^2*y\"\n"
    "    b: \"[1, k/4]\"\n"
    "    f: \"sin(x)\"\n";

double residual_at(const solver::CaseSpec& cs, const std::vector<double>& jet,
                   const std::vector<double>& x) {
  const auto& e = *cs.pde.compiled;
  std::vector<double> in = jet;
  const auto aux = e.tabulate(x);
  in.insert(in.end(), aux.begin(), aux.end());
  std::vector<double> out(std::size_t(1 + e.jet_size()));
  e.eval(in.data(), out.data());
  return out[0];
}

TEST(EquationCase, LoadsTheCompiledEquation) {
  const auto cs = solver::load_case_text(equation_case(kPde), "t.yaml");
  ASSERT_TRUE(cs.pde.general());
  EXPECT_EQ(cs.pde.compiled->mode(), solver::expr::JetMode::laplacian);
  EXPECT_FALSE(cs.pde.compiled->linear());
  ASSERT_EQ(cs.pde.coefficients.size(), 3u);
  EXPECT_EQ(cs.pde.coefficients[1].first, "b");
  EXPECT_EQ(cs.pde.coefficients[1].second, "[1, k/4]");
  // r at a point, by hand: -(a lap u + a_x u_x + a_y u_y) + u_x + k/4 u_y + sinh u - f.
  const std::vector<double> jet = {0.3, 0.5, -0.25, 2.0}, x = {0.5, 0.25};
  const double a = 1 + 0.25 * 0.25, ax = 2 * 0.5 * 0.25, ay = 0.25;
  const double ref =
      -(a * 2.0 + ax * 0.5 - ay * 0.25) + 0.5 + 0.5 * -0.25 + std::sinh(0.3) - std::sin(0.5);
  EXPECT_NEAR(residual_at(cs, jet, x), ref, 1e-14);
}

TEST(EquationCase, EveryKeyHasItsEffect) {
  const auto base = solver::load_case_text(equation_case(kPde), "t.yaml");
  const std::vector<double> jet = {0.3, 0.5, -0.25, 2.0}, x = {0.5, 0.25};
  const double r0 = residual_at(base, jet, x);
  // Another coefficient text, another equation, another constant.
  std::string p = kPde;
  p.replace(p.find("sin(x)"), 6, "cos(x)");
  EXPECT_NE(residual_at(solver::load_case_text(equation_case(p), "t.yaml"), jet, x), r0);
  p = kPde;
  p.replace(p.find("sinh(u)"), 7, "u^3");
  EXPECT_NE(residual_at(solver::load_case_text(equation_case(p), "t.yaml"), jet, x), r0);
  std::string text = equation_case(kPde);
  text.replace(text.find("k: 2"), 4, "k: 3");
  EXPECT_NE(residual_at(solver::load_case_text(text, "t.yaml"), jet, x), r0);
  // A boundary condition of type equation compiles its own equation with n.
  const auto cs = solver::load_case_text(
      equation_case(kPde,
                    "  - {parts: [xmin, ymin], type: dirichlet, value: \"0\"}\n"
                    "  - {parts: [xmax, ymax], type: equation,\n"
                    "     equation: \"dot(grad(u), n) + u^4 = a\", weight: 3}\n"),
      "t.yaml");
  const auto& bc = cs.boundary[1];
  EXPECT_EQ(bc.type, solver::BcType::equation);
  ASSERT_TRUE(bc.compiled != nullptr);
  EXPECT_EQ(bc.weight, 3.0);
  EXPECT_EQ(bc.compiled->describe(), "((((u_x * n_x) + (u_y * n_y)) + (u ^ 4)) - a)");
}

TEST(EquationCase, TheResolvedCaseLoadsBack) {
  const auto cs = solver::load_case_text(
      equation_case(kPde,
                    "  - {parts: [xmin, ymin], type: dirichlet, value: \"0\"}\n"
                    "  - {parts: [xmax, ymax], type: equation,\n"
                    "     equation: \"dot(grad(u), n) + u = 0\"}\n"),
      "t.yaml");
  const std::string yaml = cs.to_yaml();
  EXPECT_NE(yaml.find("equation: \"-div(a*grad(u)) + dot(b, grad(u)) + sinh(u) = f\""),
            std::string::npos)
      << yaml;
  const auto again = solver::load_case_text(yaml, "resolved.yaml");
  EXPECT_EQ(again.to_yaml(), yaml);
  EXPECT_EQ(again.pde.compiled->describe(), cs.pde.compiled->describe());
  EXPECT_EQ(again.boundary[1].compiled->describe(), cs.boundary[1].compiled->describe());
}

TEST(EquationCase, ErrorsAreLocatedAtTheCharacter) {
  // line 4 is the equation; its text starts at column 14 (after the quote).
  std::string e = load_error(equation_case("  equation: \"-lap(u) = fq\"\n"));
  EXPECT_NE(e.find("t.yaml:4:24: pde.equation: unknown variable \"fq\""), std::string::npos) << e;
  e = load_error(equation_case("  equation: \"-lap(dxx(u)) = 1\"\n"));
  EXPECT_NE(e.find("t.yaml:4:15: pde.equation: lap(): a derivative of u above second order"),
            std::string::npos)
      << e;
  e = load_error(equation_case("  equation: \"-lap(u) = a\"\n  coefficients: {a: \"1 +* x\"}\n"));
  EXPECT_NE(e.find("t.yaml:5:25: pde.coefficients.a: expected a number"), std::string::npos) << e;
  e = load_error(equation_case("  equation: \"-lap(u) = 1\"\n  source: \"1\"\n"));
  EXPECT_NE(e.find("t.yaml:5:11: pde.source: \"source\" belongs to the shorthand form"),
            std::string::npos)
      << e;
  e = load_error(equation_case("  source: \"1\"\n  coefficients: {a: \"x\"}\n"));
  EXPECT_NE(e.find("pde.coefficients: coefficients are the named fields of pde.equation"),
            std::string::npos)
      << e;
  for (const char* name : {"grad", "x", "u", "sin", "k"}) {
    e = load_error(equation_case("  equation: \"-lap(u) = 1\"\n  coefficients: {" +
                                 std::string(name) + ": \"x\"}\n"));
    EXPECT_NE(e.find("coefficient name \"" + std::string(name) + "\""), std::string::npos) << e;
  }
  e = load_error(equation_case("  equation: \"-lap(u) = 1\"\n",
                               "  - {parts: all, type: equation, equation: \"dxx(u) = 0\"}\n"));
  EXPECT_NE(e.find("boundary[0].equation: dxx(): a boundary equation uses u and grad(u)"),
            std::string::npos)
      << e;
  e = load_error(equation_case("  equation: \"-lap(u) = 1\"\n",
                               "  - {parts: all, type: equation, value: \"0\", equation: \"u = "
                               "0\"}\n"));
  EXPECT_NE(e.find("\"value\" does not belong to an equation condition"), std::string::npos) << e;
  e = load_error(equation_case("  equation: \"-lap(u) = 1\"\n",
                               "  - {parts: all, type: dirichlet, value: \"0\", equation: \"u = "
                               "0\"}\n"));
  EXPECT_NE(e.find("\"equation\" belongs to conditions of type: equation"), std::string::npos) << e;
  // The FD reference takes a general equation with Dirichlet, Neumann, Robin
  // and equation conditions (each loads with reference.enabled: true), and the
  // shorthand operator with an equation condition.
  for (const std::string& bc :
       {std::string("  - {parts: all, type: dirichlet, value: \"0\"}\n"),
        std::string("  - {parts: [xmin], type: neumann, value: \"0\"}\n"
                    "  - {parts: [xmax], type: robin, a: 1, b: 2, value: \"x\"}\n"
                    "  - {parts: [ymin], type: equation, equation: \"dot(grad(u), n) + u^4 = "
                    "0\"}\n"
                    "  - {parts: [ymax], type: dirichlet, value: \"0\"}\n")}) {
    std::string text = equation_case("  equation: \"-lap(u) = 1\"\n", bc);
    text.replace(text.find("reference: {enabled: false}"), 27, "reference: {enabled: true}");
    EXPECT_NO_THROW(solver::load_case_text(text, "t.yaml", {})) << bc;
    const std::string eq = "  equation: \"-lap(u) = 1\"\n";
    text.replace(text.find(eq), eq.size(), "  source: \"1\"\n");
    EXPECT_NO_THROW(solver::load_case_text(text, "t.yaml", {})) << bc;
  }
  // Hessian jets on a non-box domain: the reference takes them too (mixed
  // derivatives along the grid diagonals, solver/fd/README.md).
  const std::string text =
      "domain: {type: disk, center: [0, 0], radius: 1}\n"
      "pde: {equation: \"-dxx(u) - dyy(u) - dxy(u) = 1\"}\n"
      "boundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n";
  const solver::CaseSpec cs = solver::load_case_text(text, "t.yaml", {});
  EXPECT_TRUE(cs.reference.enabled);
}

}  // namespace
