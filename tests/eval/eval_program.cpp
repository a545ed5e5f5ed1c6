// SPDX-License-Identifier: MIT
#include "eval_program.h"

#include <cmath>
#include <exception>
#include <iostream>

#include <fmt/format.h>
#include <xapian.h>

#include "base/error.h"

namespace dossier::eval {

double parse_number(const std::string& option, const std::string& value) {
    try {
        std::size_t used = 0;
        const double number = std::stod(value, &used);
        if (used == value.size() && std::isfinite(number)) return number;
    } catch (const std::exception&) {
    }
    throw UsageFailure{option + " needs a number, not '" + value + "'"};
}

int check_floor(std::string_view program, double ndcg, const std::optional<double>& min_ndcg) {
    if (min_ndcg && ndcg < *min_ndcg) {
        std::cerr << fmt::format("{}: FAIL: nDCG@10 {:.4f} is below the required {:.4f}\n", program, ndcg,
                                 *min_ndcg);
        return kExitBelowThreshold;
    }
    return kExitOk;
}

int run_program(std::string_view program, std::string_view usage, int argc, char** argv,
                const std::function<int(const std::vector<std::string>&)>& run) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
            std::cout << usage;
            return kExitOk;
        }
        return run(args);
    } catch (const UsageFailure& e) {
        std::cerr << program << ": " << e.message << "\n" << usage;
        return kExitUsage;
    } catch (const dossier::UsageError& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return kExitUsage;
    } catch (const Xapian::Error& e) {
        std::cerr << program << ": " << e.get_description() << "\n";
        return kExitError;
    } catch (const std::exception& e) {
        // dossier::DatabaseError among them: a missing or unreadable database.
        std::cerr << program << ": " << e.what() << "\n";
        return kExitError;
    }
}

}  // namespace dossier::eval
