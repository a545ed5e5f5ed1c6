// SPDX-License-Identifier: MIT
// The contract between dossier-index and dossier-search: every term prefix,
// value slot, metadata key and the document-data format is defined here and
// nowhere else. Changing any of it means bumping kSchemaVersion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity.h"
#include "formats/source_document.h"

namespace dossier::schema {

// Stored in the database metadata under kSchemaKey; the searcher refuses a
// database written with another version and says how to rebuild it.
inline constexpr int kSchemaVersion = 2;
inline constexpr std::string_view kSchemaKey = "dossier.schema";
// Bumped when analysis changes the terms or facets a document gets while
// the schema stays readable (a stemming fix, new country names): the next
// dossier-index run re-analyzes every document instead of mixing the two.
inline constexpr int kAnalyzerVersion = 4;  // 2: formats, charsets, language hints; 3: partial and path dates, demonyms and places, inferred countries
// 4: near-copy clusters (kCopyClusterSlot, kCopySignatureSlot, the "XB" and "XK" terms); the source ("XS") and folder ("XP") terms of source: and path:
//    Greek, Hindi, Serbian and Yiddish stems (Snowball library), the light Russian stemmer, Greek accents and
//    final sigma folded, "İ" -> "i", Turkish "I" -> "ı" and suffixes after an apostrophe dropped
// Fingerprint of the incident/actor names the documents were analyzed with.
inline constexpr std::string_view kGazetteerKey = "dossier.gazetteer";
// The analysis fingerprint (analysis_fingerprint) of the last complete run.
inline constexpr std::string_view kAnalysisKey = "dossier.analysis";
// Set while documents built with an older analysis remain (a run that
// re-analyzes was interrupted or some files failed); the searcher warns.
inline constexpr std::string_view kReanalyzingKey = "dossier.reanalyzing";
// The roots and options of the last run (index_config.h), as JSON.
inline constexpr std::string_view kIndexConfigKey = "dossier.config";
// Holds kSpellingVersion when Xapian's spelling table is complete: every
// spelling word of the word list, with its term frequency
// (index/spelling_data.h). Absent (a new database, one written before the
// table, a run that stopped before building it): the next run builds it.
// Changing which words are spelling words means bumping the version.
inline constexpr std::string_view kSpellingKey = "dossier.spelling";
inline constexpr std::string_view kSpellingVersion = "1";
// Every dossier-index run that wrote the database, one "RUN TIME" line
// each, oldest first (index/document_record.h): the run counter of
// kAddedSlot and kChangedSlot, carried over by --rebuild.
inline constexpr std::string_view kRunsKey = "dossier.runs";

// Term prefixes (Xapian's conventional letters where one exists).
inline constexpr std::string_view kStemPrefix = "Z";      // stemmed word, no positions
inline constexpr std::string_view kTitlePrefix = "S";     // title word, positional
inline constexpr std::string_view kLanguagePrefix = "L";  // boolean: document language
inline constexpr std::string_view kPathPrefix = "Q";      // boolean: unique id (the path)

inline constexpr std::string_view kYearPrefix = "Y";      // boolean: "Y2021"
inline constexpr std::string_view kCountryPrefix = "XC";  // boolean: "XC:CN"
inline constexpr std::string_view kOrgPrefix = "XO";      // boolean: "XO:NATO"
inline constexpr std::string_view kIncidentPrefix = "XI"; // boolean: "XIwannacry"
inline constexpr std::string_view kActorPrefix = "XA";    // boolean: "XAapt28"
inline constexpr std::string_view kFormatPrefix = "XF";   // boolean: "XFpdf"
// A country the document reaches only through a threat actor it names
// (EntityCatalog::infer_countries), beside its "XC:KP": "XN:KP". Country
// filters with --no-inferred are "XC:KP" AND_NOT "XN:KP".
inline constexpr std::string_view kInferredCountryPrefix = "XN";
// Near-copies (index/copy_clusters.h): a document's LSH band keys of its
// near-copy signature (text/near_copy.h), "XB3:1f0c9a2b", or for a short
// text its one exact key, "XBx:" + 16 hex digits, which find its
// candidate copies; and the copy cluster it belongs to, "XK" + the
// kCopyClusterSlot value, which finds the other copies of a hit.
inline constexpr std::string_view kCopyBandPrefix = "XB";
inline constexpr std::string_view kCopyClusterPrefix = "XK";
// Where a document came from, for the source: and path: filters
// (index/filter_terms.h): its source, normalized ("XSreuters", "XSkompas
// tv"), and the host of its URL or of a source written as one, with each
// parent domain ("XSeng.fmprc.gov.cn", "XSfmprc.gov.cn", "XSgov.cn"); each
// folder above its file ("XP/home/ana/reports", "XP/home/ana", ...).
inline constexpr std::string_view kSourcePrefix = "XS";
inline constexpr std::string_view kFolderPrefix = "XP";

// Whether `term` is one a query weighs: a word (no prefix: it starts with
// no capital), its stem or a title word; not a boolean filter term.
constexpr bool is_weighted_term(std::string_view term) {
    if (term.empty()) return false;
    const char first = term.front();
    return first < 'A' || first > 'Z' || term.starts_with(kStemPrefix) || term.starts_with(kTitlePrefix);
}

// Value slots. Facet slots hold the document's sorted, distinct values
// joined by kFacetSeparator ("CN|US"). Counting reads them over every
// match (search/facet_count.cpp: a pass without weights, in threads beside the ranked
// one; Xapian's ValueCountMatchSpy over several databases or a remote
// shard); each distinct combination is then split and added to each of its
// values, which keeps the counts exact without string work per match.
// The date: the first day of its period, "YYYYMMDD" ("2022-05" ->
// "20220501"), so documents sort by it.
inline constexpr Xapian::valueno kDateSlot = 0;
inline constexpr Xapian::valueno kLanguageSlot = 1;  // language code
inline constexpr Xapian::valueno kCountrySlot = 2;
inline constexpr Xapian::valueno kOrgSlot = 3;
inline constexpr Xapian::valueno kIncidentSlot = 4;
inline constexpr Xapian::valueno kActorSlot = 5;
// The file a document was built from, as the indexer saw it (file_state.h):
// read for all documents at the start of a re-index run to find what
// changed without opening document data.
inline constexpr Xapian::valueno kFileStateSlot = 6;
// The document's inferred countries ("XN" above), joined like kCountrySlot,
// which holds them too; none: no value. Counting countries without them
// (--no-inferred) subtracts this slot's counts from kCountrySlot's, which
// stays exact: a country is either named or inferred in a document.
inline constexpr Xapian::valueno kInferredCountrySlot = 7;
// The end of the date's period, padded with 9s as a range end is
// (date_end_key in text/dates.h): "20220517" for a day, "20220599" for the
// month 2022-05, "20229999" for the year 2022. It says the precision, so
// the year and month facets count it (a year gives no month), and lets
// date ranges and --since/--until take a month or year that overlaps them.
// Documents written before it have none: ranges take them as days (start
// = end); the facets miss them until dossier-index re-analyzes them.
inline constexpr Xapian::valueno kDateEndSlot = 8;
// When the document was added and when its content last changed: the
// dossier-index run that did it and that run's start (encode_run_stamp in
// index/document_record.h: "0000000012 2026-12-05T06:28:01Z", sorting by
// run). The run counter is the database's own (kRunsKey), not Xapian's
// revision. A re-analysis keeps both; no value: before records existed.
inline constexpr Xapian::valueno kAddedSlot = 9;
inline constexpr Xapian::valueno kChangedSlot = 10;
// The copy cluster of a document that has copies (exact or near, see
// index/copy_clusters.h): 16 hex digits naming the cluster's first member.
// dossier-search collapses on it (Enquire::set_collapse_key) and counts a
// cluster once. A document without copies has no value.
inline constexpr Xapian::valueno kCopyClusterSlot = 11;
// The document's near-copy signature (text/near_copy.h encode_signature,
// 258 bytes), compared with a candidate's to confirm a copy; none for a
// short text, whose exact key says it all (near_copy.h exact_copies_only).
inline constexpr Xapian::valueno kCopySignatureSlot = 12;
inline constexpr char kFacetSeparator = '|';

// Fields a query may name as `field:value`.
enum class FieldKind {
    text,     // free text, analyzed ("title:hacking")
    boolean,  // a filter on an exact value ("lang:id")
    facet,    // a filter on a facet value given by any of its names
    range,    // a date range on kDateSlot ("date:2021..2022")
    added,    // when documents arrived, kAddedSlot ("added:12..", "added:2026-12-01..")
};
struct QueryField {
    std::string_view name;    // what the user types before ':'
    std::string_view prefix;  // term prefix it searches
    FieldKind kind;
};
inline constexpr QueryField kQueryFields[] = {
    {"title", kTitlePrefix, FieldKind::text},
    {"lang", kLanguagePrefix, FieldKind::boolean},
    {"year", kYearPrefix, FieldKind::boolean},
    {"format", kFormatPrefix, FieldKind::boolean},
    {"country", kCountryPrefix, FieldKind::facet},
    {"org", kOrgPrefix, FieldKind::facet},
    {"incident", kIncidentPrefix, FieldKind::facet},
    {"actor", kActorPrefix, FieldKind::facet},
    {"date", "", FieldKind::range},
    {"source", kSourcePrefix, FieldKind::boolean},
    {"path", kFolderPrefix, FieldKind::boolean},
    {"added", "", FieldKind::added},
};

// Term prefix and value slot of an entity facet.
std::string_view facet_prefix(Facet facet);
Xapian::valueno facet_slot(Facet facet);

// The boolean term for a value under `prefix`, spelled as Xapian's
// QueryParser spells it (a ':' between the prefix and a value starting
// with a capital letter): ("XC", "CN") -> "XC:CN".
std::string prefixed_term(std::string_view prefix, std::string_view value);

// "CN|US" <-> {"CN", "US"}.
std::string encode_facet_values(const std::vector<std::string>& sorted_values);
std::vector<std::string> decode_facet_values(std::string_view encoded);

// Title terms get positions after the body's, with a gap so that a phrase
// never spans the end of the body and the start of the title.
inline constexpr Xapian::termpos kPositionGap = 100;

// The unique-id term of the document at `path` (an absolute path). Paths
// too long for a Xapian term are shortened with a hash of the whole path.
std::string path_term(std::string_view path);

// The boolean term for a document language code ("en" -> "Len").
std::string language_term(std::string_view code);

// What documents built now depend on besides their file: schema and
// analyzer versions, the gazetteer (its fingerprint) and a forced language.
// A document whose stored fingerprint differs is re-analyzed.
std::string analysis_fingerprint(std::string_view gazetteer_fingerprint, std::string_view forced_lang);

// Where a document's date came from.
// Where a document's date came from (stored in the data as written by
// the readers, formats/source_document.h).
using dossier::kDateFromMetadata;
using dossier::kDateFromMtime;
using dossier::kDateFromPath;
using dossier::kDateFromText;

// What the search results show about a document, stored as its document
// data: one line of JSON metadata, a newline, then the document text (kept
// for snippets).
struct StoredDocument {
    std::string path;         // absolute path
    std::string title;
    std::string date;         // "YYYY-MM-DD", "YYYY-MM" or "YYYY" (its precision), or empty
    std::string date_source;  // kDateFrom*, or empty when there is no date
    std::string lang;         // language code
    std::string source;       // from front matter, may be empty
    std::string url;          // from front matter, may be empty
    Evidence evidence;        // facet values and the words that gave them
    Inferences inferred;      // values of `evidence` reached through another
                              // value (entity.h), stored as "inferred" only
                              // when there are any; absent in older data
    std::string format;       // "text", "html", "pdf", "docx", "odt" (source_document.h)
    std::string encoding;     // of a text or HTML file ("UTF-8", "windows-1251"); else empty
    std::vector<std::uint32_t> page_breaks;  // byte offsets in `text` where pages 2, 3, ... start
    std::string text;         // the body text, UTF-8
};

// The 1-based page of `text` holding byte `offset` (1 without page breaks).
unsigned page_at(const StoredDocument& document, std::size_t offset);

std::string encode_document_data(const StoredDocument& document);

// Throws DatabaseError when `data` was not written by encode_document_data.
StoredDocument decode_document_data(std::string_view data);
// The same without the text (left empty): for what only the metadata needs.
StoredDocument decode_document_metadata(std::string_view data);

}  // namespace dossier::schema
