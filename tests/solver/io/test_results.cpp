// Results files: every dataset and attribute written and read back, the XDMF
// sidecar's dimensions and paths on a non-square grid, summary.json, and no
// silent overwrite.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "kan/ModelIO.hpp"
#include "solver/io/Results.hpp"

namespace {

using namespace kanpde;

solver::RunResults sample_results() {
  solver::RunResults r;
  r.case_name = "demo \"quoted\"";
  r.case_yaml = "name: demo\nmodel:\n  widths: [2, 3, 1]\n";
  kan::NetworkSpec spec;
  spec.widths = {2, 3, 1};
  const kan::Network<Kokkos::HostSpace> net(spec);
  r.layout = net.layout();
  r.params = net.params_host();
  r.knots = net.knots_host();
  r.history_columns = {"step", "loss", "rel_l2"};
  r.history = {{1, 0.5, 0.1}, {2, 0.25, 0.05}};
  r.dim = 2;
  r.fields.dim = 2;
  r.fields.axes = {{0.0, 0.5, 1.0, 1.5, 2.0}, {-1.0, 0.0, 1.0}};  // 5 x 3: not square
  std::vector<double> u(15), e(15);
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 5; ++i) {
      u[static_cast<std::size_t>(j * 5 + i)] = i + 10 * j;
      e[static_cast<std::size_t>(j * 5 + i)] = j == 1 && i == 2 ? std::nan("") : 0.1 * i;
    }
  r.fields.fields["u_kan"] = u;
  r.fields.fields["err_kan"] = e;
  r.interior = {0.1, 0.2, 0.3, 0.4};
  r.boundary = {0.0, 0.0, 2.0, 1.0, 1.0, -1.0};
  r.boundary_part = {0, 1, 2};
  r.part_names = {"xmin", "xmax", "ymin"};
  r.metrics = {{"kan_rel_l2", 1.5e-4}, {"kan_params", 300}, {"fd_unknowns", 961}};
  r.metric_text = {{"fd_solver", "direct"}};
  return r;
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Results, WriteThenReadEveryDataset) {
  const std::string dir = "results_test_" + std::to_string(getpid()) + "/run";
  const auto r = sample_results();
  solver::write_results(dir, r, false);
  const h5::File f = h5::File::open_read(dir + "/results.h5");
  const h5::Group& root = f.root();
  EXPECT_EQ(root.attr_string("format"), "kanpde-results");
  EXPECT_EQ(root.read_string("case"), r.case_yaml);
  const auto net = kan::read_model(root.open_group("model"));
  EXPECT_EQ(net.params_host(), r.params);
  EXPECT_EQ(net.knots_host(), r.knots);
  h5::Dims dims;
  const auto hist = root.open_group("train").read<double>("history", &dims);
  EXPECT_EQ(dims, (h5::Dims{2, 3}));
  EXPECT_EQ(hist, (std::vector<double>{1, 0.5, 0.1, 2, 0.25, 0.05}));
  EXPECT_EQ(root.open_group("train").read_string("history_columns"), "step,loss,rel_l2");
  const h5::Group fields = root.open_group("fields");
  EXPECT_EQ(fields.read<double>("x"), r.fields.axes[0]);
  EXPECT_EQ(fields.read<double>("y"), r.fields.axes[1]);
  const auto u = fields.read<double>("u_kan", &dims);
  EXPECT_EQ(dims, (h5::Dims{3, 5}));  // [ny][nx]
  EXPECT_EQ(u, r.fields.fields.at("u_kan"));
  const auto e = fields.read<double>("err_kan");
  EXPECT_TRUE(std::isnan(e[7]));
  const h5::Group col = root.open_group("collocation");
  EXPECT_EQ(col.read<double>("interior", &dims), r.interior);
  EXPECT_EQ(dims, (h5::Dims{2, 2}));
  EXPECT_EQ(col.read<double>("boundary"), r.boundary);
  EXPECT_EQ(col.read<int>("boundary_part"), r.boundary_part);
  EXPECT_EQ(col.read_string("part_names"), "xmin,xmax,ymin");
  const h5::Group m = root.open_group("metrics");
  EXPECT_EQ(m.attr_double("kan_rel_l2"), 1.5e-4);
  EXPECT_EQ(m.attr_string("fd_solver"), "direct");

  // XDMF: dimensions slowest first (ny nx), coordinates and fields point into
  // the HDF5 file.
  const std::string x = slurp(dir + "/results.xmf");
  EXPECT_NE(x.find("TopologyType=\"2DRectMesh\" Dimensions=\"3 5\""), std::string::npos) << x;
  EXPECT_NE(x.find("GeometryType=\"VXVY\""), std::string::npos);
  EXPECT_NE(x.find("Dimensions=\"5\" NumberType=\"Float\" Precision=\"8\" "
                   "Format=\"HDF\">results.h5:/fields/x<"),
            std::string::npos);
  EXPECT_NE(x.find("Dimensions=\"3\" NumberType=\"Float\" Precision=\"8\" "
                   "Format=\"HDF\">results.h5:/fields/y<"),
            std::string::npos);
  EXPECT_NE(x.find("results.h5:/fields/u_kan"), std::string::npos);
  EXPECT_NE(x.find("NumberOfElements=\"2\""), std::string::npos);  // interior cloud

  const std::string j = slurp(dir + "/summary.json");
  EXPECT_NE(j.find("\"case\": \"demo \\\"quoted\\\"\""), std::string::npos) << j;
  EXPECT_NE(j.find("\"rel_l2\": 0.00014999999999999999"), std::string::npos) << j;
  EXPECT_NE(j.find("\"unknowns\": 961"), std::string::npos);
  EXPECT_NE(j.find("\"fd_solver\": \"direct\""), std::string::npos);

  // Existing results are not replaced without being asked.
  EXPECT_THROW(solver::write_results(dir, r, false), InputError);
  EXPECT_NO_THROW(solver::write_results(dir, r, true));
}

// Above 3D: the fields on a 2D slice carry their axes' names (x4, x2); the
// 5D point clouds stay in the HDF5 file but not in the XDMF sidecar (its
// geometry types are 2D/3D).
TEST(Results, SliceFieldsAboveThreeDimensions) {
  const std::string dir = "results_slice_" + std::to_string(getpid()) + "/run";
  auto r = sample_results();
  r.dim = 5;
  r.fields.axis_names = {"x4", "x2"};
  r.interior = {0.1, 0.2, 0.3, 0.4, 0.5};
  r.boundary = {0.0, 0.0, 0.0, 0.0, 0.0};
  r.boundary_part = {0};
  solver::write_results(dir, r, false);
  const h5::File f = h5::File::open_read(dir + "/results.h5");
  const h5::Group fields = f.root().open_group("fields");
  EXPECT_EQ(fields.read<double>("x4"), r.fields.axes[0]);
  EXPECT_EQ(fields.read<double>("x2"), r.fields.axes[1]);
  h5::Dims dims;
  EXPECT_EQ(f.root().open_group("collocation").read<double>("interior", &dims), r.interior);
  EXPECT_EQ(dims, (h5::Dims{1, 5}));
  const std::string x = slurp(dir + "/results.xmf");
  EXPECT_NE(x.find("results.h5:/fields/x4<"), std::string::npos) << x;
  EXPECT_NE(x.find("results.h5:/fields/x2<"), std::string::npos) << x;
  EXPECT_EQ(x.find("/fields/x<"), std::string::npos) << x;
  EXPECT_EQ(x.find("Polyvertex"), std::string::npos) << x;
}

}  // namespace
