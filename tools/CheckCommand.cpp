// `kanpde check`: load a case with its overrides, exactly as a run would, and
// print the resolved case. Nothing is computed.
#include "tools/CheckCommand.hpp"

#include <iostream>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/pde/DeviceGram.hpp"

namespace kanpde::tools {

void add_check_command(CLI::App& app, CheckOptions& o) {
  auto* c = app.add_subcommand(
      "check", "Validate a case file and print the resolved case (exit 0), or exit 2");
  c->add_option("CASE", o.case_file, "YAML case file (see cases/README.md)")->required();
  c->add_option("--set", o.overrides,
                "override a key of the case: key.path=value (YAML value), repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("KEY=VALUE");
}

int run_check_command(const CheckOptions& o) {
  try {
    solver::gram_path_from_environment(false);  // KANPDE_GRAM, as solve reads it
    const solver::CaseSpec cs = solver::load_case(o.case_file, o.overrides);
    std::cout << "# " << o.case_file << " resolved by kanpde check";
    for (const auto& s : o.overrides) std::cout << " --set " << s;
    std::cout << "\n# every value is explicit; this text loads back to the same case\n"
              << cs.to_yaml();
    return 0;
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";
    return e.exit_status();
  }
}

}  // namespace kanpde::tools
