// SPDX-License-Identifier: MIT
#include "formats/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "base/utf8.h"

namespace dossier {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// --- RAII for ICU handles -------------------------------------------------

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
    void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};
using Detector = std::unique_ptr<UCharsetDetector, DetectorCloser>;

// --- Encodings and their names ------------------------------------------

// An encoding as dossier reports it, and the ICU converter that reads it.
struct Encoding {
    std::string name;
    std::string converter;
};

// The encodings ICU's detector can name (with its names where they differ
// from ours), each read with the converter browsers use (WHATWG Encoding):
// ISO-8859-1 and ISO-8859-9 are read as their Windows supersets, which
// only add characters at 0x80-0x9F (curly quotes, euro, ...); EUC-KR as
// windows-949, its superset.
struct KnownEncoding {
    std::string_view detector_name;
    std::string_view name;
    std::string_view converter;
};
constexpr KnownEncoding kDetectable[] = {
    {"UTF-8", "UTF-8", "UTF-8"},
    {"UTF-16LE", "UTF-16LE", "UTF-16LE"},
    {"UTF-16BE", "UTF-16BE", "UTF-16BE"},
    {"UTF-32LE", "UTF-32LE", "UTF-32LE"},
    {"UTF-32BE", "UTF-32BE", "UTF-32BE"},
    {"ISO-8859-1", "windows-1252", "windows-1252"},
    {"windows-1252", "windows-1252", "windows-1252"},
    {"ISO-8859-2", "ISO-8859-2", "ISO-8859-2"},
    {"windows-1250", "windows-1250", "windows-1250"},
    {"ISO-8859-5", "ISO-8859-5", "ISO-8859-5"},
    {"windows-1251", "windows-1251", "windows-1251"},
    {"KOI8-R", "KOI8-R", "KOI8-R"},
    {"ISO-8859-6", "ISO-8859-6", "ISO-8859-6"},
    {"windows-1256", "windows-1256", "windows-1256"},
    {"ISO-8859-7", "ISO-8859-7", "ISO-8859-7"},
    {"windows-1253", "windows-1253", "windows-1253"},
    {"ISO-8859-8", "ISO-8859-8", "ISO-8859-8"},
    {"ISO-8859-8-I", "ISO-8859-8", "ISO-8859-8"},
    {"windows-1255", "windows-1255", "windows-1255"},
    {"ISO-8859-9", "windows-1254", "windows-1254"},
    {"windows-1254", "windows-1254", "windows-1254"},
    {"GB18030", "GB18030", "GB18030"},
    {"Big5", "Big5", "Big5"},
    {"Shift_JIS", "Shift_JIS", "Shift_JIS"},
    {"EUC-JP", "EUC-JP", "EUC-JP"},
    {"EUC-KR", "EUC-KR", "windows-949"},
    {"ISO-2022-JP", "ISO-2022-JP", "ISO-2022-JP"},
};
// ISO-2022-KR/CN are left out on purpose: 7-bit text with escapes that is
// not also valid UTF-8 is vanishingly rare, and EBCDIC (IBM420/IBM424) text
// files do not occur here while ICU readily "detects" them in short text.

std::optional<Encoding> detected_encoding(std::string_view detector_name) {
    for (const KnownEncoding& known : kDetectable)
        if (known.detector_name == detector_name)
            return Encoding{std::string(known.name), std::string(known.converter)};
    return std::nullopt;
}

// Charset labels found in documents whose meaning differs from ICU's
// reading of them, or that ICU spells differently (WHATWG Encoding labels).
// Labels not listed here go to ICU's alias table.
struct LabelAlias {
    std::string_view label;
    std::string_view name;  // a kDetectable name
};
constexpr LabelAlias kLabelAliases[] = {
    // Browsers read all of these as windows-1252.
    {"ascii", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"cp819", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"windows-1252", "windows-1252"},
    // ISO-8859-9 likewise as windows-1254.
    {"iso-8859-9", "windows-1254"},
    {"iso8859-9", "windows-1254"},
    {"iso_8859-9", "windows-1254"},
    {"latin5", "windows-1254"},
    {"l5", "windows-1254"},
    // GB18030 reads GBK and GB2312 text (it is a superset of both).
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"gb2312", "GB18030"},
    {"gb_2312", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"csgb2312", "GB18030"},
    {"chinese", "GB18030"},
    {"cp936", "GB18030"},
    {"windows-936", "GB18030"},
    {"iso-ir-58", "GB18030"},
    {"gb18030", "GB18030"},
    {"big5", "Big5"},
    {"big5-hkscs", "Big5"},
    {"cn-big5", "Big5"},
    {"csbig5", "Big5"},
    {"x-x-big5", "Big5"},
    {"shift_jis", "Shift_JIS"},
    {"shift-jis", "Shift_JIS"},
    {"sjis", "Shift_JIS"},
    {"x-sjis", "Shift_JIS"},
    {"ms_kanji", "Shift_JIS"},
    {"ms932", "Shift_JIS"},
    {"windows-31j", "Shift_JIS"},
    {"csshiftjis", "Shift_JIS"},
    {"euc-kr", "EUC-KR"},
    {"ks_c_5601-1987", "EUC-KR"},
    {"windows-949", "EUC-KR"},
    {"koi8-r", "KOI8-R"},
    {"koi8_r", "KOI8-R"},
    {"koi", "KOI8-R"},
};

bool is_unicode_encoding_name(std::string_view name) {
    return name.starts_with("UTF-");
}

// A charset label as written in a document ("  Windows-1251 ", "'gbk'"),
// trimmed and lower-cased; empty when it cannot be a label.
std::string normalized_label(std::string_view label) {
    const auto is_junk = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'';
    };
    while (!label.empty() && is_junk(label.front())) label.remove_prefix(1);
    while (!label.empty() && is_junk(label.back())) label.remove_suffix(1);
    // Real labels are short and plain; anything else must not reach ICU,
    // which would try to load a converter file of that name.
    if (label.empty() || label.size() > 40) return {};
    std::string out;
    for (const char c : label) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
        if (!plain) return {};
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

// The encoding a declared label names, if dossier can read it as a legacy
// (non-Unicode) encoding.
std::optional<Encoding> declared_encoding(std::string_view declared) {
    const std::string label = normalized_label(declared);
    if (label.empty()) return std::nullopt;
    for (const LabelAlias& alias : kLabelAliases)
        if (alias.label == label) return detected_encoding(alias.name);

    // Only labels in ICU's alias table: never a converter file lookup.
    UErrorCode status = U_ZERO_ERROR;
    if (ucnv_countAliases(label.c_str(), &status) == 0 || U_FAILURE(status)) return std::nullopt;
    status = U_ZERO_ERROR;
    const Converter converter(ucnv_open(label.c_str(), &status));
    if (U_FAILURE(status)) return std::nullopt;
    switch (ucnv_getType(converter.get())) {
        case UCNV_UTF8: case UCNV_UTF16_BigEndian: case UCNV_UTF16_LittleEndian:
        case UCNV_UTF32_BigEndian: case UCNV_UTF32_LittleEndian: case UCNV_UTF16:
        case UCNV_UTF32: case UCNV_UTF7: case UCNV_CESU8: case UCNV_SCSU: case UCNV_BOCU1:
        case UCNV_IMAP_MAILBOX:
            return std::nullopt;
        default:
            break;
    }
    const char* icu_name = ucnv_getName(converter.get(), &status);
    if (U_FAILURE(status) || icu_name == nullptr) return std::nullopt;
    // The MIME name where there is one ("ISO-8859-5"), else IANA's ("KOI8-U").
    std::string name;
    for (const char* standard : {"MIME", "IANA"}) {
        UErrorCode lookup = U_ZERO_ERROR;
        const char* standard_name = ucnv_getStandardName(icu_name, standard, &lookup);
        if (U_SUCCESS(lookup) && standard_name != nullptr) {
            name = standard_name;
            break;
        }
    }
    if (name.empty()) name = icu_name;
    return Encoding{name, icu_name};
}

// --- Byte-order marks -----------------------------------------------------

struct ByteOrderMark {
    std::string_view bytes;
    std::string_view encoding;
};
// UTF-32LE before UTF-16LE: its mark starts with UTF-16LE's.
constexpr ByteOrderMark kByteOrderMarks[] = {
    {{"\xEF\xBB\xBF", 3}, "UTF-8"},
    {{"\xFF\xFE\x00\x00", 4}, "UTF-32LE"},
    {{"\x00\x00\xFE\xFF", 4}, "UTF-32BE"},
    {{"\xFF\xFE", 2}, "UTF-16LE"},
    {{"\xFE\xFF", 2}, "UTF-16BE"},
};

const ByteOrderMark* byte_order_mark(std::string_view bytes) {
    for (const ByteOrderMark& mark : kByteOrderMarks)
        if (bytes.starts_with(mark.bytes)) return &mark;
    return nullptr;
}

// --- UTF-8 ----------------------------------------------------------------

// How much of `bytes` reads as UTF-8: well-formed multi-byte sequences,
// ill-formed ones (counted like repair_utf8 does) and non-ASCII bytes.
struct Utf8Census {
    std::size_t well_formed = 0;
    std::size_t ill_formed = 0;
    std::size_t non_ascii_bytes = 0;
};

Utf8Census utf8_census(std::string_view bytes) {
    Utf8Census census;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int64_t>(bytes.size());
    int64_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        const int64_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) ++census.ill_formed;
        else ++census.well_formed;
        census.non_ascii_bytes += static_cast<std::size_t>(i - start);
    }
    return census;
}

// Text that is UTF-8 apart from a few damaged spots (a stray byte, a
// character cut off at the end). Legacy CJK text forms well-formed UTF-8
// sequences by accident, but under a third of the time (GBK ~30%, Big5
// ~15%, Shift_JIS ~20% in the fixtures); Cyrillic and Latin text almost
// never. Requiring four of five makes confusion very unlikely.
bool is_mostly_utf8(const Utf8Census& census) {
    return census.well_formed >= 4 * census.ill_formed;
}

int percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return 100;
    return static_cast<int>((100 * static_cast<unsigned long long>(part)) / whole);
}

DecodedText repaired_utf8(std::string_view bytes, int confidence) {
    RepairedText repaired = repair_utf8(bytes);
    DecodedText decoded;
    decoded.text = std::move(repaired.text);
    decoded.replaced = repaired.replaced;
    decoded.encoding = "UTF-8";
    decoded.confidence = confidence;
    return decoded;
}

// --- Conversion with ICU -----------------------------------------------------

// Replaces every byte sequence the converter cannot map with U+FFFD (ICU's
// own substitution gives U+001A for some single-byte converters) and
// counts them.
void substitute_and_count(const void* context, UConverterToUnicodeArgs* args, const char*,
                          int32_t, UConverterCallbackReason reason, UErrorCode* status) {
    if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
    auto* replaced = static_cast<std::size_t*>(const_cast<void*>(context));
    ++*replaced;
    *status = U_ZERO_ERROR;
    static const UChar kFffd = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &kFffd, 1, 0, status);
}

// Appends UTF-16 code units to `out` as UTF-8. A lead surrogate at the end
// of the chunk waits in `pending` for its trail in the next chunk; unpaired
// surrogates become U+FFFD and are counted.
void append_utf16(std::string& out, const UChar* units, const UChar* end, UChar& pending,
                  std::size_t& replaced) {
    const auto append = [&out](UChar32 c) {
        uint8_t buffer[4];
        int32_t length = 0;
        U8_APPEND_UNSAFE(buffer, length, c);
        out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
    };
    for (; units != end; ++units) {
        const UChar unit = *units;
        if (pending != 0) {
            if (U16_IS_TRAIL(unit)) {
                append(U16_GET_SUPPLEMENTARY(pending, unit));
                pending = 0;
                continue;
            }
            out.append(kReplacement);
            ++replaced;
            pending = 0;
        }
        if (U16_IS_LEAD(unit)) {
            pending = unit;
        } else if (U16_IS_TRAIL(unit)) {
            out.append(kReplacement);
            ++replaced;
        } else {
            append(unit);
        }
    }
}

// `bytes` converted from `encoding` to UTF-8, or nullopt when ICU has no
// such converter.
std::optional<DecodedText> convert(std::string_view bytes, const Encoding& encoding) {
    UErrorCode status = U_ZERO_ERROR;
    const Converter converter(ucnv_open(encoding.converter.c_str(), &status));
    if (U_FAILURE(status)) return std::nullopt;

    DecodedText decoded;
    decoded.encoding = encoding.name;
    ucnv_setToUCallBack(converter.get(), substitute_and_count, &decoded.replaced, nullptr, nullptr,
                        &status);
    if (U_FAILURE(status)) return std::nullopt;

    std::string& out = decoded.text;
    out.reserve(bytes.size() + bytes.size() / 2);
    std::array<UChar, 16384> buffer;
    UChar pending = 0;
    const char* source = bytes.data();
    const char* const source_end = bytes.data() + bytes.size();
    while (true) {
        UChar* target = buffer.data();
        status = U_ZERO_ERROR;
        // flush: the source is always everything that is left.
        ucnv_toUnicode(converter.get(), &target, buffer.data() + buffer.size(), &source, source_end,
                       nullptr, true, &status);
        append_utf16(out, buffer.data(), target, pending, decoded.replaced);
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status) && source != source_end) {
            // Not expected with a substituting callback; keep what was read.
            out.append(kReplacement);
            ++decoded.replaced;
        }
        break;
    }
    if (pending != 0) {
        out.append(kReplacement);
        ++decoded.replaced;
    }
    return decoded;
}

// True when conversion replaced more than 1 in 100 of the non-ASCII bytes:
// the bytes are probably not in that encoding. (Text in the right encoding
// has none, or a few from damage; a wrong multi-byte encoding has several
// per hundred, e.g. GBK text read as EUC-JP or Shift_JIS.)
bool too_many_replaced(const DecodedText& decoded, const Utf8Census& census) {
    return decoded.replaced > 0 && decoded.replaced * 100 > census.non_ascii_bytes;
}

// --- Detection ---------------------------------------------------------------

// ICU's detector looks at no more than the first 8 KiB of its input.
constexpr std::size_t kDetectorWindow = 8000;
// Without a BOM, ICU gives UTF-16/32 a base confidence of 10 for any input;
// real BOM-less UTF-16 text (ASCII letters next to NUL bytes) quickly
// reaches 100.
constexpr int kMinBomlessUnicodeConfidence = 50;
// When nothing fits, windows-1252 maps every byte: the text is indexed,
// with a warning.
constexpr int kFallbackConfidence = 10;
// Candidates to convert before settling for the one with fewest replacements.
constexpr int kMaxCandidatesTried = 4;

// What the detector should look at. A long file may start with pages of
// ASCII (headers, code, tables) that say nothing about its encoding, so
// from a long file it gets the lines that hold non-ASCII bytes (or the
// escapes of ISO-2022). Text with NUL bytes (UTF-16/32 without a BOM) is
// passed unchanged: splitting it at '\n' would break its byte pairs.
std::string detection_sample(std::string_view bytes) {
    if (bytes.size() <= kDetectorWindow || bytes.find('\0') != std::string_view::npos)
        return std::string(bytes.substr(0, std::min(bytes.size(), 4 * kDetectorWindow)));
    std::string sample;
    std::size_t start = 0;
    while (start < bytes.size() && sample.size() < kDetectorWindow) {
        std::size_t end = bytes.find('\n', start);
        end = end == std::string_view::npos ? bytes.size() : end + 1;
        const std::string_view line = bytes.substr(start, end - start);
        start = end;
        const bool informative = std::any_of(line.begin(), line.end(), [](char c) {
            return static_cast<unsigned char>(c) >= 0x80 || c == '\x1B';
        });
        if (informative) sample.append(line.substr(0, kDetectorWindow - sample.size()));
    }
    return sample.empty() ? std::string(bytes.substr(0, kDetectorWindow)) : sample;
}

struct Candidate {
    Encoding encoding;
    int confidence = 0;
};

// ICU's guesses for `bytes`, best first, limited to encodings dossier
// reads (never UTF-8: the caller has ruled it out).
std::vector<Candidate> detect_candidates(std::string_view bytes) {
    std::vector<Candidate> candidates;
    UErrorCode status = U_ZERO_ERROR;
    const Detector detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return candidates;
    const std::string sample = detection_sample(bytes);
    // Skips text inside <...> when the input looks like markup (HTML).
    ucsdet_enableInputFilter(detector.get(), true);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    if (U_FAILURE(status) || matches == nullptr) return candidates;
    for (int32_t i = 0; i < count; ++i) {
        UErrorCode match_status = U_ZERO_ERROR;
        const char* name = ucsdet_getName(matches[i], &match_status);
        const int confidence = ucsdet_getConfidence(matches[i], &match_status);
        if (U_FAILURE(match_status) || name == nullptr) continue;
        std::optional<Encoding> encoding = detected_encoding(name);
        if (!encoding || encoding->name == "UTF-8") continue;
        if (is_unicode_encoding_name(encoding->name) && confidence < kMinBomlessUnicodeConfidence)
            continue;
        const bool seen = std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) {
            return c.encoding.name == encoding->name;
        });
        if (!seen) candidates.push_back({std::move(*encoding), std::clamp(confidence, 0, 100)});
    }
    return candidates;
}

DecodedText detect_and_convert(std::string_view bytes, const Utf8Census& census) {
    std::optional<DecodedText> best;
    int tried = 0;
    for (const Candidate& candidate : detect_candidates(bytes)) {
        if (tried == kMaxCandidatesTried) break;
        std::optional<DecodedText> decoded = convert(bytes, candidate.encoding);
        if (!decoded) continue;
        ++tried;
        decoded->guessed = true;
        decoded->confidence = candidate.confidence;
        if (!too_many_replaced(*decoded, census)) return std::move(*decoded);
        if (!best || decoded->replaced < best->replaced) best = std::move(decoded);
    }
    if (best) return std::move(*best);
    std::optional<DecodedText> fallback = convert(bytes, {"windows-1252", "windows-1252"});
    if (!fallback) return repaired_utf8(bytes, 0);  // ICU without its data: last resort
    fallback->guessed = true;
    fallback->confidence = kFallbackConfidence;
    return std::move(*fallback);
}

// Guards the promise of well-formed UTF-8 whatever a converter produced.
DecodedText well_formed(DecodedText decoded) {
    if (!is_valid_utf8(decoded.text)) {
        RepairedText repaired = repair_utf8(decoded.text);
        decoded.text = std::move(repaired.text);
        decoded.replaced += repaired.replaced;
    }
    return decoded;
}

DecodedText decode(std::string_view bytes, std::string_view declared) {
    if (const ByteOrderMark* mark = byte_order_mark(bytes)) {
        const std::string_view body = bytes.substr(mark->bytes.size());
        if (mark->encoding == "UTF-8") return repaired_utf8(body, 100);
        const std::string name(mark->encoding);
        if (std::optional<DecodedText> decoded = convert(body, {name, name})) return std::move(*decoded);
    }

    if (is_valid_utf8(bytes)) {
        DecodedText decoded;
        decoded.text.assign(bytes);
        decoded.encoding = "UTF-8";
        return decoded;
    }
    const Utf8Census census = utf8_census(bytes);
    if (is_mostly_utf8(census))
        return repaired_utf8(bytes, percent(census.well_formed, census.well_formed + census.ill_formed));

    if (const std::optional<Encoding> encoding = declared_encoding(declared)) {
        if (std::optional<DecodedText> decoded = convert(bytes, *encoding)) {
            if (!too_many_replaced(*decoded, census)) {
                decoded->confidence = 100 - percent(decoded->replaced, census.non_ascii_bytes);
                return std::move(*decoded);
            }
        }
    }
    return detect_and_convert(bytes, census);
}

}  // namespace

bool has_unicode_bom(std::string_view bytes) { return byte_order_mark(bytes) != nullptr; }

DecodedText decode_text(std::string_view bytes, std::string_view declared) {
    return well_formed(decode(bytes, declared));
}

std::vector<std::string> decoding_warnings(const DecodedText& decoded) {
    std::vector<std::string> warnings;
    if (decoded.guessed && decoded.confidence < kLowCharsetConfidence)
        warnings.push_back(fmt::format(
            "not UTF-8; read as {} but the guess is weak (confidence {}%); convert the file to UTF-8 "
            "to be sure",
            decoded.encoding, decoded.confidence));
    if (decoded.replaced > 0)
        warnings.push_back(fmt::format("{} byte sequence{} not valid {} replaced with U+FFFD",
                                       decoded.replaced, decoded.replaced == 1 ? "" : "s",
                                       decoded.encoding));
    return warnings;
}

}  // namespace dossier
