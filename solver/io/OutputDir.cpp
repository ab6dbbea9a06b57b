#include "solver/io/OutputDir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/AtomicFile.hpp"
#include "common/Error.hpp"
#include "solver/io/Results.hpp"

namespace kanpde::solver {
namespace {

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

[[noreturn]] void unusable(const std::string& dir, const std::string& why) {
  throw InputError(dir + ": cannot use this output directory (" + why +
                   "); choose another --out directory");
}

}  // namespace

OutputDir::OutputDir(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) dir_ = ".";
  struct stat st {};
  if (stat(dir_.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    unusable(dir_, "it exists and is not a directory");
  try {
    make_directories(dir_);
  } catch (const RuntimeFailure& e) {
    unusable(dir_, e.what());
  }
  // The lock file doubles as the test write: it is created, written, synced.
  // The run that holds it removes it when done (~OutputDir), so a lock taken
  // on a file that is no longer the one at the path (unlinked by the run
  // that just finished, perhaps replaced by a third run's) protects nothing:
  // it is dropped and the path opened again.
  const std::string lock = dir_ + "/.kanpde.lock";
  int err = 0;
  for (int attempt = 0;; ++attempt) {
    lock_fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) unusable(dir_, io::io_reason(errno));
    if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      err = errno;  // reported below
      break;
    }
    struct stat held {
    }, now{};
    if (fstat(lock_fd_, &held) == 0 && stat(lock.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino)
      break;  // locked, and the file at the path
    close(lock_fd_);
    lock_fd_ = -1;
    if (attempt == 100) unusable(dir_, "its lock file keeps being replaced");
  }
  if (err != 0) {
    char buf[32] = {};
    const ssize_t n = pread(lock_fd_, buf, sizeof buf - 1, 0);
    close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK) {
      const std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
      throw InputError(dir_ + ": another kanpde run" +
                       (pid.empty() ? std::string() : " (process " + pid + ")") +
                       " is writing into this directory; wait for it to finish or choose "
                       "another --out directory");
    }
    unusable(dir_, std::string("cannot lock it: ") + std::strerror(err));
  }
  const std::string me = std::to_string(static_cast<long>(getpid()));
  if (ftruncate(lock_fd_, 0) != 0 ||
      pwrite(lock_fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size()) ||
      fsync(lock_fd_) != 0)
    err = errno != 0 ? errno : ENOSPC;
  if (err != 0) {
    unlink(lock.c_str());  // held: this run's own
    close(lock_fd_);
    lock_fd_ = -1;
    unusable(dir_, std::string("a test write failed: ") + io::io_reason(err));
  }
  stale_removed_ = io::remove_stale_temporaries(dir_);
}

OutputDir::~OutputDir() {
  if (lock_fd_ < 0) return;
  // Removed while still held (a run waiting on it then sees a file that is
  // no longer at the path and opens it anew), then released.
  unlink((dir_ + "/.kanpde.lock").c_str());
  close(lock_fd_);
}

ResultsState results_state(const std::string& dir) {
  if (exists(dir + "/summary.json")) return ResultsState::complete;
  if (exists(dir + "/results.h5") || exists(dir + "/results.xmf")) return ResultsState::incomplete;
  return ResultsState::none;
}

}  // namespace kanpde::solver
