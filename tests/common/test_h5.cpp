// The HDF5 layer on a full disk: a write that runs out of space at any point
// (a dataset's data, the metadata HDF5 writes when the file is closed) is a
// RuntimeFailure naming the final file; nothing is left under either name,
// and the process goes on (and exits) normally. Before kanpde checked the
// close, a failed H5Fclose left HDF5 a file that its exit-time teardown
// crashed on (SIGSEGV).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "FileLimit.hpp"
#include "common/AtomicFile.hpp"
#include "common/Error.hpp"
#include "common/H5.hpp"

namespace {

using namespace kanpde;

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

void write_sample(h5::File& f) {
  h5::Group& root = f.root();
  root.set_attr("format", std::string("kanpde-test"));
  root.write_string("case", std::string(3000, 'c'));
  h5::Group g = root.create_group("fields");
  for (int i = 0; i < 6; ++i)
    g.write("f" + std::to_string(i), std::vector<double>(1000, i), {10, 100});
  g.set_attr("n", std::int64_t{6});
}

std::string path_for(const std::string& name) {
  const std::string dir = "h5_test_" + std::to_string(getpid());
  mkdir(dir.c_str(), 0755);
  return dir + "/" + name;
}

TEST(H5, WriteThenRead) {
  const std::string p = path_for("ok.h5");
  std::remove(p.c_str());
  h5::write_atomically(p, write_sample);
  const h5::File f = h5::File::open_read(p);
  h5::Dims dims;
  EXPECT_EQ(f.root().open_group("fields").read<double>("f3", &dims), std::vector<double>(1000, 3));
  EXPECT_EQ(dims, (h5::Dims{10, 100}));
  EXPECT_EQ(f.root().attr_string("format"), "kanpde-test");
  EXPECT_THROW(h5::write_atomically(p, write_sample), InputError);  // no silent replace
}

TEST(H5, FullDiskAtEveryPointIsAnErrorAndLeavesNothing) {
  const std::string p = path_for("full.h5");
  std::remove(p.c_str());
  h5::write_atomically(p, write_sample);
  struct stat st {};
  ASSERT_EQ(stat(p.c_str(), &st), 0);
  const rlim_t size = static_cast<rlim_t>(st.st_size);
  std::remove(p.c_str());
  int failures = 0, successes = 0;
  // Limits from nothing to more than the file: the failure moves from the
  // superblock through the datasets to the metadata written at close.
  for (rlim_t limit = 0; limit <= size + 4096; limit += 1024) {
    bool ok = false;
    {
      test::FileSizeLimit full(limit);
      ASSERT_TRUE(full.ok());
      try {
        h5::write_atomically(p, write_sample);
        ok = true;
      } catch (const RuntimeFailure& e) {
        EXPECT_NE(std::string(e.what()).find("full.h5"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find(".tmp."), std::string::npos) << e.what();
      }
    }
    EXPECT_FALSE(exists(io::temp_name(p))) << "limit " << limit;
    if (ok) {
      ++successes;
      const h5::File f = h5::File::open_read(p);  // complete and readable
      EXPECT_EQ(f.root().open_group("fields").read<double>("f5"), std::vector<double>(1000, 5));
      std::remove(p.c_str());
    } else {
      ++failures;
      EXPECT_FALSE(exists(p)) << "limit " << limit;
    }
  }
  EXPECT_GT(failures, 10);
  EXPECT_GT(successes, 0);
  // HDF5 still works after all those failures.
  EXPECT_NO_THROW(h5::write_atomically(p, write_sample));
}

}  // namespace

namespace {

std::string read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
void write_bytes(const std::string& p, const std::string& b) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << b;
}

// A flipped block inside a dataset's data fails its Fletcher32 checksum: an
// InputError naming the dataset, not different numbers.
TEST(H5, DamagedDataIsDetectedByItsChecksum) {
  const std::string p = path_for("flip.h5");
  std::remove(p.c_str());
  const std::vector<double> data(5000, 1.25);
  h5::write_atomically(p, [&](h5::File& f) { f.root().write("values", data, {50, 100}); });
  std::string bytes = read_bytes(p);
  const double v = 1.25;
  const std::string pattern(reinterpret_cast<const char*>(&v), sizeof v);
  const auto at = bytes.find(pattern + pattern + pattern + pattern);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1000] = static_cast<char>(bytes[at + 1000] ^ 0x5a);
  write_bytes(p, bytes);
  const h5::File f = h5::File::open_read(p);
  try {
    f.root().read<double>("values");
    ADD_FAILURE() << "a damaged dataset was read";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/values"), std::string::npos) << e.what();
  }
}

// A dataset whose header declares far more values than the file holds is
// refused before anything is allocated.
TEST(H5, OversizedDeclarationIsRefusedBeforeAllocating) {
  const std::string p = path_for("huge.h5");
  std::remove(p.c_str());
  h5::write_atomically(p, [&](h5::File& f) {
    // An extensible, never-written dataset declared with 2^34 rows: what a
    // damaged header looks like to a reader.
    const hsize_t dims[2] = {hsize_t{1} << 34, 3}, maxd[2] = {H5S_UNLIMITED, 3},
                  chunk[2] = {1024, 3};
    const hid_t space = H5Screate_simple(2, dims, maxd);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 2, chunk);
    const hid_t d =
        H5Dcreate2(f.root().id(), "rows", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(space);
  });
  const h5::File f = h5::File::open_read(p);
  try {
    f.root().read<double>("rows");
    ADD_FAILURE() << "a 2^34-row dataset was read";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("more than the whole file holds"), std::string::npos)
        << e.what();
  }
}

}  // namespace
