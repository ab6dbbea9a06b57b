#include "common/AtomicFile.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/Error.hpp"

namespace kanpde::io {
namespace {

constexpr std::size_t buffer_size = 1 << 16;

[[noreturn]] void fail(const std::string& path, const char* what, int err) {
  throw RuntimeFailure(path + ": " + what + " (" + io_reason(err) + ")");
}

// rename(2) that refuses to replace: renameat2(RENAME_NOREPLACE) where the
// file system has it, otherwise link(2) + unlink(2) (link never replaces).
int rename_noreplace(const char* from, const char* to) {
#ifdef RENAME_NOREPLACE
  if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  if (link(from, to) != 0) return -1;
  unlink(from);
  return 0;
}

}  // namespace

std::string io_reason(int err) {
  std::string r = std::strerror(err);
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return r + "; free some space or choose another location";
    case EACCES:
    case EPERM:
    case EROFS:
      return r + "; choose a writable location";
    default:
      return r;
  }
}

std::string temp_name(const std::string& path) {
  return path + ".tmp." + std::to_string(static_cast<long>(getpid()));
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), tmp_(temp_name(path_)) {
  struct stat st {};
  if (stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw InputError(path_ + ": is a directory, expected a file name");
    direct_ = true;
    tmp_ = path_;
    fd_ = open(path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  } else {
    fd_ = open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd_ < 0) fail(path_, "cannot create the file", errno);
  buf_.reserve(buffer_size);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) close(fd_);
  if (!direct_ && !published_) unlink(tmp_.c_str());
}

void AtomicFile::flush_buffer() {
  const char* p = buf_.data();
  std::size_t left = buf_.size();
  while (left > 0) {
    const ssize_t w = ::write(fd_, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) fail(path_, "cannot write", errno);
    if (w == 0) fail(path_, "cannot write", ENOSPC);
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  buf_.clear();
}

void AtomicFile::write(const char* data, std::size_t n) {
  KANPDE_ASSERT(!finished_, path_ << ": written after it was finished");
  if (buf_.size() + n > buffer_size) flush_buffer();
  if (n >= buffer_size) {
    buf_.assign(data, n);
    flush_buffer();
  } else {
    buf_.append(data, n);
  }
}

void AtomicFile::finish() {
  if (finished_) return;
  flush_buffer();
  // Devices and FIFOs cannot be synced (EINVAL): their data went out with write().
  if (fsync(fd_) != 0 && !(direct_ && (errno == EINVAL || errno == EROFS)))
    fail(path_, "cannot write", errno);
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) fail(path_, "cannot write", errno);
  finished_ = true;
}

void AtomicFile::publish(bool replace) {
  finish();
  if (direct_) {
    published_ = true;
    return;
  }
  publish_file(tmp_, path_, replace);
  published_ = true;
}

void write_text_atomically(const std::string& path, const std::string& text, bool replace) {
  AtomicFile f(path);
  f.write(text);
  f.publish(replace);
}

void sync_path(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open to sync", errno);
  const int rc = fsync(fd);
  const int err = errno;
  close(fd);
  // Some file systems cannot sync a directory (EINVAL): nothing to do there.
  if (rc != 0 && err != EINVAL) fail(path, "cannot sync to disk", err);
}

void publish_file(const std::string& tmp, const std::string& path, bool replace) {
  const int rc = replace ? std::rename(tmp.c_str(), path.c_str())
                         : rename_noreplace(tmp.c_str(), path.c_str());
  if (rc != 0) {
    const int err = errno;
    if (!replace && err == EEXIST)
      throw InputError(path +
                       ": the file exists (another run wrote it meanwhile?); refusing to "
                       "replace it");
    fail(path, "cannot move the finished file into place", err);
  }
  sync_path(directory_of(path));
}

int remove_stale_temporaries(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return 0;
  int removed = 0;
  const long self = static_cast<long>(getpid());
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    const auto at = name.rfind(".tmp.");
    if (at == std::string::npos || at == 0) continue;
    const std::string digits = name.substr(at + 5);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long pid = std::strtol(digits.c_str(), nullptr, 10);
    if (pid <= 0 || pid == self) continue;
    if (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    if (unlink((dir + "/" + name).c_str()) == 0) ++removed;
  }
  closedir(d);
  return removed;
}

}  // namespace kanpde::io
