// SPDX-License-Identifier: MIT
// Dates of documents, always reported as ISO "YYYY-MM-DD".
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Parses a date written in metadata: "2023-04-13", "2023-04-13T06:20:00Z",
// "2023-04-13 06:20", "2023/04/13", "2023-04" (first of the month), "2023"
// (1 January). Returns nullopt for anything else or an impossible date.
std::optional<std::string> parse_metadata_date(std::string_view value);

// What is wrong with `value` as a date a user narrows a search by
// (--since, --until, date:FROM..TO): it must be written "2021", "2021-03"
// or "2021-03-15" and name a month and day that exist. Returns the reason,
// said so the user can mend it ("there is no month 13; months are 01 to
// 12", "there is no day 30 in 2023-02: it has 28 days", or the forms a date
// may take), or nullopt when `value` is such a date.
std::optional<std::string> user_date_problem(std::string_view value);

// A date found in a document's text, and where it was written.
struct TextDate {
    std::string date;        // "YYYY-MM-DD"
    std::size_t offset = 0;  // byte offset of the match in the text
    std::size_t length = 0;  // byte length of the match (day to year, markers included)
};

// Finds the dateline of a document: the EARLIEST complete date (by position)
// in the first 2000 bytes of its text (cut back so no UTF-8 sequence is
// split). Understood, with month names matched case- and accent-insensitively
// and digits of any script (full-width, Arabic-Indic, ...) read as digits:
//   ISO and year-first   2023-04-13 06:20, 2023/04/13, 2023.4.13
//   day month year       13 April 2023, 13 Apr. 2023, 13-Apr-2023, 1er avril
//                        2023, 13. April 2023, 13 de abril de 2023, 13 Juli
//                        2021, 13 апреля 2023 г., 13 квітня 2023, 13 Nisan
//                        2023, 13 أبريل 2023, ١٣ نيسان ٢٠٢٣ (English, French,
//                        Spanish, Portuguese, German, Italian, Dutch, Swedish,
//                        Indonesian, Malay, Russian, Ukrainian, Turkish,
//                        Arabic with Egyptian, Levantine and Maghreb names)
//   month day year       April 13, 2023, Apr. 13th 2023
//   CJK                  2023年4月13日, ２０２３ 年 ４ 月 １３ 日, 2023년 4월 13일
//   Vietnamese           13 tháng 4 năm 2023
//   numeric day first    13.04.2023 (dotted: always day.month.year);
//                        13/04/2023, 13-04-2023 only when unambiguous (see
//                        dates.cpp): 04/05/2023 gives nothing.
// Years must lie in 1900..2100 and dates must exist (no 2023-02-30); such a
// candidate is skipped and the search goes on. Partial dates ("pertengahan
// Juli", "April 2023") give nothing. A date glued to a longer number or word
// ("12023-04-13", "x13 April 2023", "13.04.2023.1") is not taken.
// Returns nullopt when no date is found.
std::optional<TextDate> locate_date_in_text(std::string_view text);

// The date of locate_date_in_text(text) alone, as "YYYY-MM-DD".
std::optional<std::string> find_date_in_text(std::string_view text);

// The UTC calendar date of a file time.
std::string date_of(std::chrono::system_clock::time_point time);

// "2023-04-13" -> "20230413", the form kept in the date value slot.
std::string date_sort_key(std::string_view iso_date);

}  // namespace dossier
