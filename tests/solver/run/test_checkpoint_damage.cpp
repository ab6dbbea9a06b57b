// Damaged checkpoints are input errors naming the dataset, found before any
// use: wrong shapes, non-finite values, counts out of range, a checkpoint
// that does not fit the case it is resumed with (issue 18 item 12). Each
// variant is a valid checkpoint with one thing changed.
#include <gtest/gtest.h>

#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "common/Error.hpp"
#include "kan/Network.hpp"
#include "solver/run/Checkpoint.hpp"

namespace {

using namespace kanpde;
using solver::CheckpointData;

CheckpointData valid() {
  kan::NetworkSpec spec;
  spec.widths = {2, 3, 1};
  const kan::Network<Kokkos::HostSpace> net(spec);
  CheckpointData c;
  c.case_yaml = "name: x\n";
  c.layout = net.layout();
  c.params = net.params_host();
  c.knots = net.knots_host();
  c.trainer.step = 5;
  c.trainer.stage = 1;
  c.trainer.stage_step = 2;
  c.trainer.good = c.params;
  c.trainer.optimizer.scalars = {1.0, 1.0, 0.0, 1.0};
  const Eigen::VectorXd v =
      Eigen::VectorXd::Constant(static_cast<Eigen::Index>(c.params.size()), 0.5);
  c.trainer.optimizer.vectors = {v, v, v};
  c.dim = 2;
  c.interior = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  c.history_columns = {"step", "loss"};
  c.history = {{1, 0.5}, {2, 0.25}};
  return c;
}

std::string path_for(const std::string& name) {
  return "ckpt_damage_" + std::to_string(getpid()) + "_" + name + ".h5";
}

// The message of the InputError reading (and fitting) the checkpoint throws.
std::string refusal(const std::string& p) {
  try {
    const CheckpointData c = solver::read_checkpoint(p);
    solver::check_checkpoint_fits(c, p, 2, {3, 4}, {2, 3, 1}, 3);
  } catch (const InputError& e) {
    std::remove(p.c_str());
    return e.what();
  }
  std::remove(p.c_str());
  return "";
}

std::string damaged_with(const std::string& name, const std::function<void(CheckpointData&)>& f) {
  CheckpointData c = valid();
  f(c);
  const std::string p = path_for(name);
  solver::write_checkpoint(p, c);
  return refusal(p);
}

// Sets an int64 attribute in place, as a damaged or hand-edited file has it.
void set_int_attr(const std::string& p, const char* group, const char* name, std::int64_t v) {
  const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
  const hid_t a = H5Aopen(g, name, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_INT64, &v);
  H5Aclose(a);
  H5Gclose(g);
  H5Fclose(f);
}

TEST(CheckpointDamage, TheValidOneIsAccepted) {
  const std::string p = path_for("valid");
  solver::write_checkpoint(p, valid());
  EXPECT_EQ(refusal(p), "");
}

TEST(CheckpointDamage, EachDamageIsNamed) {
  const auto has = [](const std::string& msg, const std::string& what) {
    return msg.find(what) != std::string::npos && msg.find("damaged") != std::string::npos;
  };
  std::string m;
  m = damaged_with("dim", [](CheckpointData& c) {
    c.dim = 3;  // 2 points of 3 coordinates in a 2D case
  });
  EXPECT_TRUE(has(m, "/sampler/interior")) << m;
  m = damaged_with("nopoints", [](CheckpointData& c) { c.interior.clear(); });
  EXPECT_TRUE(has(m, "/sampler/interior")) << m;
  m = damaged_with("nanvec", [](CheckpointData& c) { c.trainer.optimizer.vectors[1](3) = NAN; });
  EXPECT_TRUE(has(m, "/trainer/optimizer_vectors")) << m;
  m = damaged_with("shortvec", [](CheckpointData& c) {
    for (auto& v : c.trainer.optimizer.vectors) v = Eigen::VectorXd::Zero(4);
  });
  EXPECT_TRUE(has(m, "/trainer/optimizer_vectors")) << m;
  m = damaged_with("good", [](CheckpointData& c) { c.trainer.good.pop_back(); });
  EXPECT_TRUE(has(m, "/trainer/good")) << m;
  m = damaged_with("nanparams", [](CheckpointData& c) { c.params[0] = INFINITY; });
  EXPECT_TRUE(m.find("/model") != std::string::npos && m.find("non-finite") != std::string::npos)
      << m;
  m = damaged_with("negstep", [](CheckpointData& c) { c.trainer.step = -5; });
  EXPECT_TRUE(has(m, "/trainer@step")) << m;
  m = damaged_with("stage", [](CheckpointData& c) { c.trainer.stage = 3; });
  EXPECT_TRUE(has(m, "/trainer@stage")) << m;
  m = damaged_with("stagestep", [](CheckpointData& c) { c.trainer.stage_step = 9; });
  EXPECT_TRUE(has(m, "/trainer@stage_step")) << m;
  m = damaged_with("shape", [](CheckpointData& c) {
    kan::NetworkSpec s;
    s.widths = {2, 4, 1};
    const kan::Network<Kokkos::HostSpace> n(s);
    c.layout = n.layout();
    c.params = n.params_host();
    c.knots = n.knots_host();
    c.trainer.good = c.params;
    c.trainer.optimizer.vectors.clear();
  });
  EXPECT_TRUE(has(m, "/model")) << m;
  // 10^12 steps do not fit the step counter: refused, not wrapped around.
  const std::string p = path_for("hugestep");
  solver::write_checkpoint(p, valid());
  set_int_attr(p, "/trainer", "step", 1000000000000LL);
  m = refusal(p);
  EXPECT_TRUE(has(m, "/trainer@step")) << m;
}

}  // namespace
