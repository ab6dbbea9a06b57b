#include "common/Error.hpp"

namespace kanpde::Impl {

// Input errors and run-time failures speak of the input and the run, never of
// kanpde's source: the message alone.
void throw_check_failure(const char*, const std::string& message, const char*, int,
                         bool input_error) {
  if (input_error) throw InputError(message);
  throw RuntimeFailure(message);
}

void throw_internal_error(const char* condition, const std::string& message, const char* file,
                          int line) {
  // The source file's name without its directories: enough for a bug report.
  std::string f = file;
  const auto slash = f.find_last_of('/');
  if (slash != std::string::npos) f = f.substr(slash + 1);
  std::ostringstream os;
  os << "internal error: " << message << " (check '" << condition << "' in " << f << ":" << line
     << "); this is a bug in kanpde: please report it with the case file and the command line";
  throw InternalError(os.str());
}

}  // namespace kanpde::Impl
