// SPDX-License-Identifier: MIT
// Character encodings of text files: a file that is not UTF-8 is detected
// (a byte-order mark, a declared charset, else ICU's charset detector) and
// converted to UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

struct DecodedText {
    std::string text;      // well-formed UTF-8 (may contain U+0000 when the input did)
    std::string encoding;  // canonical name of what was read: "UTF-8", "UTF-16LE",
                           // "UTF-16BE", "UTF-32LE", "UTF-32BE", "GB18030" (also for
                           // GBK and GB2312), "Big5", "Shift_JIS", "EUC-JP", "EUC-KR",
                           // "windows-1251", "KOI8-R", "ISO-8859-5", "windows-1252"
                           // (also for ISO-8859-1 and ASCII labels, as browsers do), ...
    int confidence = 100;  // 0..100; 100 for UTF-8, a BOM or a declared charset that converted
                           // cleanly; the share of well-formed sequences for damaged UTF-8;
                           // ICU's confidence when guessed
    bool guessed = false;  // true when ICU's detector chose the encoding
    std::size_t replaced = 0;  // bytes or sequences that could not be converted (now U+FFFD)
};

// Detection below this confidence is reported as a warning (the text is
// still indexed).
inline constexpr int kLowCharsetConfidence = 30;

// True when `bytes` starts with a UTF-8, UTF-16 or UTF-32 byte-order mark.
bool has_unicode_bom(std::string_view bytes);

// Decodes `bytes` to UTF-8. Order:
//  1. a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE) decides; it is removed;
//  2. valid UTF-8 is returned as is; "mostly UTF-8" (at least 4 of every 5
//     non-ASCII sequences well-formed, e.g. a few stray bytes or a cut-off
//     last character) is read as UTF-8 with the bad sequences replaced;
//  3. `declared` (an HTML or XML charset label such as "windows-1251",
//     "gbk", "shift_jis") when ICU knows it and it converts with few
//     substitutions (at most 1 in 100 non-ASCII bytes); Unicode labels
//     ("utf-8", "utf-16") are ignored here, since steps 1-2 settle those;
//  4. ICU's detector (EBCDIC guesses ignored; ISO-8859-1 read as
//     windows-1252); when it has nothing usable, windows-1252 (every byte
//     maps) with a low confidence.
// Unconvertible bytes become U+FFFD and are counted in `replaced`. Never
// throws for any input (short of running out of memory).
DecodedText decode_text(std::string_view bytes, std::string_view declared = {});

// Warnings worth showing the file's owner about how `decoded` was read: a
// weak guess (confidence below kLowCharsetConfidence) and replaced bytes.
// Empty when there is nothing to say.
std::vector<std::string> decoding_warnings(const DecodedText& decoded);

}  // namespace dossier
