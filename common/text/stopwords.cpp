// SPDX-License-Identifier: MIT
#include "text/stopwords.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/embedded_data.h"
#include "text/normalizer.h"

namespace dossier {

namespace {

std::unique_ptr<Xapian::SimpleStopper> load_stopper(std::string_view code) {
    const std::string_view list = embedded_data("stopwords/" + std::string(code) + ".txt");
    if (list.empty()) return nullptr;
    auto stopper = std::make_unique<Xapian::SimpleStopper>();
    std::size_t start = 0;
    while (start < list.size()) {
        std::size_t end = list.find('\n', start);
        if (end == std::string_view::npos) end = list.size();
        std::string_view line = list.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        // Words are stored as a reader writes them; match them as indexed.
        stopper->add(normalize_word(line));
    }
    return stopper;
}

}  // namespace

const Xapian::Stopper* stopper_for(std::string_view code) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>, std::less<>> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(code);
    if (it == cache.end()) it = cache.emplace(std::string(code), load_stopper(code)).first;
    return it->second.get();
}

}  // namespace dossier
