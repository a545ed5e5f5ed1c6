// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "text/dates.h"

using dossier::date_of;
using dossier::date_sort_key;
using dossier::find_date_in_text;
using dossier::parse_metadata_date;

namespace {

std::string or_none(const std::optional<std::string>& date) { return date ? *date : "none"; }

}  // namespace

TEST_CASE("metadata dates are read in the usual ISO forms", "[dates]") {
    // Row: a front-matter date value -> ISO date, or "none" when rejected.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"2023-04-13", "2023-04-13"},
        {"2023-04-13T06:20:00Z", "2023-04-13"},
        {"2023-04-13T06:20:00+07:00", "2023-04-13"},
        {"2023-04-13 06:20", "2023-04-13"},
        {"2023/04/13", "2023-04-13"},
        {"2023-04", "2023-04-01"},
        {"2023", "2023-01-01"},
        {"  2023-04-13  ", "2023-04-13"},
        {"2024-02-29", "2024-02-29"},  // leap year
        // impossible dates
        {"2023-02-30", "none"},
        {"2023-02-29", "none"},
        {"2023-13-01", "none"},
        {"2023-00-10", "none"},
        {"2023-04-00", "none"},
        {"2023-04-31", "none"},
        {"2023-13", "none"},
        {"0999-01-01", "none"},
        // other forms and garbage
        {"13/04/2023", "none"},
        {"April 13, 2023", "none"},
        {"2023-4-13", "none"},
        {"20230413", "none"},
        {"2023-04-131", "none"},
        {"2023-04-13x", "none"},
        {"2023-04/13", "none"},
        {"2023/04", "none"},
        {"99999", "none"},
        {"yesterday", "none"},
        {"", "none"},
    }));
    CAPTURE(input);
    CHECK(or_none(parse_metadata_date(input)) == expected);
}

TEST_CASE("a dateline date is found near the start of the text", "[dates]") {
    // Row: document text -> first ISO date in it, or "none".
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Remarks by Foreign Ministry Spokesman\n\n2023-04-13 06:20\n\nShenzhen TV: ...",
         "2023-04-13"},
        {"Jakarta, 2021/07/19 - Menteri ...", "2021-07-19"},
        {"first 2021-07-19 then 2023-04-13", "2021-07-19"},
        {"id 2023-04-131 and 2021-07-19.", "2021-07-19"},     // a longer number is no date
        {"serial 12023-04-13 and 2021-07-19", "2021-07-19"},  // nor a date inside a number
        {"on 2023-02-30 and 2021-07-19", "2021-07-19"},       // an impossible one is skipped
        {"pertengahan Juli, tanpa tanggal", "none"},
        {"", "none"},
    }));
    CAPTURE(input);
    CHECK(or_none(find_date_in_text(input)) == expected);
}

TEST_CASE("a date far into the text is not taken for a dateline", "[dates]") {
    const std::string text = std::string(3000, 'x') + " 2023-04-13";
    CHECK_FALSE(find_date_in_text(text).has_value());
}

TEST_CASE("file times become UTC calendar dates", "[dates]") {
    // Row: seconds since the epoch -> UTC date.
    auto [seconds, expected] = GENERATE(table<long long, std::string>({
        {0, "1970-01-01"},
        {1681366800, "2023-04-13"},  // 2023-04-13 06:20:00 UTC
        {1681430399, "2023-04-13"},  // 2023-04-13 23:59:59 UTC
        {1681430400, "2023-04-14"},  // midnight
        {951782400, "2000-02-29"},
    }));
    CAPTURE(seconds);
    CHECK(date_of(std::chrono::system_clock::time_point(std::chrono::seconds(seconds))) == expected);
}

TEST_CASE("ISO dates become sortable value keys", "[dates]") {
    // Row: ISO date -> the key kept in the date value slot.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"2023-04-13", "20230413"},
        {"1999-12-31", "19991231"},
        {"", ""},
    }));
    CAPTURE(input);
    CHECK(date_sort_key(input) == expected);
    CHECK(date_sort_key("1999-12-31") < date_sort_key("2023-04-13"));
}

TEST_CASE("a date a user narrows a search by must exist", "[dates]") {
    // Row: --since/--until value or end of a date: range -> what is wrong ("" for nothing).
    const std::string forms = "give a date like 2021, 2021-03 or 2021-03-15";
    auto [input, expected] = GENERATE_REF(table<std::string, std::string>({
        {"2021", ""},
        {"2021-03", ""},
        {"2021-03-15", ""},
        {"2024-02-29", ""},  // leap year
        {"2000-02-29", ""},  // leap century
        {"2021-13-45", "there is no month 13; months are 01 to 12"},
        {"2021-00", "there is no month 00; months are 01 to 12"},
        {"2021-02-29", "there is no day 29 in 2021-02: it has 28 days"},
        {"1900-02-29", "there is no day 29 in 1900-02: it has 28 days"},
        {"2021-04-31", "there is no day 31 in 2021-04: it has 30 days"},
        {"2021-01-00", "there is no day 00 in 2021-01: it has 31 days"},
        {"2021-01-45", "there is no day 45 in 2021-01: it has 31 days"},
        {"21", forms},
        {"2021-3", forms},
        {"2021/03", forms},
        {"2021-03-1x", forms},
        {"yesterday", forms},
        {"", forms},
    }));
    CAPTURE(input);
    CHECK(dossier::user_date_problem(input).value_or("") == expected);
}
