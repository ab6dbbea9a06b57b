#include "solver/case/Location.hpp"

#include "common/Error.hpp"

namespace kanpde::solver {

std::string Location::str() const {
  std::string s = file.empty() ? std::string("<case>") : file;
  if (line > 0) s += ":" + std::to_string(line);
  if (line > 0 && col > 0) s += ":" + std::to_string(col);
  return s;
}

namespace {
// The parent of a key path: strip the last ".key" or "[n]"; "" at the top.
std::string parent_path(const std::string& path) {
  if (path.empty()) return path;
  if (path.back() == ']') {
    const auto open = path.rfind('[');
    return open == std::string::npos ? std::string() : path.substr(0, open);
  }
  const auto dot = path.rfind('.');
  const auto open = path.rfind('[');
  if (dot == std::string::npos && open == std::string::npos) return std::string();
  if (dot == std::string::npos) return path.substr(0, open);
  return path.substr(0, dot);
}
}  // namespace

Location SourceMap::find(const std::string& path) const {
  std::string p = path;
  while (true) {
    const auto it = map_.find(p);
    if (it != map_.end()) return it->second;
    if (p.empty()) break;
    p = parent_path(p);
  }
  Location loc;
  loc.file = file_;
  return loc;
}

std::string located_message(const Location& loc, const std::string& path,
                            const std::string& message) {
  std::string s = loc.str() + ": ";
  if (!path.empty()) s += path + ": ";
  return s + message;
}

void fail_at(const Location& loc, const std::string& path, const std::string& message) {
  throw InputError(located_message(loc, path, message));
}

}  // namespace kanpde::solver
