// SPDX-License-Identifier: MIT
#include "base/program_errors.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <xapian.h>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/utf8.h"

namespace dossier {

int report_failure(std::string_view program, std::string_view message, int status, std::ostream& err) {
    err << program << ": " << escape_for_terminal(message) << "\n";
    return status;
}

int report_error(std::string_view program, const std::exception_ptr& error, std::ostream& err) {
    try {
        std::rethrow_exception(error);
    } catch (const DatabaseLockedError& e) {
        return report_failure(program, e.what(), exit_code::kLocked, err);
    } catch (const DatabaseError& e) {
        return report_failure(program, e.what(), exit_code::kDatabase, err);
    } catch (const UsageError& e) {
        return report_failure(program, e.what(), exit_code::kUsage, err);
    } catch (const QueryError& e) {
        return report_failure(program, e.what(), exit_code::kUsage, err);
    } catch (const Xapian::Error& e) {
        return report_failure(program, "database error: " + e.get_description(), exit_code::kDatabase, err);
    } catch (const std::exception& e) {
        return report_failure(program, std::string("internal error: ") + e.what(), exit_code::kInternal, err);
    } catch (...) {
        return report_failure(program, "internal error: an unknown exception", exit_code::kInternal, err);
    }
}

int checked_output(std::string_view program, int status, std::ostream& out, std::ostream& err) {
    errno = 0;
    if (out.flush()) return status;
    const int error = errno;
    return report_failure(program,
                          std::string("cannot write to standard output") +
                              (error != 0 ? std::string(": ") + std::strerror(error) : std::string()),
                          exit_code::kOutput, err);
}

}  // namespace dossier
