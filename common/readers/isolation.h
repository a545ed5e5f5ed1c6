// SPDX-License-Identifier: MIT
// Runs a document parser in a child process. Third-party parsers of
// complex formats (poppler for PDF, libzip for zip packages) can crash,
// loop or exhaust memory on a hostile file; in a child that costs one
// document, not the indexing run.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "formats/source_document.h"

namespace dossier {

struct IsolationLimits {
    std::chrono::milliseconds timeout{120'000};  // wall time for one document
    std::size_t max_memory_bytes = 4ull << 30;    // address space of the child (not under ASan)
    std::size_t max_text_bytes = 64u << 20;       // text it may send back
};

// Calls `parse` in a forked child and returns what it returned. A
// DocumentError it throws is rethrown here as it was. Throws DocumentError
// (failed) naming `what` ("PDF reader") when the child crashes (with the
// signal), passes the timeout or sends back a malformed answer.
SourceDocument parse_in_child(const std::function<SourceDocument()>& parse, std::string_view what,
                              const IsolationLimits& limits);

// "signal SIGKILL: Killed": how a child that died of `signal` is named in messages.
std::string signal_description(int signal);

}  // namespace dossier
