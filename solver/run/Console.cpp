#include "solver/run/Console.hpp"

#include <unistd.h>

namespace kanpde::solver {

Console::Console(std::ostream& out, const SolveOptions& opt)
    : out_(out),
      quiet_(opt.quiet),
      live_(opt.progress == 1 || (opt.progress == -1 && isatty(STDOUT_FILENO))) {}

void Console::say(const std::string& s) const {
  if (!quiet_) out_ << s << std::flush;
}

void Console::warn(const std::string& w, std::vector<std::string>& kept) const {
  if (w.empty()) return;
  kept.push_back(w);
  if (!quiet_) out_ << (live_ ? "\r\033[K" : "") << "  warning: " << w << "\n";
}

}  // namespace kanpde::solver
