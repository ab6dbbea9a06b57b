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
