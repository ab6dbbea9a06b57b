#pragma once
// Where a value of a case came from: file, 1-based line and column, and the
// key path that names it (model.kan.widths[0]). A SourceMap records one
// Location per key path read from the case, so that later stages (sampling,
// the solver) can report a located error for any value.

#include <map>
#include <string>

namespace kanpde::solver {

struct Location {
  std::string file;  // case file path, or "<--set N>" for the N-th command-line override
  int line = 0;      // 1-based; 0: the whole file
  int col = 0;       // 1-based; 0: the whole line
  // "file:line:col", "file:line" or "file".
  std::string str() const;
};

class SourceMap {
 public:
  void set(const std::string& path, const Location& loc) { map_[path] = loc; }
  // The location of path, or of its nearest recorded ancestor
  // (model.kan.widths[1] -> model.kan.widths -> model.kan -> model -> file).
  Location find(const std::string& path) const;
  const std::map<std::string, Location>& all() const { return map_; }
  void set_file(const std::string& file) { file_ = file; }

 private:
  std::string file_;
  std::map<std::string, Location> map_;
};

// "file:line:col: path: message", the form of every case error.
std::string located_message(const Location& loc, const std::string& path,
                            const std::string& message);
// Throws InputError(located_message(...)).
[[noreturn]] void fail_at(const Location& loc, const std::string& path, const std::string& message);

}  // namespace kanpde::solver
