#include "common/H5.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "common/AtomicFile.hpp"
#include "common/Error.hpp"

namespace kanpde::h5 {
namespace {

// Silence HDF5's default error printing once; kanpde checks every return code.
// HDF5's exit-time teardown is not registered: it would try again to close a
// file whose close failed (a full disk) and crash; kanpde closes every file
// itself.
struct SilenceHdf5 {
  SilenceHdf5() {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
};
void silence() {
  static SilenceHdf5 once;
}

template <class T>
hid_t mem_type();
template <>
hid_t mem_type<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
hid_t mem_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t mem_type<int>() {
  return H5T_NATIVE_INT;
}

template <class T>
const char* type_name();
template <>
const char* type_name<double>() {
  return "double";
}
template <>
const char* type_name<std::int64_t>() {
  return "int64";
}
template <>
const char* type_name<int>() {
  return "int";
}

// The operating system's reason behind a failed HDF5 call, where it is one
// a user can act on (a full disk, a read-only file system).
std::string os_reason() {
  const int e = errno;
  if (e == ENOSPC || e == EDQUOT || e == EFBIG || e == EIO || e == EROFS)
    return " (" + io::io_reason(e) + ")";
  return "";
}
hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw RuntimeFailure("HDF5: " + what + os_reason());
  return id;
}
void check(herr_t err, const std::string& what) {
  if (err < 0) throw RuntimeFailure("HDF5: " + what + os_reason());
}
// Reading a file the user gave: a failure means a damaged file (exit 2).
hid_t check_read_id(hid_t id, const std::string& what) {
  if (id < 0) throw InputError(what + " (the file is truncated or damaged)");
  return id;
}
void check_read(herr_t err, const std::string& what) {
  if (err < 0) throw InputError(what + " (the file is truncated or damaged)");
}

Handle make_string_type() {
  Handle t(check_id(H5Tcopy(H5T_C_S1), "cannot create a string type"), H5Tclose);
  check(H5Tset_size(t.get(), H5T_VARIABLE), "cannot size a string type");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "cannot set a string type's character set");
  return t;
}

std::string read_string_from(hid_t obj, bool is_attr, const std::string& where) {
  Handle ftype(check_read_id(is_attr ? H5Aget_type(obj) : H5Dget_type(obj),
                             "cannot read the type of " + where),
               H5Tclose);
  if (H5Tget_class(ftype.get()) != H5T_STRING)
    throw InputError(where + ": expected a string, found another type");
  Handle space(check_read_id(is_attr ? H5Aget_space(obj) : H5Dget_space(obj),
                             "cannot read the shape of " + where),
               H5Sclose);
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw InputError(where + ": expected one string");
  if (H5Tis_variable_str(ftype.get()) > 0) {
    Handle mtype = make_string_type();
    char* buf = nullptr;
    check_read(is_attr ? H5Aread(obj, mtype.get(), &buf)
                       : H5Dread(obj, mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &buf),
               "cannot read " + where);
    std::string out = buf ? std::string(buf) : std::string();
    H5free_memory(buf);
    return out;
  }
  const size_t n = H5Tget_size(ftype.get());
  std::vector<char> buf(n + 1, '\0');
  check_read(is_attr ? H5Aread(obj, ftype.get(), buf.data())
                     : H5Dread(obj, ftype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()),
             "cannot read " + where);
  return std::string(buf.data(), strnlen(buf.data(), n));
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

std::string Group::where(const std::string& name) const {
  std::string p = path_ == "/" ? "/" + name : path_ + "/" + name;
  return file_ + ":" + p;
}

bool Group::has(const std::string& name) const {
  const htri_t r = H5Lexists(id(), name.c_str(), H5P_DEFAULT);
  return r > 0;
}

Group Group::create_group(const std::string& name) {
  Handle g(check_id(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    "cannot create group " + where(name)),
           H5Gclose);
  return Group(std::move(g), file_, path_ == "/" ? "/" + name : path_ + "/" + name);
}

Group Group::open_group(const std::string& name) const {
  if (!has(name)) throw InputError(where(name) + ": group not found (is this a kanpde file?)");
  Handle g(
      check_read_id(H5Gopen2(id(), name.c_str(), H5P_DEFAULT), "cannot open group " + where(name)),
      H5Gclose);
  return Group(std::move(g), file_, path_ == "/" ? "/" + name : path_ + "/" + name);
}

void Group::remove(const std::string& name) {
  if (!has(name)) return;
  check(H5Ldelete(id(), name.c_str(), H5P_DEFAULT), "cannot remove " + where(name));
}

template <class T>
void Group::write(const std::string& name, const std::vector<T>& data, const Dims& dims) {
  hsize_t n = 1;
  for (hsize_t d : dims) n *= d;
  if (n != data.size())
    throw RuntimeFailure(where(name) + ": shape does not match the data size (internal error)");
  Handle space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                        "cannot create a dataspace for " + where(name)),
               H5Sclose);
  // Non-empty datasets are chunked with a Fletcher32 checksum per chunk: a
  // damaged block of the file is detected when it is read.
  Handle dcpl(check_id(H5Pcreate(H5P_DATASET_CREATE), "cannot create a property list"), H5Pclose);
  if (n > 0) {
    Dims chunk = dims;
    hsize_t inner = 1;
    for (std::size_t i = 1; i < chunk.size(); ++i) inner *= chunk[i];
    if (!chunk.empty())
      chunk[0] = std::max<hsize_t>(1, std::min<hsize_t>(chunk[0], (hsize_t{1} << 16) / inner));
    if (chunk.empty()) chunk = {1};
    if (!dims.empty()) {
      check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
            "cannot set the chunks of " + where(name));
      check(H5Pset_fletcher32(dcpl.get()), "cannot set the checksum of " + where(name));
    }
  }
  Handle dset(check_id(H5Dcreate2(id(), name.c_str(), mem_type<T>(), space.get(), H5P_DEFAULT,
                                  dcpl.get(), H5P_DEFAULT),
                       "cannot create dataset " + where(name)),
              H5Dclose);
  if (n > 0)
    check(H5Dwrite(dset.get(), mem_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "cannot write dataset " + where(name));
}

template <class T>
std::vector<T> Group::read(const std::string& name, Dims* dims) const {
  if (!has(name)) throw InputError(where(name) + ": dataset not found");
  Handle dset(
      check_read_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), "cannot open " + where(name)),
      H5Dclose);
  Handle ftype(check_read_id(H5Dget_type(dset.get()), "cannot read the type of " + where(name)),
               H5Tclose);
  const H5T_class_t cls = H5Tget_class(ftype.get());
  const bool want_float = std::is_floating_point<T>::value;
  if ((want_float && cls != H5T_FLOAT) || (!want_float && cls != H5T_INTEGER))
    throw InputError(where(name) + ": expected a dataset of " + type_name<T>() +
                     ", found another type");
  Handle space(check_read_id(H5Dget_space(dset.get()), "cannot read the shape of " + where(name)),
               H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check_read(rank, "cannot read the rank of " + where(name));
  Dims shape(static_cast<size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
  // The declared size is checked against the file before anything is
  // allocated: a damaged header may declare 2^34 rows.
  hsize_t n = 1;
  bool overflow = false;
  for (hsize_t d : shape) {
    if (d != 0 && n > std::numeric_limits<hsize_t>::max() / d) overflow = true;
    n *= d;
  }
  hsize_t file_size = 0;
  {
    Handle file(H5Iget_file_id(dset.get()), H5Fclose);
    if (file.valid()) H5Fget_filesize(file.get(), &file_size);
  }
  const std::size_t esize = std::max<std::size_t>(1, H5Tget_size(ftype.get()));
  if (overflow || (file_size > 0 && n > file_size / esize + 1))
    throw InputError(where(name) + ": declares " + std::to_string(n) +
                     " values, more than the whole file holds (the file is damaged)");
  std::vector<T> out(n);
  if (n > 0)
    check_read(H5Dread(dset.get(), mem_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
               "cannot read " + where(name));
  if (dims) *dims = shape;
  return out;
}

template void Group::write<double>(const std::string&, const std::vector<double>&, const Dims&);
template void Group::write<std::int64_t>(const std::string&, const std::vector<std::int64_t>&,
                                         const Dims&);
template void Group::write<int>(const std::string&, const std::vector<int>&, const Dims&);
template std::vector<double> Group::read<double>(const std::string&, Dims*) const;
template std::vector<std::int64_t> Group::read<std::int64_t>(const std::string&, Dims*) const;
template std::vector<int> Group::read<int>(const std::string&, Dims*) const;

void Group::write_string(const std::string& name, const std::string& text) {
  Handle type = make_string_type();
  Handle space(check_id(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"), H5Sclose);
  Handle dset(check_id(H5Dcreate2(id(), name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                  H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create dataset " + where(name)),
              H5Dclose);
  const char* p = text.c_str();
  check(H5Dwrite(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p),
        "cannot write " + where(name));
}

std::string Group::read_string(const std::string& name) const {
  if (!has(name)) throw InputError(where(name) + ": dataset not found");
  Handle dset(
      check_read_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), "cannot open " + where(name)),
      H5Dclose);
  return read_string_from(dset.get(), false, where(name));
}

namespace {
template <class T>
void write_scalar_attr(hid_t obj, const std::string& name, hid_t type, const T* value,
                       const std::string& where) {
  if (H5Aexists(obj, name.c_str()) > 0)
    check(H5Adelete(obj, name.c_str()), "cannot replace attribute " + where);
  Handle space(check_id(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace"), H5Sclose);
  Handle attr(check_id(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute " + where),
              H5Aclose);
  check(H5Awrite(attr.get(), type, value), "cannot write attribute " + where);
}
}  // namespace

void Group::set_attr(const std::string& name, double v) {
  write_scalar_attr(id(), name, H5T_NATIVE_DOUBLE, &v, where("@" + name));
}
void Group::set_attr(const std::string& name, std::int64_t v) {
  write_scalar_attr(id(), name, H5T_NATIVE_INT64, &v, where("@" + name));
}
void Group::set_attr(const std::string& name, const std::string& v) {
  Handle type = make_string_type();
  const char* p = v.c_str();
  write_scalar_attr(id(), name, type.get(), &p, where("@" + name));
}

bool Group::has_attr(const std::string& name) const {
  return H5Aexists(id(), name.c_str()) > 0;
}

namespace {
extern "C" herr_t collect_attr_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> Group::attr_names() const {
  std::vector<std::string> names;
  hsize_t idx = 0;
  check(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr_name, &names),
        "cannot list the attributes of " + where(""));
  return names;
}

H5T_class_t Group::attr_class(const std::string& name) const {
  Handle a(
      check_read_id(H5Aopen(id(), name.c_str(), H5P_DEFAULT), "cannot open " + where("@" + name)),
      H5Aclose);
  Handle t(check_read_id(H5Aget_type(a.get()), "cannot read type"), H5Tclose);
  return H5Tget_class(t.get());
}

namespace {
Handle open_attr(const Group& g, const std::string& name) {
  if (!g.has_attr(name)) throw InputError(g.where("@" + name) + ": attribute not found");
  return Handle(check_read_id(H5Aopen(g.id(), name.c_str(), H5P_DEFAULT),
                              "cannot open attribute " + g.where("@" + name)),
                H5Aclose);
}
template <class T>
T read_scalar_attr(const Group& g, const std::string& name, hid_t type, H5T_class_t cls) {
  Handle a = open_attr(g, name);
  Handle ftype(check_read_id(H5Aget_type(a.get()), "cannot read type"), H5Tclose);
  if (H5Tget_class(ftype.get()) != cls)
    throw InputError(g.where("@" + name) + ": attribute has an unexpected type");
  T v{};
  check_read(H5Aread(a.get(), type, &v), "cannot read attribute " + g.where("@" + name));
  return v;
}
}  // namespace

double Group::attr_double(const std::string& name) const {
  return read_scalar_attr<double>(*this, name, H5T_NATIVE_DOUBLE, H5T_FLOAT);
}
std::int64_t Group::attr_int(const std::string& name) const {
  return read_scalar_attr<std::int64_t>(*this, name, H5T_NATIVE_INT64, H5T_INTEGER);
}
std::string Group::attr_string(const std::string& name) const {
  Handle a = open_attr(*this, name);
  return read_string_from(a.get(), true, where("@" + name));
}

File::File(Handle h, const std::string& path, int fd)
    : file_(std::move(h)),
      root_(Handle(check_id(H5Gopen2(file_.get(), "/", H5P_DEFAULT), "cannot open root of " + path),
                   H5Gclose),
            path, "/"),
      path_(path),
      fd_(fd) {}

File::~File() {
  if (!file_.valid()) return;
  try {
    close();
  } catch (const std::exception&) {
    // Already reported by the exception that is unwinding the writer.
  }
}

void File::close() {
  if (!file_.valid()) return;
  root_.close();
  const hid_t id = file_.release();
  if (H5Fclose(id) >= 0) return;
  const int err = errno;
  // HDF5 keeps a file it failed to close; release its disk space at least.
  const int truncated = fd_ >= 0 ? ftruncate(fd_, 0) : 0;
  (void)truncated;
  throw RuntimeFailure(path_ + ": cannot finish writing the HDF5 file (" +
                       (err != 0 ? io::io_reason(err) : std::string("HDF5 error")) + ")");
}

File File::create(const std::string& path, const std::string& name) {
  silence();
  errno = 0;
  hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0)
    throw RuntimeFailure((name.empty() ? path : name) + ": cannot create the HDF5 file (" +
                         (errno != 0
                              ? io::io_reason(errno)
                              : std::string("does the directory exist and is it writable?")) +
                         ")");
  Handle h(id, H5Fclose);
  int* fd = nullptr;
  const bool have_fd =
      H5Fget_vfd_handle(id, H5P_DEFAULT, reinterpret_cast<void**>(&fd)) >= 0 && fd != nullptr;
  return File(std::move(h), name.empty() ? path : name, have_fd ? *fd : -1);
}

File File::open_read(const std::string& path) {
  silence();
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw InputError(path + ": no such file (check the path)");
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory, expected an HDF5 file");
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(path + ": not an HDF5 file (truncated, or written by another program?)");
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path + ": cannot open the HDF5 file (corrupt or truncated?)");
  return File(Handle(id, H5Fclose), path, -1);
}

File File::open_update(const std::string& path) {
  { const File checked = open_read(path); }  // the same checks and messages, then closed
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (id < 0) throw RuntimeFailure(path + ": cannot open the HDF5 file for writing (permissions?)");
  return File(Handle(id, H5Fclose), path, -1);
}

void File::flush() {
  check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "cannot flush file");
}

}  // namespace kanpde::h5

#include <cstdio>

namespace kanpde::h5 {

void write_complete(const std::string& tmp, const std::function<void(File&)>& writer,
                    const std::string& name) {
  try {
    File f = File::create(tmp, name);
    writer(f);
    f.close();
    io::sync_path(tmp);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

void write_atomically(const std::string& path, const std::function<void(File&)>& writer,
                      bool overwrite) {
  struct stat st {};
  if (!overwrite && stat(path.c_str(), &st) == 0)
    throw InputError(path +
                     ": file exists; refusing to overwrite it (choose another name, or "
                     "remove it first)");
  const std::string tmp = io::temp_name(path);
  write_complete(tmp, writer, path);
  try {
    io::publish_file(tmp, path, overwrite);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace kanpde::h5
