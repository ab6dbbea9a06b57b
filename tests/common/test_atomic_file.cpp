// Atomic files: complete or absent under the final name, every write error
// reported (a full disk through RLIMIT_FSIZE), no replacement without being
// asked, temporaries of dead processes removed and those of live ones kept.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "FileLimit.hpp"
#include "common/AtomicFile.hpp"
#include "common/Error.hpp"

namespace {

using namespace kanpde;

std::string scratch(const std::string& name) {
  const std::string dir = "atomic_test_" + std::to_string(getpid());
  mkdir(dir.c_str(), 0755);
  const std::string p = dir + "/" + name;
  std::remove(p.c_str());
  return p;
}

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AtomicFile, PublishesTheWholeText) {
  const std::string p = scratch("a.txt");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "\n";  // > one buffer
  io::write_text_atomically(p, text, false);
  EXPECT_EQ(slurp(p), text);
  EXPECT_FALSE(exists(io::temp_name(p)));
}

TEST(AtomicFile, RefusesToReplaceUnlessAsked) {
  const std::string p = scratch("b.txt");
  io::write_text_atomically(p, "first", false);
  EXPECT_THROW(io::write_text_atomically(p, "second", false), InputError);
  EXPECT_EQ(slurp(p), "first");
  EXPECT_FALSE(exists(io::temp_name(p)));
  io::write_text_atomically(p, "third", true);
  EXPECT_EQ(slurp(p), "third");
}

TEST(AtomicFile, AbandonedWriterLeavesNothing) {
  const std::string p = scratch("c.txt");
  {
    io::AtomicFile f(p);
    f.write("partial");
    EXPECT_TRUE(exists(f.temp_path()));
  }
  EXPECT_FALSE(exists(p));
  EXPECT_FALSE(exists(io::temp_name(p)));
}

// The small file's write fails only when the buffer is flushed at finish():
// it must be reported there, not lost in a destructor (issue 18 item 2).
TEST(AtomicFile, FullDiskIsReportedAndNothingIsPublished) {
  for (rlim_t limit : {rlim_t{0}, rlim_t{10}, rlim_t{70000}}) {
    const std::string p = scratch("d.txt");
    const std::string text(100000, 'x');
    bool threw = false;
    {
      test::FileSizeLimit full(limit);
      ASSERT_TRUE(full.ok());
      try {
        io::write_text_atomically(p, limit == 10 ? std::string("0123456789abc") : text, false);
      } catch (const RuntimeFailure& e) {
        threw = true;
        EXPECT_NE(std::string(e.what()).find("d.txt: cannot write"), std::string::npos) << e.what();
      }
    }
    EXPECT_TRUE(threw) << "limit " << limit;
    EXPECT_FALSE(exists(p)) << "limit " << limit;
    EXPECT_FALSE(exists(io::temp_name(p))) << "limit " << limit;
  }
}

TEST(AtomicFile, DevicesAreWrittenInPlaceAndErrorsReported) {
  // /dev/full accepts open() and fails every write with ENOSPC; it must not be
  // replaced by a regular file through a rename.
  struct stat before {};
  ASSERT_EQ(stat("/dev/full", &before), 0);
  EXPECT_THROW(io::write_text_atomically("/dev/full", "x", true), RuntimeFailure);
  struct stat after {};
  ASSERT_EQ(stat("/dev/full", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_NO_THROW(io::write_text_atomically("/dev/null", "x", true));
}

TEST(AtomicFile, StaleTemporariesOfDeadProcessesAreRemoved) {
  const std::string p = scratch("e.h5");
  const std::string dir = io::directory_of(p);
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  waitpid(child, nullptr, 0);  // its pid now belongs to nobody (until reused)
  const std::string dead = p + ".tmp." + std::to_string(child);
  const std::string alive = p + ".tmp." + std::to_string(getppid());
  const std::string mine = io::temp_name(p);
  const std::string other = dir + "/notes.tmp.txt";
  for (const auto& f : {dead, alive, mine, other}) std::ofstream(f) << "x";
  EXPECT_EQ(io::remove_stale_temporaries(dir), 1);
  EXPECT_FALSE(exists(dead));
  EXPECT_TRUE(exists(alive));
  EXPECT_TRUE(exists(mine));
  EXPECT_TRUE(exists(other));
}

TEST(AtomicFile, DirectoryOf) {
  EXPECT_EQ(io::directory_of("a/b/c.h5"), "a/b");
  EXPECT_EQ(io::directory_of("c.h5"), ".");
  EXPECT_EQ(io::directory_of("/c.h5"), "/");
}

}  // namespace
