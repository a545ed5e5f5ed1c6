// SPDX-License-Identifier: MIT
// The names dossier knows (countries and organisations from ICU and
// data/countries.tsv; incidents and actors from the gazetteer) and what
// they give a document and a query.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "entities/entity.h"
#include "entities/gazetteer.h"

namespace dossier {

// Words kept per value as evidence: enough to see why, small in the index.
inline constexpr std::size_t kEvidenceWords = 5;

class EntityCatalog {
public:
    // The built-in names plus the user's gazetteer files (--gazetteer), in
    // order. Throws UsageError naming a file that cannot be used. Cheap:
    // user files are read and checked now, but the built-in gazetteer
    // alone and the country matching tables are only read or built when
    // first needed (a country or date facet needs neither).
    static EntityCatalog load(const std::vector<std::string>& gazetteer_files);

    // Builds now everything extract() needs (the country matching tables,
    // the gazetteer's matcher), so that worker processes forked afterwards
    // share it instead of each building its own on its first document.
    void prepare_extraction() const;

    // Every country, organisation, incident and actor `text` names.
    Evidence extract(const std::vector<Token>& tokens, std::string_view text, std::string_view lang) const;

    // The mentions extract() reads its evidence from, with their spans:
    // countries and organisations, then incidents and actors, each in text
    // order (a query's names, search/query_language.h).
    std::vector<EntityMention> mentions(const std::vector<Token>& tokens, std::string_view text,
                                        std::string_view lang) const;

    // The step after extract(), over a whole document's evidence: the
    // countries it reaches only through the threat actors it names. Each
    // actor whose gazetteer entry has a country (data/gazetteer.json, a
    // --gazetteer file, a MISP import) gives that country unless the
    // document names it itself (a country named in the text stays direct,
    // with its words). Adds each such country to `evidence` with no words
    // and returns where each came from: "country" -> "KP" ->
    // {"actor:lazarus"}. Incidents' countries are not inferred: the
    // actors a text names are what it says about who did it.
    Inferences infer_countries(Evidence& evidence) const;

    // What --explain shows of a source of an inferred value: "actor:lazarus"
    // -> "via actor Lazarus Group" (the display name; the id when the
    // gazetteer no longer knows it).
    InferredFrom inferred_from(std::string_view source) const;

    // The id a user means by `value` for `facet`: a code, id or any name in
    // any language ("Tiongkok", "中国", "cn" -> "CN"; "ProxyLogon" ->
    // "exchange-2021"). Throws QueryError naming the value and the known
    // names nearest to it when it resolves to nothing.
    std::string resolve(Facet facet, std::string_view value) const;

    // The id `name` is for `facet`, as resolve() finds it, or nullopt (no
    // nearest names are looked for: cheap enough to try every few words of
    // a query, and it needs no gazetteer matcher, which costs far more).
    std::optional<std::string> find(Facet facet, std::string_view name) const;

    // The name to show for a value (country names in `display_lang`).
    std::string display_name(Facet facet, std::string_view id, std::string_view display_lang) const;

    // Digest of the names in use; recorded in the index so a change of
    // gazetteer is visible.
    std::string fingerprint() const;

private:
    // Shared by copies of a catalog: read once, then only read from.
    struct Gazetteers {
        std::once_flag loaded;
        std::optional<Gazetteer> gazetteer;
    };
    explicit EntityCatalog(std::shared_ptr<Gazetteers> gazetteers) : gazetteers_(std::move(gazetteers)) {}
    const Gazetteer& gazetteer() const;

    std::shared_ptr<Gazetteers> gazetteers_;
};

}  // namespace dossier
