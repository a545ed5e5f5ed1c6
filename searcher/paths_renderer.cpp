// SPDX-License-Identifier: MIT
#include "paths_renderer.h"

#include "base/utf8.h"
#include "text_renderer.h"

namespace dossier::searcher {

// Exact bytes for a pipe (xargs needs the real name); escaped on a
// terminal, as ls does.
void PathsRenderer::hit(const Hit& hit) {
    out_ << (options_.terminal ? escape_for_terminal(hit.document.path) : hit.document.path) << terminator_;
}

// An explanation has no list of paths to give: it is shown as text.
void PathsRenderer::explanation(const Explanation& explanation) {
    TextRenderer(options_, out_).explanation(explanation);
}

}  // namespace dossier::searcher
