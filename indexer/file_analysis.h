// SPDX-License-Identifier: MIT
// Reading and analyzing one planned file: the part of indexing that needs
// no database, shared by the in-place run and the parallel bulk workers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "index/change_plan.h"
#include "index/document_builder.h"
#include "index/document_record.h"
#include "entities/entities.h"
#include "index/file_state.h"
#include "formats/source_document.h"

namespace dossier::indexer {

// What every file of a run is analyzed with.
struct FileAnalysis {
    const ReadLimits& limits;
    const std::string& default_lang;  // --lang; empty: detect
    const EntityCatalog& catalog;
    const std::string& fingerprint;   // recorded in each file state
    // The folders (and files) indexed: a date in a file's path is read
    // from below the root holding it (dated_path).
    const std::vector<std::string>& roots;
    // Stamps each built document with when it was added and changed
    // (index/document_record.h); nullptr: not stamped.
    const RecordKeeper* records = nullptr;
};

// The part of `path` below the longest of `roots` holding it, which names
// the document in its collection and may date it ("Session 25 -
// 1970/USA_25_1970.txt"); the file name alone when no root holds it or
// the root is the file.
std::string dated_path(const std::string& path, const std::vector<std::string>& roots);

// What reading one file gave.
struct AnalyzedFile {
    // The document to write, with its file-state value; nullopt when the
    // bytes are those already indexed under the same analysis (a touch):
    // only `stat` is new.
    std::optional<BuiltDocument> built;
    FileStat stat;
    std::size_t text_bytes = 0;
    std::vector<std::string> warnings;  // from reading and from analysis
};

// Reads, parses and analyzes `file`. Throws DocumentError when the file is
// not indexable (skipped), unreadable (failed) or gone.
AnalyzedFile analyze_file(const PlannedFile& file, const FileAnalysis& analysis);

}  // namespace dossier::indexer
