// SPDX-License-Identifier: MIT
// Dates of documents, reported as ISO dates at their precision: "2023-04-13"
// (a day), "2023-04" (a month), "2023" (a year).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// How much of a date is known; more precise first.
enum class DatePrecision : std::uint8_t { day, month, year };

// The precision of an ISO date by its shape ("2023-04-13", "2023-04",
// "2023"); nullopt for anything else (an empty date).
std::optional<DatePrecision> date_precision(std::string_view date);

// "day", "month" or "year", as the JSON output and --explain say it.
std::string_view precision_name(DatePrecision precision);

// Parses a date written in metadata: "2023-04-13", "2023-04-13T06:20:00Z",
// "2023-04-13 06:20", "2023/04/13" (days), "2023-04" (a month), "2023" (a
// year). Returns nullopt for anything else or an impossible date.
std::optional<std::string> parse_metadata_date(std::string_view value);

// What is wrong with `value` as a date a user narrows a search by
// (--since, --until, date:FROM..TO): it must be written "2021", "2021-03"
// or "2021-03-15" and name a month and day that exist. Returns the reason,
// said so the user can mend it ("there is no month 13; months are 01 to
// 12", "there is no day 30 in 2023-02: it has 28 days", or the forms a date
// may take), or nullopt when `value` is such a date.
std::optional<std::string> user_date_problem(std::string_view value);

// Where in a text a date stands (see dates_in_text), the most telling first.
enum class DatePlace : std::uint8_t {
    dateline,  // in the first 5 lines holding text, with at most 3 words before it
               // on its line or on a line of at most 12 words, and not right
               // after a word that makes it part of a sentence ("On 22 September
               // 2016, from this rostrum", "In May 2022", "the events of 11
               // September 2001", "pada 2019") nor on a line that starts in
               // lower case (wrapped prose): those, and years after a phrase
               // word, are body
    body,      // elsewhere in the opening 2000 bytes
    mention,   // after "after", "before", "since", "until", "between", "sejak",
               // "depuis", "seit", ... (a date the document talks about)
};

// A date found in a document's text, and where it was written.
struct TextDate {
    std::string date;        // "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    std::size_t offset = 0;  // byte offset of the match in the text
    std::size_t length = 0;  // byte length of the match (day to year, markers included)
    DatePrecision precision = DatePrecision::day;
    DatePlace place = DatePlace::body;
};

// Every date written in the first 2000 bytes of a text (cut back so no
// UTF-8 sequence is split), in order. Understood, with month names matched
// case- and accent-insensitively and digits of any script (full-width,
// Arabic-Indic, ...) read as digits:
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
// Months (precision month), in the same languages: May 2022, Mei 2022,
//   pertengahan Juli 2021 (mid July), mai 2022, abril de 2023, мае 2022 года,
//   2022年5月. A short name that is also a word ("may", "set", "ago") is a
//   month only with a capital or an abbreviation dot.
// Years alone (precision year), only in these places: after a phrase word
//   ("in 2019", "en 2019", "pada 2019", "tahun 2019", "im Jahr 2019", "em
//   2019", "năm 2019", "в 2019 году", "2019 yılında"), as 2019年 with no
//   month after it, or ending a line of the dateline ("Annual report 2019").
//   A bare number ("2019 people") is no year.
// Ranges give their start, at the precision of their start: "17–31 May
//   2022" and "du 17 au 31 mai 2022" 2022-05-17, "17 May – 3 June 2022"
//   2022-05-17, "from March to June 2021" 2021-03, "in 2019-2021" 2019.
// Years must lie in 1900..2100 and dates must exist (no 2023-02-30); such a
// candidate is skipped and the search goes on. A date glued to a longer
// number or word ("12023-04-13", "x13 April 2023", "13.04.2023.1") is not
// taken, nor a year after a mention word ("since 2019").
std::vector<TextDate> dates_in_text(std::string_view text);

// The date that describes a document, among `candidates` (dates_in_text):
// the best by place (dateline, then body, then mention), then precision
// (day, month, year), then position (the first); then refined by the first
// more precise date, not a mention, that lies inside its period ("May 2022"
// heading a report that says "on 17 May 2022" gives 2022-05-17).
// nullopt when there is none.
std::optional<TextDate> choose_text_date(const std::vector<TextDate>& candidates);

// choose_text_date(dates_in_text(text)).
std::optional<TextDate> locate_date_in_text(std::string_view text);

// The date of locate_date_in_text(text) alone.
std::optional<std::string> find_date_in_text(std::string_view text);

// The date written in a file's path: `path` is the part that names the
// document in its collection (below the folder indexed: its folders and
// file name; see complete_from_text). The file name (without extension)
// first, then each folder up from it; a farther name gives a more precise
// date inside the nearer one's period ("2021-03-15 hearing/USA_2021.txt").
// Forms: 2021-03-15, 2021_03_15, 2021.03.15, 20210315, 15.03.2021, an
// unambiguous 15-03-2021, 2021-03, 2021_03, folders 2021/03/15, and a
// year alone or a range of years (its start) delimited from letters and
// digits: "USA_25_1970.txt", "Session 25 - 1970", "report-2019.pdf".
// Years lie in 1900..2100. Not dates: "v2.2019", "2019.1", "FY2019",
// "12-2019-34", "id1234567", numbers of other lengths.
std::optional<std::string> date_in_path(std::string_view path);

// Where a document's date was found when its metadata gave none.
enum class DateOrigin : std::uint8_t { text, path };
struct DocumentDate {
    std::string date;  // at its precision
    DateOrigin origin = DateOrigin::text;
    DatePlace place = DatePlace::body;  // of a date from the text
};

// The date that describes a document from its text and path (`dated_path`
// as date_in_path takes it):
//   1. a date in the dateline (choose_text_date) wins, unless the path
//      gives a more precise date inside its period;
//   2. else the path's date: dates in the running text are mostly ones the
//      document mentions ("in 1945", "on 20 May 2002" in speeches of 1970
//      and 2002), so they neither beat nor refine it;
//   3. else the text's date (body, then mentions).
// nullopt when neither gives one (the caller falls back on the file time).
std::optional<DocumentDate> describing_date(std::string_view text, std::string_view dated_path);

// The UTC calendar date of a file time.
std::string date_of(std::chrono::system_clock::time_point time);

// A date a user writes relative to `today` (--since, --until, date:):
// "today", "yesterday", or a span back from today: "30d" days, "2w" weeks,
// "6m" calendar months, "1y" years (a day past the end of a shorter month
// is its last day: 2024-03-31 less 1m is 2024-02-29). Returns the day as
// "YYYY-MM-DD", or nullopt when `value` is no such date.
std::optional<std::string> relative_date(std::string_view value, std::chrono::year_month_day today);

// Today's date on this machine's clock, in its local time zone.
std::chrono::year_month_day local_today();

// `value` with a relative date (relative_date, from local_today()) written
// as the day it names; any other value as it is.
std::string absolute_user_date(std::string_view value);

// The first day of a date's period as kept in the date value slot:
// "2023-04-13" -> "20230413", "2023-04" -> "20230401", "2023" -> "20230101".
std::string date_sort_key(std::string_view iso_date);

// The end of a date's period as kept in the date-end value slot, padded
// with 9s as a range end is ("2023-04" -> "20230499", "2023" ->
// "20239999", "2023-04-13" -> "20230413"): a period overlaps FROM..TO when
// its start key <= TO's end key and its end key >= FROM's start key.
std::string date_end_key(std::string_view iso_date);

}  // namespace dossier
