// SPDX-License-Identifier: MIT
#include "text/segmenter.h"

#include <memory>
#include <stdexcept>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace dossier {

namespace {

// Creating a word break iterator loads its rules and dictionaries, which
// costs far more than segmenting a document, so each thread keeps one.
icu::BreakIterator& thread_word_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status) || !bi)
            throw std::runtime_error(std::string("ICU word break iterator unavailable: ") +
                                     u_errorName(status));
        return bi;
    }();
    return *iterator;
}

struct UTextCloser {
    void operator()(UText* ut) const { utext_close(ut); }
};

}  // namespace

std::vector<WordSpan> segment_words(std::string_view text) {
    std::vector<WordSpan> words;
    if (text.empty()) return words;

    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> ut(
        utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
    if (U_FAILURE(status)) throw std::runtime_error("cannot segment text: invalid UTF-8");

    icu::BreakIterator& bi = thread_word_iterator();
    bi.setText(ut.get(), status);
    if (U_FAILURE(status)) throw std::runtime_error("cannot segment text");

    int32_t start = bi.first();
    for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
        const int32_t rule = bi.getRuleStatus();
        if (rule < UBRK_WORD_NUMBER) continue;  // spaces and punctuation
        WordKind kind = WordKind::letter;
        if (rule < UBRK_WORD_NUMBER_LIMIT) kind = WordKind::number;
        else if (rule >= UBRK_WORD_KANA && rule < UBRK_WORD_KANA_LIMIT) kind = WordKind::kana;
        else if (rule >= UBRK_WORD_IDEO && rule < UBRK_WORD_IDEO_LIMIT) kind = WordKind::ideographic;
        words.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end), kind});
    }
    // Detach the iterator from the UText before the UText is closed.
    bi.setText(icu::UnicodeString());
    return words;
}

}  // namespace dossier
