// SPDX-License-Identifier: MIT
#include "base/program_errors.h"

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

}  // namespace dossier
