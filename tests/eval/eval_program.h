// SPDX-License-Identifier: MIT
// What the ranking-quality programs (cranfield-eval, judged-eval) share:
// their exit codes, the nDCG@10 floor a CTest gate sets, and main()'s
// frame, which answers --help and turns each kind of failure into a
// message and an exit code.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::eval {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBelowThreshold = 1;  // nDCG@10 below --min-ndcg
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;  // unreadable collection, judgments or database

// A command line the program cannot run: the message, then the usage.
struct UsageFailure {
    std::string message;
};

// The value of a number `option` (--min-ndcg); throws UsageFailure unless it
// is all a finite number (a NaN floor would pass every ranking).
double parse_number(const std::string& option, const std::string& value);

// kExitBelowThreshold, said on stderr, when `ndcg` is below `min_ndcg`;
// kExitOk otherwise or without a floor.
int check_floor(std::string_view program, double ndcg, const std::optional<double>& min_ndcg);

// main() of the program `program`: prints `usage` for -h or --help as the
// first argument, else runs `run` on the arguments and returns its exit
// code, or reports what it threw: UsageFailure and dossier::UsageError exit
// kExitUsage (the former with the usage), anything else kExitError.
int run_program(std::string_view program, std::string_view usage, int argc, char** argv,
                const std::function<int(const std::vector<std::string>&)>& run);

}  // namespace dossier::eval
