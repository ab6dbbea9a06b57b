#include "common/Profiling.hpp"

#include <Kokkos_Core.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <ostream>
#include <string>

namespace kanpde {

namespace {

struct Entry {
  long calls = 0;
  double seconds = 0;
};

std::map<std::string, Entry>& table() {
  static std::map<std::string, Entry> t;
  return t;
}

const char* g_failed = nullptr;

double now() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace

bool profiling_enabled() {
  static const bool on = std::getenv("KANPDE_PROFILE") != nullptr;
  return on;
}

Region::Region(const char* name) : name_(name), uncaught_(std::uncaught_exceptions()) {
  Kokkos::Profiling::pushRegion(name_);
  if (profiling_enabled()) start_ = now();
}

Region::~Region() {
  // Unwinding: the first region to end is the innermost one.
  if (std::uncaught_exceptions() > uncaught_ && g_failed == nullptr) g_failed = name_;
  if (start_ >= 0) {
    Entry& e = table()[name_];
    ++e.calls;
    e.seconds += now() - start_;
  }
  Kokkos::Profiling::popRegion();
}

const char* Region::failed() {
  return g_failed;
}

void Region::clear_failed() {
  g_failed = nullptr;
}

void profile_table(std::ostream& os, double total_seconds) {
  char line[160];
  std::snprintf(line, sizeof line, "%-28s %10s %12s %8s\n", "phase", "calls", "seconds", "share");
  os << line;
  for (const auto& [name, e] : table()) {
    const double share = total_seconds > 0 ? 100.0 * e.seconds / total_seconds : 0.0;
    std::snprintf(line, sizeof line, "%-28s %10ld %12.3f %7.1f%%\n", name.c_str(), e.calls,
                  e.seconds, share);
    os << line;
  }
}

}  // namespace kanpde
