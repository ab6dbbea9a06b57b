#include "solver/io/Results.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "common/AtomicFile.hpp"
#include "common/Error.hpp"
#include "common/H5.hpp"
#include "kan/ModelIO.hpp"

namespace kanpde::solver {

std::string FieldSet::axis_name(int a) const {
  static const char* const kNames[3] = {"x", "y", "z"};
  return axis_names.empty() ? std::string(kNames[a]) : axis_names[static_cast<std::size_t>(a)];
}

std::size_t FieldSet::size() const {
  std::size_t n = axes.empty() ? 0 : 1;
  for (const auto& a : axes) n *= a.size();
  return n;
}

namespace {

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

}  // namespace

void make_directories(const std::string& dir) {
  std::string cur;
  std::stringstream ss(dir);
  std::string part;
  if (!dir.empty() && dir[0] == '/') cur = "/";
  while (std::getline(ss, part, '/')) {
    if (part.empty()) continue;
    cur += part + "/";
    if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
      throw RuntimeFailure(cur + ": cannot create the output directory (" + std::strerror(errno) +
                           ")");
  }
}

namespace {

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\t':
        o += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

double metric(const RunResults& r, const std::string& k) {
  auto it = r.metrics.find(k);
  return it == r.metrics.end() ? std::nan("") : it->second;
}

}  // namespace

std::string summary_json(const RunResults& r) {
  std::ostringstream o;
  auto num = [&](const std::string& k) { return json_number(metric(r, k)); };
  o << "{\n  \"case\": " << json_string(r.case_name) << ",\n";
  o << "  \"kan\": {\"rel_l2\": " << num("kan_rel_l2") << ", \"max_abs\": " << num("kan_max_abs")
    << ", \"mse\": " << num("kan_mse") << ", \"h1_semi_rel\": " << num("kan_h1_semi_rel")
    << ", \"params\": " << num("kan_params")
    << ", \"validation_residual\": " << num("kan_validation_residual")
    << ", \"validation_residual_rel\": " << num("kan_validation_residual_rel") << "},\n";
  o << "  \"fd\": {\"rel_l2\": " << num("fd_rel_l2") << ", \"max_abs\": " << num("fd_max_abs")
    << ", \"unknowns\": " << num("fd_unknowns") << ", \"seconds\": " << num("fd_seconds") << "},\n";
  o << "  \"kan_vs_fd\": {\"rel_l2\": " << num("kan_vs_fd_rel_l2")
    << ", \"max_abs\": " << num("kan_vs_fd_max_abs") << "},\n";
  o << "  \"train\": {\"steps\": " << num("train_steps")
    << ", \"seconds\": " << num("train_seconds") << ", \"final_loss\": " << num("train_final_loss")
    << "},\n";
  if (r.metrics.count("data_points") != 0) {
    auto text = [&](const std::string& k) {
      auto it = r.metric_text.find(k);
      return json_string(it == r.metric_text.end() ? std::string() : it->second);
    };
    o << "  \"reference_data\": {\"file\": " << text("data_file")
      << ", \"points\": " << num("data_points") << ", \"kan_rel_l2\": " << num("kan_vs_data_rel_l2")
      << ", \"kan_max_abs\": " << num("kan_vs_data_max_abs")
      << ", \"fd_rel_l2\": " << num("fd_vs_data_rel_l2")
      << ", \"fd_max_abs\": " << num("fd_vs_data_max_abs")
      << ", \"fd_points_skipped\": " << num("fd_vs_data_skipped")
      << ", \"fd_interpolation\": " << text("data_fd_interpolation") << "},\n";
  }
  if (!r.unknown_names.empty()) {
    o << "  \"unknowns\": {";
    for (std::size_t i = 0; i < r.unknown_names.size(); ++i) {
      const double v = r.unknown_values[i], ex = r.unknown_exact[i];
      o << (i ? ", " : "") << json_string(r.unknown_names[i]) << ": {\"value\": " << json_number(v)
        << ", \"exact\": " << json_number(ex)
        << ", \"rel_error\": " << json_number(std::abs(v - ex) / std::abs(ex)) << "}";
    }
    o << "},\n";
  }
  o << "  \"warnings\": [";
  for (std::size_t i = 0; i < r.warnings.size(); ++i)
    o << (i ? ", " : "") << json_string(r.warnings[i]);
  o << "],\n";
  o << "  \"metrics\": {";
  bool first = true;
  for (const auto& [k, v] : r.metrics) {
    o << (first ? "" : ", ") << json_string(k) << ": " << json_number(v);
    first = false;
  }
  for (const auto& [k, v] : r.metric_text) {
    o << (first ? "" : ", ") << json_string(k) << ": " << json_string(v);
    first = false;
  }
  o << "}\n}\n";
  return o.str();
}

namespace {

// The rectilinear grid of a field set as an XDMF <Grid> (2D/3D only).
void xdmf_field_grid(std::ostream& o, const FieldSet& f, const std::string& h5) {
  if (f.dim >= 2 && f.size() > 0) {
    // Dimensions are listed slowest axis first (z, y, x); the VXVY(VZ)
    // geometry takes the x, y (, z) coordinate arrays.
    std::string dims;
    for (int a = f.dim - 1; a >= 0; --a)
      dims += std::to_string(f.axes[static_cast<std::size_t>(a)].size()) + (a ? " " : "");
    const char* topo = f.dim == 2 ? "2DRectMesh" : "3DRectMesh";
    const char* geom = f.dim == 2 ? "VXVY" : "VXVYVZ";
    o << "    <Grid Name=\"fields\" GridType=\"Uniform\">\n";
    o << "      <Topology TopologyType=\"" << topo << "\" Dimensions=\"" << dims << "\"/>\n";
    o << "      <Geometry GeometryType=\"" << geom << "\">\n";
    for (int a = 0; a < f.dim; ++a)
      o << "        <DataItem Dimensions=\"" << f.axes[static_cast<std::size_t>(a)].size()
        << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5 << ":/fields/"
        << f.axis_name(a) << "</DataItem>\n";
    o << "      </Geometry>\n";
    for (const auto& [name, v] : f.fields) {
      (void)v;
      o << "      <Attribute Name=\"" << name << "\" AttributeType=\"Scalar\" Center=\"Node\">\n"
        << "        <DataItem Dimensions=\"" << dims
        << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5 << ":/fields/" << name
        << "</DataItem>\n      </Attribute>\n";
    }
    o << "    </Grid>\n";
  }
}

// /fields/{x,y,z} and every field of a set under root.
void write_field_group(h5::Group& root, const FieldSet& f) {
  h5::Group fields = root.create_group("fields");
  h5::Dims dims;
  for (int a = f.dim - 1; a >= 0; --a) dims.push_back(f.axes[static_cast<std::size_t>(a)].size());
  for (int a = 0; a < f.dim; ++a) {
    const auto& ax = f.axes[static_cast<std::size_t>(a)];
    fields.write(f.axis_name(a), ax, {ax.size()});
  }
  for (const auto& [name, v] : f.fields) {
    KANPDE_ASSERT(v.size() == f.size(), "field " << name << " has the wrong size");
    fields.write(name, v, dims);
  }
}

}  // namespace

std::string xdmf_text(const RunResults& r, const std::string& h5) {
  std::ostringstream o;
  o << "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n";
  xdmf_field_grid(o, r.fields, h5);
  auto cloud = [&](const std::string& name, const std::vector<double>& pts) {
    if (pts.empty() || r.dim < 2 || r.dim > 3) return;  // XDMF point clouds are 2D/3D
    const std::size_t n = pts.size() / static_cast<std::size_t>(r.dim);
    o << "    <Grid Name=\"" << name << "\" GridType=\"Uniform\">\n"
      << "      <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"" << n << "\"/>\n"
      << "      <Geometry GeometryType=\"" << (r.dim == 2 ? "XY" : "XYZ") << "\">\n"
      << "        <DataItem Dimensions=\"" << n << " " << r.dim
      << "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" << h5 << ":/collocation/" << name
      << "</DataItem>\n      </Geometry>\n    </Grid>\n";
  };
  if (r.collocation) {
    cloud("interior", r.interior);
    cloud("boundary", r.boundary);
  }
  o << "  </Domain>\n</Xdmf>\n";
  return o.str();
}

void write_results(const std::string& dir, const RunResults& r, bool overwrite) {
  make_directories(dir);
  const std::string h5 = dir + "/results.h5", xmf = dir + "/results.xmf",
                    json = dir + "/summary.json";
  if (!overwrite)
    for (const auto& p : {h5, xmf, json})
      if (exists(p))
        throw InputError(p +
                         ": results exist already; choose another --out directory or pass "
                         "--force to replace them");
  // 1. Every file complete (closed, synced) under its temporary name.
  const std::string h5_tmp = io::temp_name(h5);
  h5::write_complete(
      h5_tmp,
      [&](h5::File& file) {
        h5::Group& root = file.root();
        root.set_attr("format", std::string("kanpde-results"));
        root.set_attr("format_version", std::int64_t{1});
        root.write_string("case", r.case_yaml);
        h5::Group model = root.create_group("model");
        kan::write_model(model, r.layout, r.params, r.knots);
        if (!r.refinements.empty()) {
          h5::Group ref = root.create_group("refinement");
          ref.set_attr("count", static_cast<std::int64_t>(r.refinements.size()));
          for (std::size_t i = 0; i < r.refinements.size(); ++i) {
            const RefinementNetwork& n = r.refinements[i];
            h5::Group g = ref.create_group("network_" + std::to_string(i + 1));
            kan::write_model(g, n.layout, n.params, n.knots);
            g.set_attr("scale", n.scale);
          }
        }
        if (!r.field_name.empty()) {
          h5::Group f = root.create_group("unknown_field");
          kan::write_model(f, r.field_layout, r.field_params, r.field_knots);
          f.set_attr("name", r.field_name);
          f.set_attr("positive", std::int64_t{r.field_positive ? 1 : 0});
        }
        h5::Group train = root.create_group("train");
        std::vector<double> hist;
        for (const auto& row : r.history) hist.insert(hist.end(), row.begin(), row.end());
        std::string cols;
        for (std::size_t i = 0; i < r.history_columns.size(); ++i)
          cols += (i ? "," : "") + r.history_columns[i];
        train.write("history", hist, {r.history.size(), r.history_columns.size()});
        train.write_string("history_columns", cols);
        write_field_group(root, r.fields);
        if (r.collocation) {
          h5::Group col = root.create_group("collocation");
          const hsize_t d = static_cast<hsize_t>(std::max(r.dim, 1));
          col.write("interior", r.interior, {r.interior.size() / d, d});
          col.write("boundary", r.boundary, {r.boundary.size() / d, d});
          col.write("boundary_part", r.boundary_part, {r.boundary_part.size()});
          std::string parts;
          for (std::size_t i = 0; i < r.part_names.size(); ++i)
            parts += (i ? "," : "") + r.part_names[i];
          col.write_string("part_names", parts);
        }
        if (!r.unknown_names.empty()) {
          h5::Group u = root.create_group("unknowns");
          std::string names;
          std::vector<double> rel;
          for (std::size_t i = 0; i < r.unknown_names.size(); ++i) {
            names += (i ? "," : "") + r.unknown_names[i];
            rel.push_back(std::abs(r.unknown_values[i] - r.unknown_exact[i]) /
                          std::abs(r.unknown_exact[i]));
          }
          u.write_string("names", names);
          u.write("value", r.unknown_values, {r.unknown_values.size()});
          u.write("exact", r.unknown_exact, {r.unknown_exact.size()});
          u.write("rel_error", rel, {rel.size()});
        }
        h5::Group m = root.create_group("metrics");
        for (const auto& [k, v] : r.metrics) m.set_attr(k, v);
        for (const auto& [k, v] : r.metric_text) m.set_attr(k, v);
      },
      h5);
  std::vector<std::string> published;
  try {
    io::AtomicFile x(xmf), j(json);
    x.write(xdmf_text(r, "results.h5"));
    x.finish();
    j.write(summary_json(r));
    j.finish();
    // 2. Published as one unit: summary.json, the completion marker, goes
    // first when replacing and comes back last.
    if (overwrite && std::remove(json.c_str()) == 0) io::sync_path(dir);
    io::publish_file(h5_tmp, h5, overwrite);
    published.push_back(h5);
    x.publish(overwrite);
    published.push_back(xmf);
    j.publish(overwrite);
  } catch (...) {
    std::remove(h5_tmp.c_str());
    for (const std::string& p : published) std::remove(p.c_str());
    throw;
  }
}

void write_field_file(const std::string& dir, const std::string& stem, const std::string& case_yaml,
                      const FieldSet& fields, const std::map<std::string, double>& metrics,
                      const std::map<std::string, std::string>& text, bool overwrite) {
  make_directories(dir);
  const std::string h5 = dir + "/" + stem + ".h5", xmf = dir + "/" + stem + ".xmf";
  if (!overwrite)
    for (const auto& p : {h5, xmf})
      if (exists(p))
        throw InputError(p +
                         ": exists already; choose another --out directory or pass --force to "
                         "replace it");
  const std::string h5_tmp = io::temp_name(h5);
  h5::write_complete(
      h5_tmp,
      [&](h5::File& file) {
        h5::Group& root = file.root();
        root.set_attr("format", std::string("kanpde-fields"));
        root.set_attr("format_version", std::int64_t{1});
        root.write_string("case", case_yaml);
        write_field_group(root, fields);
        h5::Group m = root.create_group("metrics");
        for (const auto& [k, v] : metrics) m.set_attr(k, v);
        for (const auto& [k, v] : text) m.set_attr(k, v);
      },
      h5);
  try {
    io::AtomicFile x(xmf);
    std::ostringstream o;
    o << "<?xml version=\"1.0\" ?>\n<Xdmf Version=\"3.0\">\n  <Domain>\n";
    xdmf_field_grid(o, fields, stem + ".h5");
    o << "  </Domain>\n</Xdmf>\n";
    x.write(o.str());
    x.finish();
    io::publish_file(h5_tmp, h5, overwrite);
    x.publish(overwrite);
  } catch (...) {
    std::remove(h5_tmp.c_str());
    throw;
  }
}

}  // namespace kanpde::solver
