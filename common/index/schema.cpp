// SPDX-License-Identifier: MIT
#include "index/schema.h"
#include "base/strings.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unicode/uversion.h>

#include "base/embedded_data.h"
#include "base/error.h"

namespace dossier::schema {

namespace {

// Xapian terms are limited to 245 bytes.
constexpr std::size_t kMaxPathTermBytes = 240;


}  // namespace

std::string path_term(std::string_view path) {
    std::string term(kPathPrefix);
    if (kPathPrefix.size() + path.size() <= kMaxPathTermBytes) {
        term += path;
        return term;
    }
    // Keep a readable head; the hash of the whole path keeps it unique.
    term += path.substr(0, 200);
    term += fmt::format("#{:016x}", fnv1a_64(path));
    return term;
}

std::string analysis_fingerprint(std::string_view gazetteer_fingerprint, std::string_view forced_lang) {
    std::string inputs = fmt::format("schema {} analyzer {} icu {} gazetteer {} lang {}", kSchemaVersion,
                                     kAnalyzerVersion, U_ICU_VERSION, gazetteer_fingerprint, forced_lang);
    // The country table and word lists shape the terms as much as the code.
    for (const EmbeddedFile& file : embedded_files())
        inputs += fmt::format(" {}:{:016x}", file.name, fnv1a_64(file.content));
    return fmt::format("{:016x}", fnv1a_64(inputs));
}

std::string language_term(std::string_view code) { return prefixed_term(kLanguagePrefix, code); }

std::string_view facet_prefix(Facet facet) {
    switch (facet) {
    case Facet::country: return kCountryPrefix;
    case Facet::org: return kOrgPrefix;
    case Facet::incident: return kIncidentPrefix;
    case Facet::actor: return kActorPrefix;
    }
    return {};
}

Xapian::valueno facet_slot(Facet facet) {
    switch (facet) {
    case Facet::country: return kCountrySlot;
    case Facet::org: return kOrgSlot;
    case Facet::incident: return kIncidentSlot;
    case Facet::actor: return kActorSlot;
    }
    return Xapian::BAD_VALUENO;
}

std::string prefixed_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() > 1 && !value.empty() && value.front() >= 'A' && value.front() <= 'Z') term += ':';
    term += value;
    return term;
}

std::string encode_facet_values(const std::vector<std::string>& sorted_values) {
    std::string encoded;
    for (const std::string& value : sorted_values) {
        if (!encoded.empty()) encoded += kFacetSeparator;
        encoded += value;
    }
    return encoded;
}

std::vector<std::string> decode_facet_values(std::string_view encoded) {
    std::vector<std::string> values;
    while (!encoded.empty()) {
        const std::size_t bar = encoded.find(kFacetSeparator);
        values.emplace_back(encoded.substr(0, bar));
        if (bar == std::string_view::npos) break;
        encoded.remove_prefix(bar + 1);
    }
    return values;
}

std::string encode_document_data(const StoredDocument& document) {
    nlohmann::json meta = {
        {"path", document.path},   {"title", document.title},
        {"date", document.date},   {"date_source", document.date_source},
        {"lang", document.lang},   {"source", document.source},
        {"url", document.url},     {"evidence", document.evidence},
        {"format", document.format}, {"encoding", document.encoding},
        {"pages", document.page_breaks},
    };
    if (!document.inferred.empty()) meta["inferred"] = document.inferred;
    std::string data = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    data += '\n';
    data += document.text;
    return data;
}

namespace {

// Reads the metadata line straight into a StoredDocument, as parse events:
// building a JSON tree first and copying out of it cost four times as
// much, paid for every hit shown. A field it does not know (one a later
// version may add) is read past, whatever it holds.
class MetadataReader : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit MetadataReader(StoredDocument& document) : document_(document) {}

    bool null() override { return other("null"); }
    bool boolean(bool) override { return other("a boolean"); }
    bool number_integer(number_integer_t) override { return other("a negative number"); }
    bool number_float(number_float_t, const string_t&) override { return other("a fraction"); }
    bool binary(binary_t&) override { return other("binary data"); }

    bool number_unsigned(number_unsigned_t value) override {
        if (unknown_field()) return true;
        if (field_ != "pages" || depth_ != 1 || arrays_ != 1 || value > UINT32_MAX) return bad("a number");
        document_.page_breaks.push_back(static_cast<std::uint32_t>(value));
        return true;
    }

    bool string(string_t& value) override {
        if (unknown_field()) return true;
        if (depth_ == 1 && arrays_ == 0 && text_field() != nullptr) {
            *text_field() = std::move(value);
            return true;
        }
        if (facets_ != nullptr && depth_ == 3 && arrays_ == 1) {
            (*facets_)[facet_][value_].push_back(std::move(value));
            return true;
        }
        return bad("a string");
    }

    bool start_object(std::size_t) override {
        if (depth_ > 0 && !unknown_field() && (facets_ == nullptr || depth_ > 2 || arrays_ > 0)) return bad("an object");
        ++depth_;
        return true;
    }
    bool end_object() override {
        --depth_;
        return true;
    }
    bool key(string_t& name) override {
        if (depth_ == 1) {
            field_ = std::move(name);
            facets_ = field_ == "evidence" ? &document_.evidence : field_ == "inferred" ? &document_.inferred : nullptr;
        } else if (depth_ == 2) {
            facet_ = std::move(name);
        } else if (depth_ == 3) {
            value_ = std::move(name);
            if (facets_ != nullptr) (*facets_)[facet_][value_];  // a value without words keeps its entry
        }
        return true;
    }
    bool start_array(std::size_t) override {
        const bool expected = arrays_ == 0 && ((depth_ == 1 && field_ == "pages") || (facets_ != nullptr && depth_ == 3));
        if (!expected && !unknown_field()) return bad("an array");
        ++arrays_;
        return true;
    }
    bool end_array() override {
        --arrays_;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
        throw DatabaseError(fmt::format("document data is not in dossier's format ({} at byte {}); rebuild the index",
                                        error.what(), position));
    }

private:
    std::string* text_field() {
        static constexpr std::pair<std::string_view, std::string StoredDocument::*> kFields[] = {
            {"path", &StoredDocument::path},   {"title", &StoredDocument::title},
            {"date", &StoredDocument::date},   {"date_source", &StoredDocument::date_source},
            {"lang", &StoredDocument::lang},   {"source", &StoredDocument::source},
            {"url", &StoredDocument::url},     {"format", &StoredDocument::format},
            {"encoding", &StoredDocument::encoding},
        };
        for (const auto& [name, member] : kFields)
            if (field_ == name) return &(document_.*member);
        return nullptr;
    }
    bool unknown_field() {
        return depth_ >= 1 && !field_.empty() && field_ != "pages" && facets_ == nullptr && text_field() == nullptr;
    }
    bool other(std::string_view what) { return unknown_field() || bad(what); }
    [[noreturn]] bool bad(std::string_view what) const {
        throw DatabaseError(fmt::format(
            "document data is not in dossier's format ({} in its field '{}'); rebuild the index", what, field_));
    }

    StoredDocument& document_;
    int depth_ = 0;   // objects open
    int arrays_ = 0;  // arrays open
    std::string field_;  // the top-level key being read
    std::string facet_;  // in "evidence" or "inferred": the facet, then the value in it
    std::string value_;
    Evidence* facets_ = nullptr;  // the map being filled, in "evidence" or "inferred"
};

}  // namespace

StoredDocument decode_document_metadata(std::string_view data) {
    const std::size_t newline = data.find('\n');
    if (newline == std::string_view::npos)
        throw DatabaseError("document data is not in dossier's format; rebuild the index");
    StoredDocument document;
    document.format = "text";  // older data has no format
    MetadataReader reader(document);
    const std::string_view meta = data.substr(0, newline);
    if (meta.empty() || meta.front() != '{')
        throw DatabaseError("document data is not in dossier's format (no metadata object); rebuild the index");
    nlohmann::json::sax_parse(meta.begin(), meta.end(), &reader);
    return document;
}

StoredDocument decode_document_data(std::string_view data) {
    StoredDocument document = decode_document_metadata(data);
    document.text = data.substr(data.find('\n') + 1);
    return document;
}

unsigned page_at(const StoredDocument& document, std::size_t offset) {
    const auto& breaks = document.page_breaks;
    return 1 + static_cast<unsigned>(std::upper_bound(breaks.begin(), breaks.end(), offset) - breaks.begin());
}

}  // namespace dossier::schema
