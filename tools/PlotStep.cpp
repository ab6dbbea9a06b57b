#include "tools/PlotStep.hpp"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <vector>

extern char** environ;

namespace kanpde::tools {
namespace {

// kanpde-plot in the folder of the running program ("" when absent).
std::string plot_script() {
  std::vector<char> buf(4096);
  const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return "";
  std::string exe(buf.data(), static_cast<std::size_t>(n));
  const auto slash = exe.find_last_of('/');
  if (slash == std::string::npos) return "";
  const std::string script = exe.substr(0, slash + 1) + "kanpde-plot";
  struct stat st {};
  return stat(script.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? script : "";
}

void warn(const std::string& results, const std::string& why) {
  std::cerr << "kanpde: warning: output.plots: " << why << "; the results are complete: plot "
            << "them with kanpde-plot " << results << " (tools/plot.py)\n";
}

}  // namespace

bool run_plot_step(const std::string& results) {
  const std::string script = plot_script();
  if (script.empty()) {
    warn(results, "the plotting script kanpde-plot is not beside the kanpde program");
    return false;
  }
  std::cout << std::flush;
  // python3 from PATH first; where it lacks the modules (exit 3: a pyenv or
  // venv python on PATH), Debian's, which python3-h5py and
  // python3-matplotlib install for.
  // The first try stays quiet about missing modules when a second follows.
  const bool fallback = access("/usr/bin/python3", X_OK) == 0;
  std::string probe = "KANPDE_PLOT_PROBE=1";
  std::vector<char*> probe_env;
  for (char** e = environ; *e != nullptr; ++e) probe_env.push_back(*e);
  probe_env.push_back(probe.data());
  probe_env.push_back(nullptr);
  int status = 0;
  bool ran = false;
  for (const char* py : {"python3", "/usr/bin/python3"}) {
    const bool first = py[0] != '/';
    if (!first && !fallback) break;
    std::vector<std::string> args = {py, script, results};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, py, nullptr, nullptr, argv.data(),
                                first && fallback ? probe_env.data() : environ);
    if (rc != 0) continue;
    ran = true;
    while (waitpid(pid, &status, 0) < 0)
      if (errno != EINTR) {
        warn(results, std::string("lost the plotting process (") + std::strerror(errno) + ")");
        return false;
      }
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 3)) break;
  }
  if (!ran) {
    warn(results, "cannot start python3 (not on PATH, no /usr/bin/python3)");
    return false;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
    warn(results, "python3-h5py or python3-matplotlib is missing (the script said why above)");
  else
    warn(results,
         "the plotting script failed (exit status " +
             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) +
             ")");
  return false;
}

}  // namespace kanpde::tools
