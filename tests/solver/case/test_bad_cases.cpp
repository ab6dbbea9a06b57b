// Malformed case files (tests/solver/case/bad/): each is rejected with exit
// status 2 at the exact line:col, with the key path and a message fragment.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>

#include "Helpers.hpp"

namespace {

struct BadCase {
  const char* file;
  const char* where;     // "line:col: path: " (or "" for a whole-file error)
  const char* fragment;  // part of the message
};

std::ostream& operator<<(std::ostream& os, const BadCase& b) {
  return os << b.file;
}

const BadCase kBadCases[] = {
    {"widths_dim", "8:14: model.kan.widths[0]: ", "expected the domain dimension 2, found 3"},
    // Sparsity and pruning stages (issue 15).
    {"sparsity_lm", "9:44: training.stages[1].sparsity: ",
     "is not a sum of squares, which Levenberg-Marquardt minimises"},
    {"sparsity_nothing", "8:46: training.stages[0].sparsity: ", "expected l1 > 0 or entropy > 0"},
    {"prune_first_stage",
     "8:43: training.stages[0].prune: ", "the network is not trained before the first stage"},
    {"prune_refine", "9:70: training.stages[1].prune: ",
     "a stage that starts a refinement network cannot prune it"},
    {"prune_no_hidden", "10:41: training.stages[1].prune: ", "has no hidden layer"},
    {"prune_threshold", "9:53: training.stages[1].prune.threshold: ", "in (0, 1)"},
    // Above 3D (issue 17): the FD reference, a slice's axes, equations, CSG, face names.
    {"fd_above_3d", "4:22: reference.enabled: ",
     "the finite-difference reference is refused above 3D: 41^4 = 2.83e+06 unknowns"},
    {"slice_axis_unknown", "5:22: output.slice.axes[1]: ", "expected one of \"x1\", \"x2\""},
    {"slice_in_2d", "5:10: output.slice: ", "a slice is for cases above 3D"},
    {"equation_above_3d",
     "3:13: pde.equation: ", "the equation language works in 1 to 3 dimensions, this case has 4"},
    {"csg_above_3d", "4:7: domain.operands[0]: ",
     "expected an operand in 2 or 3 dimensions (set operations are defined up to 3D)"},
    {"box_17d", "1:26: domain.min: ", "expected a list of 2 to 16 entries"},
    {"face_name_above_3d", "4:14: boundary[0].parts[0]: ", "unknown boundary part \"xmin\""},
    // Gauss quadrature points (geometry/Quadrature.hpp): boxes, interior, no refinement.
    {"gauss_disk", "7:35: sampling.interior.method: ", "gauss quadrature points need a box"},
    {"gauss_adaptive", "8:13: sampling.adaptive: ", "adaptive refinement adds points without"},
    {"gauss_4d", "6:35: sampling.interior.method: ",
     "for 1 to 3 dimensions (a tensor rule has at least 4^dim points: 256 here)"},
    {"gauss_boundary", "7:34: sampling.boundary.method: ", "expected one of \"uniform\""},
    {"widths_output", "6:31: model.kan.widths[2]: ", "expected 1 (the network's output"},
    {"unknown_key", "8:5: model.kan.widht: ", "unknown key \"widht\" (did you mean \"widths\"?)"},
    {"unknown_section", "6:1: trainig: ", "(did you mean \"training\"?)"},
    {"tab", "4:1: ", "tab character"},
    {"empty", "", "the case file is empty"},
    {"comments_only", "", "the case file is empty (it holds only comments)"},
    {"duplicate_key", "5:3: pde.source: ", "duplicate key \"source\" (first given at line 4)"},
    {"missing_domain", "1:1: ", "missing required key \"domain\""},
    {"yaml_syntax", "2:46: ", "YAML syntax error"},
    {"expr_unknown_var", "4:19: pde.source: ", "unknown variable \"w\" in \"sin(pi*w) + 1\""},
    {"expr_syntax", "4:19: pde.source: ",
     "expected \",\" or \")\" closing the arguments of sin(, found the end of the expression"},
    {"expr_z_in_2d", "5:15: pde.exact: ", "unknown variable \"z\""},
    {"unknown_function", "5:43: boundary[0].value: ",
     "unknown function \"sinn\" in \"sinn(x)\" (did you mean \"sin\"?)"},
    {"constant_reserved", "4:7: constants.pi: ", "is reserved"},
    {"constant_unknown", "3:8: constants.a: ", "unknown variable \"b\""},
    {"uncovered_part", "5:3: boundary: ", "boundary part \"ymax\" has no condition"},
    {"double_covered", "6:20: boundary[1].parts[1]: ",
     "boundary part \"xmax\" already has a condition in boundary[0]"},
    {"unknown_part",
     "5:14: boundary[0].parts[0]: ", "unknown boundary part \"xmn\" (did you mean \"xmin\"?)"},
    {"pure_neumann", "5:3: boundary: ", "determined only up to a constant"},
    {"robin_missing_a", "6:5: boundary[1]: ", "missing required key \"a\""},
    {"enforce_neumann", "6:63: boundary[1].enforce: ", "enforce applies to Dirichlet conditions"},
    {"hard_csg_too_deep", "12:13: boundary[0].parts: ",
     "cannot impose this condition exactly: CSG expression nests too deeply on its right-hand "
     "operands (needs 13 levels, at most 12)"},
    {"hard_weight", "5:70: boundary[0].weight: ",
     "a hard (exactly enforced) condition has no loss term and no weight"},
    {"wrong_type",
     "8:16: model.kan.grid_size: ", "expected an integer in [1, 1000], found \"five\""},
    {"quoted_number", "8:19: model.kan.spline_order: ", "found the quoted string \"3\""},
    {"spline_order_range",
     "7:23: model.kan.spline_order: ", "expected an integer in [1, 5], found 7"},
    {"negative_radius", "5:11: domain.radius: ", "expected a number > 0, found -1"},
    {"box_inverted", "5:12: domain.max[1]: ", "expected max > min = 1, found 0.5"},
    {"polygon_two_vertices", "4:13: domain.vertices: ", "expected a list of 3 to 10000 entries"},
    {"polygon_self_intersecting", "4:13: domain.vertices: ", "edges 0 and 2 intersect"},
    {"domain_type", "3:9: domain.type: ", "found \"circle\""},
    {"csg_dimension_mismatch", "6:7: domain.operands[1]: ",
     "expected a 2-dimensional operand like operands[0], found a 3-dimensional ball"},
    {"csg_part_clash", "7:7: domain.operands[2]: ", "boundary part \"circle\" clashes"},
    {"bad_form", "4:9: pde.form: ", "found \"lap(u) = f\""},
    {"c_without_term", "5:6: pde.c: ", "has no c*u term"},
    {"unknown_optimizer",
     "9:19: training.stages[1].optimizer: ", "found \"adamw\" (did you mean \"adam\"?)"},
    // Dense BFGS (solver/optim/Bfgs.hpp): its size limit and its update key.
    {"bfgs_too_large", "11:19: training.stages[1].optimizer: ",
     "dense BFGS keeps a P x P inverse Hessian; this network has P = 6900 parameters, 0.355 GiB "
     "per copy; expected at most 6000 parameters"},
    {"bfgs_update", "8:44: training.stages[0].update: ", "found \"sr1\""},
    {"negative_lr", "10:11: training.stages[0].lr: ", "expected a number > 0, found -0.01"},
    {"grid_schedule_decreasing",
     "13:32: training.grid_schedule[1].grid_size: ", "expected a grid size larger than 10"},
    {"fields_fd_grid", "7:36: output.fields[1]: ",
     "field \"u_fd\" needs the evaluation grid to be the reference grid ([41, 41] points per "
     "axis), found output.grid [51, 51]"},
    {"precision_float", "7:14: training.precision: ", "only double precision is implemented"},
    // Memory estimates (solver/case/MemoryEstimate.hpp), judged against the
    // 16 GiB limit the test sets: each is refused at the key it grows with.
    {"memory_lm_dense", "7:17: model.kan.widths: ",
     "this network has 8.4e+06 parameters; the LM stage training.stages[0] needs dense "
     "8.4e+06^2 matrices: 2.1e+06 GiB; the run needs an estimated 2.1e+06 GiB in all, more "
     "than the 16 GiB of memory of this machine"},
    {"memory_output_grid", "8:9: output.grid: ", "the evaluation grid of 1e+10 nodes needs"},
    {"memory_interior_points", "8:21: sampling.interior.count: ", "1e+08 interior points need"},
    {"memory_reference",
     "7:15: reference.resolution: ", "the finite-difference reference of 1e+15 unknowns needs"},
};

class BadCaseFile : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCaseFile, IsRejectedAtTheRightPlace) {
  const BadCase& b = GetParam();
  const std::string path = std::string(KANPDE_BAD_CASES_DIR) + "/" + b.file + ".yaml";
  // A 16 GiB machine, whatever this one has (the memory_* cases).
  struct Limit {
    Limit() { setenv("KANPDE_MEMORY_LIMIT_GIB", "16", 1); }
    ~Limit() { unsetenv("KANPDE_MEMORY_LIMIT_GIB"); }
  } limit;
  try {
    kanpde::solver::load_case(path);
    FAIL() << path << " was accepted";
  } catch (const kanpde::InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.exit_status(), 2);
    const std::string where = std::string(b.where);
    const std::string prefix = path + (where.empty() ? ": " : ":" + where);
    EXPECT_TRUE(kanpde::test::starts_with(msg, prefix)) << msg << "\nexpected prefix " << prefix;
    EXPECT_NE(msg.find(b.fragment), std::string::npos) << msg << "\nexpected " << b.fragment;
  }
}

INSTANTIATE_TEST_SUITE_P(CaseErrors, BadCaseFile, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& p) {
                           return std::string(p.param.file);
                         });

TEST(CaseErrors, EveryBadFileIsInTheTable) {
  // A new file in bad/ must come with its expectation.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(KANPDE_BAD_CASES_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const std::string stem = entry.path().stem().string();
    bool listed = false;
    for (const auto& b : kBadCases) listed = listed || stem == b.file;
    EXPECT_TRUE(listed) << entry.path() << " has no expectation in kBadCases";
  }
  EXPECT_EQ(files, std::size(kBadCases));
  EXPECT_GE(files, 25u);
}

}  // namespace
