// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes -> decode_text, once with no declared
// charset and once with a label taken from the first bytes (byte 0 is the
// label's length modulo 32, the label follows, the rest is the text).
//
// decode_text promises never to throw; any exception, crash, sanitizer
// report or broken promise of charset.h (checked below) is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "formats/charset.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_charset: broken promise: %s\n", what);
    std::abort();
}

void check(std::string_view bytes, std::string_view declared) {
    const dossier::DecodedText decoded = dossier::decode_text(bytes, declared);
    require(dossier::is_valid_utf8(decoded.text), "text is well-formed UTF-8");
    require(!decoded.encoding.empty(), "an encoding is named");
    require(decoded.confidence >= 0 && decoded.confidence <= 100, "confidence is 0..100");
    if (dossier::has_unicode_bom(bytes))
        require(!decoded.guessed && decoded.confidence == 100, "a BOM decides with full confidence");
    else if (dossier::is_valid_utf8(bytes))
        require(decoded.text == bytes && decoded.encoding == "UTF-8" && decoded.replaced == 0,
                "valid UTF-8 is returned as is");
    if (decoded.replaced == 0 && !(decoded.guessed && decoded.confidence < dossier::kLowCharsetConfidence))
        require(dossier::decoding_warnings(decoded).empty(), "no warning without a reason");
    else
        require(!dossier::decoding_warnings(decoded).empty(), "a warning for each reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check(bytes, {});
    if (!bytes.empty()) {
        const std::size_t label_size = std::min<std::size_t>(data[0] % 32, bytes.size() - 1);
        check(bytes.substr(1 + label_size), bytes.substr(1, label_size));
    }
    return 0;
}
