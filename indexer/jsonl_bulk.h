// SPDX-License-Identifier: MIT
// --jsonl into a database with no documents (a first run), and --jsonl
// --rebuild (rebuild_jsonl in jsonl_ingest.h): the records go through
// worker processes and shards merged in order, as a folder's first build
// does (bulk_build.h). The indexer reads the input (standard input
// too: it is never listed first) and hands each idle worker the next chunk
// of consecutive lines with their line numbers; the worker parses,
// analyzes and writes them into a shard of its own and reports each line.
// The indexer reports the lines in line order, so bad lines read as in a
// one-process run.
//
// The result is the one-process database, document ids included. Within a
// chunk a repeated id replaces the earlier document in the shard, as in
// one process. A repeat across chunks is found from the reports (an id
// first seen in an earlier chunk's shard): the later shard is copied
// without that document (so no id is left unused), and the earlier shard's
// document is replaced by the last record's, keeping its id. Copy clusters
// are found by replaying one process's clustering in line order (see
// ClusterReplay) and written into the shards too, so that the merge writes
// the database once, compacted, and nothing changes it after.
#pragma once

#include <xapian.h>

#include "entities/entities.h"
#include "jsonl_ingest.h"
#include "run_context.h"
#include "settings.h"

namespace dossier::indexer {

// Ingests `lines` (from the file `label` names) with settings.jobs worker
// processes into a new database at settings.scratch, which then takes the
// place of `empty` (at settings.database, which has no documents; its
// metadata is carried over). A stop keeps the records before it: the
// chunks merged are those finished, up to the first one cut short. Throws
// DatabaseError, leaving `empty` as it was and removing the new database,
// when a worker fails or dies (naming the line it was on) or the merge
// fails.
IndexSummary ingest_jsonl_in_parallel(const RunSettings& settings, JsonlLines& lines, const std::string& label,
                                      const EntityCatalog& catalog, Xapian::WritableDatabase& empty,
                                      const RunContext& context);

// Compacts the committed `database` (at `path`) into `scratch` beside it
// and swaps that in, leaving `database` closed: the postlist blocks a
// batched build leaves half full are then full. Returns an error message
// (and leaves the database as it was, open) when the compaction fails.
std::string compact_new_database(Xapian::WritableDatabase& database, const std::string& path,
                                 const std::string& scratch);

}  // namespace dossier::indexer
