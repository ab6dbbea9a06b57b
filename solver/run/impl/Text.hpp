#pragma once
// Number and list formatting shared by what `kanpde solve` prints (the
// configuration echo, the progress line, the final table).

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace kanpde::solver::Impl {

// v through a printf format with one double conversion.
inline std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// %.3e, or "-" for NaN and infinities.
inline std::string sci(double v) {
  return std::isfinite(v) ? fmt("%.3e", v) : std::string("-");
}

// "[2,16,1]"
inline std::string widths_text(const std::vector<int>& w) {
  std::string s = "[";
  for (std::size_t i = 0; i < w.size(); ++i) s += (i ? "," : "") + std::to_string(w[i]);
  return s + "]";
}

}  // namespace kanpde::solver::Impl
