#pragma once
// Error types shared by every kanpde module.
//
// InputError: the user gave something wrong (case file, command line, model or
// result file). The program reports it and exits with status 2.
// RuntimeFailure: a valid run could not finish (divergence, I/O failure). The
// program reports it with a hint and exits with status 1.

#include <sstream>
#include <stdexcept>
#include <string>

namespace kanpde {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  virtual int exit_status() const noexcept = 0;
};

class InputError : public Error {
 public:
  explicit InputError(const std::string& what) : Error(what) {}
  int exit_status() const noexcept override { return 2; }
};

class RuntimeFailure : public Error {
 public:
  explicit RuntimeFailure(const std::string& what) : Error(what) {}
  int exit_status() const noexcept override { return 1; }
};

// A run stopped by a signal (SIGINT, SIGTERM) after writing its checkpoint;
// exits with 128 + the signal number, as shells report it.
class Interrupted : public Error {
 public:
  explicit Interrupted(int signal)
      : Error("interrupted by signal " + std::to_string(signal)), signal_(signal) {}
  Interrupted(int signal, const std::string& what) : Error(what), signal_(signal) {}
  int exit_status() const noexcept override { return 128 + signal_; }
  int signal() const noexcept { return signal_; }

 private:
  int signal_;
};

namespace Impl {
[[noreturn]] void throw_check_failure(const char* condition, const std::string& message,
                                      const char* file, int line, bool input_error);
}  // namespace Impl

}  // namespace kanpde

// KANPDE_REQUIRE: a precondition on user-supplied input; throws InputError
// naming the condition, the message and the source location.
#define KANPDE_REQUIRE(cond, msg)                                                              \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::ostringstream kanpde_require_os_;                                                   \
      kanpde_require_os_ << msg;                                                               \
      ::kanpde::Impl::throw_check_failure(#cond, kanpde_require_os_.str(), __FILE__, __LINE__, \
                                          true);                                               \
    }                                                                                          \
  } while (false)

// KANPDE_VERIFY: an internal invariant or a run-time failure; throws
// RuntimeFailure.
#define KANPDE_VERIFY(cond, msg)                                                              \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::ostringstream kanpde_verify_os_;                                                   \
      kanpde_verify_os_ << msg;                                                               \
      ::kanpde::Impl::throw_check_failure(#cond, kanpde_verify_os_.str(), __FILE__, __LINE__, \
                                          false);                                             \
    }                                                                                         \
  } while (false)
