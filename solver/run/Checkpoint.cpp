#include "solver/run/Checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/Coordinates.hpp"
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
        t.set_attr("unknowns", std::int64_t{c.unknowns});
        t.set_attr("field_params", std::int64_t{c.field_params});
        t.write("good", c.trainer.good, {c.trainer.good.size()});
        t.write("balance", c.trainer.balance, {c.trainer.balance.size()});
        t.write("optimizer_scalars", c.trainer.optimizer.scalars,
                {c.trainer.optimizer.scalars.size()});
        const auto& vs = c.trainer.optimizer.vectors;
        const std::size_t len = vs.empty() ? 0 : static_cast<std::size_t>(vs.front().size());
        std::vector<double> flat;
        for (const auto& v : vs) {
          KANPDE_ASSERT(static_cast<std::size_t>(v.size()) == len,
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

namespace {

[[noreturn]] void damaged(const std::string& path, const std::string& dataset,
                          const std::string& why) {
  throw InputError(path + ":" + dataset + ": " + why +
                   " (the checkpoint is damaged; resume from another one or start afresh)");
}

void require_finite(const std::string& path, const std::string& dataset,
                    const std::vector<double>& v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      damaged(path, dataset, "value " + std::to_string(i) + " is not finite");
}

int int_attr(const h5::Group& g, const std::string& path, const std::string& name, std::int64_t lo,
             std::int64_t hi) {
  const std::int64_t v = g.attr_int(name);
  if (v < lo || v > hi)
    damaged(
        path, g.path() + "@" + name,
        std::to_string(v) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return static_cast<int>(v);
}

}  // namespace

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
  require_finite(path, "/model", c.params);
  require_finite(path, "/model", c.knots);
  const std::size_t P = c.params.size();
  const h5::Group t = root.open_group("trainer");
  constexpr std::int64_t big = std::numeric_limits<int>::max();
  c.trainer.step = int_attr(t, path, "step", 0, big);
  c.trainer.stage = int_attr(t, path, "stage", 0, big);
  c.trainer.stage_step = int_attr(t, path, "stage_step", 0, big);
  c.trainer.recoveries = int_attr(t, path, "recoveries", 0, big);
  c.trainer.final_loss = t.attr_double("final_loss");
  c.unknowns = t.has_attr("unknowns") ? int_attr(t, path, "unknowns", 0, 64) : 0;
  c.field_params = t.has_attr("field_params") ? int_attr(t, path, "field_params", 0, big) : 0;
  c.trainer.good = t.read<double>("good");
  if (c.trainer.good.size() != P + static_cast<std::size_t>(c.field_params + c.unknowns))
    damaged(path, "/trainer/good",
            std::to_string(c.trainer.good.size()) + " values for a model of " + std::to_string(P) +
                " parameters, " + std::to_string(c.field_params) + " field parameters and " +
                std::to_string(c.unknowns) + " unknown scalars");
  require_finite(path, "/trainer/good", c.trainer.good);
  c.trainer.optimizer.scalars = t.read<double>("optimizer_scalars");
  require_finite(path, "/trainer/optimizer_scalars", c.trainer.optimizer.scalars);
  if (t.has("balance")) {
    c.trainer.balance = t.read<double>("balance");
    require_finite(path, "/trainer/balance", c.trainer.balance);
  }
  h5::Dims dims;
  const std::vector<double> flat = t.read<double>("optimizer_vectors", &dims);
  if (dims.size() != 2) damaged(path, "/trainer/optimizer_vectors", "expected a 2D dataset");
  if (dims[0] > 0 && dims[1] != P)
    damaged(path, "/trainer/optimizer_vectors",
            "vectors of length " + std::to_string(dims[1]) + " for a model of " +
                std::to_string(P) + " parameters");
  require_finite(path, "/trainer/optimizer_vectors", flat);
  for (hsize_t i = 0; i < dims[0]; ++i)
    c.trainer.optimizer.vectors.push_back(Eigen::Map<const Eigen::VectorXd>(
        flat.data() + i * dims[1], static_cast<Eigen::Index>(dims[1])));
  const h5::Group s = root.open_group("sampler");
  c.round = int_attr(s, path, "round", 0, big);
  c.refine_round = int_attr(s, path, "refine_round", 0, big);
  c.interior = s.read<double>("interior", &dims);
  if (dims.size() != 2 || dims[1] < 1 || dims[1] > hsize_t(max_space_dim))
    damaged(path, "/sampler/interior",
            "expected N x d points with d in 1.." + std::to_string(max_space_dim));
  if (dims[0] == 0) damaged(path, "/sampler/interior", "holds no points");
  c.dim = static_cast<int>(dims[1]);
  require_finite(path, "/sampler/interior", c.interior);
  const h5::Group h = root.open_group("history");
  c.history_columns = split(h.read_string("columns"));
  const std::vector<double> rows = h.read<double>("rows", &dims);
  if (dims.size() != 2 || (dims[0] > 0 && dims[1] != c.history_columns.size()))
    damaged(path, "/history/rows",
            "rows of " + std::to_string(dims.size() == 2 ? dims[1] : 0) + " values for " +
                std::to_string(c.history_columns.size()) + " columns");
  if (dims[1] > 0)
    for (hsize_t r = 0; r < dims[0]; ++r)
      c.history.emplace_back(rows.begin() + static_cast<long>(r * dims[1]),
                             rows.begin() + static_cast<long>((r + 1) * dims[1]));
  return c;
}

void check_checkpoint_fits(const CheckpointData& c, const std::string& path, int dim,
                           const std::vector<int>& stage_steps, const std::vector<int>& widths,
                           int order, int prune_stage) {
  if (c.dim != dim)
    damaged(
        path, "/sampler/interior",
        "points in " + std::to_string(c.dim) + " dimensions for a case in " + std::to_string(dim));
  const bool pruned =
      prune_stage >= 0 && (c.trainer.stage > prune_stage ||
                           (c.trainer.stage == prune_stage && c.trainer.stage_step > 0));
  bool shape_ok = c.layout.widths() == widths;
  if (pruned && !shape_ok) {
    const std::vector<int>& w = c.layout.widths();
    shape_ok =
        w.size() == widths.size() && w.front() == widths.front() && w.back() == widths.back();
    for (std::size_t l = 0; shape_ok && l < w.size(); ++l) shape_ok = w[l] <= widths[l];
  }
  if (!shape_ok || c.layout.order() != order)
    damaged(path, "/model",
            pruned ? "the model's shape is not the case's model.kan nor a pruned form of it"
                   : "the model's shape is not the case's model.kan");
  const int stages = static_cast<int>(stage_steps.size());
  if (c.trainer.stage > stages)
    damaged(path, "/trainer@stage",
            std::to_string(c.trainer.stage) + " but the case has " + std::to_string(stages) +
                " stages");
  long long total = 0;
  for (int i = 0; i < stages; ++i) total += stage_steps[static_cast<std::size_t>(i)];
  if (c.trainer.step > total)
    damaged(path, "/trainer@step",
            std::to_string(c.trainer.step) + " steps done but the case trains " +
                std::to_string(total));
  if (c.trainer.stage < stages &&
      c.trainer.stage_step > stage_steps[static_cast<std::size_t>(c.trainer.stage)])
    damaged(path, "/trainer@stage_step",
            std::to_string(c.trainer.stage_step) + " steps into a stage of " +
                std::to_string(stage_steps[static_cast<std::size_t>(c.trainer.stage)]));
}

}  // namespace kanpde::solver
