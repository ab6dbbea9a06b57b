#pragma once
// Named phases of a solve. A Region pushes a Kokkos profiling region for its
// lifetime (so a Kokkos-tools trace shows assemble / gram / factorisation /
// line search / grid update by name) and, when KANPDE_PROFILE is set in the
// environment, also adds its wall time to an in-process table that
// profile_table() prints: the phase profile without any Kokkos tool loaded.
// Host code only; regions of the same name may nest (each level counts).

#include <iosfwd>

namespace kanpde {

class Region {
 public:
  explicit Region(const char* name);
  ~Region();
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

  // The innermost region an exception left (nullptr when none did since the
  // last clear_failed()): the phase a top-level handler names, e.g. for an
  // allocation failure.
  static const char* failed();
  static void clear_failed();

 private:
  const char* name_;
  double start_ = -1;  // seconds, or < 0 when the table is off
  int uncaught_ = 0;   // std::uncaught_exceptions() at construction
};

// True when KANPDE_PROFILE is set (read once).
bool profiling_enabled();
// The table: region, calls, total seconds, share of `total_seconds` (when > 0).
void profile_table(std::ostream& os, double total_seconds);

}  // namespace kanpde
