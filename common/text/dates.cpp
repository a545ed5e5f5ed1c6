// SPDX-License-Identifier: MIT
#include "text/dates.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
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
    // Russian without a day: nominative ("май 2022") and prepositional ("в мае 2022 года")
    {"январь", 1}, {"февраль", 2}, {"март", 3}, {"апрель", 4}, {"май", 5}, {"июнь", 6},
    {"июль", 7}, {"август", 8}, {"сентябрь", 9}, {"октябрь", 10}, {"ноябрь", 11},
    {"декабрь", 12}, {"январе", 1}, {"феврале", 2}, {"марте", 3}, {"апреле", 4}, {"мае", 5},
    {"июне", 6}, {"июле", 7}, {"августе", 8}, {"сентябре", 9}, {"октябре", 10},
    {"ноябре", 11}, {"декабре", 12},
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
    bool new_line = false;         // a line break between the previous token and this one
    bool capital = false;          // word: its first letter is upper case
    bool lower = false;            // word: its first letter is lower case
    std::size_t line = 0;          // index of its line among the lines holding tokens
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
    bool new_line = false;
    while (i < length) {
        const int32_t start = i;
        int32_t after = i;
        const UChar32 c = peek(i, after);
        i = after;
        if (c >= 0 && is_separator_space(c)) {
            spaced = true;
            new_line = new_line || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x2028 ||
                       c == 0x2029 || c == 0x85;
            continue;
        }
        Token token;
        token.spaced = spaced;
        token.new_line = new_line && !tokens.empty();
        token.line = tokens.empty() ? 0 : tokens.back().line + (token.new_line ? 1 : 0);
        token.begin = static_cast<std::size_t>(start);
        spaced = false;
        new_line = false;
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
            token.capital = u_isupper(c) || u_istitle(c);
            token.lower = u_islower(c);
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

// Dashes between the two ends of a range: "17–31 May", "2019-2021".
bool is_range_dash(UChar32 c) { return c == '-' || c == 0x2013 || c == 0x2014 || c == '~' || c == 0xFF5E; }

// Words between the two ends of a range: "from March to June 2021",
// "17 hingga 31 Mei 2022", "du 17 au 31 mai 2022", "17 bis 31. Mai 2022".
constexpr std::string_view kRangeWords[] = {"to", "through", "thru", "till", "sampai", "hingga", "au", "al",
                                            "a", "bis", "до", "по", "至", "到"};

// Words that make the date after them one the document mentions, not the
// date it was written: "files created after 1 January 2021", "sejak 13
// Juli 2021", "jusqu'au 31 mai 2022".
constexpr std::string_view kMentionWords[] = {
    "after", "before", "since", "until", "till", "between", "prior", "sejak", "sebelum", "setelah",
    "sesudah", "hingga", "sampai", "antara", "depuis", "avant", "apres", "jusqu", "entre", "desde",
    "antes", "despues", "hasta", "depois", "ate", "seit", "vor", "nach", "bis", "zwischen", "после",
    "до", "между", "dopo", "prima", "fino"};
// Words that may stand between a mention word and its date: "before the
// 1st of", "jusqu'au", "antes de".
constexpr std::string_view kMentionFillers[] = {"the", "of", "on", "to", "de", "du", "del", "le", "la", "el",
                                                "dem", "den", "am", "au", "al", "tanggal", "tgl", "a"};

// Words before a year alone that make it the year something happened in
// the document's own time: "in 2019", "en 2019", "pada 2019", "tahun
// 2019", "im Jahr 2019", "năm 2019", "عام 2019".
constexpr std::string_view kYearPhraseWords[] = {"in",   "during", "en",  "em",  "nel", "pada", "tahun",
                                                 "jahr", "jahre",  "ano", "anno", "nam", "عام",  "سنة"};
// Russian "в 2019 году", "в 2019 г.": the preposition and the word after.
constexpr std::string_view kRussianIn[] = {"в", "во"};
constexpr std::string_view kRussianYearWords[] = {"году", "г"};
// Turkish "2019 yılında": after the year.
constexpr std::string_view kTurkishYearWords[] = {"yılında", "yilinda", "yılı", "yili"};

// Month names that are also common words ("may", "set", "out", "ago",
// "mar"...): without a day, a short name is a month only when written
// with a capital ("May 2022", "Mei 2022") or an abbreviation dot
// ("set. 2022"). Names of more letters, and these, are months anywhere.
constexpr std::string_view kSafeShortMonths[] = {"mai", "mei", "maj", "mac"};

// Words right before a date that make it part of a sentence, not a
// dateline: "On 22 September 2016, from this rostrum", "In September
// 2015", "the events of 11 September 2001", "The 26 September 1962
// revolution", "pada Mei 2022", "Am 13. April". (Not "le" or "den":
// "Paris, le 13 avril 2023" and "Berlin, den 13. April 2023" are datelines.)
constexpr std::string_view kNarrativeWords[] = {"on", "in", "during", "en",   "em",    "no", "nel", "il", "el", "am",
                                                "im", "op", "pada",   "tahun", "в",    "во", "at",  "of", "the"};

// Lines (holding text) at the start of a document where a dateline stands.
constexpr std::size_t kDatelineLines = 5;
// A date is in dateline position when few words come before it on its
// line, or its line is short: "Jakarta, Kamis 13 Juli 2021 — ...",
// "On 4 March 2021, attackers ...", "Published: 13 April 2023".
constexpr std::size_t kDatelineWordsBefore = 3;
constexpr std::size_t kShortLineWords = 12;
// A year alone ends a dateline line of at most this many words.
constexpr std::size_t kYearLineWords = 8;

std::size_t precision_rank(DatePrecision precision) { return static_cast<std::size_t>(precision); }

// Finds the dates of a text; see dates_in_text.
class DatelineScanner {
public:
    explicit DatelineScanner(std::string_view text) : tokens_(tokenize(text)) {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            const Token& token = tokens_[i];
            if (line_words_.size() <= token.line) line_words_.resize(token.line + 1, 0);
            words_before_.push_back(line_words_[token.line]);
            if (token.kind == TokenKind::word || token.kind == TokenKind::number) ++line_words_[token.line];
        }
    }

    std::vector<TextDate> find_all() const {
        std::vector<TextDate> found;
        std::size_t k = 0;
        while (k < tokens_.size()) {
            const auto match = match_at(k);
            if (!match) {
                ++k;
                continue;
            }
            if (auto date = to_text_date(*match)) found.push_back(std::move(*date));
            k = match->last + 1;
        }
        return found;
    }

private:
    struct Match {
        int year = 0;
        int month = 0;  // 0 for a year alone
        int day = 0;    // 0 for a month or a year alone
        std::size_t first = 0;  // index of the first token of the date
        std::size_t last = 0;   // index of the last token of the date
        bool dateline_only = false;  // a year alone: only at the end of a dateline
    };
    struct MonthMatch {
        int month = 0;
        std::size_t next = 0;  // index of the token after the name
    };

    std::vector<Token> tokens_;
    std::vector<std::size_t> line_words_;    // words and numbers on each line
    std::vector<std::size_t> words_before_;  // per token: words and numbers before it on its line

    std::optional<Match> match_at(std::size_t k) const {
        std::optional<Match> match;
        if (tokens_[k].kind == TokenKind::number) {
            if (!isolated_before(k)) return std::nullopt;
            match = numeric_date(k);
            if (!match) match = cjk_date(k);
            if (!match) match = day_month_year(k);
            if (!match) match = vietnamese_date(k);
            if (!match) match = day_range(k);
            if (!match) match = cjk_partial(k);
            if (!match) match = turkish_year(k);
            if (!match) match = dateline_year(k);
        } else if (tokens_[k].kind == TokenKind::word) {
            match = month_day_year(k);
            if (!match) match = month_range(k);
            if (!match) match = month_year(k);
            if (!match) match = year_phrase(k);
        }
        if (match) match->first = k;
        return match;
    }

    std::optional<TextDate> to_text_date(const Match& match) const {
        if (match.year < kFirstTextYear || match.year > kLastTextYear) return std::nullopt;
        std::optional<std::string> date;
        DatePrecision precision = DatePrecision::day;
        if (match.day > 0) {
            date = make_date(match.year, match.month, match.day);
        } else if (match.month > 0) {
            precision = DatePrecision::month;
            if (match.month <= 12) date = fmt::format("{:04}-{:02}", match.year, match.month);
        } else {
            precision = DatePrecision::year;
            date = fmt::format("{:04}", match.year);
        }
        if (!date) return std::nullopt;
        DatePlace place = place_of(match.first);
        if (match.dateline_only && (place != DatePlace::dateline || !ends_line(match.last) ||
                                    line_words_[tokens_[match.first].line] > kYearLineWords))
            return std::nullopt;
        // "in 2019" is part of a sentence, never a dateline.
        if (precision == DatePrecision::year && !match.dateline_only && place == DatePlace::dateline)
            place = DatePlace::body;
        // "since 2019": a year is taken for the document's only in its own words.
        if (precision == DatePrecision::year && place == DatePlace::mention) return std::nullopt;
        const std::size_t begin = tokens_[match.first].begin;
        return TextDate{std::move(*date), begin, tokens_[match.last].end - begin, precision, place};
    }

    DatePlace place_of(std::size_t first) const {
        if (is_mentioned(first)) return DatePlace::mention;
        const Token& token = tokens_[first];
        // (The word may end the line before: "In\nSeptember 1995" in wrapped prose.)
        const bool narrative = first > 0 && tokens_[first - 1].kind == TokenKind::word &&
                               contains(kNarrativeWords, tokens_[first - 1].word);
        // Hard-wrapped prose: a line starting with a lower-case word goes
        // on with a sentence ("tragic events of 11 September 2001 awakened").
        const std::size_t line_start = first - tokens_before_on_line(first);
        const bool continues = tokens_[line_start].kind == TokenKind::word && tokens_[line_start].lower;
        if (!narrative && !continues && token.line < kDatelineLines &&
            (words_before_[first] <= kDatelineWordsBefore || line_words_[token.line] <= kShortLineWords))
            return DatePlace::dateline;
        return DatePlace::body;
    }

    // How many tokens come before `i` on its line.
    std::size_t tokens_before_on_line(std::size_t i) const {
        std::size_t count = 0;
        while (i > 0 && tokens_[i - 1].line == tokens_[i].line) {
            --i;
            ++count;
        }
        return count;
    }

    // A mention word before the date, on its line, with at most two filler
    // words or punctuation in between ("after the", "jusqu'au").
    bool is_mentioned(std::size_t first) const {
        std::size_t i = first;
        for (int skipped = 0; i > 0 && skipped <= 3; ++skipped) {
            --i;
            const Token& token = tokens_[i];
            if (tokens_[i + 1].new_line) return false;
            if (token.kind == TokenKind::word) {
                if (contains(kMentionWords, token.word)) return true;
                if (!contains(kMentionFillers, token.word)) return false;
            } else if (token.kind != TokenKind::punct) {
                return false;
            }
        }
        return false;
    }

    // Only punctuation follows token `last` on its line.
    bool ends_line(std::size_t last) const {
        for (std::size_t i = last + 1; i < tokens_.size() && tokens_[i].line == tokens_[last].line; ++i)
            if (tokens_[i].kind != TokenKind::punct) return false;
        return true;
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

    // A month name that stands without a day before a year: a short name
    // that is also a common word ("may", "set", "out") must be written
    // with a capital or an abbreviation dot.
    std::optional<MonthMatch> month_without_day_at(std::size_t i) const {
        auto month = month_at(i);
        if (!month) return std::nullopt;
        const Token& token = tokens_[i];
        const bool ascii_short = token.word.size() <= 3 && std::all_of(token.word.begin(), token.word.end(), [](char c) {
                                     return static_cast<unsigned char>(c) < 0x80;
                                 });
        const bool dotted = is_punct(i + 1, '.') && glued(i + 1);
        if (ascii_short && !token.capital && !dotted && !contains(kSafeShortMonths, token.word)) return std::nullopt;
        return month;
    }

    // A four-digit year at `j`, alone or starting a range of years
    // ("2019-2021", "2019–2021"), with nothing glued after it; returns the
    // index of its last token.
    std::optional<std::size_t> year_at(std::size_t j) const {
        if (!is_number(j, 4, 4) || !isolated_before(j)) return std::nullopt;
        if (j + 2 < tokens_.size() && tokens_[j + 1].kind == TokenKind::punct && is_range_dash(tokens_[j + 1].cp) &&
            is_number(j + 2, 4, 4) && tokens_[j + 2].value >= tokens_[j].value) {
            const bool tight = glued(j + 1) && glued(j + 2);
            const bool spaced = !glued(j + 1) && !glued(j + 2);
            if ((tight || spaced) && isolated_after(j + 2, kYearSuffixes)) return j + 2;
        }
        if (!isolated_after(j, kYearSuffixes)) return std::nullopt;
        return j;
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
            return Match{a.value, b.value, c.value, k, last};
        }
        if (!is_number(k, 1, 2) || !is_number(k + 2, 1, 2) || c.digits != 4 ||
            !isolated_after(last, kYearSuffixes))
            return std::nullopt;
        if (separator == '.') return Match{c.value, b.value, a.value, k, last};
        const bool day_first = make_text_date(c.value, b.value, a.value).has_value();
        const bool month_first = make_text_date(c.value, a.value, b.value).has_value();
        if (day_first && (!month_first || a.value == b.value))
            return Match{c.value, b.value, a.value, k, last};
        if (month_first && !day_first) return Match{c.value, a.value, b.value, k, last};
        return std::nullopt;
    }

    // 2023年4月13日, 2023 年 4 月 13 日, 2023년 4월 13일 (spaces anywhere).
    std::optional<Match> cjk_date(std::size_t k) const {
        if (!is_number(k, 4, 4) || !is_marker(k + 1, Marker::year) || !is_number(k + 2, 1, 2) ||
            !is_marker(k + 3, Marker::month) || !is_number(k + 4, 1, 2) ||
            !is_marker(k + 5, Marker::day))
            return std::nullopt;
        return Match{tokens_[k].value, tokens_[k + 2].value, tokens_[k + 4].value, k, k + 5};
    }

    // 2022年5月 (a month: no day follows) and 2019年 (a year: no month
    // follows), 2022년 5월.
    std::optional<Match> cjk_partial(std::size_t k) const {
        if (!is_number(k, 4, 4) || !is_marker(k + 1, Marker::year)) return std::nullopt;
        if (is_number(k + 2, 1, 2) && is_marker(k + 3, Marker::month)) {
            if (is_number(k + 4, 1, 2) && is_marker(k + 5, Marker::day)) return std::nullopt;  // an impossible day
            return Match{tokens_[k].value, tokens_[k + 2].value, 0, k, k + 3};
        }
        if (is_number(k + 2, 1, 2)) return std::nullopt;  // 2019年13月, 2019年 5 (no marker)
        return Match{tokens_[k].value, 0, 0, k, k + 1};
    }

    // The day and month of "13 April", "1er avril", "13. April", "13 de
    // abril", "13-Apr"; the index after the month.
    std::optional<std::pair<MonthMatch, std::size_t>> day_month(std::size_t k) const {
        if (!is_number(k, 1, 2) || !isolated_after(k, kOrdinalSuffixes)) return std::nullopt;
        std::size_t j = k + 1;
        if (glued(j) && is_word_in(j, kOrdinalSuffixes)) ++j;
        if (is_punct(j, '.') || is_punct(j, '-') || is_punct(j, '/')) ++j;
        if (is_word_in(j, kDayMonthLinks)) ++j;
        const auto month = month_at(j);
        if (!month) return std::nullopt;
        return std::pair{*month, month->next};
    }

    // The year after a month: "abril de 2023", "April, 2023", "أبريل، 2023".
    std::optional<std::size_t> year_after_month(std::size_t j) const {
        if (is_punct(j, ',') || is_punct(j, 0x060C) || is_punct(j, '-') || is_punct(j, '/')) ++j;
        if (is_word_in(j, kMonthYearLinks)) ++j;
        if (!is_number(j, 4, 4) || !isolated_before(j) || !isolated_after(j, kYearSuffixes))
            return std::nullopt;
        return j;
    }

    // 13 April 2023, 1er avril 2023, 13. April 2023, 13 de abril de 2023,
    // 13-Apr-2023, 13 апреля 2023 г., 13 أبريل، 2023.
    std::optional<Match> day_month_year(std::size_t k) const {
        const auto day_and_month = day_month(k);
        if (!day_and_month) return std::nullopt;
        const auto year = year_after_month(day_and_month->second);
        if (!year) return std::nullopt;
        return Match{tokens_[*year].value, day_and_month->first.month, tokens_[k].value, k, *year};
    }

    // Between the ends of a range: a dash or a word ("to", "hingga", "au",
    // "bis"); the index after it, or nullopt.
    std::optional<std::size_t> range_separator(std::size_t j) const {
        if (j < tokens_.size() && tokens_[j].kind == TokenKind::punct && is_range_dash(tokens_[j].cp)) return j + 1;
        if (is_word_in(j, kRangeWords)) return j + 1;
        return std::nullopt;
    }

    // A range of days gives its first: "17–31 May 2022", "17-31 Mei 2022",
    // "du 17 au 31 mai 2022", "17 May – 3 June 2022", "30 December 2021 –"
    // (a complete date, found before), "30 December – 2 January 2022"
    // (the year before the end's).
    std::optional<Match> day_range(std::size_t k) const {
        if (!is_number(k, 1, 2)) return std::nullopt;
        int month = 0;
        std::size_t j = k + 1;
        if (const auto day_and_month = day_month(k)) {
            month = day_and_month->first.month;
            j = day_and_month->second;
        } else if (glued(j) && is_word_in(j, kOrdinalSuffixes)) {
            ++j;
        }
        if (is_punct(j, '.') && month == 0) ++j;  // "17. bis 31. Mai"
        const auto after = range_separator(j);
        if (!after || !is_number(*after, 1, 2)) return std::nullopt;
        const auto end = day_month_year(*after);
        if (!end) return std::nullopt;
        if (month == 0) return Match{end->year, end->month, tokens_[k].value, k, end->last};
        const int year = month > end->month ? end->year - 1 : end->year;
        return Match{year, month, tokens_[k].value, k, end->last};
    }

    // April 13, 2023; Apr. 13th 2023.
    std::optional<Match> month_day_year(std::size_t k) const {
        // Most words are followed by no number soon: skip the name lookup.
        if (!number_follows(k)) return std::nullopt;
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
        return Match{tokens_[j].value, month->month, tokens_[day].value, k, j};
    }

    bool number_follows(std::size_t k) const {
        for (std::size_t i = k + 1; i < tokens_.size() && i <= k + 6; ++i)
            if (tokens_[i].kind == TokenKind::number) return true;
        return false;
    }

    // The name at `k` follows a number ("31 April 2023", an impossible
    // date, is no April 2023; nor is "213 April 2023").
    bool follows_day(std::size_t k) const {
        std::size_t i = k;
        for (int step = 0; step < 3 && i > 0; ++step) {
            --i;
            const Token& token = tokens_[i];
            if (token.kind == TokenKind::number) return true;  // "13 April", "213 April" (no date)
            if (token.kind == TokenKind::punct && (token.cp == '.' || token.cp == '-' || token.cp == '/')) continue;
            if (token.kind == TokenKind::word &&
                (contains(kOrdinalSuffixes, token.word) || contains(kDayMonthLinks, token.word)))
                continue;
            return false;
        }
        return false;
    }

    // A month and year: "May 2022", "Mei 2022", "pertengahan Juli 2021"
    // (mid July), "mai 2022", "abril de 2023", "мае 2022 года".
    std::optional<Match> month_year(std::size_t k) const {
        if (!number_follows(k) || follows_day(k)) return std::nullopt;
        const auto month = month_without_day_at(k);
        if (!month) return std::nullopt;
        const auto year = year_after_month(month->next);
        if (!year) return std::nullopt;
        return Match{tokens_[*year].value, month->month, 0, k, *year};
    }

    // A range of months gives its first: "from March to June 2021",
    // "March–June 2021", "Maret hingga Juni 2021", "November 2021 –"
    // (found as a month before), "November – February 2022" (the year
    // before the end's).
    std::optional<Match> month_range(std::size_t k) const {
        if (!number_follows(k) || follows_day(k)) return std::nullopt;
        const auto month = month_without_day_at(k);
        if (!month) return std::nullopt;
        const auto after = range_separator(month->next);
        if (!after) return std::nullopt;
        const auto end = month_year(*after);
        if (!end) return std::nullopt;
        const int year = month->month > end->month ? end->year - 1 : end->year;
        return Match{year, month->month, 0, k, end->last};
    }

    // A year after a phrase word: "in 2019", "en 2019", "pada (tahun)
    // 2019", "im Jahr 2019", "в 2019 году", "in 2019-2021" (its start).
    std::optional<Match> year_phrase(std::size_t k) const {
        if (!is_number(k + 1, 4, 4)) return std::nullopt;
        if (is_word_in(k, kYearPhraseWords)) {
            const auto last = year_at(k + 1);
            if (!last) return std::nullopt;
            return Match{tokens_[k + 1].value, 0, 0, k, *last};
        }
        if (is_word_in(k, kRussianIn) && is_word_in(k + 2, kRussianYearWords))
            return Match{tokens_[k + 1].value, 0, 0, k, k + 2};
        return std::nullopt;
    }

    // Turkish "2019 yılında".
    std::optional<Match> turkish_year(std::size_t k) const {
        if (!is_number(k, 4, 4) || !is_word_in(k + 1, kTurkishYearWords) || glued(k + 1)) return std::nullopt;
        return Match{tokens_[k].value, 0, 0, k, k + 1};
    }

    // A year alone (or a range of years) ending a line of the dateline:
    // "Annual report 2019", "Session 25 - 1970", "2019-2021". Not after a
    // month or day ("13 April 2023-2024" is no date).
    std::optional<Match> dateline_year(std::size_t k) const {
        if (tokens_[k].line >= kDatelineLines) return std::nullopt;
        if (k > 0 && tokens_[k - 1].line == tokens_[k].line) {
            std::size_t previous = k - 1;
            if (tokens_[previous].kind == TokenKind::punct && previous > 0) --previous;
            if (tokens_[previous].kind == TokenKind::number && tokens_[previous].digits <= 2 &&
                tokens_[previous].line == tokens_[k].line && !tokens_[previous + 1].spaced)
                return std::nullopt;
            if (month_name_at(previous) || (previous > 0 && month_name_at(previous - 1))) return std::nullopt;
        }
        // "post-2015", "pre-2020": glued to a word by a dash.
        if (k > 0 && !tokens_[k].spaced && tokens_[k - 1].kind == TokenKind::punct && is_range_dash(tokens_[k - 1].cp))
            return std::nullopt;
        const auto last = year_at(k);
        if (!last) return std::nullopt;
        Match match{tokens_[k].value, 0, 0, k, *last};
        match.dateline_only = true;
        return match;
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
        return Match{tokens_[j + 1].value, tokens_[k + 2].value, tokens_[k].value, k, j + 1};
    }
};

// A date at its precision -> the period it names, as value keys.
bool is_within(const std::string& inner, const std::string& outer) {
    return date_sort_key(outer) <= date_sort_key(inner) && date_end_key(inner) <= date_end_key(outer);
}

// The more precise date inside `chosen`'s period, among `candidates`, the
// first of the most precise; `chosen` itself when none is.
const TextDate& refined(const TextDate& chosen, const std::vector<TextDate>& candidates) {
    const TextDate* best = &chosen;
    for (const TextDate& candidate : candidates)
        if (candidate.place != DatePlace::mention && candidate.precision < best->precision &&
            is_within(candidate.date, chosen.date))
            best = &candidate;
    return *best;
}

// ---- Dates in file and folder names ---------------------------------------

bool is_alnum_byte(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

// Whether a year-first date or a year may start at `at` in `name`: not
// glued to a letter or digit before it, nor to a number by '.' or '-'
// ("v1.2019", "12-2019": versions and codes).
bool free_before(std::string_view name, std::size_t at, bool strict) {
    if (at == 0) return true;
    const char c = name[at - 1];
    if (is_alnum_byte(c)) return false;
    if (strict && (c == '.' || c == '-') && at >= 2 && is_digit(name[at - 2])) return false;
    return true;
}

bool free_after(std::string_view name, std::size_t at, bool strict) {
    if (at >= name.size()) return true;
    const char c = name[at];
    if (is_alnum_byte(c)) return false;
    if (strict && (c == '.' || c == '-') && at + 1 < name.size() && is_digit(name[at + 1])) return false;
    return true;
}

std::optional<std::string> make_path_date(int year, int month, int day) {
    if (year < kFirstTextYear || year > kLastTextYear) return std::nullopt;
    if (day > 0) return make_date(year, month, day);
    if (month > 0) {
        if (month > 12) return std::nullopt;
        return fmt::format("{:04}-{:02}", year, month);
    }
    return fmt::format("{:04}", year);
}

// The most precise date written in one file or folder name, the first of
// those: 2021-03-15, 2021_03_15, 2021.03.15, 20210315, 15.03.2021 (dotted:
// day first), 15-03-2021 when only one reading is a date; 2021-03,
// 2021_03; a year alone or a range of years (its start) that no letter,
// digit or dotted or dashed number touches: "USA_25_1970", "Session 25 -
// 1970", "2019-2021 reports". Ids and versions ("v2.2019", "12345678",
// "2019.1", "FY2019x") give nothing.
std::optional<std::string> date_in_name(std::string_view name) {
    std::optional<std::string> best;
    const auto offer = [&](std::optional<std::string> date) {
        if (date && (!best || date->size() > best->size())) best = std::move(date);
    };
    std::size_t i = 0;
    while (i < name.size()) {
        if (!is_digit(name[i]) || (i > 0 && is_digit(name[i - 1]))) {
            ++i;
            continue;
        }
        std::size_t run = i;
        while (run < name.size() && is_digit(name[run])) ++run;
        const std::size_t digits = run - i;
        const auto number = [&](std::size_t at, std::size_t count) { return read_number(name, at, count); };
        const bool loose_before = free_before(name, i, false);
        if (digits == 8 && loose_before && free_after(name, run, false)) {
            offer(make_path_date(*number(i, 4), *number(i + 4, 2), *number(i + 6, 2)));
        } else if (digits == 4 && loose_before) {
            const char sep = run < name.size() ? name[run] : '\0';
            const bool date_sep = sep == '-' || sep == '_' || sep == '.';
            // YYYY-MM-DD and YYYY-MM
            if (date_sep && run + 3 <= name.size() && number(run + 1, 2) &&
                (run + 3 == name.size() || !is_digit(name[run + 3]))) {
                const int year = *number(i, 4);
                const int month = *number(run + 1, 2);
                if (run + 6 <= name.size() && name[run + 3] == sep && number(run + 4, 2) &&
                    free_after(name, run + 6, false)) {
                    offer(make_path_date(year, month, *number(run + 4, 2)));
                } else if (sep != '.' && free_after(name, run + 3, true)) {
                    offer(make_path_date(year, month, 0));
                }
            }
            // A year, or a range of years: its start.
            if (free_before(name, i, true)) {
                std::size_t end = run;
                if (run + 5 <= name.size() && name[run] == '-' && number(run + 1, 4) &&
                    (run + 5 == name.size() || !is_digit(name[run + 5])) && *number(run + 1, 4) >= *number(i, 4))
                    end = run + 5;
                if (free_after(name, end, true)) offer(make_path_date(*number(i, 4), 0, 0));
            }
        } else if (digits <= 2 && loose_before && run + 8 <= name.size()) {
            // DD.MM.YYYY, DD-MM-YYYY, DD_MM_YYYY
            const char sep = name[run];
            const std::size_t month_at = run + 1;
            std::size_t month_end = month_at;
            while (month_end < name.size() && is_digit(name[month_end])) ++month_end;
            if ((sep == '.' || sep == '-' || sep == '_') && month_end - month_at >= 1 && month_end - month_at <= 2 &&
                month_end + 5 <= name.size() && name[month_end] == sep && number(month_end + 1, 4) &&
                free_after(name, month_end + 5, false)) {
                const int first = *number(i, digits);
                const int second = *number(month_at, month_end - month_at);
                const int year = *number(month_end + 1, 4);
                const bool day_first = make_path_date(year, second, first).has_value();
                const bool month_first = make_path_date(year, first, second).has_value();
                if (sep == '.' || (day_first && (!month_first || first == second)))
                    offer(make_path_date(year, second, first));
                else if (month_first && !day_first)
                    offer(make_path_date(year, first, second));
            }
        }
        i = run;
    }
    return best;
}

bool is_all_digits(std::string_view s, std::size_t count) {
    return s.size() == count && std::all_of(s.begin(), s.end(), is_digit);
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
    if (value.size() == 4 && make_date(*year, 1, 1)) return std::string(value);
    if (value.size() == 7 && value[4] == '-')
        if (const auto month = read_number(value, 5, 2); month && make_date(*year, *month, 1))
            return std::string(value);
    return std::nullopt;
}

std::optional<DatePrecision> date_precision(std::string_view date) {
    switch (date.size()) {
    case 10: return DatePrecision::day;
    case 7: return DatePrecision::month;
    case 4: return DatePrecision::year;
    default: return std::nullopt;
    }
}

std::string_view precision_name(DatePrecision precision) {
    switch (precision) {
    case DatePrecision::day: return "day";
    case DatePrecision::month: return "month";
    case DatePrecision::year: return "year";
    }
    return "day";
}

std::vector<TextDate> dates_in_text(std::string_view text) {
    std::size_t cut = std::min(text.size(), kDatelineWindowBytes);
    // Never split a UTF-8 sequence: back up to the start of the one cut.
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return DatelineScanner(text.substr(0, cut)).find_all();
}

std::optional<TextDate> choose_text_date(const std::vector<TextDate>& candidates) {
    const TextDate* best = nullptr;
    const auto rank = [](const TextDate& date) {
        return std::tuple(static_cast<int>(date.place), precision_rank(date.precision), date.offset);
    };
    for (const TextDate& candidate : candidates)
        if (best == nullptr || rank(candidate) < rank(*best)) best = &candidate;
    if (best == nullptr) return std::nullopt;
    return refined(*best, candidates);
}

std::optional<TextDate> locate_date_in_text(std::string_view text) {
    return choose_text_date(dates_in_text(text));
}

std::optional<std::string> find_date_in_text(std::string_view text) {
    if (auto found = locate_date_in_text(text)) return std::move(found->date);
    return std::nullopt;
}

std::optional<std::string> date_in_path(std::string_view path) {
    std::vector<std::string_view> names;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        if (slash != 0) names.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    if (names.empty()) return std::nullopt;
    // The file name without its extension ("report.2021" is no version).
    std::string_view& file = names.back();
    if (const std::size_t dot = file.rfind('.'); dot != std::string_view::npos && dot > 0) {
        const std::string_view extension = file.substr(dot + 1);
        if (!extension.empty() && extension.size() <= 5 && !std::all_of(extension.begin(), extension.end(), is_digit))
            file = file.substr(0, dot);
    }
    // Per name, nearest first: the file name, then its folders; folders
    // named by a year, then a month and a day ("2021/03/15/") are one date.
    std::vector<std::string> dates;
    for (std::size_t n = names.size(); n-- > 0;) {
        std::optional<std::string> date = date_in_name(names[n]);
        if (n + 1 < names.size() && is_all_digits(names[n], 4) && is_all_digits(names[n + 1], 2)) {
            const bool day = n + 2 < names.size() && is_all_digits(names[n + 2], 2);
            const auto nested = make_path_date(*read_number(names[n], 0, 4), *read_number(names[n + 1], 0, 2),
                                               day ? *read_number(names[n + 2], 0, 2) : 0);
            if (nested && (!date || nested->size() > date->size())) date = nested;
        }
        if (date) dates.push_back(std::move(*date));
    }
    if (dates.empty()) return std::nullopt;
    // The nearest date, refined by a more precise one inside its period.
    std::string chosen = dates.front();
    for (const std::string& date : dates)
        if (date.size() > chosen.size() && is_within(date, chosen)) chosen = date;
    return chosen;
}

std::optional<DocumentDate> describing_date(std::string_view text, std::string_view dated_path) {
    const std::vector<TextDate> candidates = dates_in_text(text);
    const std::optional<TextDate> from_text = choose_text_date(candidates);
    const std::optional<std::string> from_path = date_in_path(dated_path);
    if (!from_path) {
        if (!from_text) return std::nullopt;
        return DocumentDate{from_text->date, DateOrigin::text, from_text->place};
    }
    // A dateline is the document's own word; a more precise date from the
    // path inside its period refines it.
    if (from_text && from_text->place == DatePlace::dateline) {
        if (date_precision(*from_path) < std::optional(from_text->precision) &&
            is_within(*from_path, from_text->date))
            return DocumentDate{*from_path, DateOrigin::path, DatePlace::body};
        return DocumentDate{from_text->date, DateOrigin::text, from_text->place};
    }
    // Otherwise the path's date: dates in the running text are mostly
    // ones the document mentions, even inside the path's period (a speech
    // of the 1970 session citing "24 October 1970"), so they neither beat
    // nor refine it.
    return DocumentDate{*from_path, DateOrigin::path, DatePlace::body};
}

std::optional<std::string> user_date_problem(std::string_view value) {
    const bool shaped = (value.size() == 4 || value.size() == 7 || value.size() == 10) &&
                        read_number(value, 0, 4) && (value.size() == 4 || value[4] == '-') &&
                        (value.size() < 10 || value[7] == '-');
    const std::optional<int> month = value.size() >= 7 ? read_number(value, 5, 2) : 1;
    const std::optional<int> day = value.size() == 10 ? read_number(value, 8, 2) : 1;
    if (!shaped || !month || !day)
        return "give a date like 2021, 2021-03 or 2021-03-15, or one back from today: today, yesterday, 30d, 2w, 6m, 1y";
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

std::optional<std::string> relative_date(std::string_view value, std::chrono::year_month_day today) {
    using namespace std::chrono;
    const auto iso = [](year_month_day day) {
        return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                           static_cast<unsigned>(day.day()));
    };
    const std::string lowered = [&] {
        std::string text(value);
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }();
    if (lowered == "today") return iso(today);
    if (lowered == "yesterday") return iso(year_month_day{sys_days(today) - days(1)});
    if (lowered.size() < 2 || lowered.size() > 6) return std::nullopt;
    const char unit = lowered.back();
    const std::optional<int> count = read_number(lowered, 0, lowered.size() - 1);
    if (!count) return std::nullopt;
    switch (unit) {
    case 'd': return iso(year_month_day{sys_days(today) - days(*count)});
    case 'w': return iso(year_month_day{sys_days(today) - days(7 * *count)});
    case 'm':
    case 'y': {
        const year_month month = year_month(today.year(), today.month()) - months(unit == 'm' ? *count : 12 * *count);
        const year_month_day_last last{month.year(), month_day_last(month.month())};
        return iso(year_month_day{month.year(), month.month(), std::min(today.day(), last.day())});
    }
    default: return std::nullopt;
    }
}

std::chrono::year_month_day local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return std::chrono::year_month_day{std::chrono::year(local.tm_year + 1900),
                                       std::chrono::month(static_cast<unsigned>(local.tm_mon + 1)),
                                       std::chrono::day(static_cast<unsigned>(local.tm_mday))};
}

std::string absolute_user_date(std::string_view value) {
    return relative_date(value, local_today()).value_or(std::string(value));
}

std::string date_sort_key(std::string_view iso_date) {
    std::string key;
    for (char c : iso_date)
        if (is_digit(c)) key += c;
    if (key.empty()) return key;
    while (key.size() < 8) key += key.size() == 4 || key.size() == 6 ? "01" : "0";
    return key.substr(0, 8);
}

std::string date_end_key(std::string_view iso_date) {
    std::string key;
    for (char c : iso_date)
        if (is_digit(c)) key += c;
    if (key.empty()) return key;
    key.resize(8, '9');
    return key;
}

}  // namespace dossier
