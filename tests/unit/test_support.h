// SPDX-License-Identifier: MIT
// Small helpers shared by the unit tests: temporary folders that clean up
// after themselves, files, environment variables and compact strings.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entities.h"
#include "formats/source_document.h"
#include "index/document_builder.h"
#include "search/search.h"

namespace dossier::test {

// The built-in names (countries, organisations, gazetteer), loaded once.
inline const EntityCatalog& builtin_catalog() {
    static const EntityCatalog catalog = EntityCatalog::load({});
    return catalog;
}

// A fresh folder under the system temp folder, removed with its contents
// when the guard goes out of scope (also when an assertion fails).
class TempDir {
public:
    explicit TempDir(std::string_view tag) {
        static std::atomic<unsigned> counter{0};
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = std::filesystem::temp_directory_path() /
                ("dossier-unit-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + "-" + std::to_string(now));
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        // Files made unreadable by a test must not survive it.
        for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }

    const std::filesystem::path& path() const { return path_; }

    // Writes `bytes` exactly (binary) to `name` inside the folder.
    std::filesystem::path write(const std::string& name, std::string_view bytes) const {
        const std::filesystem::path file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file;
    }

private:
    std::filesystem::path path_;
};

// Sets (or with nullopt unsets) an environment variable and restores the
// previous state on destruction.
class EnvGuard {
public:
    EnvGuard(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) saved_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
    ~EnvGuard() {
        if (saved_) ::setenv(name_.c_str(), saved_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }

private:
    std::string name_;
    std::optional<std::string> saved_;
};

// Writes `source` into `database` as the indexer writes an English file:
// completed from its text (title, dateline), with the built-in names.
inline void add_english_document(Xapian::WritableDatabase& database, SourceDocument source) {
    complete_from_text(source, "");
    const auto built = build_document(source, "en", builtin_catalog());
    database.replace_document(built.id_term, built.document);
}

// A file of a test database: its name, date ("": undated) and text.
struct Report {
    const char* name;
    const char* date;
    const char* text;
};

// Writes `reports` into `database` as the indexer writes English files
// in `folder`/docs, dated by their metadata.
inline void add_reports(Xapian::WritableDatabase& database, const std::filesystem::path& folder,
                        std::span<const Report> reports) {
    for (const Report& report : reports) {
        SourceDocument source;
        source.path = (folder / "docs" / report.name).string();
        source.format = "text";
        source.text = report.text;
        source.date = report.date;
        if (!source.date.empty()) source.date_source = std::string(kDateFromMetadata);
        add_english_document(database, source);
    }
}

// File names of the hits in rank order, joined by '|'.
inline std::string ranked_names(const SearchResult& result) {
    std::string out;
    for (const auto& hit : result.hits)
        out += (out.empty() ? "" : "|") + std::filesystem::path(hit.document.path).filename().string();
    return out;
}

// "value=count" of one counted facet of `result`, in the order given,
// joined by ' '.
inline std::string counted(const SearchResult& result, const std::string& facet) {
    for (const FacetCounts& counts : result.facets) {
        if (counts.facet != facet) continue;
        std::string out;
        for (const auto& value : counts.values)
            out += (out.empty() ? "" : " ") + value.value + "=" + std::to_string(value.count);
        return out;
    }
    return "(facet " + facet + " not counted)";
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string join(const std::vector<std::string>& parts, std::string_view separator = "|") {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += separator;
        out += parts[i];
    }
    return out;
}

// Splits on single spaces (for argv tables); "" gives no parts.
inline std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> parts;
    std::istringstream in{std::string(text)};
    for (std::string word; in >> word;) parts.push_back(word);
    return parts;
}

// Decodes well-formed UTF-8 into code points; written independently of
// dossier's utf8.h so that tests of code point offsets do not trust the
// code under test.
inline std::u32string to_code_points(std::string_view text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < n && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out.push_back(c);
        i += n;
    }
    return out;
}

inline std::string to_utf8(std::u32string_view code_points) {
    std::string out;
    for (char32_t c : code_points) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

inline std::string fixture(const std::string& name) {
    return read_file(std::filesystem::path(FIXTURES_DIR) / name);
}

// The built-in gazetteer, loaded once.
inline const Gazetteer& builtin_gazetteer() {
    static const Gazetteer gazetteer = Gazetteer::builtin();
    return gazetteer;
}

// "incident:" or "actor:", to print a mention.
inline std::string mention_tag(Facet facet) { return facet == Facet::actor ? "actor:" : "incident:"; }

// What `gazetteer` finds in `text`: "incident:wannacry|actor:lazarus", in
// text order.
inline std::string gazetteer_mentions(const Gazetteer& gazetteer, const std::string& text, const std::string& lang) {
    std::vector<EntityMention> mentions;
    gazetteer.find(analyze(text), text, lang, mentions);
    std::vector<std::string> parts;
    for (const auto& mention : mentions) parts.push_back(mention_tag(mention.facet) + mention.id);
    return join(parts);
}

}  // namespace dossier::test
