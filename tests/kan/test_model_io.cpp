// Model save/load: bit-exact round trip, atomic writes, clear errors on
// missing, foreign, truncated or incompatible files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "Helpers.hpp"
#include "kan/Grid.hpp"
#include "kan/ModelIO.hpp"

namespace {

using namespace kanpde;

std::string temp_path(const std::string& name) {
  return "kanpde_test_" + std::to_string(getpid()) + "_" + name;
}

TEST(ModelIO, RoundTripIsBitForBit) {
  auto net = test::random_network({3, 5, 4, 2}, 7, 4, 42, kan::BaseFunction::identity);
  const auto x = test::random_points(100, 3, -1, 1, 43);
  kan::update_grid(net, x);  // adapted, non-uniform knots
  const std::string path = temp_path("model.h5");
  kan::save_model(path, net);
  const auto back = kan::load_model(path);
  EXPECT_TRUE(back.layout() == net.layout());
  EXPECT_EQ(back.params_host(), net.params_host());  // exact equality of doubles
  EXPECT_EQ(back.knots_host(), net.knots_host());
  EXPECT_EQ(test::jets(back, x, kan::JetMode::hessian), test::jets(net, x, kan::JetMode::hessian));
  // An existing file is never replaced silently.
  EXPECT_THROW(kan::save_model(path, net), InputError);
  EXPECT_NO_THROW(kan::save_model(path, net, /*overwrite=*/true));
  std::remove(path.c_str());
}

TEST(ModelIO, BadFilesAreInputErrors) {
  EXPECT_THROW(kan::load_model("/nonexistent/dir/model.h5"), InputError);
  const std::string text = temp_path("text.h5");
  std::ofstream(text) << "not an HDF5 file\n";
  EXPECT_THROW(kan::load_model(text), InputError);
  // A truncated model file.
  const auto net = test::random_network({2, 4, 1}, 5, 3, 1);
  const std::string good = temp_path("good.h5"), cut = temp_path("cut.h5");
  kan::save_model(good, net);
  {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  EXPECT_THROW(kan::load_model(cut), InputError);  // damaged input: exit 2
  // A valid HDF5 file that is not a kanpde model, and a future format version.
  const std::string foreign = temp_path("foreign.h5"), future = temp_path("future.h5");
  h5::write_atomically(foreign, [](h5::File& f) { f.root().set_attr("format", std::string("x")); });
  h5::write_atomically(future, [&](h5::File& f) {
    kan::write_model(f.root(), net);
    f.root().set_attr("format_version", std::int64_t{99});
  });
  try {
    kan::load_model(future);
    ADD_FAILURE() << "a future format version was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("version 99"), std::string::npos) << e.what();
  }
  EXPECT_THROW(kan::load_model(foreign), InputError);
  for (const auto& p : {text, good, cut, foreign, future}) std::remove(p.c_str());
}

TEST(ModelIO, FailedWriteLeavesNothingBehind) {
  const std::string path = temp_path("never.h5");
  EXPECT_THROW(h5::write_atomically(path,
                                    [](h5::File& f) {
                                      f.root().set_attr("a", 1.0);
                                      throw RuntimeFailure("interrupted");
                                    }),
               RuntimeFailure);
  std::ifstream in(path);
  EXPECT_FALSE(in.good());
  std::ifstream tmp(path + ".tmp." + std::to_string(getpid()));
  EXPECT_FALSE(tmp.good());
}

}  // namespace
