#pragma once
// The output directory of a run, checked and claimed before any work:
//   - created when missing (mkdir -p); a path that is not a directory, or a
//     directory that cannot be written (read-only mount, no permission, full)
//     is reported at once, not after training;
//   - locked for the run's lifetime (flock on DIR/.kanpde.lock): a second run
//     into the same directory stops at the start instead of replacing the
//     first one's results; the lock file is removed when the run ends (a
//     run that is killed leaves it, unlocked, and the next run reuses it);
//   - temporaries left by runs that were killed (NAME.tmp.<pid> of a dead
//     process) are removed.
// Results are published as one unit (write_results): summary.json is renamed
// into place last, so a directory whose results.h5 has no summary.json beside
// it holds an incomplete run.

#include <string>

namespace kanpde::solver {

class OutputDir {
 public:
  // InputError naming the directory when it cannot be used, or when another
  // kanpde process holds its lock.
  explicit OutputDir(std::string dir);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();  // removes the lock file and releases the lock
  const std::string& path() const { return dir_; }
  int stale_removed() const { return stale_removed_; }

 private:
  std::string dir_;
  int lock_fd_ = -1;
  int stale_removed_ = 0;
};

enum class ResultsState {
  none,        // no results files
  complete,    // summary.json present: a finished run
  incomplete,  // results.h5 or results.xmf without summary.json: a run that died publishing
};
ResultsState results_state(const std::string& dir);

}  // namespace kanpde::solver
