// SPDX-License-Identifier: MIT
// dossier-index: parse options, run, turn the outcome into an exit status.
#include <unistd.h>

#include <iostream>

#include <xapian.h>

#include "error.h"
#include "exit_codes.h"
#include "index_run.h"
#include "options.h"

int main(int argc, char** argv) {
    using namespace dossier;
    const indexer::ParsedIndexOptions parsed = indexer::parse_index_options(argc, argv, std::cout, std::cerr);
    if (!parsed.run) return parsed.exit_code;
    try {
        const indexer::IndexSummary summary = indexer::run_index(parsed.options, std::cerr, ::isatty(2) == 1);
        return summary.failed > 0 ? exit_code::kSomeFailed : exit_code::kSuccess;
    } catch (const DatabaseLockedError& e) {
        std::cerr << "dossier-index: " << e.what() << "\n";
        return exit_code::kLocked;
    } catch (const DatabaseError& e) {
        std::cerr << "dossier-index: " << e.what() << "\n";
        return exit_code::kDatabase;
    } catch (const UsageError& e) {
        std::cerr << "dossier-index: " << e.what() << "\n";
        return exit_code::kUsage;
    } catch (const Xapian::Error& e) {
        std::cerr << "dossier-index: database error: " << e.get_description() << "\n";
        return exit_code::kDatabase;
    } catch (const std::exception& e) {
        std::cerr << "dossier-index: internal error: " << e.what() << "\n";
        return exit_code::kInternal;
    }
}
