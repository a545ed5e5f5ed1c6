// SPDX-License-Identifier: MIT
// --show: one document whole. JSON (json and jsonl) is --explain's object
// with the rest of the metadata and the text; every other format prints
// --explain's text, the rest of the metadata, then the text, a PDF's page
// breaks marked.
#pragma once

#include <ostream>

#include "options.h"
#include "renderer.h"
#include "search/search.h"

namespace dossier::searcher {

void render_document(const Explanation& shown, OutputFormat format, const RenderOptions& options, std::ostream& out);

}  // namespace dossier::searcher
