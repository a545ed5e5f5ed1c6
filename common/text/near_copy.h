// SPDX-License-Identifier: MIT
// Near-copy signatures: a MinHash sketch of the set of word shingles (runs
// of kShingleWords analyzed words) of a text. The share of sketch values
// two texts have in common estimates the Jaccard similarity of their
// shingle sets, so the same statement with another header, footer or page
// chrome scores high, while two different statements on one subject,
// which share words but seldom five in a row, score near zero.
//
// MinHash rather than SimHash: SimHash estimates the cosine of weighted
// word vectors, which two texts on one subject in one vocabulary share
// (a false merge); MinHash over shingles estimates the overlap of word
// sequences, with a threshold that reads as "this share of the text is
// the same", and with LSH bands it finds candidates by term look-ups.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace dossier {

inline constexpr std::size_t kShingleWords = 5;
inline constexpr std::size_t kMinHashes = 128;
// Candidates are found by LSH: the first kCopyBands * kRowsPerBand sketch
// values in bands, one term per band. A pair with shingle similarity s
// shares a band with probability 1 - (1 - s^3)^16: 0.98 at s = 0.6, 0.35
// at s = 0.3, 0.002 at s = 0.05 (two texts on one subject).
inline constexpr std::size_t kCopyBands = 16;
inline constexpr std::size_t kRowsPerBand = 3;
// Two texts are near-copies when at least this share of their sketch
// values agree (estimated shingle Jaccard similarity): a 300-word
// statement with 40 words of other header and footer on each copy
// scores about 0.7. With 128 values the estimate's standard deviation is
// at most 0.044, so texts that truly share 40% of their shingles pass
// about once in 30,000 pairs.
inline constexpr double kNearCopySimilarity = 0.6;
// Below this many shingles (54 words) a few words make the difference
// (two reports from one template, "Report 106 ... Item 742" and "Report
// 246 ... Item 1722", share 56% of their shingles): such texts are copies
// only when their sketches are equal (the same words in the same order,
// an exact copy).
inline constexpr std::size_t kMinShinglesForNearCopy = 50;

// Only a text's first this many shingles are sketched: 128 hashes a
// shingle made a 200 MB one-line text cost seconds (and over a minute
// under the sanitizers), and a copy is told by its first 200,000 words as
// well as by all of them. Two long texts that differ only after that are
// taken as copies.
inline constexpr std::uint32_t kMaxSketchedShingles = 200000;

// A text's sketch. The stored form keeps 16 bits of each value (256
// bytes), which is what comparisons use.
struct NearCopySignature {
    std::array<std::uint32_t, kMinHashes> minima{};
    std::uint32_t shingles = 0;  // shingles in the text (capped at 65535 when stored)
};

// Builds a signature from a text's tokens, given in pieces (the builder
// analyzes long texts a chunk at a time): shingles run across pieces.
class NearCopySketcher {
public:
    NearCopySketcher();
    void add(const std::vector<Token>& tokens);
    // nullopt for a text without words.
    std::optional<NearCopySignature> finish();

private:
    void add_shingle(std::size_t words);

    std::array<std::uint64_t, kShingleWords> window_{};  // hashes of the last words, a ring
    std::size_t words_ = 0;
    NearCopySignature signature_;
};

std::optional<NearCopySignature> near_copy_signature(const std::vector<Token>& tokens);

// The stored form: kMinHashes little-endian 16-bit values, then the
// shingle count (16 bits, capped).
std::string encode_signature(const NearCopySignature& signature);
// nullopt when `encoded` is not what encode_signature writes.
std::optional<NearCopySignature> decode_signature(std::string_view encoded);

// The share of sketch values two signatures have in common (compared in
// their stored 16 bits), 0..1.
double signature_similarity(const NearCopySignature& a, const NearCopySignature& b);

// Whether texts with these signatures are copies of one text: estimated
// similarity at least kNearCopySimilarity when both are long enough for
// it to mean something, else equal sketches.
bool are_copies(const NearCopySignature& a, const NearCopySignature& b);

// Whether only an exact copy of this signature's text counts (under
// kMinShinglesForNearCopy shingles).
bool exact_copies_only(const NearCopySignature& signature);

// The LSH band keys of a signature: kCopyBands short strings ("3:1f0c9a2b"),
// equal for two signatures exactly when that band of values is equal
// (up to 32-bit hash collisions, which the similarity check removes).
// A short text (exact_copies_only) has one key instead, "x:" and a 64-bit
// hash of its whole sketch, equal exactly when the sketches are: a short
// record then costs one term, not kCopyBands, and no stored sketch.
std::vector<std::string> band_keys(const NearCopySignature& signature);

}  // namespace dossier
