// SPDX-License-Identifier: MIT
// Fuzz target: the public date functions of dates.h. The bytes are
// repaired to UTF-8 first, as everything reaching these functions in the
// pipeline is (text_reader repairs a file before reading front matter or
// looking for a dateline).
//
// The functions throw nothing; any exception, crash, sanitizer report or
// broken promise of dates.h (checked below) is a finding.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/dates.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_dates: broken promise: %s\n", what);
    std::abort();
}

// "YYYY-MM-DD", "YYYY-MM" or "YYYY" with digits in their places.
bool is_iso_date(std::string_view date) {
    if (date.size() != 10 && date.size() != 7 && date.size() != 4) return false;
    for (std::size_t i = 0; i < date.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? date[i] != '-' : !std::isdigit(static_cast<unsigned char>(date[i]))) return false;
    }
    return true;
}

void check_date(const std::string& date) {
    require(is_iso_date(date), "a date is YYYY-MM-DD, YYYY-MM or YYYY");
    const auto again = dossier::parse_metadata_date(date);
    require(again && *again == date, "a returned date parses back to itself");
    const std::string key = dossier::date_sort_key(date);
    const std::string end = dossier::date_end_key(date);
    require(key.size() == 8 && key.starts_with(date.substr(0, 4)), "date_sort_key is YYYYMMDD");
    require(end.size() == 8 && key <= end, "a period ends no earlier than it starts");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const dossier::RepairedText repaired =
        dossier::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::string& text = repaired.text;

    if (const auto date = dossier::parse_metadata_date(text)) check_date(*date);

    const auto located = dossier::locate_date_in_text(text);
    const auto found = dossier::find_date_in_text(text);
    require(located.has_value() == found.has_value(), "find_date_in_text agrees with locate_date_in_text");
    if (located) {
        check_date(located->date);
        require(*found == located->date, "find_date_in_text returns the located date");
        require(located->length > 0, "a match has a length");
        require(located->offset < 2000 && located->offset + located->length <= text.size(),
                "a match lies in the first 2000 bytes of the text");
    }
    for (const dossier::TextDate& date : dossier::dates_in_text(text)) check_date(date.date);
    // Paths: the text as a path below the folder indexed.
    if (const auto date = dossier::date_in_path(text)) check_date(*date);
    if (const auto date = dossier::describing_date(text, text)) check_date(date->date);
    return 0;
}
