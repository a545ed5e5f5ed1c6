// SPDX-License-Identifier: MIT
// --explain and --show: one document, named by a key, with the words that
// gave it its facet values (and for --show, its text).
#include "search/show.h"

#include <stdexcept>

#include "base/error.h"
#include "entities/entities.h"
#include "index/database.h"
#include "search/document_key.h"
#include "search/matching.h"
#include "search/request.h"

namespace dossier {

namespace {

Explanation read_document(const SearchRequest& request, const std::string& key, const std::string& option,
                          bool with_text) {
    // Every shard or none (no --allow-partial): a shard left out may be
    // the one holding the document.
    Xapian::Database database =
        open_shards_for_reading(request.databases, {request.remote.timeout_seconds, false}).database;
    try {
        const Xapian::docid id = find_document(database, key);
        if (id == 0) throw Xapian::DocNotFoundError("no document for " + key);
        Explanation explanation;
        explanation.id = id;
        explanation.document = stored_document(database.get_document(id));
        if (!with_text) explanation.document.text.clear();
        const EntityCatalog catalog = EntityCatalog::load(gazetteers_for(request, database));
        for (const auto& [facet_label, values] : explanation.document.evidence) {
            const auto facet = facet_from_name(facet_label);
            for (const auto& [value, words] : values) {
                Explanation::Value explained{
                    value, facet ? catalog.display_name(*facet, value, request.display_lang) : value, words, {}};
                if (const auto inferred = explanation.document.inferred.find(facet_label);
                    inferred != explanation.document.inferred.end())
                    if (const auto sources = inferred->second.find(value); sources != inferred->second.end())
                        for (const std::string& source : sources->second)
                            explained.via.push_back(catalog.inferred_from(source));
                explanation.facets[facet_label].push_back(std::move(explained));
            }
        }
        return explanation;
    } catch (const Xapian::DocNotFoundError&) {
    } catch (const std::out_of_range&) {
    }
    throw UsageError(no_such_document(option, key));
}

}  // namespace

Explanation explain_document(const SearchRequest& request, const std::string& id_or_path) {
    return read_document(request, id_or_path, "--explain", false);
}

Explanation show_document(const SearchRequest& request, const std::string& key) {
    return read_document(request, key, "--show", true);
}

std::vector<std::string_view> text_pages(const schema::StoredDocument& document) {
    std::vector<std::string_view> pages;
    const std::string_view text = document.text;
    std::size_t start = 0;
    for (const std::uint32_t page_break : document.page_breaks) {
        const std::size_t at = std::min<std::size_t>(std::max<std::size_t>(page_break, start), text.size());
        pages.push_back(text.substr(start, at - start));
        start = at;
    }
    pages.push_back(text.substr(start));
    return pages;
}

}  // namespace dossier
