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

// A broken internal invariant: a bug in kanpde, not in the input. Exits with
// status 1 and asks the user to report it.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what) : Error(what) {}
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
[[noreturn]] void throw_internal_error(const char* condition, const std::string& message,
                                       const char* file, int line);
}  // namespace Impl

}  // namespace kanpde

// KANPDE_REQUIRE: a precondition on user-supplied input; throws InputError
// with the message (which says what is wrong with the input).
#define KANPDE_REQUIRE(cond, msg)                                                              \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::ostringstream kanpde_require_os_;                                                   \
      kanpde_require_os_ << msg;                                                               \
      ::kanpde::Impl::throw_check_failure(#cond, kanpde_require_os_.str(), __FILE__, __LINE__, \
                                          true);                                               \
    }                                                                                          \
  } while (false)

// KANPDE_VERIFY: a run-time failure (divergence, a singular system); throws
// RuntimeFailure with the message (which says what to try).
#define KANPDE_VERIFY(cond, msg)                                                              \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::ostringstream kanpde_verify_os_;                                                   \
      kanpde_verify_os_ << msg;                                                               \
      ::kanpde::Impl::throw_check_failure(#cond, kanpde_verify_os_.str(), __FILE__, __LINE__, \
                                          false);                                             \
    }                                                                                         \
  } while (false)

// KANPDE_ASSERT: an internal invariant that no input can break; throws
// InternalError naming the condition and the source file, and asking for a
// bug report. (Unlike KOKKOS_ASSERT it stays in Release builds: host only.)
#define KANPDE_ASSERT(cond, msg)                                                                \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::ostringstream kanpde_assert_os_;                                                     \
      kanpde_assert_os_ << msg;                                                                 \
      ::kanpde::Impl::throw_internal_error(#cond, kanpde_assert_os_.str(), __FILE__, __LINE__); \
    }                                                                                           \
  } while (false)
