// SPDX-License-Identifier: MIT
// Copy clusters: the documents that are copies of one text (the same
// words, or the same statement with another header, footer or page
// chrome, as HTML and as PDF) share a cluster value (kCopyClusterSlot)
// and term ("XK"), so that dossier-search shows them as one story.
//
// A document's near-copy signature (text/near_copy.h) is stored with it,
// with its LSH band keys as "XB" terms. When a document is written, the
// documents sharing a band key with it are its candidates; those whose
// signature confirms a copy (are_copies) are its copies. It joins the
// cluster of the most similar one (ties: the smallest document id); a copy
// in no cluster yet starts one, named after its own id term, and so the
// first member names the cluster for good: deleting it, or it changing
// and leaving, keeps the others together. A document whose new text no
// longer matches leaves (no value). Clusters are never merged: a document
// that matches two joins one, so that a chain of small differences cannot
// join texts that are not copies of each other.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <xapian.h>

#include "text/near_copy.h"

namespace dossier {

// Stores `signature` in `document`: kCopySignatureSlot and the band terms.
void add_copy_signature(Xapian::Document& document, const NearCopySignature& signature);

// The cluster name of a cluster started by the document with `id_term`.
std::string copy_cluster_name(std::string_view id_term);

// Puts `document`, about to be written to `database` as document `self`
// (0: a new document), into the cluster of its copies already there, or
// takes it out of any (it has none). A copy that was in no cluster is
// rewritten in `database` with the new cluster. With `before` set, only
// documents with smaller ids count as copies (cluster_copies' order).
// Returns the cluster's name, empty when it has no copy.
std::string join_copy_cluster(Xapian::WritableDatabase& database, Xapian::Document& document,
                              Xapian::docid self, Xapian::docid before = 0);

// Clusters the copies of a database built without looking at each other
// (the bulk build's shards, merged): every document that shares a band
// key with an earlier one, in document id order, as join_copy_cluster
// does while the same files are added one at a time in that order, so
// both give the same clusters. Returns how many documents joined one.
std::size_t cluster_copies(Xapian::WritableDatabase& database);

}  // namespace dossier
