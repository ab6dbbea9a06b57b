// The schema's tables are the one source of their keys. The stage table
// (solver/case/StageOptimizers.hpp) and the domain table
// (solver/case/DomainTypes.hpp): the schema reference in cases/README.md
// lists exactly their names and keys, an unknown key's suggestion comes from
// the map's own row, another row's key is named as such, and every row
// survives the resolved case (written, reloaded, written again: the same).
// The output fields' table (solver/case/OutputFields.hpp): the reference
// lists its fields, and what each needs decides the default list.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "Helpers.hpp"
#include "solver/case/DomainTypes.hpp"
#include "solver/case/OutputFields.hpp"
#include "solver/case/StageOptimizers.hpp"

namespace {

using kanpde::solver::domain_common_keys;
using kanpde::solver::domain_types;
using kanpde::solver::DomainTypeRow;
using kanpde::solver::stage_common_keys;
using kanpde::solver::stage_optimizers;
using kanpde::solver::StageOptimizer;
using kanpde::test::load_error;
using kanpde::test::minimal_case;

using KeySets = std::map<std::string, std::set<std::string>>;

std::string readme() {
  std::ifstream in(std::string(KANPDE_CASES_DIR) + "/README.md");
  EXPECT_TRUE(in.good()) << "cases/README.md not found";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The `quoted` names of a piece of markdown, in order.
std::vector<std::string> code_names(const std::string& text) {
  std::vector<std::string> out;
  const std::regex name("`([a-z_0-9]+)`");
  for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

// optimizer -> its keys, from the reference's "| optimizer | key | ..." table.
std::map<std::string, std::set<std::string>> documented_keys(const std::string& md) {
  std::map<std::string, std::set<std::string>> out;
  std::istringstream in(md);
  std::string line, current;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("| optimizer | key |", 0) == 0) {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.empty() || line[0] != '|') break;
    if (line.rfind("|---", 0) == 0) continue;
    // | `adam` | `lr` | default | meaning |  (an empty first cell: the same optimizer)
    std::vector<std::string> cells;
    std::size_t a = 1;
    for (std::size_t b; cells.size() < 2 && (b = line.find('|', a)) != std::string::npos; a = b + 1)
      cells.push_back(line.substr(a, b - a));
    if (cells.size() < 2) continue;
    const auto opt = code_names(cells[0]);
    if (!opt.empty()) current = opt.front();
    for (const std::string& k : code_names(cells[1])) out[current].insert(k);
  }
  return out;
}

TEST(StageOptimizers, TheSchemaReferenceListsExactlyTheTablesKeys) {
  const std::string md = readme();
  const auto documented = documented_keys(md);
  std::map<std::string, std::set<std::string>> table;
  for (const StageOptimizer& r : stage_optimizers())
    table[r.name] = std::set<std::string>(r.keys.begin(), r.keys.end());
  EXPECT_EQ(documented, table) << "cases/README.md's optimizer table and the stage table differ";
  // The keys of every stage, from the sentence that introduces them.
  const std::size_t at = md.find("A stage has `optimizer`");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = md.find("the optimizer's settings", at);
  ASSERT_NE(end, std::string::npos);
  const auto common = code_names(md.substr(at, end - at));
  EXPECT_EQ(std::set<std::string>(common.begin(), common.end()),
            std::set<std::string>(stage_common_keys().begin(), stage_common_keys().end()));
}

TEST(StageOptimizers, NamesAreUniqueAndOwnKeysAreNotCommonKeys) {
  std::set<std::string> names;
  for (const StageOptimizer& r : stage_optimizers()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_EQ(&kanpde::solver::stage_optimizer(r.name), &r);
    for (const std::string& k : r.keys)
      EXPECT_EQ(std::count(stage_common_keys().begin(), stage_common_keys().end(), k), 0) << k;
  }
  EXPECT_THROW(kanpde::solver::stage_optimizer("adamw"), kanpde::InternalError);
}

std::string one_stage(const std::string& body) {
  return minimal_case() + "training:\n  stages:\n    - {" + body + "}\n";
}

TEST(StageOptimizers, AnUnknownKeySuggestsFromTheStagesOwnRow) {
  for (const StageOptimizer& r : stage_optimizers()) {
    for (const std::string& k : r.keys) {
      SCOPED_TRACE(std::string(r.name) + "." + k);
      // A typo of one of its keys: located at the key, the suggestion is it.
      const std::string e =
          load_error(one_stage("optimizer: " + std::string(r.name) + ", steps: 3, " + k + "s: 1"));
      EXPECT_NE(e.find("t.yaml:7:"), std::string::npos) << e;
      EXPECT_NE(e.find("training.stages[0]." + k + "s: unknown key"), std::string::npos) << e;
      EXPECT_NE(e.find("did you mean \"" + k + "\"?"), std::string::npos) << e;
      // The key on a stage of an optimizer without it: named as the other's.
      for (const StageOptimizer& other : stage_optimizers()) {
        if (std::count(other.keys.begin(), other.keys.end(), k)) continue;
        const std::string f = load_error(
            one_stage("optimizer: " + std::string(other.name) + ", steps: 3, " + k + ": 1"));
        EXPECT_NE(f.find("unknown key \"" + k + "\" (an option of "), std::string::npos) << f;
        EXPECT_NE(f.find(std::string(r.name)), std::string::npos) << f;
        EXPECT_NE(f.find("not of " + std::string(other.name)), std::string::npos) << f;
      }
    }
  }
}

TEST(StageOptimizers, EveryRowsOptionsSurviveTheResolvedCase) {
  for (const StageOptimizer& r : stage_optimizers()) {
    SCOPED_TRACE(r.name);
    const auto a = kanpde::solver::load_case_text(
        one_stage("optimizer: " + std::string(r.name) + ", steps: 7"));
    ASSERT_STREQ(a.training.stages[0].optimizer.name(), r.name);
    EXPECT_EQ(a.training.stages[0].optimizer.least_squares(), r.least_squares);
    EXPECT_FALSE(r.describe(a.training.stages[0].optimizer).empty());
    const std::string yaml = a.to_yaml();
    const auto b = kanpde::solver::load_case_text(yaml);
    EXPECT_EQ(b.to_yaml(), yaml);
    EXPECT_EQ(r.describe(b.training.stages[0].optimizer),
              r.describe(a.training.stages[0].optimizer));
    // Every key it owns is written back.
    const std::size_t at = yaml.find("optimizer: " + std::string(r.name));
    ASSERT_NE(at, std::string::npos);
    for (const std::string& k : r.keys) {
      if (std::string(r.name) == "adam" &&
          (k == "decay_rate" || k == "decay_steps" || k == "lr_min"))
        continue;  // written with the schedule they apply to (below)
      EXPECT_NE(yaml.find(k + ":", at), std::string::npos) << k;
    }
  }
  // Adam's schedule keys, written when they apply.
  const std::pair<const char*, const char*> schedules[] = {
      {"exponential, decay_rate: 0.5, decay_steps: 3", "decay_rate: 0.5"},
      {"cosine, lr_min: 0.0001", "lr_min: 0.0001"}};
  for (const auto& [given, written] : schedules) {
    const auto a = kanpde::solver::load_case_text(
        one_stage("optimizer: adam, steps: 7, schedule: " + std::string(given)));
    const std::string yaml = a.to_yaml();
    EXPECT_EQ(kanpde::solver::load_case_text(yaml).to_yaml(), yaml);
    EXPECT_NE(yaml.find(written), std::string::npos) << yaml;
  }
}

// The cells of a markdown table row ("| a | b | c |" -> a, b, c).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  for (std::size_t a = 1, b; (b = line.find('|', a)) != std::string::npos; a = b + 1)
    out.push_back(line.substr(a, b - a));
  return out;
}

// The lines of the table whose header starts with `header`.
std::vector<std::string> table_rows(const std::string& md, const std::string& header) {
  std::vector<std::string> out;
  std::istringstream in(md);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.rfind(header, 0) == 0;
      continue;
    }
    if (line.empty() || line[0] != '|') break;
    if (line.rfind("|---", 0) != 0) out.push_back(line);
  }
  return out;
}

TEST(DomainTypes, TheSchemaReferenceListsExactlyTheTablesTypesAndKeys) {
  const std::string md = readme();
  // type -> keys: the `key`s followed by ':' in its row of the type table.
  KeySets documented;
  const std::regex key("`([a-z_]+)`:");
  for (const std::string& line : table_rows(md, "| type | keys")) {
    const auto c = cells(line);
    ASSERT_GE(c.size(), 2u) << line;
    for (const std::string& type : code_names(c[0])) {
      auto& keys = documented[type];
      for (std::sregex_iterator it(c[1].begin(), c[1].end(), key), end; it != end; ++it)
        keys.insert((*it)[1]);
    }
  }
  KeySets table;
  for (const DomainTypeRow& r : domain_types())
    table[r.name] = std::set<std::string>(r.keys.begin(), r.keys.end());
  EXPECT_EQ(documented, table) << "cases/README.md's domain type table and the domain table differ";
  // The node table: the keys of every node, and `type`'s list of types.
  std::set<std::string> common, types;
  const std::size_t section = md.find("### `domain`");
  ASSERT_NE(section, std::string::npos);
  for (const std::string& line :
       table_rows(md.substr(section), "| key | type | default | meaning |")) {
    const auto c = cells(line);
    const auto k = code_names(c[0]);
    if (k.empty()) continue;
    common.insert(k.front());
    if (k.front() == "type")
      for (const std::string& t : code_names(c[1])) types.insert(t);
  }
  EXPECT_EQ(common,
            std::set<std::string>(domain_common_keys().begin(), domain_common_keys().end()));
  const auto names = kanpde::solver::domain_type_names();
  EXPECT_EQ(types, std::set<std::string>(names.begin(), names.end()));
}

TEST(DomainTypes, RowsAreInTheEnumsOrderWithTheirNames) {
  for (std::size_t i = 0; i < domain_types().size(); ++i) {
    const DomainTypeRow& r = domain_types()[i];
    EXPECT_EQ(static_cast<std::size_t>(r.type), i);
    EXPECT_STREQ(kanpde::solver::to_string(r.type), r.name);
    EXPECT_EQ(kanpde::solver::is_csg(r.type), r.natural_parts == nullptr) << r.name;
  }
}

// A node of each type, as in the shipped cases (2D where a type allows).
std::string node_of(const std::string& type) {
  if (type == "interval") return "{type: interval, min: 0, max: 1}";
  if (type == "box") return "{type: box, min: [0, 0], max: [1, 2]}";
  if (type == "disk") return "{type: disk, center: [0, 0], radius: 1}";
  if (type == "ball") return "{type: ball, center: [0, 0, 0], radius: 1}";
  if (type == "ellipse") return "{type: ellipse, center: [0, 0], semi_axes: [2, 1]}";
  if (type == "polygon") return "{type: polygon, vertices: [[0, 0], [2, 0], [2, 1], [0, 1]]}";
  return "{type: " + type +
         ", operands: [{type: box, min: [0, 0], max: [2, 2]}, {type: disk, center: [1, 1], "
         "radius: 0.5}]}";
}

std::string domain_case(const std::string& node, int dim) {
  const char* source = dim == 1 ? "x" : dim == 2 ? "x + y" : "x + y + z";
  return "domain: " + node + "\npde: {source: \"" + source +
         "\"}\nboundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n";
}

int dim_of(const std::string& type) {
  return type == "interval" ? 1 : type == "ball" ? 3 : 2;
}

TEST(DomainTypes, EveryRowSurvivesTheResolvedCaseAndBuilds) {
  for (const DomainTypeRow& r : domain_types()) {
    SCOPED_TRACE(r.name);
    const auto a = kanpde::solver::load_case_text(domain_case(node_of(r.name), dim_of(r.name)));
    EXPECT_EQ(a.domain.type, r.type);
    EXPECT_EQ(a.dim(), dim_of(r.name));
    const std::string yaml = a.to_yaml();
    const auto b = kanpde::solver::load_case_text(yaml);
    EXPECT_EQ(b.to_yaml(), yaml);
    EXPECT_EQ(b.domain.parts, a.domain.parts);
    EXPECT_EQ(b.domain.bbox_min, a.domain.bbox_min);
    EXPECT_EQ(b.domain.bbox_max, a.domain.bbox_max);
    EXPECT_FALSE(a.domain.parts.empty());
  }
}

TEST(DomainTypes, AnUnknownKeySuggestsFromTheNodesOwnRow) {
  for (const DomainTypeRow& r : domain_types()) {
    const std::string node = node_of(r.name);
    for (const std::string& k : r.keys) {
      SCOPED_TRACE(std::string(r.name) + "." + k);
      // A typo of one of its keys: the suggestion is it.
      const std::string e = load_error(
          domain_case(node.substr(0, node.size() - 1) + ", " + k + "s: 1}", dim_of(r.name)));
      EXPECT_NE(e.find("t.yaml:1:"), std::string::npos) << e;
      EXPECT_NE(e.find("domain." + k + "s: unknown key"), std::string::npos) << e;
      EXPECT_NE(e.find("did you mean \"" + k + "\"?"), std::string::npos) << e;
      // The key on a node of a type without it: named as the other's.
      for (const DomainTypeRow& other : domain_types()) {
        if (std::count(other.keys.begin(), other.keys.end(), k)) continue;
        const std::string o = node_of(other.name);
        const std::string f = load_error(
            domain_case(o.substr(0, o.size() - 1) + ", " + k + ": 1}", dim_of(other.name)));
        EXPECT_NE(f.find("unknown key \"" + k + "\" (an option of "), std::string::npos) << f;
        EXPECT_NE(f.find("not of " + std::string(other.name)), std::string::npos) << f;
      }
    }
  }
}

TEST(OutputFields, TheSchemaReferenceListsExactlyTheTablesFields) {
  const std::string md = readme();
  const std::size_t at = md.find("### `output`");
  ASSERT_NE(at, std::string::npos);
  const auto rows = table_rows(md.substr(at), "| key | type | default | meaning |");
  std::vector<std::string> documented;
  int found = 0;
  for (const std::string& line : rows) {
    const auto c = cells(line);
    if (c.size() < 2 || c[0] != " `fields` ") continue;
    ++found;
    const std::regex list("`([a-z_ ]+)`");
    std::smatch mt;
    ASSERT_TRUE(std::regex_search(c[1], mt, list)) << line;
    std::istringstream words(mt[1]);
    for (std::string w; words >> w;) documented.push_back(w);
  }
  EXPECT_EQ(found, 1) << "output.fields is documented once";
  EXPECT_EQ(documented, kanpde::solver::output_field_names());
}

TEST(OutputFields, WhatAFieldNeedsDecidesTheDefaultListAndTheErrors) {
  // No exact solution, no reference: only the fields that need neither.
  const std::string head =
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\nboundary:\n"
      "  - {parts: all, type: dirichlet, value: \"0\"}\n"
      "reference: {enabled: false}\n";
  const auto cs = kanpde::solver::load_case_text(head);
  std::vector<std::string> plain;
  for (const auto& f : kanpde::solver::output_fields())
    if (!f.needs_exact && !f.needs_fd) plain.emplace_back(f.name);
  EXPECT_EQ(cs.output.fields, plain);
  for (const auto& f : kanpde::solver::output_fields()) {
    SCOPED_TRACE(f.name);
    const std::string text = head + "output: {fields: [" + f.name + "]}\n";
    if (f.needs_exact || f.needs_fd) {
      const std::string e = load_error(text);
      EXPECT_NE(e.find(f.needs_exact ? "needs pde.exact" : "needs the finite-difference"),
                std::string::npos)
          << e;
    } else {
      EXPECT_EQ(kanpde::solver::load_case_text(text).output.fields,
                std::vector<std::string>{f.name});
    }
  }
  // With both, every field; on another grid than the reference's, not the FD ones.
  const auto full = kanpde::solver::load_case_text(minimal_case());
  EXPECT_EQ(full.output.fields, kanpde::solver::output_field_names());
  const auto other = kanpde::solver::load_case_text(minimal_case() + "output: {grid: 33}\n");
  for (const auto& f : kanpde::solver::output_fields())
    EXPECT_EQ(std::count(other.output.fields.begin(), other.output.fields.end(), f.name),
              f.needs_fd ? 0 : 1)
        << f.name;
}

}  // namespace
