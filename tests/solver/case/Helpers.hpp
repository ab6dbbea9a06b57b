#pragma once
// Shared by the case tests: a small valid case and error capture.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"

namespace kanpde::test {

// A complete, minimal 2D case (defaults everywhere else).
inline std::string minimal_case() {
  return "domain: {type: box, min: [-1, -1], max: [1, 1]}\n"
         "pde: {source: \"2*pi^2*sin(pi*x)*sin(pi*y)\", exact: \"sin(pi*x)*sin(pi*y)\"}\n"
         "boundary:\n"
         "  - {parts: all, type: dirichlet, value: \"0\"}\n";
}

// The InputError message of loading text (fails the test when it loads).
inline std::string load_error(const std::string& text, const std::string& file = "t.yaml",
                              const std::vector<std::string>& overrides = {}) {
  try {
    solver::load_case_text(text, file, overrides);
  } catch (const InputError& e) {
    EXPECT_EQ(e.exit_status(), 2);
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError for:\n" << text;
  return "";
}

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace kanpde::test
