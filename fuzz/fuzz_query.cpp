// SPDX-License-Identifier: MIT
// Fuzz target: a query string as a user types it -> run_search on a small
// real database: query analysis and rewriting (query.h), facet value
// resolution, Xapian's QueryParser, matching, facet counting and snippets.
//
// The database is built once per process in a temporary folder, from the
// documents in corpus/ and the non-English fixtures of tests/fixtures/ (so
// that the query is parsed for several languages and scripts), the way
// indexer/index_run.cpp builds documents. It is deleted at exit.
//
// UsageError and QueryError are expected outcomes of a hostile query. Any
// other exception (DatabaseError included: the database is fine), a crash
// or a sanitizer report is a finding; so is an iteration that is slow (see
// scripts/fuzz: -report_slow_units and -timeout).
#include <stdlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "index/database.h"
#include "index/document_builder.h"
#include "entities/entities.h"
#include "base/error.h"
#include "formats/format_names.h"
#include "search/search.h"
#include "formats/text_reader.h"
#include "base/utf8.h"

namespace {

namespace fs = std::filesystem;

std::string g_folder;  // temporary folder holding the database

void remove_folder() {
    if (g_folder.empty()) return;
    std::error_code ec;
    fs::remove_all(g_folder, ec);
}

std::vector<fs::path> seed_documents() {
    const fs::path source(DOSSIER_SOURCE_DIR);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(source / "corpus"))
        if (entry.is_regular_file() && dossier::format_of(entry.path()) == dossier::kFormatText) files.push_back(entry.path());
    for (const char* name : {"zh_cyber.txt", "ru_cyber.txt", "ar_cyber.txt", "th_cyber.txt", "id_inflect.txt"}) {
        const fs::path path = source / "tests" / "fixtures" / name;
        if (fs::exists(path)) files.push_back(path);
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string build_database() {
    std::string pattern = (fs::temp_directory_path() / "dossier-fuzz-query-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        std::perror("fuzz_query: mkdtemp");
        std::exit(1);
    }
    g_folder = pattern;
    std::atexit(remove_folder);
    const std::string path = g_folder + "/db";
    const dossier::EntityCatalog catalog = dossier::EntityCatalog::load({});
    Xapian::WritableDatabase database = dossier::open_for_writing(path);
    unsigned documents = 0;
    for (const fs::path& file : seed_documents()) {
        const dossier::SourceDocument source = dossier::read_text_document(file);
        dossier::BuiltDocument built = dossier::build_document(source, "", catalog);
        database.replace_document(built.id_term, built.document);
        ++documents;
    }
    database.commit();
    database.close();
    if (documents < 5) {
        std::fprintf(stderr, "fuzz_query: found only %u documents under %s\n", documents, DOSSIER_SOURCE_DIR);
        std::exit(1);
    }
    std::fprintf(stderr, "fuzz_query: database of %u documents at %s\n", documents, path.c_str());
    return path;
}

const std::string& database_path() {
    static const std::string path = build_database();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)database_path();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dossier::SearchRequest request;
    request.databases = {database_path()};
    request.query = dossier::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size)).text;
    request.limit = 3;
    request.facets = {"country", "org", "incident", "actor", "lang", "year", "month"};
    request.facet_limit = 3;
    try {
        const dossier::SearchResult result = dossier::run_search(request);
        (void)result;
    } catch (const dossier::UsageError&) {
    } catch (const dossier::QueryError&) {
    }
    return 0;
}
