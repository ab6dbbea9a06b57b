// --set overrides: any key, with the same validation, located at the override.
#include <gtest/gtest.h>

#include "Helpers.hpp"

using kanpde::solver::CaseSpec;
using kanpde::solver::load_case_text;
using kanpde::test::load_error;
using kanpde::test::minimal_case;

TEST(CaseOverrides, ReplaceScalarsListsAndMaps) {
  const CaseSpec cs = load_case_text(
      minimal_case(), "t.yaml",
      {"model.kan.widths=[2, 5, 5, 1]", "model.kan.grid_size=8", "name=renamed",
       "sampling.interior={count: 123, method: halton}",
       "domain={type: disk, center: [0, 0], radius: 2}", "boundary[0].parts=circle"});
  EXPECT_EQ(cs.model.kan.widths, (std::vector<int>{2, 5, 5, 1}));
  EXPECT_EQ(cs.model.kan.grid_size, 8);
  EXPECT_EQ(cs.name, "renamed");
  EXPECT_EQ(cs.sampling.interior.count, 123);
  EXPECT_EQ(cs.sampling.interior.method, "halton");
  EXPECT_EQ(cs.domain.radius, 2.0);
  EXPECT_EQ(cs.overrides.size(), 6u);
  // Located at the override: file "<--set 2>", column of the value.
  EXPECT_EQ(cs.where("model.kan.grid_size").str(), "<--set 2>:1:21");
  EXPECT_EQ(cs.where("model.kan.widths[2]").str(), "<--set 1>:1:25");
}

TEST(CaseOverrides, IndexIntoListsAndAppend) {
  const std::string text = minimal_case() +
                           "training:\n"
                           "  stages:\n"
                           "    - {optimizer: adam, steps: 10}\n";
  const CaseSpec cs = load_case_text(
      text, "t.yaml",
      {"training.stages[0].steps=77", "training.stages[1]={optimizer: lbfgs, steps: 5}"});
  ASSERT_EQ(cs.training.stages.size(), 2u);
  EXPECT_EQ(cs.training.stages[0].steps, 77);
  EXPECT_EQ(cs.training.stages[1].steps, 5);
}

TEST(CaseOverrides, LaterOverridesWin) {
  const CaseSpec cs = load_case_text(minimal_case(), "t.yaml",
                                     {"model.kan.grid_size=8", "model={kan: {grid_size: 9}}"});
  EXPECT_EQ(cs.model.kan.grid_size, 9);
  EXPECT_EQ(cs.where("model.kan.grid_size").str(), "<--set 2>:1:25");
}

TEST(CaseOverrides, ErrorsPointAtTheOverride) {
  std::string err = load_error(minimal_case(), "t.yaml", {"model.kan.grid_size=abc"});
  EXPECT_EQ(err,
            "<--set 1>:1:21: model.kan.grid_size: expected an integer in [1, 1000], "
            "found \"abc\"");
  err = load_error(minimal_case(), "t.yaml", {"name=ok", "model.kan.widths=[3, 1]"});
  EXPECT_EQ(err, "<--set 2>:1:19: model.kan.widths[0]: expected the domain dimension 2, found 3");
  err = load_error(minimal_case(), "t.yaml", {"model.kan.grid_szie=4"});
  EXPECT_NE(err.find("<--set 1>:1:1: model.kan.grid_szie: unknown key \"grid_szie\" (did you "
                     "mean \"grid_size\"?)"),
            std::string::npos)
      << err;
  err = load_error(minimal_case(), "t.yaml", {"pde.source=sin(q)"});
  EXPECT_NE(err.find("<--set 1>:1:16: pde.source: unknown variable \"q\""), std::string::npos)
      << err;
  err = load_error(minimal_case(), "t.yaml", {"no-equals-sign"});
  EXPECT_NE(err.find("<--set 1>:1:1: expected key.path=value"), std::string::npos) << err;
  err = load_error(minimal_case(), "t.yaml", {"boundary[5].type=robin"});
  EXPECT_NE(err.find("<--set 1>:1:1: boundary[5]: index 5 is past the end"), std::string::npos)
      << err;
  err = load_error(minimal_case(), "t.yaml", {"model..kan=1"});
  EXPECT_NE(err.find("bad key path"), std::string::npos) << err;
  err = load_error(minimal_case(), "t.yaml", {"model.kan.widths=[2, 10"});
  EXPECT_NE(err.find("<--set 1>:1:"), std::string::npos) << err;
  EXPECT_NE(err.find("YAML syntax error in the value"), std::string::npos) << err;
}
