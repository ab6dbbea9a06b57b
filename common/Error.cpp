#include "common/Error.hpp"

namespace kanpde::Impl {

void throw_check_failure(const char* condition, const std::string& message, const char* file,
                         int line, bool input_error) {
  std::ostringstream os;
  os << message << " [check '" << condition << "' failed at " << file << ":" << line << "]";
  if (input_error) throw InputError(os.str());
  throw RuntimeFailure(os.str());
}

}  // namespace kanpde::Impl
