#pragma once
// Loading a case file: read, check every value, apply the command-line
// overrides, resolve defaults. Any problem throws InputError with
// "file:line:col: key.path: message" (exit status 2); nothing is computed
// before the whole case is known to be valid.

#include <string>
#include <vector>

#include "solver/case/CaseSpec.hpp"

namespace kanpde::solver {

// The largest case file accepted (bytes): larger ones are refused before reading.
constexpr long max_case_bytes = 4L << 20;

// path: a YAML case file. overrides: "key.path=value" strings (the --set
// options), applied in order before validation; value is YAML ("7",
// "[2,5,1]", "{type: disk, center: [0,0], radius: 1}", "" for null); a path
// may index lists (training.stages[1].steps) and may create keys the file
// does not have.
CaseSpec load_case(const std::string& path, const std::vector<std::string>& overrides = {});

// The same from text; file names it in messages ("" -> "<case>").
CaseSpec load_case_text(const std::string& text, const std::string& file = "<case>",
                        const std::vector<std::string>& overrides = {});

}  // namespace kanpde::solver
