// Every output key and the L-BFGS line search change what a run does
// (cases/README.md): output.fields selects the datasets of /fields and the
// .xmf attributes, output.save_collocation writes or skips /collocation,
// training.stages[i].line_search changes the L-BFGS path. Small 2D runs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/H5.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/Solve.hpp"

namespace kanpde::solver {
namespace {

const char* kCase =
    "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
    "pde: {form: \"-laplace(u) = f\", source: \"2*pi^2*sin(pi*x)*sin(pi*y)\", "
    "exact: \"sin(pi*x)*sin(pi*y)\"}\n"
    "boundary:\n  - {parts: all, type: dirichlet, value: 0}\n"
    "model: {kan: {widths: [2, 3, 1], grid_size: 4}}\n"
    "sampling: {interior: {count: 60}, boundary: {count: 20}}\n"
    "reference: {resolution: 9}\n";

std::string dir_name(const std::string& stem) {
  return "output_keys_" + std::to_string(getpid()) + "_" + stem;
}

SolveSummary run(const std::string& text, const std::vector<std::string>& sets, bool write,
                 const std::string& dir = "") {
  const CaseSpec spec = load_case_text(text, "keys.yaml", sets);
  SolveOptions o;
  o.quiet = true;
  o.write = write;
  o.force = true;
  o.progress = 0;
  o.out_dir = dir;
  std::ostringstream out;
  return solve_case(spec, o, out);
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kAdam = "training.stages=[{optimizer: adam, steps: 2}]";

TEST(OutputKeys, FieldsSelectTheWrittenDatasets) {
  const std::string all = dir_name("all"), some = dir_name("some");
  run(kCase, {kAdam}, true, all);
  run(kCase, {kAdam, "output.fields=[u_kan, err_kan]"}, true, some);
  const h5::File fa = h5::File::open_read(all + "/results.h5");
  const h5::File fs = h5::File::open_read(some + "/results.h5");
  const h5::Group ga = fa.root().open_group("fields"), gs = fs.root().open_group("fields");
  // By default every field that applies (the FD grid is the output grid
  // here, so the FD fields and kan_minus_fd are there).
  for (const char* n :
       {"x", "y", "u_kan", "u_exact", "u_fd", "err_kan", "err_fd", "residual", "kan_minus_fd"})
    EXPECT_TRUE(ga.has(n)) << n;
  for (const char* n : {"x", "y", "u_kan", "err_kan"}) EXPECT_TRUE(gs.has(n)) << n;
  for (const char* n : {"u_exact", "u_fd", "err_fd", "residual", "kan_minus_fd"})
    EXPECT_FALSE(gs.has(n)) << n;
  const std::string xa = slurp(all + "/results.xmf"), xs = slurp(some + "/results.xmf");
  EXPECT_NE(xa.find("Attribute Name=\"residual\""), std::string::npos);
  EXPECT_EQ(xs.find("Attribute Name=\"residual\""), std::string::npos);
  EXPECT_NE(xs.find("Attribute Name=\"err_kan\""), std::string::npos);
  // The metrics do not depend on what is written.
  EXPECT_EQ(fa.root().open_group("metrics").attr_double("kan_rel_l2"),
            fs.root().open_group("metrics").attr_double("kan_rel_l2"));
  std::filesystem::remove_all(all);
  std::filesystem::remove_all(some);
}

TEST(OutputKeys, SaveCollocationWritesOrSkipsThePoints) {
  const std::string on = dir_name("col_on"), off = dir_name("col_off");
  run(kCase, {kAdam}, true, on);
  run(kCase, {kAdam, "output.save_collocation=false"}, true, off);
  const h5::File a = h5::File::open_read(on + "/results.h5");
  const h5::File b = h5::File::open_read(off + "/results.h5");
  ASSERT_TRUE(a.root().has("collocation"));
  h5::Dims dims;
  a.root().open_group("collocation").read<double>("interior", &dims);
  EXPECT_EQ(dims, (h5::Dims{60, 2}));
  EXPECT_FALSE(b.root().has("collocation"));
  EXPECT_TRUE(b.root().has("fields"));
  EXPECT_NE(slurp(on + "/results.xmf").find("/collocation/interior"), std::string::npos);
  EXPECT_EQ(slurp(off + "/results.xmf").find("/collocation"), std::string::npos);
  std::filesystem::remove_all(on);
  std::filesystem::remove_all(off);
}

TEST(OutputKeys, LineSearchChangesTheLbfgsPath) {
  auto stages = [](const char* ls) {
    return std::string(
               "training.stages=[{optimizer: adam, steps: 5}, {optimizer: lbfgs, steps: "
               "20, line_search: ") +
           ls + "}]";
  };
  const RunResults w = run(kCase, {stages("strong_wolfe")}, false).results;
  const RunResults b = run(kCase, {stages("backtracking")}, false).results;
  // Same start (same seeds, same Adam stage), different searches: different
  // parameters after the L-BFGS stage, and both lower the loss.
  EXPECT_NE(w.params, b.params);
  EXPECT_LT(w.metrics.at("train_final_loss"), w.history.front()[4]);
  EXPECT_LT(b.metrics.at("train_final_loss"), b.history.front()[4]);
}

TEST(OutputKeys, ReferenceResolutionHasOneDefault) {
  // The loader's default and the run layer's (a CaseSpec whose resolution
  // is left empty in code) agree in every dimension.
  const char* domains[] = {"{type: interval, min: 0, max: 1}",
                           "{type: box, min: [0, 0], max: [1, 1]}",
                           "{type: box, min: [0, 0, 0], max: [1, 1, 1]}"};
  const int expected[] = {201, 101, 41};
  for (int d = 0; d < 3; ++d) {
    CaseSpec cs = load_case_text(std::string("domain: ") + domains[d] +
                                     "\npde: {source: \"1\"}\nboundary:\n"
                                     "  - {parts: all, type: dirichlet, value: 0}\n",
                                 "r.yaml");
    EXPECT_EQ(cs.reference.resolution, std::vector<int>(std::size_t(d + 1), expected[d]));
    EXPECT_EQ(cs.output.grid, cs.reference.resolution);
    const std::vector<int> loaded = reference_resolution(cs);
    cs.reference.resolution.clear();
    EXPECT_EQ(reference_resolution(cs), loaded) << "dimension " << d + 1;
  }
}

}  // namespace
}  // namespace kanpde::solver
