// SPDX-License-Identifier: MIT
#include "text/near_copy.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace dossier {

namespace {

// splitmix64's finalizer: every input bit reaches every output bit.
constexpr std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// FNV-1a, then mixed: stable across runs, processes and machines (the
// sketches are stored).
std::uint64_t word_hash(std::string_view word) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : word) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return mix(hash);
}

// The kMinHashes hash functions: multiply-shift, (a * x + b) >> 32 with a
// odd, over an already mixed 64-bit shingle hash; a fixed seed makes them
// the same in every process.
struct HashFamily {
    std::array<std::uint64_t, kMinHashes> multipliers{};
    std::array<std::uint64_t, kMinHashes> addends{};
    constexpr HashFamily() {
        std::uint64_t state = 0x6d696e68617368ULL;  // "minhash"
        for (std::size_t i = 0; i < kMinHashes; ++i) {
            state += 0x9e3779b97f4a7c15ULL;
            multipliers[i] = mix(state) | 1;
            state += 0x9e3779b97f4a7c15ULL;
            addends[i] = mix(state);
        }
    }
};
constexpr HashFamily kFamily;

constexpr std::uint32_t kStoredShinglesCap = 0xFFFF;

std::uint16_t stored_bits(std::uint32_t value) { return static_cast<std::uint16_t>(value); }

// Folds one shingle's hash into the minima: kMinHashes multiply-shifts,
// a tenth of a speech's analysis. The same integer arithmetic in
// every clone; on a CPU with AVX2 the loop runs four hash functions at
// a time (the default build targets plain x86-64, which has no vector
// 64-bit multiply worth using).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx2", "default")))
#endif
void fold_shingle(std::array<std::uint32_t, kMinHashes>& minima, std::uint64_t hash) {
    for (std::size_t i = 0; i < kMinHashes; ++i) {
        const auto value = static_cast<std::uint32_t>((kFamily.multipliers[i] * hash + kFamily.addends[i]) >> 32);
        minima[i] = std::min(minima[i], value);
    }
}

}  // namespace

NearCopySketcher::NearCopySketcher() { signature_.minima.fill(std::numeric_limits<std::uint32_t>::max()); }

void NearCopySketcher::add_shingle(std::size_t words) {
    // The last `words` word hashes, oldest first, in one hash.
    std::uint64_t hash = 0x7368696e676c65ULL;  // "shingle"
    for (std::size_t i = words; i > 0; --i) hash = mix(hash ^ window_[(words_ - i) % kShingleWords]);
    fold_shingle(signature_.minima, hash);
    ++signature_.shingles;
}

void NearCopySketcher::add(const std::vector<Token>& tokens) {
    for (const Token& token : tokens) {
        if (signature_.shingles >= kMaxSketchedShingles) return;
        window_[words_ % kShingleWords] = word_hash(token.term);
        ++words_;
        if (words_ >= kShingleWords) add_shingle(kShingleWords);
    }
}

std::optional<NearCopySignature> NearCopySketcher::finish() {
    if (words_ == 0) return std::nullopt;
    if (words_ < kShingleWords) add_shingle(words_);  // a short text is one shingle
    return signature_;
}

std::optional<NearCopySignature> near_copy_signature(const std::vector<Token>& tokens) {
    NearCopySketcher sketcher;
    sketcher.add(tokens);
    return sketcher.finish();
}

std::string encode_signature(const NearCopySignature& signature) {
    std::string encoded;
    encoded.reserve(2 * kMinHashes + 2);
    const auto put = [&encoded](std::uint16_t value) {
        encoded.push_back(static_cast<char>(value & 0xFF));
        encoded.push_back(static_cast<char>(value >> 8));
    };
    for (const std::uint32_t value : signature.minima) put(stored_bits(value));
    put(static_cast<std::uint16_t>(std::min(signature.shingles, kStoredShinglesCap)));
    return encoded;
}

std::optional<NearCopySignature> decode_signature(std::string_view encoded) {
    if (encoded.size() != 2 * kMinHashes + 2) return std::nullopt;
    const auto get = [&encoded](std::size_t i) {
        return static_cast<std::uint16_t>(static_cast<unsigned char>(encoded[2 * i]) |
                                          static_cast<unsigned char>(encoded[2 * i + 1]) << 8);
    };
    NearCopySignature signature;
    for (std::size_t i = 0; i < kMinHashes; ++i) signature.minima[i] = get(i);
    signature.shingles = get(kMinHashes);
    return signature;
}

double signature_similarity(const NearCopySignature& a, const NearCopySignature& b) {
    std::size_t equal = 0;
    for (std::size_t i = 0; i < kMinHashes; ++i) equal += stored_bits(a.minima[i]) == stored_bits(b.minima[i]);
    return static_cast<double>(equal) / kMinHashes;
}

bool are_copies(const NearCopySignature& a, const NearCopySignature& b) {
    const double similarity = signature_similarity(a, b);
    if (std::min(a.shingles, b.shingles) < kMinShinglesForNearCopy) return similarity == 1.0;
    return similarity >= kNearCopySimilarity;
}

bool exact_copies_only(const NearCopySignature& signature) {
    return signature.shingles < kMinShinglesForNearCopy;
}

std::vector<std::string> band_keys(const NearCopySignature& signature) {
    if (exact_copies_only(signature)) {
        // The whole sketch as compared (16 bits a value), in one key.
        std::uint64_t hash = signature.shingles;
        for (const std::uint32_t minimum : signature.minima) hash = mix(hash ^ (minimum & 0xffffu));
        return {fmt::format("x:{:016x}", hash)};
    }
    std::vector<std::string> keys;
    keys.reserve(kCopyBands);
    for (std::size_t band = 0; band < kCopyBands; ++band) {
        std::uint64_t hash = band;
        for (std::size_t row = 0; row < kRowsPerBand; ++row)
            hash = mix(hash ^ signature.minima[band * kRowsPerBand + row]);
        keys.push_back(fmt::format("{:x}:{:08x}", band, static_cast<std::uint32_t>(hash)));
    }
    return keys;
}

}  // namespace dossier
