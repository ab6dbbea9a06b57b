#pragma once
// What `kanpde solve` prints while it runs, in one place: messages (nothing
// under --quiet), warnings (also kept for summary.json), and whether the
// progress line is a live one (rewritten in place on a terminal) or a line
// per recorded step.

#include <ostream>
#include <string>
#include <vector>

#include "solver/run/SolveOptions.hpp"

namespace kanpde::solver {

class Console {
 public:
  Console(std::ostream& out, const SolveOptions& opt);
  // A message, unless quiet.
  void say(const std::string& s) const;
  // A warning: kept in `kept` (in order) and printed at once unless quiet
  // (on a fresh line when the live progress line is showing). Empty: nothing.
  void warn(const std::string& w, std::vector<std::string>& kept) const;
  bool quiet() const { return quiet_; }
  bool live() const { return live_; }
  std::ostream& out() const { return out_; }

 private:
  std::ostream& out_;
  bool quiet_;
  bool live_;  // --progress, or stdout a terminal
};

}  // namespace kanpde::solver
