// SPDX-License-Identifier: MIT
#include "search/query.h"
#include "base/strings.h"

#include <algorithm>
#include <filesystem>
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
#include "index/filter_terms.h"
#include "search/query_language.h"
#include "search/arrivals.h"

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

// Checks `value` of the date field `shown` and gives the range it means,
// FROM..TO with dates that exist (either end may be left out), FROM not
// after TO: one date is its own period ("2023-04-13", "2023-04"), a span
// back from today reaches today ("30d"), and relative dates ("today",
// "2w") are written as the days they name.
std::string resolve_date_range(const std::string& shown, std::string_view value) {
    const std::size_t dots = value.find("..");
    std::string from;
    std::string to;
    if (dots == std::string_view::npos) {
        const std::string lowered = ascii_lower(value);
        const bool span = lowered != "today" && lowered != "yesterday" && relative_date(value, local_today());
        from = absolute_user_date(value);
        to = span ? absolute_user_date("today") : from;
    } else {
        from = absolute_user_date(value.substr(0, dots));
        to = absolute_user_date(value.substr(dots + 2));
    }
    if (from.empty() && to.empty())
        throw QueryError(shown + ": give a date (2021, 2021-03, 2021-03-15, today, 30d) or a range FROM..TO "
                                 "(either end may be left out)");
    for (const std::string& end : {from, to})
        if (const auto problem = end.empty() ? std::nullopt : user_date_problem(end))
            throw QueryError(shown + ": " + *problem);
    if (is_reversed_range(from, to))
        throw QueryError(shown + ": the range is reversed (" + from + " is after " + to +
                         "); write the earlier date first: date:" + to + ".." + from);
    return from + ".." + to;
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
        return resolve_date_range(shown, value);
    case schema::FieldKind::added:
        check_arrival_range(shown, value);
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

// Appends the terms of `run`. Words a hyphen joins ("AFC-Championship-
// Spiels", "serangan-serangan") become the words, each on its own, and
// their phrase as a bonus where they stand together: a document may write
// them apart or glued ("AFC Championship-Spiel"). With `strict_hyphens`
// (after +, -, NOT, in a phrase, beside NEAR) they stay the phrase.
void append_run(std::string_view run, PreparedQuery& prepared, std::string_view lang, bool strict_hyphens) {
    std::string& out = prepared.text;
    const bool wildcard = run.size() > 1 && run.back() == '*';
    if (wildcard) run.remove_suffix(1);
    const std::vector<Token> tokens = analyze(run, lang);
    prepared.words += tokens.size();
    std::vector<std::string> parts(1);  // the words between hyphens, each as QueryParser reads it
    std::string phrase;                 // every term, for the bonus phrase
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) {
            const Token& previous = tokens[i - 1];
            const bool same_word = previous.word == tokens[i].word;
            const std::string_view between =
                run.substr(previous.end, tokens[i].begin - std::min(tokens[i].begin, previous.end));
            if (!same_word && is_hyphen_join(between) && !strict_hyphens && !wildcard) {
                parts.emplace_back();
            } else {
                parts.back() += (same_word || joins_as_phrase(between)) ? '-' : ' ';
            }
            phrase += ' ';
        }
        parts.back() += tokens[i].term;
        phrase += tokens[i].term;
    }
    if (parts.size() == 1) {
        out += parts.front();
    } else {
        out += '(';
        std::vector<std::string> written;
        for (const std::string& part : parts) {
            if (std::find(written.begin(), written.end(), part) != written.end()) continue;  // "serangan-serangan"
            out += part + ' ';
            written.push_back(part);
        }
        out += '"' + phrase + "\")";
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

// Whether `query` holds NEAR or ADJ, which take words only (no groups).
bool holds_proximity_operator(std::string_view query) {
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && (is_space(query[i]) || is_syntax(query[i]))) ++i;
        std::size_t end = i;
        while (end < query.size() && !is_space(query[end]) && !is_syntax(query[end])) ++end;
        const std::string_view run = query.substr(i, end - i);
        if (is_operator(run) && (run.starts_with("NEAR") || run.starts_with("ADJ"))) return true;
        i = end;
    }
    return false;
}

// Whether `text` is words and spaces only: no syntax, operator, field or
// +/- (a name's words can then be grouped with what it names).
bool is_plain_words(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !is_space(text[end])) ++end;
        const std::string_view run = text.substr(i, end - i);
        if (is_operator(run) || run.front() == '+' || run.front() == '-' || run.find(':') != std::string_view::npos ||
            std::any_of(run.begin(), run.end(), is_syntax))
            return false;
        for (std::size_t at = 0; at < run.size(); ++at)
            if (typographic_quote_at(run, at) != 0) return false;
        i = end;
    }
    return true;
}

// The filter of a source: or path: value.
Xapian::Query location_filter(const schema::QueryField& field, std::string_view value) {
    const std::string shown = std::string(field.name) + ":" + std::string(value);
    if (value.empty()) throw QueryError(shown + " needs a value after the ':'");
    if (field.prefix == schema::kSourcePrefix) {
        const std::string term = source_term(value);
        if (term.empty())
            throw QueryError(shown + ": give a source's name or web address (source:Reuters, source:fmprc.gov.cn)");
        return Xapian::Query(term);
    }
    // A folder (or a file) here or anywhere: the documents below it.
    std::string path = std::filesystem::absolute(std::string(value)).lexically_normal().string();
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(folder_term(path)), Xapian::Query(schema::path_term(path)));
}

// source:N and path:N: the Nth filter of the prepared query.
class LocationProcessor : public Xapian::FieldProcessor {
public:
    explicit LocationProcessor(const std::vector<Xapian::Query>& filters) : filters_(filters) {}
    Xapian::Query operator()(const std::string& value) override {
        const std::size_t at = value.find_first_not_of("0123456789") == std::string::npos && !value.empty()
                                   ? std::stoul(value)
                                   : filters_.size();
        if (at >= filters_.size()) throw Xapian::QueryParserError("a source: or path: value was not prepared");
        return filters_[at];
    }

private:
    const std::vector<Xapian::Query>& filters_;
};

// kNamedField:N: the documents carrying the Nth name's entities.
class NamedEntityProcessor : public Xapian::FieldProcessor {
public:
    NamedEntityProcessor(const std::vector<std::vector<NamedEntity>>& names, bool inferred)
        : names_(names), inferred_(inferred) {}
    Xapian::Query operator()(const std::string& value) override {
        const std::size_t at = value.find_first_not_of("0123456789") == std::string::npos && !value.empty()
                                   ? std::stoul(value)
                                   : names_.size();
        if (at >= names_.size()) throw Xapian::QueryParserError("a name was not prepared");
        return named_entities_query(names_[at], inferred_);
    }

private:
    const std::vector<std::vector<NamedEntity>>& names_;
    bool inferred_;
};

}  // namespace

PreparedQuery prepare_query(std::string_view query, const EntityCatalog* catalog, std::string_view lang,
                            const std::vector<NameInQuery>* names) {
    PreparedQuery prepared;
    std::string& out = prepared.text;
    const bool proximity = holds_proximity_operator(query);
    bool in_phrase = false;  // between '"'s
    bool after_not = false;  // the last operator was NOT, and no word since
    std::size_t name_end = std::string_view::npos;  // where the open name group closes
    std::size_t next_name = 0;
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
            if (c == '"') in_phrase = !in_phrase;
            out += c;
            ++i;
            continue;
        }
        if ((c == '+' || c == '-') && at_term_start(out)) {
            out += c;
            ++i;
            continue;
        }
        if (at_term_start(out) && !in_phrase) {
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
                    if (field->prefix == schema::kSourcePrefix || field->prefix == schema::kFolderPrefix) {
                        // Values with any character: QueryParser is given their number.
                        prepared.field_filters.push_back(location_filter(*field, value));
                        out += std::to_string(prepared.field_filters.size() - 1);
                    } else {
                        out += resolve_field_value(*field, value, catalog);
                    }
                    ++prepared.words;
                    i = end;
                }
                continue;
            }
        }
        if (!in_phrase && (at_term_start(out) || out.back() == '+' || out.back() == '-'))
            if (const auto unknown = unknown_field_at(query, i)) {
                std::size_t end = i;
                while (end < query.size() && !is_space(query[end])) ++end;
                const std::string written(query.substr(i, end - i));
                throw QueryError("unknown field '" + *unknown + ":' in '" + written + "'; the fields are " +
                                 known_field_names() + " (to search for the words, quote them: \"" + written +
                                 "\")");
            }
        std::size_t end = i;
        while (end < query.size() && !is_space(query[end]) && !is_syntax(query[end]) &&
               typographic_quote_at(query, end) == 0)
            ++end;
        const std::string_view run = query.substr(i, end - i);
        if (is_operator(run)) {
            out += run;
            after_not = run == "NOT";
            i = end;
            continue;
        }
        const bool strict = in_phrase || after_not || proximity || (!out.empty() && (out.back() == '+' || out.back() == '-'));
        // A name in free text: its words, or the documents carrying what it
        // names (kNamedField), grouped.
        if (names != nullptr) {
            while (next_name < names->size() && (*names)[next_name].begin < i) ++next_name;
            if (name_end == std::string_view::npos && next_name < names->size() && (*names)[next_name].begin == i &&
                !strict && (out.empty() || out.back() != ':') &&
                is_plain_words(query.substr(i, (*names)[next_name].end - i))) {
                out += '(';
                name_end = (*names)[next_name].end;
                prepared.names.push_back((*names)[next_name].entities);
            }
        }
        append_run(run, prepared, lang, strict);
        if (name_end != std::string_view::npos && end >= name_end) {
            out += " " + std::string(kNamedField) + ":" + std::to_string(prepared.names.size() - 1) + ")";
            name_end = std::string_view::npos;
        }
        after_not = false;
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
    if (ends.empty()) return Xapian::Query(std::string());  // every document (see reading_every_match)
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
                        std::string_view only_lang, const EntityCatalog* catalog, bool inferred,
                        bool expand_names) {
    check_query_length(user_query);
    ParsedQuery parsed;
    if (only_lang.empty()) {
        parsed.languages = languages_in(database);
    } else {
        parsed.languages.emplace_back(only_lang);
    }
    const std::vector<NameInQuery> names = expand_names && catalog != nullptr && may_name_entities(user_query)
                                               ? names_in_query(user_query, *catalog, parsed.languages)
                                               : std::vector<NameInQuery>();
    PreparedQuery prepared = prepare_query(user_query, catalog, {}, &names);
    check_word_count(prepared);
    parsed.prepared_text = prepared.text;
    parsed.wildcard_patterns = std::move(prepared.wildcard_patterns);
    if (parsed.wildcard_patterns.size() > kMaxWildcards)
        throw QueryError("the query has " + std::to_string(parsed.wildcard_patterns.size()) +
                         " wildcards; at most " + std::to_string(kMaxWildcards) +
                         " are allowed (each matches up to " + std::to_string(kMaxWildcardExpansion) +
                         " words)");

    constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                Xapian::QueryParser::FLAG_PURE_NOT;
    DateRangeProcessor date_ranges;
    AddedRangeProcessor added_ranges(database);
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
        // Turkish words fold their own way ("I" is "ı"): the query too.
        const PreparedQuery branch_prepared =
            analysis_depends_on_language(lang) ? prepare_query(user_query, catalog, lang, &names) : PreparedQuery();
        const PreparedQuery& branch_query = analysis_depends_on_language(lang) ? branch_prepared : prepared;
        LocationProcessor locations(branch_query.field_filters);
        NamedEntityProcessor named_entities(branch_query.names, inferred);
        parser.add_prefix(std::string(kNamedField), &named_entities);
        for (const schema::QueryField& field : schema::kQueryFields) {
            switch (field.kind) {
            case schema::FieldKind::text:
                parser.add_prefix(std::string(field.name), std::string(field.prefix));
                break;
            case schema::FieldKind::boolean:
            case schema::FieldKind::facet:
                if (!inferred && field.prefix == schema::kCountryPrefix)
                    parser.add_boolean_prefix(std::string(field.name), &direct_countries);
                else if (field.prefix == schema::kSourcePrefix || field.prefix == schema::kFolderPrefix)
                    parser.add_boolean_prefix(std::string(field.name), &locations);
                else
                    parser.add_boolean_prefix(std::string(field.name), std::string(field.prefix));
                break;
            case schema::FieldKind::range:
                parser.add_rangeprocessor(&date_ranges);
                break;
            case schema::FieldKind::added:
                parser.add_rangeprocessor(&added_ranges);
                break;
            }
        }
        Xapian::Query branch;
        try {
            branch = parser.parse_query(branch_query.text, kFlags);
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
    // Query(std::string()) matches every document as Query::MatchAll does,
    // but is not one static object: copying MatchAll in several threads at
    // once (the facet-counting threads, dossier-serve's workers) corrupts
    // its unsynchronised reference count (xapian/query.h says so), and
    // crashed dossier-serve under load.
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(std::string()), query);
}

}  // namespace dossier
