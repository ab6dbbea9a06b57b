// Measurement data terms (solver/case/DataSpec.hpp, solver/run/DataTerms.hpp):
// the data: section read and checked at load time with located errors, and
// the loss terms data[i] built from it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/DataTerms.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Problem.hpp"

namespace kanpde::solver {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string p = "/tmp/kanpde_data_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(p) << text;
  return p;
}

std::string case_text(const std::string& data) {
  return "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
         "pde: {source: \"1\"}\n"
         "boundary:\n"
         "  - {parts: all, type: dirichlet, value: 0}\n"
         "data:\n" +
         data;
}

std::string load_error(const std::string& text) {
  try {
    load_case_text(text, "c.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

TEST(DataTerms, EntriesLoadWithTheirWeightColumnsAndQuantity) {
  const std::string f = write_file("a.csv", "X,Y,T,u\n0.5,0.25,3,2\n0.1,0.9,4,5\n");
  const CaseSpec a = load_case_text(case_text("  - {file: " + f + "}\n"), "c.yaml");
  ASSERT_EQ(a.data.size(), 1u);
  EXPECT_EQ(a.data[0].points->u, (std::vector<double>{2, 5}));
  EXPECT_DOUBLE_EQ(a.data[0].loss_weight(), 1.0);
  // noise sets the weight (weight / noise^2); columns pick another value column.
  const CaseSpec b = load_case_text(
      case_text("  - {file: " + f + ", columns: [x, y, t], noise: 0.1, weight: 2}\n"), "c.yaml");
  EXPECT_EQ(b.data[0].points->u, (std::vector<double>{3, 4}));
  EXPECT_NEAR(b.data[0].loss_weight(), 200.0, 1e-9);
  // The resolved case carries the entry and loads back the same.
  const CaseSpec c = load_case_text(b.to_yaml(), "c.yaml");
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_EQ(c.data[0].columns, b.data[0].columns);
  EXPECT_DOUBLE_EQ(c.data[0].loss_weight(), b.data[0].loss_weight());
}

// HDF5 files: datasets named by columns; a missing one is reported by name.
TEST(DataTerms, Hdf5DatasetsNamedByColumns) {
  const std::string p = "/tmp/kanpde_data_" + std::to_string(getpid()) + "_h.h5";
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("x", {0.1, 0.2}, {2});
    f.root().write<double>("y", {0.3, 0.4}, {2});
    f.root().write<double>("temp", {7.0, 8.0}, {2});
    f.close();
  }
  const CaseSpec a =
      load_case_text(case_text("  - {file: " + p + ", columns: [x, y, temp]}\n"), "c.yaml");
  EXPECT_EQ(a.data[0].points->format, "hdf5");
  EXPECT_EQ(a.data[0].points->u, (std::vector<double>{7, 8}));
  EXPECT_NE(load_error(case_text("  - {file: " + p + "}\n")).find("/u: data[0]: no such dataset"),
            std::string::npos);
}

TEST(DataTerms, ValueTermAndDerivativeTermRows) {
  const std::string f = write_file("b.csv", "x,y,u,u_y\n0.5,0.25,2,7\n");
  const CaseSpec u = load_case_text(case_text("  - {file: " + f + "}\n"), "c.yaml");
  const PointTerm tu = data_term(u.data[0], 2);
  EXPECT_EQ(tu.name, "data[0]");
  EXPECT_EQ(tu.coef, (std::vector<double>{1, 0, 0, 0}));  // r = u - d
  EXPECT_EQ(tu.rhs, (std::vector<double>{2}));
  const CaseSpec g = load_case_text(case_text("  - {file: " + f + ", quantity: u_y}\n"), "c.yaml");
  const PointTerm tg = data_term(g.data[0], 2);
  EXPECT_EQ(tg.coef, (std::vector<double>{0, 0, 1, 0}));  // r = du/dy - d
  EXPECT_EQ(tg.rhs, (std::vector<double>{7}));
  // The sampled problem carries the term after the pde and boundary terms,
  // with the hard constraint's jets at its points (u = G + D N there too).
  const geometry::DomainPtr dom = build_domain(u.domain);
  const SampledProblem sp = sample_problem(u, *dom);
  EXPECT_EQ(sp.terms.back().name, "data[0]");
  ASSERT_TRUE(sp.hard.has_value());
  EXPECT_EQ(sp.hard->djet.back().size(), 4u);
}

TEST(DataTerms, FileErrorsAreLocated) {
  const std::string bad_value = write_file("c.csv", "x,y,u\n0.5,0.5,1\n0.5,0.5,inf\n");
  EXPECT_NE(load_error(case_text("  - {file: " + bad_value + "}\n"))
                .find(bad_value + ":3:9: data[0]: the value \"inf\" is not finite"),
            std::string::npos);
  const std::string no_col = write_file("d.csv", "x,y,v\n0.5,0.5,1\n");
  EXPECT_NE(load_error(case_text("  - {file: " + no_col + "}\n"))
                .find(no_col + ":1:1: data[0]: the header names no column \"u\""),
            std::string::npos);
  const std::string outside = write_file("e.csv", "x,y,u\n0.5,1.5,1\n");
  EXPECT_NE(load_error(case_text("  - {file: " + outside + "}\n")).find("outside"),
            std::string::npos);
  // Case-side errors at the case's file:line:col.
  EXPECT_NE(load_error(case_text("  - {file: nowhere.csv}\n")).find("c.yaml:6:"),
            std::string::npos);
  EXPECT_NE(
      load_error(case_text("  - {file: " + bad_value + ", columns: [x, u]}\n")).find("c.yaml:6:"),
      std::string::npos);
  EXPECT_NE(
      load_error(case_text("  - {file: " + bad_value + ", quantity: u_z}\n")).find("c.yaml:6:"),
      std::string::npos);
}

// The training kernel's residual of a data term is q(x_p) - d_p with q from
// the trial function the output uses (u = G + D N under exact conditions,
// u = N under soft ones), for u and for du/dy.
TEST(DataTerms, ResidualIsTrialFunctionMinusDataHardAndSoft) {
  const std::string f =
      write_file("r.csv", "x,y,u\n0.5,0.25,2\n0.1,0.9,-1\n0.7,0.6,0.5\n0.3,0.35,1.5\n");
  kan::NetworkSpec ns;
  ns.widths = {2, 4, 1};
  ns.seed = 11;
  const kan::Network<Kokkos::DefaultExecutionSpace::memory_space> net(ns);
  for (const char* enforce : {"hard", "soft"})
    for (const char* quantity : {"u", "u_y"}) {
      const std::string text =
          "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
          "pde: {source: \"1\"}\n"
          "boundary:\n"
          "  - {parts: all, type: dirichlet, value: \"x + 2*y\", enforce: " +
          std::string(enforce) + "}\ndata:\n  - {file: " + f +
          ", columns: [x, y, u], quantity: " + quantity + "}\n";
      const CaseSpec cs = load_case_text(text, "c.yaml");
      const geometry::DomainPtr dom = build_domain(cs.domain);
      const HardDirichlet hd = hard_dirichlet(cs);
      EXPECT_EQ(hd.active(), std::string(enforce) == "hard");
      const PointTerm t = data_term(cs.data[0], 2);
      const std::vector<double> r = term_residuals(t, net, *dom, hd);
      const Field u = evaluate_solution(net, t.x, 2, *dom, hd);
      ASSERT_EQ(r.size(), 4u);
      for (std::size_t p = 0; p < 4; ++p) {
        const double q = std::string(quantity) == "u" ? u.u[p] : u.grad[p * 2 + 1];
        // Same arithmetic in two code paths: agreement to round-off.
        EXPECT_NEAR(r[p], q - t.rhs[p], 1e-12) << enforce << " " << quantity << " point " << p;
      }
    }
}

}  // namespace
}  // namespace kanpde::solver
