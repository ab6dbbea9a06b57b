// reference.data: CSV and HDF5 points and values read and checked at load
// time (solver/case/ReferenceData.hpp), errors located at file:line:col.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/case/ReferenceData.hpp"

namespace kanpde::solver {
namespace {

geometry::BoundingBox unit_box(int dim) {
  geometry::BoundingBox b;
  b.dim = dim;
  b.lo = {-1.0, -1.0, -1.0};
  b.hi = {1.0, 1.0, 1.0};
  return b;
}

std::string temp_path(const std::string& name) {
  return "refdata_" + std::to_string(getpid()) + "_" + name;
}

std::string write_file(const std::string& name, const std::string& text) {
  const std::string p = temp_path(name);
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const std::string& path, int dim = 2) {
  try {
    read_reference_data(path, dim, unit_box(dim));
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError for " << path;
  return "";
}

TEST(ReferenceData, CommaCsvAnyColumnOrderExtraColumnsIgnored) {
  const std::string p = write_file("a.csv",
                                   "# exported by another code\n"
                                   "u, v, y, x\n"
                                   "1.5, 9, 0.25, -0.5   # first point\n"
                                   "\n"
                                   "-2e-3, 9, -1, 1\n");
  const ReferenceData d = read_reference_data(p, 2, unit_box(2));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.format, "csv");
  EXPECT_EQ(d.x, (std::vector<double>{-0.5, 0.25, 1.0, -1.0}));  // on the box: accepted
  EXPECT_EQ(d.u, (std::vector<double>{1.5, -2e-3}));
  std::remove(p.c_str());
}

TEST(ReferenceData, ComsolStyleWhitespaceWithPercentHeaderAndUnits) {
  const std::string p = write_file("comsol.txt",
                                   "% Model:              holes.mph\n"
                                   "% Dimension:          2\n"
                                   "% X                       Y                        u (1)\n"
                                   "0.1   0.2   3.0\r\n"
                                   "0.3\t0.4\t4.0\n");
  const ReferenceData d = read_reference_data(p, 2, unit_box(2));
  EXPECT_EQ(d.x, (std::vector<double>{0.1, 0.2, 0.3, 0.4}));
  EXPECT_EQ(d.u, (std::vector<double>{3.0, 4.0}));
  std::remove(p.c_str());
}

TEST(ReferenceData, CsvErrorsNameFileLineAndColumn) {
  struct Bad {
    std::string text, where, what;
  };
  const std::vector<Bad> bad = {
      {"x,y,u\n0,0,1\n0.5,0.5\n", ":3:1:", "expected 3 fields as in the header, found 2"},
      {"x,y,u\n0,0,1,7\n", ":2:7:", "expected 3 fields as in the header, found 4"},
      {"x,y,u\n0, abc ,1\n", ":2:4:", "expected a number, found \"abc\""},
      {"x,y,u\n0,0,nan\n", ":2:5:", "the value \"nan\" is not finite"},
      {"x,y,u\n0,0,1\n2.5,0,1\n", ":3:1:", "lies outside the domain's bounding box [-1, 1] x"},
      {"x,u\n0,1\n", ":1:1:", "the header names no column \"y\""},
      {"x,y,x,u\n", ":1:5:", "column \"x\" is named twice"},
      {"0,0,1\n", ":1:1:", "expected a header line naming the columns"},
      {"x,y,u\n# nothing\n", "", "no data rows"},
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    const std::string p = write_file("bad" + std::to_string(i) + ".csv", bad[i].text);
    const std::string e = error_of(p);
    EXPECT_NE(e.find(p + bad[i].where), std::string::npos) << e;
    EXPECT_NE(e.find("reference.data: "), std::string::npos) << e;
    EXPECT_NE(e.find(bad[i].what), std::string::npos) << e;
    std::remove(p.c_str());
  }
  EXPECT_NE(error_of("no-such-file.csv").find("no such file"), std::string::npos);
}

TEST(ReferenceData, Hdf5AxisDatasetsOrPointsAndTheirErrors) {
  const std::string p = temp_path("d.h5");
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("x", {0.1, 0.2, 0.3}, {3});
    f.root().write<double>("y", {-0.1, -0.2, -0.3}, {3});
    f.root().write<double>("z", {0.0, 0.5, 1.0}, {3});
    f.root().write<double>("u", {1.0, 2.0, 3.0}, {3});
    f.close();
  }
  const ReferenceData d = read_reference_data(p, 3, unit_box(3));
  EXPECT_EQ(d.format, "hdf5");
  EXPECT_EQ(d.x, (std::vector<double>{0.1, -0.1, 0.0, 0.2, -0.2, 0.5, 0.3, -0.3, 1.0}));
  EXPECT_EQ(d.u, (std::vector<double>{1.0, 2.0, 3.0}));
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("points", {0.1, 0.2, 0.3, 0.4}, {2, 2});
    f.root().write<double>("u", {5.0, 6.0}, {2});
    f.close();
  }
  EXPECT_EQ(read_reference_data(p, 2, unit_box(2)).x, (std::vector<double>{0.1, 0.2, 0.3, 0.4}));
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("x", {0.1, 0.2}, {2});
    f.root().write<double>("y", {0.1}, {1});
    f.root().write<double>("u", {5.0, std::nan("")}, {2});
    f.close();
  }
  EXPECT_NE(error_of(p).find(":/y: reference.data: expected a 1-D dataset of 2 values"),
            std::string::npos)
      << error_of(p);
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("x", {0.1, 0.2}, {2});
    f.root().write<double>("y", {0.1, 7.0}, {2});
    f.root().write<double>("u", {5.0, 1.0}, {2});
    f.close();
  }
  EXPECT_NE(error_of(p).find(":/u[1]: reference.data: the point (0.20000000000000001, 7)"),
            std::string::npos)
      << error_of(p);
  {
    h5::File f = h5::File::create(p);
    f.root().write<double>("x", {0.1}, {1});
    f.close();
  }
  EXPECT_NE(error_of(p).find(":/u: reference.data: no such dataset"), std::string::npos);
  std::remove(p.c_str());
}

TEST(ReferenceData, CaseKeyResolvesRelativeToTheCaseFolderAndReportsMissingFiles) {
  const std::string dir = temp_path("dir");
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::ofstream(dir + "/ref.csv") << "x,y,u\n0.5,0.5,1\n";
  const std::string text =
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {source: \"1\"}\n"
      "boundary:\n"
      "  - {parts: all, type: dirichlet, value: \"0\"}\n"
      "reference: {data: ref.csv}\n";
  const CaseSpec cs = load_case_text(text, dir + "/case.yaml");
  ASSERT_TRUE(cs.reference.data_points);
  EXPECT_EQ(cs.reference.data, "ref.csv");
  EXPECT_EQ(cs.reference.data_points->size(), 1u);
  EXPECT_NE(cs.to_yaml().find("data: ref.csv"), std::string::npos);
  try {
    load_case_text(text, "elsewhere/case.yaml");
    ADD_FAILURE() << "a missing data file must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("elsewhere/case.yaml:5:19: reference.data: no such file "
                                         "\"elsewhere/ref.csv\""),
              std::string::npos)
        << e.what();
  }
  // Points of another domain: outside this case's bounding box [0, 1]^2.
  std::ofstream(dir + "/ref.csv") << "x,y,u\n-0.5,0.5,1\n";
  try {
    load_case_text(text, dir + "/case.yaml");
    ADD_FAILURE() << "a point outside the box must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/ref.csv:2:1: reference.data: the point (-0.5, "
                                               "0.5) lies outside"),
              std::string::npos)
        << e.what();
  }
  std::system(("rm -rf " + dir).c_str());
}

TEST(ReferenceData, Errors) {
  ReferenceData d;
  d.dim = 1;
  d.x = {0.0, 0.5, 1.0};
  d.u = {1.0, 2.0, 2.0};
  const DataErrors e = data_errors({1.0, 2.5, std::nan("")}, d);
  EXPECT_EQ(e.used, 2u);
  EXPECT_EQ(e.skipped, 1u);
  EXPECT_DOUBLE_EQ(e.max_abs, 0.5);
  EXPECT_DOUBLE_EQ(e.rel_l2, std::sqrt(0.25 / 5.0));
}

}  // namespace
}  // namespace kanpde::solver
