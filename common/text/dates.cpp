// SPDX-License-Identifier: MIT
#include "text/dates.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

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


// ---- Datelines in running text ---------------------------------------------
//
// The window is cut into tokens: numbers (runs of decimal digits of any
// script, read by value), words (runs of letters and marks, folded: NFD,
// marks and Arabic tatweel dropped, lower-cased), the CJK date markers
// 年 月 日 号 號 and Korean 년 월 일 (one token each, whatever surrounds them),
// and single punctuation characters. Whitespace and invisible format
// characters (LRM, RLM, ZWSP, BOM) only separate tokens; each token records
// whether any came before it, so "13.04.2023" (glued) and "13. April 2023"
// (spaced) are told apart. Patterns are then tried at every token in order,
// so the first date by position wins.

// Text dates outside these years are not taken for a document's date: they
// are serial numbers, Buddhist-era or Hijri years, or history.
constexpr int kFirstTextYear = 1900;
constexpr int kLastTextYear = 2100;

std::optional<std::string> make_text_date(int year, int month, int day) {
    if (year < kFirstTextYear || year > kLastTextYear) return std::nullopt;
    return make_date(year, month, day);
}

struct MonthName {
    std::string_view name;  // folded, see fold_word; two words separated by a space
    int month;
};

// Month names as they stand before a year in a date, in their folded form
// (lower case, accents and Arabic hamza and harakat removed). A name may
// belong to several languages; no name means different months in two of them.
constexpr MonthName kMonthNames[] = {
    // English
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    // Indonesian (with old spellings and abbreviations)
    {"januari", 1}, {"februari", 2}, {"pebruari", 2}, {"maret", 3}, {"mei", 5}, {"juni", 6},
    {"juli", 7}, {"agustus", 8}, {"oktober", 10}, {"nopember", 11}, {"desember", 12},
    {"agu", 8}, {"agt", 8}, {"ags", 8}, {"okt", 10}, {"nop", 11}, {"des", 12},
    // Malay
    {"mac", 3}, {"julai", 7}, {"ogos", 8}, {"disember", 12}, {"ogo", 8}, {"dis", 12},
    // French
    {"janvier", 1}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
    {"juillet", 7}, {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"decembre", 12}, {"janv", 1}, {"fev", 2}, {"fevr", 2}, {"avr", 4}, {"juil", 7},
    // Spanish
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12}, {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    // Portuguese
    {"janeiro", 1}, {"fevereiro", 2}, {"marco", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12}, {"set", 9},
    {"out", 10}, {"dez", 12},
    // German
    {"januar", 1}, {"janner", 1}, {"februar", 2}, {"marz", 3}, {"maerz", 3},
    {"dezember", 12}, {"mrz", 3},
    // Italian
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
    {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1},
    {"mag", 5}, {"giu", 6}, {"lug", 7}, {"ott", 10},
    // Dutch and Swedish
    {"maart", 3}, {"augustus", 8}, {"mrt", 3}, {"maj", 5}, {"augusti", 8},
    // Turkish (with and without the dotless i)
    {"ocak", 1}, {"subat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5}, {"mayis", 5},
    {"haziran", 6}, {"temmuz", 7}, {"agustos", 8}, {"eylul", 9}, {"ekim", 10},
    {"kasım", 11}, {"kasim", 11}, {"aralık", 12}, {"aralik", 12},
    // Russian (genitive, as in dates, and abbreviations)
    {"января", 1}, {"февраля", 2}, {"марта", 3}, {"апреля", 4}, {"мая", 5}, {"июня", 6},
    {"июля", 7}, {"августа", 8}, {"сентября", 9}, {"октября", 10}, {"ноября", 11},
    {"декабря", 12}, {"янв", 1}, {"фев", 2}, {"февр", 2}, {"мар", 3}, {"апр", 4},
    {"июн", 6}, {"июл", 7}, {"авг", 8}, {"сен", 9}, {"сент", 9}, {"окт", 10}, {"ноя", 11},
    {"нояб", 11}, {"дек", 12},
    // Ukrainian (genitive)
    {"січня", 1}, {"лютого", 2}, {"березня", 3}, {"квітня", 4}, {"травня", 5},
    {"червня", 6}, {"липня", 7}, {"серпня", 8}, {"вересня", 9}, {"жовтня", 10},
    {"листопада", 11}, {"грудня", 12},
    // Arabic: Egyptian and Gulf names
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"ابريل", 4}, {"مايو", 5}, {"يونيو", 6},
    {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"اغسطس", 8}, {"سبتمبر", 9},
    {"اكتوبر", 10}, {"نوفمبر", 11}, {"ديسمبر", 12},
    // Arabic: Levantine (Syriac) names
    {"كانون الثاني", 1}, {"شباط", 2}, {"اذار", 3}, {"نيسان", 4}, {"ايار", 5},
    {"حزيران", 6}, {"تموز", 7}, {"اب", 8}, {"ايلول", 9}, {"تشرين الاول", 10},
    {"تشرين الثاني", 11}, {"كانون الاول", 12},
    // Arabic: Maghreb names
    {"جانفي", 1}, {"فيفري", 2}, {"افريل", 4}, {"ماي", 5}, {"جوان", 6}, {"جويلية", 7},
    {"اوت", 8},
};

// Glued after a day number: "1er", "13th", "1º".
constexpr std::string_view kOrdinalSuffixes[] = {"er", "re", "st", "nd", "rd", "th", "o", "º"};
// Glued after a year: "2023г.", "2023р.", "2023م".
constexpr std::string_view kYearSuffixes[] = {"г", "гг", "р", "\u0645" /* Arabic م */};
// Glued after a year-first ISO date: "2023-04-13T06:20".
constexpr std::string_view kIsoSuffixes[] = {"t"};
// Between day, month and year: "13 de abril de 2023", "the 13th of April".
constexpr std::string_view kDayMonthLinks[] = {"de", "of"};
constexpr std::string_view kMonthYearLinks[] = {"de", "del"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
    for (const std::string_view item : list)
        if (item == word) return true;
    return false;
}

enum class TokenKind : std::uint8_t { number, word, marker, punct };
enum class Marker : std::uint8_t { none, year, month, day };

Marker marker_of(UChar32 c) {
    switch (c) {
        case 0x5E74:  // 年
        case 0xB144:  // 년
            return Marker::year;
        case 0x6708:  // 月
        case 0xC6D4:  // 월
            return Marker::month;
        case 0x65E5:  // 日
        case 0x53F7:  // 号
        case 0x865F:  // 號
        case 0xC77C:  // 일
            return Marker::day;
        default:
            return Marker::none;
    }
}

struct Token {
    TokenKind kind = TokenKind::punct;
    bool spaced = false;           // whitespace between the previous token and this one
    bool unspaced_script = false;  // a word in Han, Kana, Hangul, Thai...: no spaces around it
    Marker marker = Marker::none;
    int digits = 0;   // number: how many digits
    int value = 0;    // number: its value, when it has at most 9 digits
    UChar32 cp = 0;   // punct: the character
    std::string word;  // word: folded
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool is_mark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

bool is_word_char(UChar32 c) { return u_isalpha(c) || is_mark(c); }

bool is_separator_space(UChar32 c) {
    return u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR || u_iscntrl(c);
}

// Scripts written without spaces between words, whose letters may touch a
// date ("发布于2023年4月13日").
bool is_unspaced_script(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
        case USCRIPT_HAN:
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_HANGUL:
        case USCRIPT_THAI:
        case USCRIPT_LAO:
        case USCRIPT_KHMER:
        case USCRIPT_MYANMAR:
        case USCRIPT_TIBETAN:
            return true;
        default:
            return false;
    }
}

// Lower case without accents: "Février" -> "fevrier", "أبريل" -> "ابريل",
// "ŞUBAT" -> "subat".
std::string fold_word(std::string_view raw) {
    std::string folded;
    bool ascii = true;
    for (const char c : raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        folded.reserve(raw.size());
        for (const char c : raw)
            folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return folded;
    }
    const icu::UnicodeString word =
        icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(word, status) : word;
    if (U_FAILURE(status)) decomposed = word;
    icu::UnicodeString lowered;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (is_mark(c) || c == 0x0640) continue;  // accents, harakat, hamza; tatweel
        lowered.append(u_tolower(c));
    }
    lowered.toUTF8String(folded);
    return folded;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    // The next character at `at` without moving; -1 for an invalid sequence.
    const auto peek = [&](int32_t at, int32_t& after) {
        UChar32 c = 0;
        after = at;
        U8_NEXT(bytes, after, length, c);
        return c;
    };
    int32_t i = 0;
    bool spaced = false;
    while (i < length) {
        const int32_t start = i;
        int32_t after = i;
        const UChar32 c = peek(i, after);
        i = after;
        if (c >= 0 && is_separator_space(c)) {
            spaced = true;
            continue;
        }
        Token token;
        token.spaced = spaced;
        token.begin = static_cast<std::size_t>(start);
        spaced = false;
        if (c >= 0 && u_isdigit(c)) {
            token.kind = TokenKind::number;
            UChar32 d = c;
            while (true) {
                if (token.digits < 9) token.value = token.value * 10 + u_charDigitValue(d);
                ++token.digits;
                if (i >= length) break;
                d = peek(i, after);
                if (d < 0 || !u_isdigit(d)) break;
                i = after;
            }
        } else if (c >= 0 && marker_of(c) != Marker::none) {
            token.kind = TokenKind::marker;
            token.marker = marker_of(c);
            token.cp = c;
        } else if (c >= 0 && is_word_char(c)) {
            token.kind = TokenKind::word;
            token.unspaced_script = is_unspaced_script(c);
            while (i < length) {
                const UChar32 d = peek(i, after);
                if (d < 0 || !is_word_char(d) || marker_of(d) != Marker::none) break;
                if (!is_mark(d) && is_unspaced_script(d) != token.unspaced_script) break;
                i = after;
            }
            const std::string_view raw = text.substr(token.begin, static_cast<std::size_t>(i - start));
            token.word = token.unspaced_script ? std::string(raw) : fold_word(raw);
        } else {
            token.kind = TokenKind::punct;
            token.cp = c < 0 ? 0xFFFD : c;
        }
        token.end = static_cast<std::size_t>(i);
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// Characters that join numbers into one: "13.04.2023", "978-3-16", "10:30",
// "3,5", the Arabic decimal and thousands separators.
bool is_number_joiner(UChar32 c) {
    return c == '.' || c == ',' || c == '-' || c == '/' || c == ':' || c == 0x066B || c == 0x066C;
}

// Finds the first date of a text; see locate_date_in_text.
class DatelineScanner {
public:
    explicit DatelineScanner(std::string_view text) : tokens_(tokenize(text)) {}

    std::optional<TextDate> find() const {
        for (std::size_t k = 0; k < tokens_.size(); ++k)
            if (auto found = match_at(k)) return found;
        return std::nullopt;
    }

private:
    struct Match {
        int year = 0;
        int month = 0;
        int day = 0;
        std::size_t last = 0;  // index of the last token of the date
    };
    struct MonthMatch {
        int month = 0;
        std::size_t next = 0;  // index of the token after the name
    };

    std::vector<Token> tokens_;

    std::optional<TextDate> match_at(std::size_t k) const {
        std::optional<Match> match;
        if (tokens_[k].kind == TokenKind::number) {
            if (!isolated_before(k)) return std::nullopt;
            match = numeric_date(k);
            if (!match) match = cjk_date(k);
            if (!match) match = day_month_year(k);
            if (!match) match = vietnamese_date(k);
        } else if (tokens_[k].kind == TokenKind::word) {
            match = month_day_year(k);
        }
        if (!match) return std::nullopt;
        auto date = make_text_date(match->year, match->month, match->day);
        if (!date) return std::nullopt;
        const std::size_t begin = tokens_[k].begin;
        return TextDate{std::move(*date), begin, tokens_[match->last].end - begin};
    }

    bool is_number(std::size_t i, int min_digits, int max_digits) const {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::number &&
               tokens_[i].digits >= min_digits && tokens_[i].digits <= max_digits;
    }
    bool is_punct(std::size_t i, UChar32 c) const {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::punct && tokens_[i].cp == c;
    }
    bool is_marker(std::size_t i, Marker marker) const {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::marker &&
               tokens_[i].marker == marker;
    }
    template <std::size_t N>
    bool is_word_in(std::size_t i, const std::string_view (&list)[N]) const {
        return i < tokens_.size() && tokens_[i].kind == TokenKind::word &&
               contains(list, tokens_[i].word);
    }
    bool glued(std::size_t i) const { return i < tokens_.size() && !tokens_[i].spaced; }

    // The number at `k` does not continue a word or number before it:
    // "x13 April", "1.13.04.2023" and "978-13/04/2023" start no date, while
    // "于2023年" and "(13 April" do.
    bool isolated_before(std::size_t k) const {
        if (k == 0 || tokens_[k].spaced) return true;
        const Token& previous = tokens_[k - 1];
        switch (previous.kind) {
            case TokenKind::word: return previous.unspaced_script;
            case TokenKind::marker: return true;
            case TokenKind::number: return false;
            case TokenKind::punct:
                return !(is_number_joiner(previous.cp) && !previous.spaced && k >= 2 &&
                         tokens_[k - 2].kind == TokenKind::number);
        }
        return false;
    }

    // The number at `i` is not continued by a word (other than the allowed
    // suffixes) or a number after it: "2023-04-131" is no date, "13 April
    // 2023." and "2023г." are.
    template <std::size_t N>
    bool isolated_after(std::size_t i, const std::string_view (&suffixes)[N]) const {
        const std::size_t next = i + 1;
        if (!glued(next)) return true;
        const Token& token = tokens_[next];
        switch (token.kind) {
            case TokenKind::word: return token.unspaced_script || contains(suffixes, token.word);
            case TokenKind::marker: return true;
            case TokenKind::number: return false;
            case TokenKind::punct:
                return !(is_number_joiner(token.cp) && glued(next + 1) &&
                         tokens_[next + 1].kind == TokenKind::number);
        }
        return false;
    }

    std::optional<MonthMatch> month_name_at(std::size_t i) const {
        if (i >= tokens_.size() || tokens_[i].kind != TokenKind::word || tokens_[i].unspaced_script)
            return std::nullopt;
        std::optional<MonthMatch> best;
        for (const MonthName& name : kMonthNames) {
            std::string_view rest = name.name;
            std::size_t j = i;
            bool matched = true;
            while (matched && !rest.empty()) {
                const std::size_t space = rest.find(' ');
                const std::string_view part = rest.substr(0, space);
                rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
                matched = j < tokens_.size() && tokens_[j].kind == TokenKind::word &&
                          tokens_[j].word == part;
                ++j;
            }
            if (matched && (!best || j > best->next)) best = MonthMatch{name.month, j};
        }
        return best;
    }

    // A month name, with its abbreviation dot ("Apr.") and a second name of
    // the same month after a slash ("نيسان/أبريل").
    std::optional<MonthMatch> month_at(std::size_t i) const {
        auto month = month_name_at(i);
        if (!month) return std::nullopt;
        if (is_punct(month->next, '.') && glued(month->next)) ++month->next;
        if (is_punct(month->next, '/'))
            if (const auto other = month_name_at(month->next + 1); other && other->month == month->month)
                month->next = other->next;
        if (is_punct(month->next, '.') && glued(month->next)) ++month->next;
        return month;
    }

    // Three numbers glued by one separator, with nothing glued around them.
    // Year first (2023-04-13, 2023/4/13, 2023.04.13): unambiguous.
    // Year last with dots (13.04.2023): day first, the convention wherever
    // dots are used (German, Russian, Turkish, ...).
    // Year last with slashes or dashes: day first in most of the world, month
    // first in the US. Taken only when one reading alone is a real date
    // (13/04/2023 is 13 April, 04/13/2023 is 13 April too) or both readings
    // agree (04/04/2023); 04/05/2023 could be 4 May or 5 April and gives
    // nothing, so a later unambiguous date or the file time is used instead.
    std::optional<Match> numeric_date(std::size_t k) const {
        if (k + 4 >= tokens_.size()) return std::nullopt;
        const UChar32 separator = tokens_[k + 1].cp;
        if (!(separator == '-' || separator == '/' || separator == '.')) return std::nullopt;
        if (!is_punct(k + 1, separator) || !is_punct(k + 3, separator)) return std::nullopt;
        for (std::size_t i = k + 1; i <= k + 4; ++i)
            if (tokens_[i].spaced) return std::nullopt;
        const std::size_t last = k + 4;
        const Token& a = tokens_[k];
        const Token& b = tokens_[k + 2];
        const Token& c = tokens_[last];
        if (a.digits == 4 && is_number(k + 2, 1, 2) && is_number(last, 1, 2)) {
            if (!isolated_after(last, kIsoSuffixes)) return std::nullopt;
            return Match{a.value, b.value, c.value, last};
        }
        if (!is_number(k, 1, 2) || !is_number(k + 2, 1, 2) || c.digits != 4 ||
            !isolated_after(last, kYearSuffixes))
            return std::nullopt;
        if (separator == '.') return Match{c.value, b.value, a.value, last};
        const bool day_first = make_text_date(c.value, b.value, a.value).has_value();
        const bool month_first = make_text_date(c.value, a.value, b.value).has_value();
        if (day_first && (!month_first || a.value == b.value))
            return Match{c.value, b.value, a.value, last};
        if (month_first && !day_first) return Match{c.value, a.value, b.value, last};
        return std::nullopt;
    }

    // 2023年4月13日, 2023 年 4 月 13 日, 2023년 4월 13일 (spaces anywhere).
    std::optional<Match> cjk_date(std::size_t k) const {
        if (!is_number(k, 4, 4) || !is_marker(k + 1, Marker::year) || !is_number(k + 2, 1, 2) ||
            !is_marker(k + 3, Marker::month) || !is_number(k + 4, 1, 2) ||
            !is_marker(k + 5, Marker::day))
            return std::nullopt;
        return Match{tokens_[k].value, tokens_[k + 2].value, tokens_[k + 4].value, k + 5};
    }

    // 13 April 2023, 1er avril 2023, 13. April 2023, 13 de abril de 2023,
    // 13-Apr-2023, 13 апреля 2023 г., 13 أبريل، 2023.
    std::optional<Match> day_month_year(std::size_t k) const {
        if (!is_number(k, 1, 2) || !isolated_after(k, kOrdinalSuffixes)) return std::nullopt;
        std::size_t j = k + 1;
        if (glued(j) && is_word_in(j, kOrdinalSuffixes)) ++j;
        if (is_punct(j, '.') || is_punct(j, '-') || is_punct(j, '/')) ++j;
        if (is_word_in(j, kDayMonthLinks)) ++j;
        const auto month = month_at(j);
        if (!month) return std::nullopt;
        j = month->next;
        if (is_punct(j, ',') || is_punct(j, 0x060C) || is_punct(j, '-') || is_punct(j, '/')) ++j;
        if (is_word_in(j, kMonthYearLinks)) ++j;
        if (!is_number(j, 4, 4) || !isolated_before(j) || !isolated_after(j, kYearSuffixes))
            return std::nullopt;
        return Match{tokens_[j].value, month->month, tokens_[k].value, j};
    }

    // April 13, 2023; Apr. 13th 2023.
    std::optional<Match> month_day_year(std::size_t k) const {
        // Most words are followed by no number soon: skip the name lookup.
        bool number_follows = false;
        for (std::size_t i = k + 1; i < tokens_.size() && i <= k + 6 && !number_follows; ++i)
            number_follows = tokens_[i].kind == TokenKind::number;
        if (!number_follows) return std::nullopt;
        const auto month = month_at(k);
        if (!month) return std::nullopt;
        const std::size_t day = month->next;
        if (!is_number(day, 1, 2) || !isolated_before(day) ||
            !isolated_after(day, kOrdinalSuffixes))
            return std::nullopt;
        std::size_t j = day + 1;
        if (glued(j) && is_word_in(j, kOrdinalSuffixes)) ++j;
        if (is_punct(j, ',')) ++j;
        if (!is_number(j, 4, 4) || !isolated_before(j) || !isolated_after(j, kYearSuffixes))
            return std::nullopt;
        return Match{tokens_[j].value, month->month, tokens_[day].value, j};
    }

    // Vietnamese: 13 tháng 4 năm 2023, 13 tháng 4, năm 2023.
    std::optional<Match> vietnamese_date(std::size_t k) const {
        static constexpr std::string_view kMonthWord[] = {"thang"};
        static constexpr std::string_view kYearWord[] = {"nam"};
        static constexpr std::string_view kNone[] = {""};
        if (!is_number(k, 1, 2) || !isolated_after(k, kNone) || !is_word_in(k + 1, kMonthWord) ||
            !is_number(k + 2, 1, 2) || !isolated_after(k + 2, kNone))
            return std::nullopt;
        std::size_t j = k + 3;
        if (is_punct(j, ',')) ++j;
        if (!is_word_in(j, kYearWord) || !is_number(j + 1, 4, 4) ||
            !isolated_after(j + 1, kYearSuffixes))
            return std::nullopt;
        return Match{tokens_[j + 1].value, tokens_[k + 2].value, tokens_[k].value, j + 1};
    }
};

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

std::optional<TextDate> locate_date_in_text(std::string_view text) {
    std::size_t cut = std::min(text.size(), kDatelineWindowBytes);
    // Never split a UTF-8 sequence: back up to the start of the one cut.
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return DatelineScanner(text.substr(0, cut)).find();
}

std::optional<std::string> find_date_in_text(std::string_view text) {
    if (auto found = locate_date_in_text(text)) return std::move(found->date);
    return std::nullopt;
}

std::optional<std::string> user_date_problem(std::string_view value) {
    const bool shaped = (value.size() == 4 || value.size() == 7 || value.size() == 10) &&
                        read_number(value, 0, 4) && (value.size() == 4 || value[4] == '-') &&
                        (value.size() < 10 || value[7] == '-');
    const std::optional<int> month = value.size() >= 7 ? read_number(value, 5, 2) : 1;
    const std::optional<int> day = value.size() == 10 ? read_number(value, 8, 2) : 1;
    if (!shaped || !month || !day) return "give a date like 2021, 2021-03 or 2021-03-15";
    if (*month < 1 || *month > 12) return fmt::format("there is no month {:02}; months are 01 to 12", *month);
    using namespace std::chrono;
    const year_month_day_last last{year(*read_number(value, 0, 4)), month_day_last(std::chrono::month(
                                                                         static_cast<unsigned>(*month)))};
    const unsigned days = static_cast<unsigned>(last.day());
    if (*day < 1 || static_cast<unsigned>(*day) > days)
        return fmt::format("there is no day {:02} in {}: it has {} days", *day, value.substr(0, 7), days);
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
