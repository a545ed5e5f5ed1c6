// SPDX-License-Identifier: MIT
// Datelines in many languages and formats (find_date_in_text,
// locate_date_in_text). In every table a row is: document text -> the date
// expected from it as "YYYY-MM-DD" (or "YYYY-MM" for a month without a
// day), or "none" when no date may be taken.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "text/dates.h"

using dossier::find_date_in_text;
using dossier::locate_date_in_text;

TEST_CASE("ISO and other year-first dates are found in datelines", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Remarks by Foreign Ministry Spokesman\n\n2023-04-13 06:20\n\nShenzhen TV: ...",
         "2023-04-13"},
        {"Posted 2023/04/13 by the press office", "2023-04-13"},
        {"Published: 2023-04-13T06:20:00Z", "2023-04-13"},
        {"서울 2023.04.13 연합뉴스", "2023-04-13"},
        {"Updated 2023-4-13, 10:00", "2023-04-13"},
        {"发布时间：2023-04-13 10:20 来源：外交部", "2023-04-13"},
        {"report-2023-04-13.pdf was released", "2023-04-13"},
        {"ref 2023-04-13-01 and nothing else", "none"},  // a longer numeric code
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("English dates are found day first and month first", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"LONDON, 13 April 2023 — The Foreign Secretary said", "2023-04-13"},
        {"WASHINGTON, April 13, 2023 - The Secretary of State", "2023-04-13"},
        {"Press release, Apr. 13, 2023: NATO allies", "2023-04-13"},
        {"Brussels 13 Apr 2023 (Reuters) -", "2023-04-13"},
        {"Published Thursday, 13 APRIL 2023 at 10:00", "2023-04-13"},
        {"Posted on April 13th, 2023 by staff", "2023-04-13"},
        {"Signed on the 1st of April 2023 in Vilnius", "2023-04-01"},
        {"Filed 13-Apr-2023 with the court", "2023-04-13"},
        {"Sept. 9, 2022 — Albania cut ties with Iran", "2022-09-09"},
        {"Dec 31 2021 was the deadline", "2021-12-31"},
        {"On April 11, the China Cybersecurity Industry Alliance issued a report", "none"},
        {"In April 2023 the alliance met", "2023-04"},  // a month: see test_dates.cpp
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("Indonesian and Malay dates are found", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Jakarta, Kamis 13 Juli 2021 — Menteri Luar Negeri AS", "2021-07-13"},
        {"Kamis, 13 Juli 2021 | 10:15 WIB", "2021-07-13"},
        {"Jakarta (ANTARA) - 13 Agustus 2021, pemerintah", "2021-08-13"},
        {"Diperbarui 13 Agu 2021, 08:00", "2021-08-13"},
        {"Senin, 1 Nopember 2021", "2021-11-01"},
        {"Rabu, 22 Desember 2021", "2021-12-22"},
        {"Kuala Lumpur, 13 Julai 2021 - Kementerian", "2021-07-13"},
        {"Dikemas kini 13 Ogos 2021", "2021-08-13"},
        {"Putrajaya, 13 Mac 2023 — Wisma Putra", "2023-03-13"},
        {"Khamis, 1 Disember 2022", "2022-12-01"},
        {"Pada pertengahan Juli, Menteri mengatakan", "none"},
        {"Laporan Juli 2021 menyebutkan", "2021-07"},  // a month (test_dates.cpp)
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("Chinese, Japanese and Korean dates are found", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"2023年4月13日外交部发言人汪文斌主持例行记者会", "2023-04-13"},
        {"２０２３年４月１３日　外交部", "2023-04-13"},
        {"发布时间： 2023 年 4 月 13 日", "2023-04-13"},
        {"外交部发言人于2023年04月13日表示", "2023-04-13"},
        {"2023年4月13号，北京", "2023-04-13"},
        {"令和5年 2023年4月13日（木）外務省", "2023-04-13"},
        {"서울, 2023년 4월 13일 목요일 — 외교부는", "2023-04-13"},
        {"2023년 4월 13일에 발표했다", "2023-04-13"},
        {"2023年4月发布", "2023-04"},         // no day: a month
        {"2023年2月30日", "none"},            // no such day
        {"12023年4月13日", "none"},           // a longer number
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("Russian and Ukrainian dates with genitive months are found", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Москва, 13 апреля 2023 г. — МИД России заявил", "2023-04-13"},
        {"13 апреля 2023 года состоялась встреча", "2023-04-13"},
        {"13 АПРЕЛЯ 2023 Г.", "2023-04-13"},
        {"Опубликовано 13 апр. 2023", "2023-04-13"},
        {"подписан 1 декабря 2022г. в Минске", "2022-12-01"},
        {"Київ, 13 квітня 2023 р. — МЗС України", "2023-04-13"},
        {"1 листопада 2022 року", "2022-11-01"},
        {"В апреле 2023 года", "2023-04"},  // a month
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("European language dates are found", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        // French
        {"Paris, le 13 avril 2023 — Le ministère", "2023-04-13"},
        {"Déclaration du 1er avril 2023", "2023-04-01"},
        {"13 FÉVRIER 2023", "2023-02-13"},
        {"13 fe\u0301vrier 2023 (decomposed accent)", "2023-02-13"},
        {"Mis à jour le 15 août 2021", "2021-08-15"},
        // Spanish and Portuguese
        {"Madrid, 13 de abril de 2023.- El Gobierno", "2023-04-13"},
        {"Publicado el 13 de abril del 2023", "2023-04-13"},
        {"Brasília, 13 de abril de 2023 - O Itamaraty", "2023-04-13"},
        {"Lisboa, 13 de março de 2023", "2023-03-13"},
        // German
        {"Berlin, 13. April 2023 – Das Auswärtige Amt", "2023-04-13"},
        {"Donnerstag, 13. März 2023", "2023-03-13"},
        {"Wien, am 13. Jänner 2023", "2023-01-13"},
        // Italian, Dutch, Swedish
        {"Roma, 13 aprile 2023 - La Farnesina", "2023-04-13"},
        {"Den Haag, 13 april 2023 — Het ministerie", "2023-04-13"},
        {"Amsterdam, 13 maart 2023", "2023-03-13"},
        {"Stockholm den 13 maj 2023", "2023-05-13"},
        // Turkish
        {"Ankara, 13 Nisan 2023 - Dışişleri Bakanlığı", "2023-04-13"},
        {"13 Şubat 2023 tarihinde", "2023-02-13"},
        {"13 ŞUBAT 2023", "2023-02-13"},
        {"13 Ağustos 2021", "2021-08-13"},
        {"13 MAYIS 2023 CUMARTESİ", "2023-05-13"},
        // Vietnamese
        {"Hà Nội, ngày 13 tháng 4 năm 2023", "2023-04-13"},
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("Arabic dates are found with Arabic-Indic or Latin digits", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"الرياض، 13 أبريل 2023 - وزارة الخارجية", "2023-04-13"},
        {"بيروت، 13 نيسان 2023", "2023-04-13"},
        {"١٣ أبريل ٢٠٢٣", "2023-04-13"},
        {"القاهرة في ١٣ إبريل ٢٠٢٣م", "2023-04-13"},
        {"دمشق 13 نيسان/أبريل 2023", "2023-04-13"},
        {"\u200F13\u200F أبريل، 2023", "2023-04-13"},  // right-to-left marks around digits
        {"13 كانون الثاني 2023", "2023-01-13"},
        {"13 تشرين الأول 2023", "2023-10-13"},
        {"الجزائر، 13 أفريل 2023", "2023-04-13"},
        {"۱۳ آذار ۲۰۲۳", "2023-03-13"},  // Extended Arabic-Indic (Persian) digits
        {"في أبريل 2023", "2023-04"},  // a month
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("numeric day-first dates are taken only when unambiguous", "[dates][date_formats]") {
    // Dotted dates are always day.month.year; with slashes or dashes a date
    // is taken when only one of day/month and month/day is a real date, or
    // both readings agree.
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Berlin, den 13.04.2023", "2023-04-13"},
        {"Moskva 13.4.2023 г.", "2023-04-13"},
        {"Stand: 04.05.2023.", "2023-05-04"},  // dotted: day first even when both fit
        {"Jakarta, 13/04/2023 - Kemlu", "2023-04-13"},
        {"Tanggal 13-04-2023", "2023-04-13"},
        {"04/04/2023 briefing", "2023-04-04"},
        {"Posted 04/13/2023 in Washington", "2023-04-13"},  // only month first fits
        {"Dated 04/05/2023", "none"},                       // 4 May or 5 April?
        {"Dated 04-05-2023", "none"},
        {"31.02.2023", "none"},
        {"13/13/2023", "none"},
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("impossible, partial and embedded dates are not taken", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"30 February 2023", "none"},
        {"31 April 2023", "none"},
        {"29 February 2023", "none"},
        {"29 February 2024", "2024-02-29"},
        {"13 April 1850, the treaty", "none"},  // years 1900..2100 only
        {"13 Nisan 2566", "none"},
        {"pertengahan Juli", "none"},
        {"13 April and later", "none"},
        {"serial 12023-04-13", "none"},
        {"ISBN 978-0-12-345678-9", "none"},
        {"ISBN 978-13-04-2023", "none"},
        {"build v1.13.04.2023", "none"},
        {"13.04.2023.1 release", "none"},
        {"code x13 April 2023", "none"},
        {"13 April 20235", "none"},
        {"13 April 2023-2024", "none"},
        {"213 April 2023", "none"},
        {"", "none"},
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("the earliest date in the text wins", "[dates][date_formats]") {
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"Updated 14 April 2023. First published April 13, 2023.", "2023-04-14"},
        {"Dikirim 13/04/2023, diperbarui 2021-07-19", "2023-04-13"},
        {"2021-07-19 rilis; 13 April 2023 revisi", "2021-07-19"},
        {"Dated 04/05/2023, signed 13 April 2023", "2023-04-13"},  // ambiguous skipped
        {"on 31 February 2023 (sic), 1 March 2023", "2023-03-01"},  // impossible skipped
        {"13 апреля 2023 г. и 12 апреля 2023 г.", "2023-04-13"},
    }));
    CAPTURE(text);
    CHECK(find_date_in_text(text).value_or("none") == expected);
}

TEST_CASE("the match is located by byte offset and length", "[dates][date_formats]") {
    auto [text, matched] = GENERATE(table<std::string, std::string>({
        {"Jakarta, Kamis 13 Juli 2021 — Menteri", "13 Juli 2021"},
        {"WASHINGTON, Apr. 13, 2023 - The", "Apr. 13, 2023"},
        {"发布于２０２３年４月１３日。", "２０２３年４月１３日"},
        {"Remarks\n\n2023-04-13 06:20\n", "2023-04-13"},
        {"Москва, 13 апреля 2023 г.", "13 апреля 2023"},
    }));
    CAPTURE(text);
    const auto found = locate_date_in_text(text);
    REQUIRE(found.has_value());
    CHECK(text.substr(found->offset, found->length) == matched);
}

TEST_CASE("only the first 2000 bytes are searched, without splitting a character",
          "[dates][date_formats]") {
    CHECK(find_date_in_text(std::string(1980, 'x') + " 13 Juli 2021").value_or("none") ==
          "2021-07-13");
    CHECK(find_date_in_text(std::string(2100, 'x') + " 13 Juli 2021").value_or("none") == "none");
    // "июля" ends past the window: the cut falls inside a Cyrillic letter.
    CHECK(find_date_in_text(std::string(1990, ' ') + "13 июля 2021").value_or("none") == "none");
    // Invalid UTF-8 around a date is harmless.
    CHECK(find_date_in_text("\xff\xfe 13 Juli 2021 \xc3").value_or("none") == "2021-07-13");
}

TEST_CASE("the seed briefing's dateline gives its date", "[dates][date_formats]") {
    std::ifstream in(std::string(SEEDS_DIR) + "/004_51e65c8d9e533e62.txt", std::ios::binary);
    REQUIRE(in);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK(find_date_in_text(text).value_or("none") == "2023-04-13");
    CHECK(find_date_in_text(text.substr(0, 600)).value_or("none") == "2023-04-13");
}
