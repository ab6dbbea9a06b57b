#include "solver/case/ReferenceData.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/Error.hpp"
#include "common/H5.hpp"

namespace kanpde::solver {

namespace {

const char* const kAxes[3] = {"x", "y", "z"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string box_text(const geometry::BoundingBox& b, int dim) {
  std::string s;
  for (int a = 0; a < dim; ++a)
    s += (a ? " x [" : "[") + number_text(b.lo[static_cast<std::size_t>(a)]) + ", " +
         number_text(b.hi[static_cast<std::size_t>(a)]) + "]";
  return s;
}

struct Field {
  std::string text;
  int col = 0;  // 1-based
};

// Splits a line at commas when it has one, else at spaces and tabs.
std::vector<Field> split_fields(const std::string& line) {
  std::vector<Field> out;
  const bool comma = line.find(',') != std::string::npos;
  std::size_t i = 0;
  const std::size_t n = line.size();
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (i <= n) {
    if (!comma) {
      while (i < n && space(line[i])) ++i;
      if (i >= n) break;
    }
    std::size_t j = i;
    while (j < n && (comma ? line[j] != ',' : !space(line[j]))) ++j;
    std::size_t a = i, b = j;
    while (a < b && space(line[a])) ++a;
    while (b > a && space(line[b - 1])) --b;
    out.push_back({line.substr(a, b - a), static_cast<int>(a) + 1});
    if (!comma) {
      i = j;
    } else {
      if (j >= n) break;
      i = j + 1;
    }
  }
  return out;
}

bool parse_number(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno != ERANGE;
}

bool all_numbers(const std::vector<Field>& f) {
  double v;
  for (const Field& x : f)
    if (!parse_number(x.text, v)) return false;
  return !f.empty();
}

[[noreturn]] void fail(const std::string& path, int line, int col, const std::string& what,
                       const PointDataFormat& fm) {
  throw InputError(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + fm.label +
                   ": " + what);
}

// Strips "(unit)" parts of a header line.
std::string drop_units(std::string s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (depth == 0) out += c;
    if (c == ')' && depth > 0) --depth;
  }
  return out;
}

void check_point(const std::string& where, const double* p, int dim,
                 const geometry::BoundingBox& box, const PointDataFormat& fm) {
  double scale = 1.0;
  for (int a = 0; a < dim; ++a) scale = std::max(scale, box.extent(a));
  const double tol = 1e-9 * scale;
  for (int a = 0; a < dim; ++a) {
    const auto k = static_cast<std::size_t>(a);
    if (p[a] < box.lo[k] - tol || p[a] > box.hi[k] + tol) {
      std::string pt = "(";
      for (int b = 0; b < dim; ++b) pt += (b ? ", " : "") + number_text(p[b]);
      throw InputError(where + ": " + fm.label + ": the point " + pt +
                       ") lies outside the domain's bounding box " + box_text(box, dim) +
                       "; expected points of this case's domain (same coordinates and units)");
    }
  }
}

ReferenceData read_csv(const std::string& path, int dim, const geometry::BoundingBox& box,
                       const PointDataFormat& fm) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": " + fm.label + ": cannot open the file (check the path)");
  ReferenceData d;
  d.path = path;
  d.format = "csv";
  d.dim = dim;
  std::string line, percent_header;
  int lineno = 0, percent_line = 0;
  std::vector<int> column(static_cast<std::size_t>(dim + 1), -1);  // x y z u -> field index
  std::size_t nfields = 0;
  bool have_header = false;
  auto take_header = [&](const std::string& text, int ln) {
    const std::vector<Field> f = split_fields(drop_units(text));
    for (std::size_t i = 0; i < f.size(); ++i) {
      const std::string name = lower(f[i].text);
      int slot = -1;
      for (int a = 0; a < dim; ++a)
        if (name == fm.name(a)) slot = a;
      if (name == fm.name(dim)) slot = dim;
      if (slot < 0) continue;  // another column: ignored
      if (column[static_cast<std::size_t>(slot)] >= 0)
        fail(path, ln, f[i].col, "column \"" + name + "\" is named twice in the header", fm);
      column[static_cast<std::size_t>(slot)] = static_cast<int>(i);
    }
    for (int s = 0; s <= dim; ++s)
      if (column[static_cast<std::size_t>(s)] < 0) {
        std::string want;
        for (int a = 0; a < dim; ++a) want += fm.name(a) + ", ";
        fail(path, ln, 1,
             "the header names no column \"" + fm.name(s) +
                 "\"; expected a header naming the columns " + want + fm.name(dim) + " (found \"" +
                 text + "\")",
             fm);
      }
    nfields = f.size();
    have_header = true;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    if (line[first] == '%') {
      if (!have_header) {
        percent_header = line.substr(first + 1);
        percent_line = lineno;
      }
      continue;
    }
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    const std::vector<Field> f = split_fields(line);
    if (!have_header) {
      if (!all_numbers(f)) {
        take_header(line, lineno);
        continue;
      }
      if (percent_line == 0)
        fail(path, lineno, 1,
             "expected a header line naming the columns (x, y, u, ...) before the data", fm);
      take_header(percent_header, percent_line);
    }
    if (f.size() != nfields)
      fail(path, lineno, f.size() > nfields ? f[nfields].col : 1,
           "expected " + std::to_string(nfields) + " fields as in the header, found " +
               std::to_string(f.size()),
           fm);
    if (d.size() >= max_reference_points)
      fail(path, lineno, 1,
           "more than " + std::to_string(max_reference_points) +
               " points; thin the export out (the errors need far fewer)",
           fm);
    double p[4];
    for (int s = 0; s <= dim; ++s) {
      const Field& fs = f[static_cast<std::size_t>(column[static_cast<std::size_t>(s)])];
      if (!parse_number(fs.text, p[s]))
        fail(path, lineno, fs.col, "expected a number, found \"" + fs.text + "\"", fm);
      if (!std::isfinite(p[s]))
        fail(path, lineno, fs.col, "the value \"" + fs.text + "\" is not finite", fm);
    }
    check_point(path + ":" + std::to_string(lineno) + ":" +
                    std::to_string(f[static_cast<std::size_t>(column[0])].col),
                p, dim, box, fm);
    d.x.insert(d.x.end(), p, p + dim);
    d.u.push_back(p[dim]);
  }
  if (!have_header || d.size() == 0)
    throw InputError(path + ": " + fm.label +
                     ": no data rows; expected a header naming x, y(, z), "
                     "u and one line per point");
  return d;
}

ReferenceData read_hdf5(const std::string& path, int dim, const geometry::BoundingBox& box,
                        const PointDataFormat& fm) {
  const h5::File f = h5::File::open_read(path);
  const h5::Group& g = f.root();
  ReferenceData d;
  d.path = path;
  d.format = "hdf5";
  d.dim = dim;
  auto need = [&](const std::string& name) {
    if (!g.has(name)) {
      std::string axes;
      for (int a = 0; a < dim; ++a) axes += fm.name(a) + ", ";
      throw InputError(g.where(name) + ": " + fm.label + ": no such dataset; expected datasets " +
                       axes + fm.name(dim) + " (1-D, one length) or points [N][dim] and " +
                       fm.name(dim) + " [N]");
    }
  };
  need(fm.name(dim));
  h5::Dims du;
  d.u = g.read<double>(fm.name(dim), &du);
  if (du.size() != 1)
    throw InputError(g.where(fm.name(dim)) + ": " + fm.label +
                     ": expected a 1-D dataset, found rank " + std::to_string(du.size()));
  const std::size_t n = d.u.size();
  if (n == 0 || n > max_reference_points)
    throw InputError(g.where(fm.name(dim)) + ": " + fm.label + ": expected 1 to " +
                     std::to_string(max_reference_points) + " points, found " + std::to_string(n));
  d.x.resize(n * static_cast<std::size_t>(dim));
  if (g.has("points")) {
    h5::Dims dp;
    const std::vector<double> p = g.read<double>("points", &dp);
    if (dp.size() != 2 || dp[0] != n || dp[1] != static_cast<hsize_t>(dim))
      throw InputError(g.where("points") + ": " + fm.label + ": expected shape [" +
                       std::to_string(n) + "][" + std::to_string(dim) + "]");
    d.x = p;
  } else {
    for (int a = 0; a < dim; ++a) {
      need(fm.name(a));
      h5::Dims da;
      const std::vector<double> c = g.read<double>(fm.name(a), &da);
      if (da.size() != 1 || c.size() != n)
        throw InputError(g.where(fm.name(a)) + ": " + fm.label + ": expected a 1-D dataset of " +
                         std::to_string(n) + " values (as u), found " + std::to_string(c.size()));
      for (std::size_t i = 0; i < n; ++i) d.x[i * static_cast<std::size_t>(dim) + a] = c[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double* p = &d.x[i * static_cast<std::size_t>(dim)];
    for (int a = 0; a < dim; ++a)
      if (!std::isfinite(p[a]))
        throw InputError(g.where(g.has("points") ? "points" : fm.name(a)) + "[" +
                         std::to_string(i) + "]: " + fm.label + ": not a finite number");
    if (!std::isfinite(d.u[i]))
      throw InputError(g.where(fm.name(dim)) + "[" + std::to_string(i) + "]: " + fm.label +
                       ": not a finite number");
    check_point(g.where(fm.name(dim)) + "[" + std::to_string(i) + "]", p, dim, box, fm);
  }
  return d;
}

bool is_hdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  return in.gcount() == 8 && std::string(sig, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

}  // namespace

PointDataFormat PointDataFormat::reference(int dim) {
  PointDataFormat fm;
  fm.label = "reference.data";
  for (int a = 0; a < dim; ++a) fm.names.emplace_back(kAxes[a]);
  fm.names.emplace_back("u");
  return fm;
}

ReferenceData read_reference_data(const std::string& path, int dim,
                                  const geometry::BoundingBox& box) {
  return read_point_data(path, dim, box, PointDataFormat::reference(dim));
}

ReferenceData read_point_data(const std::string& path, int dim, const geometry::BoundingBox& box,
                              const PointDataFormat& fm) {
  KANPDE_ASSERT(fm.names.size() == static_cast<std::size_t>(dim + 1),
                "point data: " << fm.names.size() << " column names for dimension " << dim);
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    throw InputError(path + ": " + fm.label +
                     ": no such file (a relative path is taken from the "
                     "case file's folder)");
  if (S_ISDIR(st.st_mode))
    throw InputError(path + ": " + fm.label + ": is a directory, expected a CSV or HDF5 file");
  if (static_cast<std::size_t>(st.st_size) > max_reference_bytes)
    throw InputError(path + ": " + fm.label + ": the file has " + std::to_string(st.st_size) +
                     " bytes, more than the " + std::to_string(max_reference_bytes) +
                     " accepted; thin the export out");
  return is_hdf5(path) ? read_hdf5(path, dim, box, fm) : read_csv(path, dim, box, fm);
}

DataErrors data_errors(const std::vector<double>& v, const ReferenceData& data) {
  DataErrors e;
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < data.size() && i < v.size(); ++i) {
    if (std::isnan(v[i])) {
      ++e.skipped;
      continue;
    }
    const double diff = v[i] - data.u[i];
    num += diff * diff;
    den += data.u[i] * data.u[i];
    e.max_abs = std::max(e.max_abs, std::abs(diff));
    ++e.used;
  }
  e.rel_l2 = den > 0.0 ? std::sqrt(num / den) : std::nan("");
  if (e.used == 0) e.rel_l2 = e.max_abs = std::nan("");
  return e;
}

}  // namespace kanpde::solver
