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
};

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
