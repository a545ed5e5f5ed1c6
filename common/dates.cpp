// SPDX-License-Identifier: MIT
#include "dates.h"

#include <cctype>

#include <fmt/format.h>

namespace dossier {

namespace {

// How far into a text a dateline is looked for.
constexpr std::size_t kDatelineWindowBytes = 2000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<int> read_number(std::string_view s, std::size_t at, std::size_t digits) {
    if (at + digits > s.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

std::optional<std::string> make_date(int year, int month, int day) {
    using namespace std::chrono;
    if (year < 1000 || year > 9999) return std::nullopt;
    const year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                             std::chrono::day(static_cast<unsigned>(day))};
    if (!ymd.ok()) return std::nullopt;
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

// Reads "YYYY-MM-DD" (or with '/') at `at`; the next character must not
// continue a number.
std::optional<std::string> read_iso_date(std::string_view s, std::size_t at) {
    const auto year = read_number(s, at, 4);
    if (!year || at + 10 > s.size()) return std::nullopt;
    const char separator = s[at + 4];
    if ((separator != '-' && separator != '/') || s[at + 7] != separator) return std::nullopt;
    const auto month = read_number(s, at + 5, 2);
    const auto day = read_number(s, at + 8, 2);
    if (!month || !day) return std::nullopt;
    if (at + 10 < s.size() && is_digit(s[at + 10])) return std::nullopt;
    return make_date(*year, *month, *day);
}

}  // namespace

std::optional<std::string> parse_metadata_date(std::string_view value) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    if (auto full = read_iso_date(value, 0)) {
        if (value.size() == 10 || value[10] == 'T' || value[10] == ' ') return full;
        return std::nullopt;
    }
    const auto year = read_number(value, 0, 4);
    if (!year) return std::nullopt;
    if (value.size() == 4) return make_date(*year, 1, 1);
    if (value.size() == 7 && value[4] == '-')
        if (const auto month = read_number(value, 5, 2)) return make_date(*year, *month, 1);
    return std::nullopt;
}

std::optional<std::string> find_date_in_text(std::string_view text) {
    const std::string_view window = text.substr(0, kDatelineWindowBytes);
    for (std::size_t i = 0; i + 10 <= window.size(); ++i) {
        if (i > 0 && is_digit(window[i - 1])) continue;
        if (auto date = read_iso_date(window, i)) return date;
    }
    return std::nullopt;
}

std::string date_of(std::chrono::system_clock::time_point time) {
    const auto days = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day ymd{days};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string date_sort_key(std::string_view iso_date) {
    std::string key;
    for (char c : iso_date)
        if (is_digit(c)) key += c;
    return key;
}

}  // namespace dossier
