// The error types: bad input exits 2, failures at run time 1, a signal
// 128 + its number; checks name their condition.
#include <gtest/gtest.h>

#include <string>

#include "common/Error.hpp"

namespace {

using namespace kanpde;

TEST(Error, ExitStatuses) {
  EXPECT_EQ(InputError("x").exit_status(), 2);
  EXPECT_EQ(RuntimeFailure("x").exit_status(), 1);
  EXPECT_EQ(Interrupted(15).exit_status(), 143);
  EXPECT_EQ(Interrupted(2, "stopped").signal(), 2);
}

TEST(Error, RequireThrowsInputErrorWithTheMessage) {
  try {
    KANPDE_REQUIRE(1 + 1 == 3, "arithmetic " << 42);
    FAIL() << "no throw";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("arithmetic 42"), std::string::npos) << e.what();
  }
}

TEST(Error, VerifyThrowsRuntimeFailure) {
  EXPECT_THROW(KANPDE_VERIFY(false, "broken"), RuntimeFailure);
  EXPECT_NO_THROW(KANPDE_VERIFY(true, "fine"));
}

}  // namespace
