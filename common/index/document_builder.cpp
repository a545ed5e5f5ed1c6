// SPDX-License-Identifier: MIT
#include "index/document_builder.h"

#include <algorithm>
#include <unordered_map>

#include "index/copy_clusters.h"
#include "index/filter_terms.h"
#include "text/analyzer.h"
#include "text/dates.h"
#include "entities/entities.h"
#include "base/error.h"
#include "text/language.h"
#include "index/schema.h"

namespace dossier {

namespace {

constexpr std::size_t kAnalysisChunkBytes = 1u << 20;

// `text` in pieces of about `size` bytes, cut after a newline, else (a
// very long line) after a space, else at a character boundary; only text
// with neither for a whole piece (a megabyte of Chinese without a line
// break) can have a word cut in two.
std::vector<std::string_view> text_chunks(std::string_view text, std::size_t size) {
    std::vector<std::string_view> chunks;
    while (text.size() > 2 * size) {
        const std::string_view window = text.substr(size, size);
        std::size_t cut = window.find('\n');
        if (cut == std::string_view::npos) cut = window.find(' ');
        std::size_t end = size + cut + 1;
        if (cut == std::string_view::npos) {
            end = size;  // on to the start of the next UTF-8 sequence
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        }
        chunks.push_back(text.substr(0, end));
        text.remove_prefix(end);
    }
    chunks.push_back(text);
    return chunks;
}

// Adds what `more` found to `evidence`: new values, and further spellings
// of known ones up to the evidence limit, in the order found.
void merge_evidence(Evidence& evidence, Evidence more) {
    for (auto& [facet, values] : more)
        for (auto& [id, words] : values) {
            auto [it, inserted] = evidence[facet].try_emplace(id, std::move(words));
            if (inserted) continue;
            for (std::string& word : words)
                if (it->second.size() < kEvidenceWords &&
                    std::find(it->second.begin(), it->second.end(), word) == it->second.end())
                    it->second.push_back(std::move(word));
        }
}

// Adds the positional terms of `tokens` (with `prefix`) starting after
// `position`, counts each word for its stem, and returns the last position.
Xapian::termpos add_positional_terms(Xapian::Document& document, const std::vector<Token>& tokens,
                                     const std::string& prefix, Xapian::termpos position,
                                     std::unordered_map<std::string, Xapian::termcount>& words) {
    for (const Token& token : tokens) {
        // The body's words have no prefix: no string built for each of them.
        if (prefix.empty()) document.add_posting(token.term, ++position);
        else document.add_posting(prefix + token.term, ++position);
        ++words[token.term];
    }
    return position;
}

// Stems already computed, per language. Snowball cost a tenth of a short
// record's analysis, while the words of one collection repeat from
// document to document and a word's stem never changes; the cache is
// emptied when full, so its memory stays bounded (a few MB a language).
class StemCache {
public:
    static constexpr std::size_t kMaxWords = 100000;

    explicit StemCache(const std::string& lang) : words_(per_language()[lang]) {}

    const std::string& stem(const Xapian::Stem& stemmer, const std::string& word) {
        if (const auto it = words_.find(word); it != words_.end()) return it->second;
        if (words_.size() >= kMaxWords) words_.clear();
        return words_.emplace(word, stemmer(word)).first->second;
    }

private:
    using Words = std::unordered_map<std::string, std::string>;
    static std::unordered_map<std::string, Words>& per_language() {
        thread_local std::unordered_map<std::string, Words> caches;  // no lock: one per thread
        return caches;
    }
    Words& words_;
};

// Adds one stem term per distinct word, with the word's count as its wdf.
void add_stem_terms(Xapian::Document& document, const Xapian::Stem& stemmer, StemCache& stems,
                    const std::string& prefix,
                    const std::unordered_map<std::string, Xapian::termcount>& words) {
    std::string term(schema::kStemPrefix);
    term += prefix;
    const std::size_t prefix_size = term.size();
    for (const auto& [word, count] : words) {
        const std::string& stem = stems.stem(stemmer, word);
        if (stem.empty()) continue;
        term.resize(prefix_size);
        term += stem;
        document.add_term(term, count);
    }
}

// The language a document is analyzed as: a front-matter lang as given,
// else --lang, else detection, where a language the markup declares
// (<html lang>, w:lang) is kept unless CLD2 is confident it is another.
std::string choose_language(const SourceDocument& source, std::string_view default_lang,
                            std::vector<std::string>& warnings) {
    std::string hint;
    if (!source.lang.empty()) {
        try {
            const std::string code = canonical_language_code(source.lang);
            if (!source.lang_is_hint) return code;
            hint = code;
        } catch (const UsageError&) {
            // Markup often carries junk ("x-default"); only a front matter
            // the user wrote deserves a warning.
            if (!source.lang_is_hint)
                warnings.push_back("front matter lang '" + source.lang +
                                   "' is not a known language; detecting instead");
        }
    }
    if (!default_lang.empty()) return std::string(default_lang);
    const LanguageGuess guess = detect_language(source.title + "\n" + source.text);
    if (!hint.empty() && !(guess.reliable && guess.code != kUndeterminedLanguage)) return hint;
    return guess.code;
}

}  // namespace

void add_inferred_countries(Xapian::Document& document, const Inferences& inferred) {
    const auto countries = inferred.find(std::string(facet_name(Facet::country)));
    if (countries == inferred.end() || countries->second.empty()) {
        // (Xapian throws on removing a value that is not there.)
        if (!document.get_value(schema::kInferredCountrySlot).empty())
            document.remove_value(schema::kInferredCountrySlot);
        return;
    }
    std::vector<std::string> ids;
    for (const auto& [id, sources] : countries->second) {
        ids.push_back(id);  // sorted: the map is ordered
        document.add_boolean_term(schema::prefixed_term(schema::kInferredCountryPrefix, id));
    }
    document.add_value(schema::kInferredCountrySlot, schema::encode_facet_values(ids));
}

BuiltDocument build_document(const SourceDocument& source, std::string_view default_lang,
                             const EntityCatalog& catalog, const DocumentAmendment& amend) {
    BuiltDocument built;
    built.lang = choose_language(source, default_lang, built.warnings);
    built.id_term = schema::path_term(source.path);

    Xapian::Document& document = built.document;
    const std::string no_prefix;
    const std::string title_prefix(schema::kTitlePrefix);
    const bool has_stemmer = !stemmer_name(built.lang).empty();
    const Xapian::Stem stemmer = make_stemmer(built.lang);

    const std::vector<Token> title_tokens = analyze(source.title, built.lang);
    // The catalog's names are analyzed without a language; in a language
    // whose analysis differs (Turkish "Irak" is the term "ırak") they are
    // matched on the text analyzed the same way.
    const auto extract_names = [&](const std::vector<Token>& tokens, std::string_view text) {
        if (!analysis_depends_on_language(built.lang)) return catalog.extract(tokens, text, built.lang);
        return catalog.extract(analyze(text), text, built.lang);
    };
    std::unordered_map<std::string, Xapian::termcount> body_words;
    Xapian::termpos position = 0;
    Evidence evidence;
    NearCopySketcher copy_sketch;
    // Tokens cost about 20 times the text they come from: a long text is
    // analyzed a chunk at a time (cut at line ends or spaces, so no word or
    // name is cut), which gives the same terms and positions.
    for (const std::string_view chunk : text_chunks(source.text, kAnalysisChunkBytes)) {
        const std::vector<Token> tokens = analyze(chunk, built.lang);
        position = add_positional_terms(document, tokens, no_prefix, position, body_words);
        merge_evidence(evidence, extract_names(tokens, chunk));
        copy_sketch.add(tokens);
    }
    // Of the body alone: a title differs between copies as headers do.
    if (const std::optional<NearCopySignature> signature = copy_sketch.finish())
        add_copy_signature(document, *signature);
    // A title from metadata is not part of the text, yet users search for it.
    if (source.title_from_metadata)
        position = add_positional_terms(document, title_tokens, no_prefix,
                                        position + schema::kPositionGap, body_words);
    std::unordered_map<std::string, Xapian::termcount> title_words;
    add_positional_terms(document, title_tokens, title_prefix, 0, title_words);
    if (has_stemmer) {
        StemCache stems(built.lang);
        add_stem_terms(document, stemmer, stems, no_prefix, body_words);
        add_stem_terms(document, stemmer, stems, title_prefix, title_words);
    }

    document.add_boolean_term(schema::language_term(built.lang));
    document.add_value(schema::kLanguageSlot, built.lang);
    document.add_boolean_term(built.id_term);
    document.add_boolean_term(schema::prefixed_term(
        schema::kFormatPrefix, source.format.empty() ? kFormatText : std::string_view(source.format)));
    for (const std::string& term : source_terms(source.source, source.url)) document.add_boolean_term(term);
    for (const std::string& term : folder_terms(source.path)) document.add_boolean_term(term);
    if (!source.date.empty()) {
        document.add_value(schema::kDateSlot, date_sort_key(source.date));
        document.add_value(schema::kDateEndSlot, date_end_key(source.date));
        document.add_boolean_term(schema::prefixed_term(schema::kYearPrefix, source.date.substr(0, 4)));
    }

    if (source.title_from_metadata)
        for (auto& [facet, values] : extract_names(title_tokens, source.title))
            for (auto& [id, words] : values) evidence[facet].try_emplace(id, std::move(words));
    // Countries the document reaches only through an actor it names: in
    // `evidence` (so "XC" and kCountrySlot) like the others, and marked.
    Inferences inferred = catalog.infer_countries(evidence);
    add_inferred_countries(document, inferred);
    for (const auto& [facet_label, values] : evidence) {
        const Facet facet = *facet_from_name(facet_label);
        std::vector<std::string> ids;
        for (const auto& [id, words] : values) {
            ids.push_back(id);  // sorted: the map is ordered
            document.add_boolean_term(schema::prefixed_term(schema::facet_prefix(facet), id));
        }
        document.add_value(schema::facet_slot(facet), schema::encode_facet_values(ids));
    }

    schema::StoredDocument stored;
    stored.path = source.path;
    stored.title = source.title;
    stored.date = source.date;
    stored.date_source = source.date_source;
    stored.lang = built.lang;
    stored.source = source.source;
    stored.url = source.url;
    stored.evidence = std::move(evidence);
    stored.inferred = std::move(inferred);
    stored.format = source.format.empty() ? std::string(kFormatText) : source.format;
    stored.encoding = source.encoding;
    stored.page_breaks = source.page_breaks;
    stored.text = source.text;
    if (amend) amend(built, stored);
    document.set_data(schema::encode_document_data(stored));
    return built;
}

}  // namespace dossier
