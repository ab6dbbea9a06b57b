#pragma once
// Small RAII layer over the HDF5 C API. Every call is checked; a failure names
// the file, the object and what to do. HDF5's own error printing is silenced:
// kanpde reports errors itself.

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kanpde::h5 {

// Owns one hid_t and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();
  // Gives up ownership without closing.
  hid_t release() {
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

using Dims = std::vector<hsize_t>;

// A group (or a file's root group) with its file path and object path kept for
// error messages.
class Group {
 public:
  Group(Handle h, std::string file, std::string path)
      : h_(std::move(h)), file_(std::move(file)), path_(std::move(path)) {}
  hid_t id() const { return h_.get(); }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

  bool has(const std::string& name) const;
  Group create_group(const std::string& name);
  Group open_group(const std::string& name) const;
  // Unlinks a member (group or dataset); nothing if it does not exist.
  void remove(const std::string& name);

  // Datasets of double, int64 or int; dims gives the shape (row-major).
  template <class T>
  void write(const std::string& name, const std::vector<T>& data, const Dims& dims);
  template <class T>
  std::vector<T> read(const std::string& name, Dims* dims = nullptr) const;
  void write_string(const std::string& name, const std::string& text);
  std::string read_string(const std::string& name) const;

  // Attributes on this group: scalar double, int64 or string.
  void set_attr(const std::string& name, double v);
  void set_attr(const std::string& name, std::int64_t v);
  void set_attr(const std::string& name, const std::string& v);
  bool has_attr(const std::string& name) const;
  std::vector<std::string> attr_names() const;
  // Type class of an attribute: H5T_FLOAT, H5T_INTEGER, H5T_STRING, ...
  H5T_class_t attr_class(const std::string& name) const;
  double attr_double(const std::string& name) const;
  std::int64_t attr_int(const std::string& name) const;
  std::string attr_string(const std::string& name) const;

  std::string where(const std::string& name) const;  // "file:/path/name"
  void close() { h_.reset(); }

 private:
  Handle h_;
  std::string file_;
  std::string path_;
};

class File {
 public:
  // Creates (truncating) a file for writing. Callers that must not leave a
  // half-written file write to a temporary name and rename (write_atomically);
  // messages then name the file by `name`, its final name.
  static File create(const std::string& path, const std::string& name = "");
  // Opens an existing HDF5 file read-only; InputError when it is missing or not
  // HDF5.
  static File open_read(const std::string& path);
  File(File&&) = default;
  File& operator=(File&&) = delete;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  // Closes a file that close() did not (an exception while writing it).
  ~File();
  // Opens an existing HDF5 file for reading and writing (callers that must
  // not leave a half-written file work on a copy and rename it).
  static File open_update(const std::string& path);
  Group& root() { return root_; }
  const Group& root() const { return root_; }
  void flush();
  // Closes the file, checked: HDF5 writes its metadata here, so a full disk
  // often shows only now (RuntimeFailure naming the file). A file HDF5 fails
  // to close is truncated to zero bytes (its space is released) and left to
  // the operating system: HDF5 cannot close it again without crashing.
  void close();

 private:
  File(Handle h, const std::string& path, int fd);
  Handle file_;
  Group root_;
  std::string path_;
  int fd_ = -1;  // the file descriptor under HDF5 (written files only)
};

}  // namespace kanpde::h5

#include <functional>

namespace kanpde::h5 {

// Writes an HDF5 file so that `path` only ever holds a complete file: the
// writer fills a temporary file in the same directory (io::temp_name), which
// is closed (checked), synced and then renamed onto `path`. On any exception
// the temporary file is removed and `path` is untouched. Refuses to replace
// an existing `path` unless overwrite is true.
void write_atomically(const std::string& path, const std::function<void(File&)>& writer,
                      bool overwrite = false);
// The first half of write_atomically: writes, closes and syncs the file at
// tmp (removed again on any exception); the caller publishes it
// (io::publish_file), e.g. together with other files.
void write_complete(const std::string& tmp, const std::function<void(File&)>& writer,
                    const std::string& name);

}  // namespace kanpde::h5
