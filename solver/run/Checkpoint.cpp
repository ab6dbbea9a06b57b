#include "solver/run/Checkpoint.hpp"

#include <algorithm>

#include "common/Error.hpp"
#include "common/H5.hpp"
#include "kan/ModelIO.hpp"

namespace kanpde::solver {

namespace {
constexpr const char* format = "kanpde-checkpoint";
constexpr std::int64_t version = 1;

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
  return s;
}
std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!s.empty()) out.push_back(cur);
  return out;
}
}  // namespace

void write_checkpoint(const std::string& path, const CheckpointData& c) {
  h5::write_atomically(
      path,
      [&](h5::File& f) {
        h5::Group& root = f.root();
        root.set_attr("format", std::string(format));
        root.set_attr("format_version", version);
        root.write_string("case", c.case_yaml);
        h5::Group model = root.create_group("model");
        kan::write_model(model, c.layout, c.params, c.knots);
        h5::Group t = root.create_group("trainer");
        t.set_attr("step", std::int64_t{c.trainer.step});
        t.set_attr("stage", std::int64_t{c.trainer.stage});
        t.set_attr("stage_step", std::int64_t{c.trainer.stage_step});
        t.set_attr("recoveries", std::int64_t{c.trainer.recoveries});
        t.set_attr("final_loss", c.trainer.final_loss);
        t.write("good", c.trainer.good, {c.trainer.good.size()});
        t.write("balance", c.trainer.balance, {c.trainer.balance.size()});
        t.write("optimizer_scalars", c.trainer.optimizer.scalars,
                {c.trainer.optimizer.scalars.size()});
        const auto& vs = c.trainer.optimizer.vectors;
        const std::size_t len = vs.empty() ? 0 : static_cast<std::size_t>(vs.front().size());
        std::vector<double> flat;
        for (const auto& v : vs) {
          KANPDE_VERIFY(static_cast<std::size_t>(v.size()) == len,
                        "optimizer vectors of different lengths");
          flat.insert(flat.end(), v.data(), v.data() + v.size());
        }
        t.write("optimizer_vectors", flat, {vs.size(), len});
        h5::Group s = root.create_group("sampler");
        s.set_attr("round", std::int64_t{c.round});
        s.set_attr("refine_round", std::int64_t{c.refine_round});
        const hsize_t d = static_cast<hsize_t>(std::max(c.dim, 1));
        s.write("interior", c.interior, {c.interior.size() / d, d});
        h5::Group h = root.create_group("history");
        std::vector<double> rows;
        for (const auto& r : c.history) rows.insert(rows.end(), r.begin(), r.end());
        h.write("rows", rows, {c.history.size(), c.history_columns.size()});
        h.write_string("columns", join(c.history_columns));
      },
      /*overwrite=*/true);
}

CheckpointData read_checkpoint(const std::string& path) {
  const h5::File f = h5::File::open_read(path);
  const h5::Group& root = f.root();
  if (!root.has_attr("format") || root.attr_string("format") != format)
    throw InputError(path +
                     ": not a kanpde checkpoint (written by `kanpde solve` with "
                     "--checkpoint-every or on SIGINT/SIGTERM)");
  const std::int64_t v = root.attr_int("format_version");
  if (v != version)
    throw InputError(path + ": checkpoint format version " + std::to_string(v) +
                     " is not supported by this kanpde (reads " + std::to_string(version) + ")");
  CheckpointData c;
  c.case_yaml = root.read_string("case");
  const auto net = kan::read_model(root.open_group("model"));
  c.layout = net.layout();
  c.params = net.params_host();
  c.knots = net.knots_host();
  const h5::Group t = root.open_group("trainer");
  c.trainer.step = static_cast<int>(t.attr_int("step"));
  c.trainer.stage = static_cast<int>(t.attr_int("stage"));
  c.trainer.stage_step = static_cast<int>(t.attr_int("stage_step"));
  c.trainer.recoveries = static_cast<int>(t.attr_int("recoveries"));
  c.trainer.final_loss = t.attr_double("final_loss");
  c.trainer.good = t.read<double>("good");
  if (c.trainer.good.size() != c.params.size())
    throw InputError(path + ": checkpoint parameters do not match its model (damaged file?)");
  c.trainer.optimizer.scalars = t.read<double>("optimizer_scalars");
  if (t.has("balance")) c.trainer.balance = t.read<double>("balance");
  h5::Dims dims;
  const std::vector<double> flat = t.read<double>("optimizer_vectors", &dims);
  if (dims.size() != 2) throw InputError(path + ": damaged optimizer state");
  for (hsize_t i = 0; i < dims[0]; ++i)
    c.trainer.optimizer.vectors.push_back(Eigen::Map<const Eigen::VectorXd>(
        flat.data() + i * dims[1], static_cast<Eigen::Index>(dims[1])));
  const h5::Group s = root.open_group("sampler");
  c.round = static_cast<int>(s.attr_int("round"));
  c.refine_round = static_cast<int>(s.attr_int("refine_round"));
  c.interior = s.read<double>("interior", &dims);
  c.dim = dims.size() == 2 ? static_cast<int>(dims[1]) : 0;
  const h5::Group h = root.open_group("history");
  c.history_columns = split(h.read_string("columns"));
  const std::vector<double> rows = h.read<double>("rows", &dims);
  if (dims.size() == 2 && dims[1] > 0)
    for (hsize_t r = 0; r < dims[0]; ++r)
      c.history.emplace_back(rows.begin() + static_cast<long>(r * dims[1]),
                             rows.begin() + static_cast<long>((r + 1) * dims[1]));
  return c;
}

}  // namespace kanpde::solver
