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
        {"2023-04", "2023-04"},  // a month: its precision is kept
        {"2023", "2023"},        // a year
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

TEST_CASE("a month or a year is kept as the start and the end of its period", "[dates]") {
    // Row: ISO date at its precision -> start key, end key, precision.
    auto [input, start, end, precision] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"2022-05-17", "20220517", "20220517", "day"},
        {"2022-05", "20220501", "20220599", "month"},
        {"2022", "20220101", "20229999", "year"},
    }));
    CAPTURE(input);
    CHECK(date_sort_key(input) == start);
    CHECK(dossier::date_end_key(input) == end);
    REQUIRE(dossier::date_precision(input).has_value());
    CHECK(dossier::precision_name(*dossier::date_precision(input)) == precision);
    CHECK_FALSE(dossier::date_precision("").has_value());
}

TEST_CASE("a date a user narrows a search by must exist", "[dates]") {
    // Row: --since/--until value or end of a date: range -> what is wrong ("" for nothing).
    const std::string forms =
        "give a date like 2021, 2021-03 or 2021-03-15, or one back from today: today, yesterday, 30d, 2w, 6m, 1y";
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

// ---- Partial dates, ranges, the date that describes a document, paths ------

namespace {

// The text's date as it would be stored, and its precision ("none" when
// there is none): "2022-05 month".
std::string text_date(const std::string& text) {
    const auto found = dossier::locate_date_in_text(text);
    if (!found) return "none";
    return found->date + " " + std::string(dossier::precision_name(found->precision));
}

// A line of running text with no date, `words` words long.
std::string filler(int words) {
    std::string line;
    for (int i = 0; i < words; ++i) line += i == 0 ? "Officials" : " said";
    return line;
}

}  // namespace

TEST_CASE("a month and year without a day is a date of month precision", "[dates][partial]") {
    // Row: text -> date and precision.
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Threat report\nIn May 2022 the group targeted ministries.", "2022-05 month"},
        {"Laporan ini terbit Mei 2022 di Jakarta.", "2022-05 month"},
        {"Serangan itu terjadi pertengahan Juli 2021 menurut kementerian.", "2021-07 month"},
        {"Le rapport publié en mai 2022 décrit l'attaque.", "2022-05 month"},
        {"El informe de abril de 2023 describe el ataque.", "2023-04 month"},
        {"Der Bericht vom März 2021 beschreibt den Angriff.", "2021-03 month"},
        {"Отчёт опубликован в мае 2022 года.", "2022-05 month"},
        {"Доклад, март 2021 г.", "2021-03 month"},
        {"2022年5月，该组织发布了报告。", "2022-05 month"},
        {"Bulletin, Sept. 2022: phishing waves", "2022-09 month"},
        {"Rapport — oktober 2020", "2020-10 month"},
        // a short month name that is also a word needs a capital or a dot
        {"We set 2022 as the target for the plan.", "none"},
        {"Analysts may 2022 have it wrong.", "none"},
        // a month after a number is a day or nothing
        {"31 April 2023 was announced", "none"},
        {"code 213 April 2023", "none"},
        {"pertengahan Juli, tanpa tahun", "none"},
    }));
    CAPTURE(text);
    CHECK(text_date(text) == expected);
}

TEST_CASE("a year alone is a date only after a phrase word or ending a dateline", "[dates][partial]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"The agency said in 2019 that the group was active.", "2019 year"},
        {"Le groupe a été identifié en 2019 par l'agence.", "2019 year"},
        {"El grupo fue identificado en 2019 por la agencia.", "2019 year"},
        {"Serangan terjadi pada 2019 terhadap kementerian.", "2019 year"},
        {"Serangan terjadi pada tahun 2019 terhadap kementerian.", "2019 year"},
        {"Die Gruppe wurde im Jahr 2019 entdeckt.", "2019 year"},
        {"Группа была обнаружена в 2019 году.", "2019 year"},
        {"Grup 2019 yılında keşfedildi.", "2019 year"},
        {"2019年，该组织攻击了多个部门。", "2019 year"},
        {"Annual threat report 2019\n\nThe group was active.", "2019 year"},
        {"Review of incidents 2019–2021\n\nThe group was active.", "2019 year"},
        // bare numbers are no years
        {"Officials said 2019 people were affected.", "none"},
        {"There were 2019 incidents reported to the agency.", "none"},
        // a year the document mentions
        {"Officials said the group has been active since 2019.", "none"},
        // a year ending a line far from the start
        {"a\nb\nc\nd\ne\nf\nAnnual threat report 2019", "none"},
        // glued to a month or a day: no date at all
        {"13 April 2023-2024", "none"},
        // outside 1900..2100
        {"The treaty was signed in 1850.", "none"},
    }));
    CAPTURE(text);
    CHECK(text_date(text) == expected);
}

TEST_CASE("a range of dates gives its start at the precision of the start", "[dates][partial]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Exercise held 17–31 May 2022 in Tallinn", "2022-05-17 day"},
        {"Latihan 17-31 Mei 2022 di Jakarta", "2022-05-17 day"},
        {"Exercice du 17 au 31 mai 2022 à Paris", "2022-05-17 day"},
        {"Summit 17 May – 3 June 2022", "2022-05-17 day"},
        {"Campaign 30 December – 2 January 2022", "2021-12-30 day"},
        {"The campaign ran from March to June 2021 against banks.", "2021-03 month"},
        {"Kampanye berlangsung Maret hingga Juni 2021.", "2021-03 month"},
        {"The campaign ran November – February 2022 against banks.", "2021-11 month"},
        {"The group was active in 2019-2021 across the region.", "2019 year"},
    }));
    CAPTURE(text);
    CHECK(text_date(text) == expected);
}

TEST_CASE("the date that describes the document beats dates it mentions", "[dates][describing]") {
    SECTION("a date after 'after', 'before', 'since' loses to a later dateline") {
        CHECK(text_date("Advisory: files created after 1 January 2021 are at risk\n"
                        "Published 4 March 2021\n\nDetails follow.") == "2021-03-04 day");
        CHECK(text_date("Peringatan: berkas sejak 1 Januari 2021\nJakarta, 4 Maret 2021\n") == "2021-03-04 day");
    }
    SECTION("an opening 'On 4 March 2021,' beats a mention after it") {
        CHECK(text_date("On 4 March 2021, attackers breached the network. " + filler(20) +
                        " that files created after 1 January 2021 were stolen.") == "2021-03-04 day");
    }
    SECTION("a mentioned date is still taken when nothing else is written") {
        CHECK(text_date(filler(20) + " files created after 1 January 2021 were stolen.") == "2021-01-01 day");
    }
    SECTION("a month in the dateline beats a day in the running text") {
        CHECK(text_date("Threat report, May 2022\n\n" + filler(20) + " the attack of 3 February 2021 began it.") ==
              "2022-05 month");
    }
    SECTION("a more precise date inside the chosen period refines it") {
        CHECK(text_date("Threat report, May 2022\n\n" + filler(20) + " on 17 May 2022 the ministry was hit.") ==
              "2022-05-17 day");
        CHECK(text_date("Annual report 2019\nPublished 13 April 2019\n") == "2019-04-13 day");
    }
    SECTION("in the running text a day beats a month beats a year, wherever they stand") {
        CHECK(text_date(filler(20) + " in 2019 and in May 2022 and on 17 June 2022 the group struck.") ==
              "2022-06-17 day");
        CHECK(text_date(filler(20) + " in 2019 and in May 2022 the group struck.") == "2022-05 month");
    }
    SECTION("among dates of the dateline, the first of the most precise") {
        CHECK(text_date("Updated 14 April 2023. First published April 13, 2023.") == "2023-04-14 day");
    }
}

TEST_CASE("dates are read from file and folder names", "[dates][path]") {
    // Row: path below the folder indexed -> date, or "none".
    auto [path, expected] = GENERATE(table<std::string, std::string>({
        {"2021-03-15_statement.pdf", "2021-03-15"},
        {"2021_03_15 statement.txt", "2021-03-15"},
        {"2021.03.15-briefing.html", "2021-03-15"},
        {"20210315-press.html", "2021-03-15"},
        {"Pressemitteilung_15.03.2021.pdf", "2021-03-15"},
        {"statement-15-03-2021.txt", "2021-03-15"},  // 15 is no month
        {"statement-04-05-2021.txt", "none"},        // 4 May or 5 April: no date
        {"minutes-2019-12.txt", "2019-12"},
        {"Session 25 - 1970/USA_25_1970.txt", "1970"},
        {"Session 25 - 1970/notes.txt", "1970"},
        {"2021/03/report.pdf", "2021-03"},
        {"2021/03/15/report.html", "2021-03-15"},
        {"2021-03-15 hearing/USA_2021.txt", "2021-03-15"},  // a farther name refines the nearer
        {"archive/2019/2021-03-15_statement.txt", "2021-03-15"},  // the nearest name wins
        {"2019-2021 review.docx", "2019"},
        {"report-2019.pdf", "2019"},
        // numbers that are no dates
        {"report-v2.2019.pdf", "none"},
        {"build_2019.1.txt", "none"},
        {"FY2019.txt", "none"},
        {"report2019.txt", "none"},
        {"id_12345678.txt", "none"},
        {"case-12-2019-34.txt", "none"},
        {"statement_1850.txt", "none"},
        {"doc-3000.txt", "none"},
        {"20213015.txt", "none"},
        {"12019_notes.txt", "none"},
        {"release-2.0.txt", "none"},
        {"notes.txt", "none"},
        {"", "none"},
    }));
    CAPTURE(path);
    CHECK(dossier::date_in_path(path).value_or("none") == expected);
}

TEST_CASE("the path dates a document when its text does not, or only mentions other times", "[dates][path][describing]") {
    // Row: text, path below the folder indexed -> date and where it came from.
    auto [text, path, expected] = GENERATE(table<std::string, std::string, std::string>({
        // no date in the text: the path's
        {"Statement of the ministry\n\nNo date here.", "2021-03-15_statement.txt", "2021-03-15 path"},
        {"Mr. President, it is an honour to speak here.", "Session 25 - 1970/USA_25_1970.txt", "1970 path"},
        // the text mentions other years: the path's
        {"Mr. President, " + filler(20) + " the Charter signed in 1945 and on 24 October 1945 it took effect.",
         "Session 25 - 1970/USA_25_1970.txt", "1970 path"},
        // a date of the running text, even inside the path's year, is one it mentions
        {"Mr. President, " + filler(20) + " on 24 October 1970 the Assembly met.",
         "Session 25 - 1970/USA_25_1970.txt", "1970 path"},
        // so is an opening "On ...," or a wrapped line of prose
        {"On 22 September 1969, from this rostrum, " + filler(20), "Session 25 - 1970/USA_25_1970.txt",
         "1970 path"},
        {"The\ntragic events of 11 September 1969 awakened the\nworld.", "Session 25 - 1970/USA_25_1970.txt",
         "1970 path"},
        {"The 26 September 1962 revolution was launched.", "Session 25 - 1970/USA_25_1970.txt", "1970 path"},
        // a dateline beats the path
        {"Published 4 March 2021\n\nThe ministry said.", "2019_report.txt", "2021-03-04 text"},
        // unless the path is more precise inside the dateline's period
        {"Bulletin, May 2022\n\nThe ministry said.", "2022-05-17_statement.txt", "2022-05-17 path"},
        // no path date: the text's, whatever it is
        {"Officials said in 2019 that it happened.", "notes.txt", "2019 text"},
        {"Nothing here.", "notes.txt", "none"},
    }));
    CAPTURE(text, path);
    const auto found = dossier::describing_date(text, path);
    CHECK((found ? found->date + (found->origin == dossier::DateOrigin::path ? " path" : " text") : "none") ==
          expected);
}

TEST_CASE("a date relative to today is the day it names", "[dates]") {
    using namespace std::chrono;
    const year_month_day today{year(2024), month(3), day(31)};
    // Row: what the user wrote -> the day ("" for no relative date).
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"today", "2024-03-31"},
        {"Yesterday", "2024-03-30"},
        {"30d", "2024-03-01"},
        {"2w", "2024-03-17"},
        {"1m", "2024-02-29"},  // the last day of a shorter month
        {"6m", "2023-09-30"},
        {"1y", "2023-03-31"},
        {"0d", "2024-03-31"},
        {"2021", ""},
        {"30", ""},
        {"d", ""},
        {"3x", ""},
        {"-3d", ""},
    }));
    CAPTURE(input);
    CHECK(dossier::relative_date(input, today).value_or("") == expected);
}
