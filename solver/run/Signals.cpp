#include "solver/run/Signals.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace kanpde::solver {
namespace {

volatile std::sig_atomic_t g_signal = 0;
// The final phase's message, prepared before the handler is installed (a
// handler may only call async-signal-safe functions: write, _exit).
char g_message[4096];
std::size_t g_message_len = 0;

extern "C" void kanpde_record_signal(int sig) {
  g_signal = sig;
}

extern "C" void kanpde_exit_on_signal(int sig) {
  const char prefix[] = "\nkanpde: error: interrupted by signal ";
  char num[4] = {static_cast<char>('0' + (sig / 10) % 10), static_cast<char>('0' + sig % 10), ' ',
                 0};
  ssize_t ignored = write(STDERR_FILENO, prefix, sizeof prefix - 1);
  ignored = write(STDERR_FILENO, num, 3);
  ignored = write(STDERR_FILENO, g_message, g_message_len);
  (void)ignored;
  _exit(128 + sig);
}

void install(void (*handler)(int), struct sigaction* old_int, struct sigaction* old_term) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, old_int);
  sigaction(SIGTERM, &sa, old_term);
}

}  // namespace

int pending_signal() {
  return g_signal;
}

TrainingSignals::TrainingSignals() {
  g_signal = 0;
  install(kanpde_record_signal, &old_int_, &old_term_);
}

TrainingSignals::~TrainingSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

FinalSignals::FinalSignals(const std::string& message) {
  const std::string m = message + "\n";
  g_message_len = std::min(m.size(), sizeof g_message);
  std::memcpy(g_message, m.data(), g_message_len);
  install(kanpde_exit_on_signal, &old_int_, &old_term_);
  if (g_signal != 0) kanpde_exit_on_signal(g_signal);
}

FinalSignals::~FinalSignals() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

}  // namespace kanpde::solver
