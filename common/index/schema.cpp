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

StoredDocument decode_document_data(std::string_view data) {
    const std::size_t newline = data.find('\n');
    if (newline == std::string_view::npos)
        throw DatabaseError("document data is not in dossier's format; rebuild the index");
    StoredDocument document;
    try {
        const nlohmann::json meta = nlohmann::json::parse(data.substr(0, newline));
        document.path = meta.value("path", "");
        document.title = meta.value("title", "");
        document.date = meta.value("date", "");
        document.date_source = meta.value("date_source", "");
        document.lang = meta.value("lang", "");
        document.source = meta.value("source", "");
        document.url = meta.value("url", "");
        if (meta.contains("evidence")) document.evidence = meta.at("evidence").get<Evidence>();
        if (meta.contains("inferred")) document.inferred = meta.at("inferred").get<Inferences>();
        document.format = meta.value("format", "text");
        document.encoding = meta.value("encoding", "");
        if (meta.contains("pages")) meta.at("pages").get_to(document.page_breaks);
    } catch (const nlohmann::json::exception& e) {
        throw DatabaseError(std::string("document data is not in dossier's format (") + e.what() +
                            "); rebuild the index");
    }
    document.text = data.substr(newline + 1);
    return document;
}

unsigned page_at(const StoredDocument& document, std::size_t offset) {
    const auto& breaks = document.page_breaks;
    return 1 + static_cast<unsigned>(std::upper_bound(breaks.begin(), breaks.end(), offset) - breaks.begin());
}

}  // namespace dossier::schema
