// SPDX-License-Identifier: MIT
// dossier-db-digest: prints the whole content of a dossier database as text
// that depends neither on document ids nor on the order documents were
// added, so that two databases can be compared with diff (scripts/crash-test
// compares an index that survived kill -9 with a clean one).
//
//   dossier-db-digest DBDIR
//
// Output: the metadata kept by dossier ("meta KEY VALUE" for dossier.schema
// and dossier.gazetteer*; dossier.runs only as "recorded"), then one line
// per document sorted (values 9 and 10, when it arrived, as "stamped"),
//   ID-TERM<TAB>terms TERM:WDF[:NPOS/POSHASH] ...<TAB>values SLOT=VALUE ...
//   <TAB>data LENGTH/HASH
// and last "documents N". Between the two, "spelling WORD FREQ" for each
// word of Xapian's spelling table (index/spelling_data.h). Bytes that could break the layout (space, tab,
// control characters, backslash) are written as \xHH.
//
// Exit status: 0 printed, 1 output failed, 2 bad usage, 3 the database
// cannot be opened or read.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitWrite = 1;  // stdout failed (full disk, closed pipe)
constexpr int kExitUsage = 2;
constexpr int kExitDatabase = 3;

constexpr std::string_view kIdPrefix = "Q";
// All of dossier's own keys: a resumed index must end with the same settings
// and no re-analysis left pending.
constexpr std::string_view kKeptMetadata[] = {"dossier."};
// When documents arrived and the runs that brought them (kAddedSlot,
// kChangedSlot, kRunsKey in index/schema.h) say when, not what: a resumed
// or parallel build takes other runs and times than a clean one. Only their
// presence is compared.
constexpr std::string_view kRunsKey = "dossier.runs";
bool is_when_slot(Xapian::valueno slot) { return slot == 9 || slot == 10; }

// FNV-1a, 64 bits: stable across compilers and runs, unlike std::hash.
class Fnv1a {
public:
    void add(std::string_view bytes) {
        for (const char c : bytes) {
            hash_ ^= static_cast<unsigned char>(c);
            hash_ *= 0x100000001b3ULL;
        }
    }
    void add(std::uint32_t number) {
        for (int shift = 0; shift < 32; shift += 8) {
            hash_ ^= (number >> shift) & 0xffU;
            hash_ *= 0x100000001b3ULL;
        }
    }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Keeps fields and items separable whatever bytes a term or value holds.
void append_escaped(std::string& out, std::string_view bytes) {
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f || c == '\\')
            fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
        else
            out += c;
    }
}

std::string escaped(std::string_view bytes) {
    std::string out;
    append_escaped(out, bytes);
    return out;
}

// " term:wdf" and, when it has positions, ":count/hash" of the position
// list; a hash keeps lines short while any moved position still changes it.
// Asking the count first is cheaper than opening an empty position list
// (most terms here are unpositioned stems and boolean terms).
void append_term(std::string& line, const Xapian::TermIterator& term) {
    line += ' ';
    append_escaped(line, *term);
    fmt::format_to(std::back_inserter(line), ":{}", term.get_wdf());
    const Xapian::termcount positions = term.positionlist_count();
    if (positions == 0) return;
    Fnv1a hash;
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) hash.add(*pos);
    fmt::format_to(std::back_inserter(line), ":{}/{:016x}", positions, hash.value());
}

std::string id_terms(const Xapian::Document& document) {
    std::string ids;
    auto term = document.termlist_begin();
    term.skip_to(std::string(kIdPrefix));
    for (; term != document.termlist_end() && (*term).starts_with(kIdPrefix); ++term) {
        if (!ids.empty()) ids += ' ';
        append_escaped(ids, *term);
    }
    return ids.empty() ? "(no-id-term)" : ids;
}

// The id term comes first so that sorting the lines sorts by document.
std::string describe_document(const Xapian::Document& document) {
    std::string line = id_terms(document);
    line += "\tterms";
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term)
        append_term(line, term);
    line += "\tvalues";
    for (auto value = document.values_begin(); value != document.values_end(); ++value) {
        fmt::format_to(std::back_inserter(line), " {}=", value.get_valueno());
        if (is_when_slot(value.get_valueno()))
            line += "stamped";
        else
            append_escaped(line, *value);
    }
    const std::string data = document.get_data();
    Fnv1a hash;
    hash.add(data);
    fmt::format_to(std::back_inserter(line), "\tdata {}/{:016x}", data.size(), hash.value());
    return line;
}

std::vector<std::string> describe_metadata(const Xapian::Database& database) {
    std::vector<std::string> lines;
    for (const std::string_view prefix : kKeptMetadata) {
        for (auto key = database.metadata_keys_begin(std::string(prefix));
             key != database.metadata_keys_end(std::string(prefix)); ++key)
            lines.push_back(fmt::format("meta {} {}", escaped(*key),
                                        *key == kRunsKey ? "recorded" : escaped(database.get_metadata(*key))));
    }
    return lines;
}

std::vector<std::string> describe_spelling(const Xapian::Database& database) {
    std::vector<std::string> lines;
    for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word)
        lines.push_back(fmt::format("spelling {} {}", escaped(*word), word.get_termfreq()));
    return lines;
}

std::vector<std::string> describe_documents(const Xapian::Database& database) {
    std::vector<std::string> lines;
    lines.reserve(database.get_doccount());
    for (auto id = database.postlist_begin(""); id != database.postlist_end(""); ++id)
        lines.push_back(describe_document(database.get_document(*id)));
    std::sort(lines.begin(), lines.end());
    return lines;
}

void print_digest(const Xapian::Database& database) {
    std::vector<std::string> metadata = describe_metadata(database);
    std::sort(metadata.begin(), metadata.end());
    const std::vector<std::string> documents = describe_documents(database);
    const auto print_line = [](const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
    };
    for (const std::string& line : metadata) print_line(line);
    for (const std::string& line : describe_spelling(database)) print_line(line);
    for (const std::string& line : documents) print_line(line);
    std::printf("documents %zu\n", documents.size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || std::string_view(argv[1]).starts_with('-')) {
        const bool help = argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h");
        (help ? std::cout : std::cerr) << "usage: dossier-db-digest DBDIR\n";
        return help ? kExitOk : kExitUsage;
    }
    const std::string path = argv[1];
    try {
        const Xapian::Database database(path);
        print_digest(database);
    } catch (const Xapian::Error& e) {
        std::cerr << "dossier-db-digest: cannot read database '" << path << "': " << e.get_description() << "\n";
        return kExitDatabase;
    }
    if (std::fflush(stdout) != 0) {
        std::perror("dossier-db-digest: write");
        return kExitWrite;
    }
    return kExitOk;
}
