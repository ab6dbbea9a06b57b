#pragma once
// Files that appear complete or not at all. A writer fills a temporary file
// NAME.tmp.<pid> in the target's directory; every write, the fsync and the
// close are checked (a full disk is reported, never hidden in a destructor);
// only then is the temporary renamed onto the final name and the directory
// synced. A temporary of a process that died (kill -9) is removed by
// remove_stale_temporaries.

#include <cstddef>
#include <string>

namespace kanpde::io {

// "path.tmp.<pid>": the temporary name used for path by this process.
std::string temp_name(const std::string& path);

class AtomicFile {
 public:
  // Creates the temporary for path. An existing path that is not a regular
  // file (a character device, a FIFO) is written directly, without a
  // temporary: renaming onto /dev/full would replace the device.
  explicit AtomicFile(std::string path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temporary unless it was published.
  ~AtomicFile();

  void write(const char* data, std::size_t n);
  void write(const std::string& s) { write(s.data(), s.size()); }
  // Flushes, fsyncs and closes: the content is on disk under the temporary
  // name. RuntimeFailure naming the file and the reason when any step fails.
  void finish();
  // finish(), then the rename onto the final name: with replace false an
  // existing file is left alone and InputError is thrown.
  void publish(bool replace);
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return tmp_; }

 private:
  void flush_buffer();
  std::string path_, tmp_;
  std::string buf_;
  int fd_ = -1;
  bool direct_ = false;  // writing straight into a device or FIFO
  bool finished_ = false, published_ = false;
};

// Writes text to path atomically.
void write_text_atomically(const std::string& path, const std::string& text, bool replace);

// Renames tmp onto path and syncs the directory. With replace false the
// rename refuses to replace an existing path (InputError), also against a
// process that creates path at the same moment.
void publish_file(const std::string& tmp, const std::string& path, bool replace);
// fsync of an existing file or directory; RuntimeFailure when it fails.
void sync_path(const std::string& path);
// The directory part of a path ("." when it has none).
std::string directory_of(const std::string& path);
// Removes DIR/*.tmp.<pid> files whose process no longer runs; returns how
// many were removed.
int remove_stale_temporaries(const std::string& dir);
// "No space left on device; free space or choose another location" for an
// errno value: the reason and a hint of the fix.
std::string io_reason(int err);

}  // namespace kanpde::io
