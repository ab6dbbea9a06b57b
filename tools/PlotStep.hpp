#pragma once
// output.plots: true: after a solve, the project's plotting script
// (tools/plot.py, beside the program as kanpde-plot in the build tree and
// when installed) draws the PNG files next to results.h5. It needs python3
// with h5py and matplotlib; when it cannot run, the run says so on stderr and
// still succeeds (the results are complete; plot them later with
// kanpde-plot DIR/results.h5).

#include <string>

namespace kanpde::tools {

// Runs the plotting script on results (RESULTS.h5); true when it succeeded.
bool run_plot_step(const std::string& results);

}  // namespace kanpde::tools
