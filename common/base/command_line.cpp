// SPDX-License-Identifier: MIT
#include "base/command_line.h"

#include <CLI/CLI.hpp>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/utf8.h"

namespace dossier {

int command_line_status(std::string_view program, CLI::App& app, std::ostream& out, std::ostream& err) {
    try {
        throw;
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return exit_code::kSuccess;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << "\n";
        return exit_code::kSuccess;
    } catch (const CLI::ParseError& e) {
        // CLI11 quotes what was typed, which may hold control characters.
        err << program << ": " << escape_for_terminal(e.what()) << "\nRun '" << program << " --help' for usage.\n";
        return exit_code::kUsage;
    } catch (const UsageError& e) {
        err << program << ": " << escape_for_terminal(e.what()) << "\n";
        return exit_code::kUsage;
    }
}

}  // namespace dossier
