// SPDX-License-Identifier: MIT
#include "search/query.h"
#include "base/strings.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>

#include "text/analyzer.h"
#include "text/dates.h"
#include "entities/entities.h"
#include "base/error.h"
#include "text/language.h"
#include "index/schema.h"
#include "formats/source_document.h"
#include "text/stopwords.h"

namespace dossier {

namespace {

constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

// Typographic quotation marks, as UTF-8.
constexpr std::array<std::string_view, 10> kTypographicQuotes = {
    "\u201C", "\u201D", "\u201E", "\u201F", "\u00AB", "\u00BB", "\u2039", "\u203A", "\u300C", "\u300D"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_syntax(char c) { return c == '"' || c == '(' || c == ')'; }

std::size_t typographic_quote_at(std::string_view text, std::size_t at) {
    for (std::string_view quote : kTypographicQuotes)
        if (text.substr(at, quote.size()) == quote) return quote.size();
    return 0;
}

bool is_operator(std::string_view run) {
    for (std::string_view op : kOperators)
        if (run == op) return true;
    // NEAR/3, ADJ/2
    const std::size_t slash = run.find('/');
    if (slash == std::string_view::npos || slash + 1 == run.size()) return false;
    const std::string_view name = run.substr(0, slash);
    if (name != "NEAR" && name != "ADJ") return false;
    return std::all_of(run.begin() + static_cast<std::ptrdiff_t>(slash) + 1, run.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

// Dates as a user writes them in ranges and --since/--until: "2021",
// "2021-03", "2021-03-15"; returns the digits, or nullopt.
std::optional<std::string> date_digits(std::string_view value) {
    static constexpr std::size_t kLengths[] = {4, 7, 10};
    if (std::find(std::begin(kLengths), std::end(kLengths), value.size()) == std::end(kLengths)) return std::nullopt;
    std::string digits;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? value[i] != '-' : !(value[i] >= '0' && value[i] <= '9')) return std::nullopt;
        if (!dash) digits += value[i];
    }
    return digits;
}

// The field name at `at` if the text there is "name:" for a known field.
const schema::QueryField* field_at(std::string_view text, std::size_t at) {
    for (const schema::QueryField& field : schema::kQueryFields) {
        if (text.substr(at, field.name.size()) == field.name &&
            text.substr(at + field.name.size(), 1) == ":")
            return &field;
    }
    return nullptr;
}

// Checks `value` of the date range field `shown`: FROM..TO, each end a
// date that exists (or left out), FROM not after TO.
void check_date_range(const std::string& shown, std::string_view value) {
    const std::size_t dots = value.find("..");
    const std::string_view from = value.substr(0, std::min(dots, value.size()));
    const std::string_view to = dots == std::string_view::npos ? std::string_view() : value.substr(dots + 2);
    if (dots == std::string_view::npos || (!from.empty() && !date_digits(from)) ||
        (!to.empty() && !date_digits(to)) || (from.empty() && to.empty()))
        throw QueryError(shown + ": a date range is FROM..TO with dates like 2021, 2021-03 or "
                                 "2021-03-15 (either end may be left out)");
    for (const std::string_view end : {from, to})
        if (const auto problem = end.empty() ? std::nullopt : user_date_problem(end))
            throw QueryError(shown + ": " + *problem);
    if (is_reversed_range(from, to))
        throw QueryError(shown + ": the range is reversed (" + std::string(from) + " is after " + std::string(to) +
                         "); write the earlier date first: date:" + std::string(to) + ".." + std::string(from));
}

// What a field's value means as the term suffix (or range) the index holds.
std::string resolve_field_value(const schema::QueryField& field, std::string_view value,
                                const EntityCatalog* catalog) {
    const std::string shown = std::string(field.name) + ":" + std::string(value);
    if (value.empty()) throw QueryError(shown + " needs a value after the ':'");
    switch (field.kind) {
    case schema::FieldKind::text:
        return std::string(value);
    case schema::FieldKind::boolean:
        if (field.prefix == schema::kLanguagePrefix) {
            try {
                return canonical_language_code(value);
            } catch (const UsageError& e) {
                throw QueryError(shown + ": " + e.what());
            }
        }
        if (field.prefix == schema::kFormatPrefix) {
            const std::string format = ascii_lower(value);
            for (const std::string_view known : {kFormatText, kFormatHtml, kFormatPdf, kFormatDocx, kFormatOdt})
                if (format == known) return format;
            throw QueryError(shown + ": the formats are text, html, pdf, docx and odt");
        }
        if (field.prefix == schema::kYearPrefix && date_digits(value).value_or("").size() != 4)
            throw QueryError(shown + ": a year is four digits, e.g. year:2021");
        return std::string(value);
    case schema::FieldKind::facet:
        if (catalog == nullptr) return std::string(value);
        return resolve_facet_value(*facet_from_name(field.name), value, *catalog);
    case schema::FieldKind::range:
        check_date_range(shown, value);
        return std::string(value);
    }
    return std::string(value);
}

bool at_term_start(const std::string& out) {
    return out.empty() || is_space(out.back()) || out.back() == '(' || out.back() == '"';
}

// Characters between two words of one run that make QueryParser treat the
// words as a phrase ("e-mail", "a/b", "x.y").
bool joins_as_phrase(std::string_view between) {
    return !between.empty() && std::all_of(between.begin(), between.end(), [](char c) {
        return c == '-' || c == '/' || c == '.' || c == '\\' || c == '@' || c == '\'' || c == '_';
    });
}

void append_run(std::string_view run, PreparedQuery& prepared) {
    std::string& out = prepared.text;
    const bool wildcard = run.size() > 1 && run.back() == '*';
    if (wildcard) run.remove_suffix(1);
    const std::vector<Token> tokens = analyze(run);
    prepared.words += tokens.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) {
            const Token& previous = tokens[i - 1];
            const bool same_word = previous.word == tokens[i].word;
            const std::string_view between =
                run.substr(previous.end, tokens[i].begin - std::min(tokens[i].begin, previous.end));
            out += (same_word || joins_as_phrase(between)) ? '-' : ' ';
        }
        out += tokens[i].term;
    }
    if (wildcard && !tokens.empty()) {
        out += '*';
        prepared.wildcard_patterns.push_back(tokens.back().term);
    }
}

// The query is not quoted in these messages: it is too long to read.
void check_query_length(std::string_view user_query) {
    if (user_query.size() > kMaxQueryBytes)
        throw QueryError("the query is " + std::to_string(user_query.size()) + " bytes long; at most " +
                         std::to_string(kMaxQueryBytes) + " are allowed");
}

void check_word_count(const PreparedQuery& prepared) {
    if (prepared.words > kMaxQueryWords)
        throw QueryError("the query has " + std::to_string(prepared.words) + " words; at most " +
                         std::to_string(kMaxQueryWords) +
                         " are allowed (the time to match grows with the square of their number)");
}

// "date:FROM..TO" on the date slot; FROM and TO were checked when the
// query was prepared.
class DateRangeProcessor : public Xapian::RangeProcessor {
public:
    DateRangeProcessor() : Xapian::RangeProcessor(schema::kDateSlot, "date:") {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return date_range_filter(begin, end);
    }
};

// country:KP with --no-inferred: the documents that name the country.
class DirectCountryProcessor : public Xapian::FieldProcessor {
public:
    Xapian::Query operator()(const std::string& value) override { return facet_filter(Facet::country, value, false); }
};

}  // namespace

PreparedQuery prepare_query(std::string_view query, const EntityCatalog* catalog) {
    PreparedQuery prepared;
    std::string& out = prepared.text;
    std::size_t i = 0;
    while (i < query.size()) {
        const char c = query[i];
        if (is_space(c)) {
            out += ' ';
            ++i;
            continue;
        }
        if (const std::size_t quote = typographic_quote_at(query, i)) {
            out += ' ';
            i += quote;
            continue;
        }
        if (is_syntax(c)) {
            out += c;
            ++i;
            continue;
        }
        if ((c == '+' || c == '-') && at_term_start(out)) {
            out += c;
            ++i;
            continue;
        }
        if (at_term_start(out)) {
            if (const schema::QueryField* field = field_at(query, i)) {
                out.append(field->name).append(":");
                i += field->name.size() + 1;
                if (field->kind != schema::FieldKind::text) {  // a value to resolve, not words
                    std::size_t end = i;
                    std::string_view value;
                    if (i < query.size() && query[i] == '"') {  // country:"Amerika Serikat"
                        end = query.find('"', i + 1);
                        if (end == std::string_view::npos) end = query.size();
                        value = query.substr(i + 1, end - i - 1);
                        end = std::min(end + 1, query.size());
                    } else {
                        while (end < query.size() && !is_space(query[end]) && query[end] != ')') ++end;
                        value = query.substr(i, end - i);
                    }
                    out += resolve_field_value(*field, value, catalog);
                    ++prepared.words;
                    i = end;
                }
                continue;
            }
        }
        std::size_t end = i;
        while (end < query.size() && !is_space(query[end]) && !is_syntax(query[end]) &&
               typographic_quote_at(query, end) == 0)
            ++end;
        const std::string_view run = query.substr(i, end - i);
        if (is_operator(run)) {
            out += run;
        } else {
            append_run(run, prepared);
        }
        i = end;
    }
    return prepared;
}

std::string prepare_query_text(std::string_view query, std::vector<std::string>* wildcards,
                               const EntityCatalog* catalog) {
    PreparedQuery prepared = prepare_query(query, catalog);
    if (wildcards) *wildcards = std::move(prepared.wildcard_patterns);
    return std::move(prepared.text);
}

std::vector<std::string> languages_in(const Xapian::Database& database) {
    std::vector<std::string> languages;
    const std::string prefix(schema::kLanguagePrefix);
    // skip_to jumps past the term's posting list chunks, which ++ would
    // walk through one by one (hundreds of them for a large database).
    for (auto it = database.allterms_begin(prefix); it != database.allterms_end(prefix);) {
        const std::string term = *it;
        languages.push_back(term.substr(prefix.size()));
        it.skip_to(term + '\0');
    }
    return languages;
}

std::string resolve_facet_value(Facet facet, std::string_view value, const EntityCatalog& catalog) {
    return catalog.resolve(facet, value);
}

Xapian::Query facet_filter(Facet facet, std::string_view id, bool inferred) {
    Xapian::Query term(schema::prefixed_term(schema::facet_prefix(facet), id));
    if (inferred || facet != Facet::country) return term;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, term,
                         Xapian::Query(schema::prefixed_term(schema::kInferredCountryPrefix, id)));
}

std::optional<std::string> date_range_start(std::string_view value) { return date_digits(value); }

std::optional<std::string> date_range_end(std::string_view value) {
    std::optional<std::string> digits = date_digits(value);
    if (digits) digits->resize(8, '9');  // "2021" -> "20219999": after every day of 2021
    return digits;
}

Xapian::Query date_range_filter(std::string_view from, std::string_view to) {
    std::vector<Xapian::Query> ends;
    // The period starts no later than TO ends...
    if (const auto last = to.empty() ? std::nullopt : date_range_end(to))
        ends.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, *last);
    // ...and ends no earlier than FROM starts (a document without an end
    // value is a day: its start is its end).
    if (const auto first = from.empty() ? std::nullopt : date_range_start(from))
        ends.emplace_back(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateEndSlot, *first),
                          Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, *first));
    if (ends.empty()) return Xapian::Query::MatchAll;
    return Xapian::Query(Xapian::Query::OP_AND, ends.begin(), ends.end());
}

bool is_reversed_range(std::string_view from, std::string_view to) {
    if (from.empty() || to.empty()) return false;
    // The first day FROM covers sorts after the last day TO covers: "2022"
    // after "20019999", "202106" after "20210531" (a shorter key is the
    // start of its period, before every day in it).
    return date_range_start(from).value_or("") > date_range_end(to).value_or("");
}

ParsedQuery parse_query(std::string_view user_query, const Xapian::Database& database,
                        std::string_view only_lang, const EntityCatalog* catalog, bool inferred) {
    check_query_length(user_query);
    PreparedQuery prepared = prepare_query(user_query, catalog);
    check_word_count(prepared);
    ParsedQuery parsed;
    parsed.prepared_text = std::move(prepared.text);
    parsed.wildcard_patterns = std::move(prepared.wildcard_patterns);
    if (parsed.wildcard_patterns.size() > kMaxWildcards)
        throw QueryError("the query has " + std::to_string(parsed.wildcard_patterns.size()) +
                         " wildcards; at most " + std::to_string(kMaxWildcards) +
                         " are allowed (each matches up to " + std::to_string(kMaxWildcardExpansion) +
                         " words)");
    if (only_lang.empty()) {
        parsed.languages = languages_in(database);
    } else {
        parsed.languages.emplace_back(only_lang);
    }

    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                Xapian::QueryParser::FLAG_PURE_NOT;
    DateRangeProcessor date_ranges;
    DirectCountryProcessor direct_countries;
    std::vector<Xapian::Query> branches;
    bool has_words = false;
    for (const std::string& lang : parsed.languages) {
        Xapian::QueryParser parser;
        parser.set_database(database);
        parser.set_default_op(Xapian::Query::OP_OR);
        parser.set_stemmer(make_stemmer(lang));
        parser.set_stemming_strategy(stemmer_name(lang).empty() ? Xapian::QueryParser::STEM_NONE
                                                                : Xapian::QueryParser::STEM_SOME);
        if (const Xapian::Stopper* stopper = stopper_for(lang)) parser.set_stopper(stopper);
        parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (const schema::QueryField& field : schema::kQueryFields) {
            switch (field.kind) {
            case schema::FieldKind::text:
                parser.add_prefix(std::string(field.name), std::string(field.prefix));
                break;
            case schema::FieldKind::boolean:
            case schema::FieldKind::facet:
                if (!inferred && field.prefix == schema::kCountryPrefix)
                    parser.add_boolean_prefix(std::string(field.name), &direct_countries);
                else
                    parser.add_boolean_prefix(std::string(field.name), std::string(field.prefix));
                break;
            case schema::FieldKind::range:
                parser.add_rangeprocessor(&date_ranges);
                break;
            }
        }
        Xapian::Query branch;
        try {
            branch = parser.parse_query(parsed.prepared_text, kFlags);
        } catch (const Xapian::QueryParserError& e) {
            throw QueryError("cannot parse query '" + std::string(user_query) + "': " + e.get_msg());
        }
        if (branch.empty()) continue;
        has_words = true;
        for (auto term = branch.get_unique_terms_begin(); term != branch.get_unique_terms_end(); ++term)
            parsed.weighted = parsed.weighted || schema::is_weighted_term(*term);
        const std::string language = schema::language_term(lang);
        // A filter every document passes only costs time (a look-up in the
        // language's posting list, as long as the database, per match).
        if (database.get_termfreq(language) == database.get_doccount()) branches.push_back(branch);
        else branches.emplace_back(Xapian::Query::OP_FILTER, branch, Xapian::Query(language));
    }
    if (!has_words && !parsed.languages.empty())
        throw QueryError("query '" + std::string(user_query) +
                         "' has no words to search for; give at least one word or phrase");
    parsed.query = Xapian::Query(Xapian::Query::OP_OR, branches.begin(), branches.end());
    return parsed;
}

Xapian::Query reading_every_match(const Xapian::Query& query) {
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, query);
}

}  // namespace dossier
