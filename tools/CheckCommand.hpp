#pragma once
// `kanpde check CASE.yaml [--set key.path=value]...`: validate a case file and
// print the resolved case (every default explicit) as YAML.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kanpde::tools {

struct CheckOptions {
  std::string case_file;
  std::vector<std::string> overrides;
};

void add_check_command(CLI::App& app, CheckOptions& opts);
// 0 and the resolved case on stdout; 2 and "file:line:col: key.path: message"
// on stderr for a bad case.
int run_check_command(const CheckOptions& opts);

}  // namespace kanpde::tools
