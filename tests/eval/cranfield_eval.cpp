// SPDX-License-Identifier: MIT
// cranfield-eval: ranking quality of dossier against the Cranfield 1400
// judgments (../shared/corpora/cranfield, see its README).
//
//   cranfield-eval export CRANFIELD_DIR OUT_DIR
//       writes each document as OUT_DIR/cran-NNNN.txt with front matter
//       (title, lang: en) for dossier-index.
//   cranfield-eval score CRANFIELD_DIR --db DB [--min-ndcg X] [--runs-out FILE]
//       runs the 225 queries through dossier::run_search and prints
//       nDCG@10 (graded), MAP and P@10 (binary); exits 1 when nDCG@10 is
//       below --min-ndcg.
//
// scripts/eval-cranfield drives both steps.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "eval_program.h"
#include "search/search.h"

namespace fs = std::filesystem;
using namespace dossier::eval;

namespace {

constexpr std::string_view kProgram = "cranfield-eval";

constexpr Xapian::doccount kResultDepth = 1000;  // ranks scored for MAP
constexpr std::size_t kCutoff = 10;              // nDCG@10, P@10

constexpr std::string_view kUsage =
    "usage: cranfield-eval export CRANFIELD_DIR OUT_DIR\n"
    "       cranfield-eval score CRANFIELD_DIR --db DB [--min-ndcg X] [--runs-out FILE]\n";

// ---------------------------------------------------------------- reading

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// The file's lines without their line ends (the collection has CRLF ends).
std::vector<std::string> read_lines(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    return lines;
}

// ".I 12" -> 12; nullopt for any other line.
std::optional<int> record_id(std::string_view line) {
    if (!line.starts_with(".I")) return std::nullopt;
    const std::string_view rest = trim(line.substr(2));
    if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(std::string(rest));
}

// ".T" -> 'T' for a field marker line; 0 otherwise.
char field_marker(std::string_view line) {
    line = trim(line);
    if (line.size() == 2 && line[0] == '.' && std::string_view("TABW").find(line[1]) != std::string_view::npos)
        return line[1];
    return 0;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string joined;
    for (const std::string& line : lines) {
        const std::string_view part = trim(line);
        if (part.empty()) continue;
        if (!joined.empty()) joined += ' ';
        joined += part;
    }
    return joined;
}

struct CranDocument {
    int id = 0;
    std::vector<std::string> title;     // .T lines
    std::vector<std::string> abstract;  // .W lines
};

// cran.all.1400. Three records (240, 576, 578) are damaged in the
// published file: marker lines (.A, .B, .W) reappear inside the abstract.
// Everything after a record's first .W is taken as abstract text, the
// stray marker lines themselves dropped, so no text is lost.
std::vector<CranDocument> read_documents(const fs::path& file) {
    std::vector<CranDocument> documents;
    char field = 0;
    for (const std::string& line : read_lines(file)) {
        if (const auto id = record_id(line)) {
            documents.push_back(CranDocument{*id, {}, {}});
            field = 0;
            continue;
        }
        if (documents.empty()) continue;
        if (const char marker = field_marker(line)) {
            if (field != 'W') field = marker;
            continue;
        }
        if (field == 'T') documents.back().title.push_back(line);
        if (field == 'W') documents.back().abstract.push_back(line);
    }
    return documents;
}

struct CranQuery {
    int number = 0;  // position in the file, 1-based: the id the judgments use
    int file_id = 0; // the .I number (with gaps)
    std::string text;
};

std::vector<CranQuery> read_queries(const fs::path& file) {
    std::vector<CranQuery> queries;
    std::vector<std::string> text;
    bool in_text = false;
    const auto finish = [&] {
        if (!queries.empty()) queries.back().text = join_lines(text);
        text.clear();
    };
    for (const std::string& line : read_lines(file)) {
        if (const auto id = record_id(line)) {
            finish();
            queries.push_back(CranQuery{static_cast<int>(queries.size()) + 1, *id, {}});
            in_text = false;
            continue;
        }
        if (const char marker = field_marker(line)) {
            in_text = marker == 'W';
            continue;
        }
        if (in_text) text.push_back(line);
    }
    finish();
    return queries;
}

// Code -1 marks, for every query, the paper the question was written from
// (query 13 "transonic aileron buzz" -> document 496 "a theory of
// transonic aileron buzz"): neither a graded answer nor irrelevant.
constexpr int kSourcePaper = -1;

// query number -> document id -> gain (5 - code for codes 1..4;
// kSourcePaper for -1).
using Judgments = std::map<int, std::map<int, int>>;

Judgments read_judgments(const fs::path& file) {
    Judgments judgments;
    int line_number = 0;
    for (const std::string& line : read_lines(file)) {
        ++line_number;
        if (trim(line).empty()) continue;
        std::istringstream fields(line);
        int query = 0, document = 0, code = 0;
        if (!(fields >> query >> document >> code))
            throw std::runtime_error(fmt::format("{}:{}: expected 'query document code'", file.string(),
                                                 line_number));
        int gain = kSourcePaper;
        if (code >= 1 && code <= 4) {
            gain = 5 - code;
        } else if (code != -1) {
            throw std::runtime_error(fmt::format("{}:{}: unknown relevance code {}", file.string(),
                                                 line_number, code));
        }
        judgments[query][document] = gain;
    }
    return judgments;
}

// ---------------------------------------------------------------- export

std::string cran_file_name(int id) { return fmt::format("cran-{:04d}.txt", id); }

// "cran-0042.txt" -> 42.
std::optional<int> cran_id_from_path(std::string_view path) {
    const std::string name = fs::path(path).filename().string();
    if (name.size() != 13 || !name.starts_with("cran-") || !name.ends_with(".txt")) return std::nullopt;
    const std::string digits = name.substr(5, 4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(digits);
}

int run_export(const fs::path& cranfield_dir, const fs::path& out_dir) {
    const std::vector<CranDocument> documents = read_documents(cranfield_dir / "cran.all.1400");
    fs::create_directories(out_dir);
    int written = 0;
    std::vector<int> empty;
    for (const CranDocument& document : documents) {
        const std::string title = join_lines(document.title);
        if (title.empty() && join_lines(document.abstract).empty()) {
            // 471 and 995 have no title and no text; the indexer would skip
            // them as empty anyway.
            empty.push_back(document.id);
            continue;
        }
        const fs::path path = out_dir / cran_file_name(document.id);
        std::ofstream out(path, std::ios::binary);
        out << "---\n" << "title: " << title << "\n" << "lang: en\n" << "---\n";
        for (const std::string& line : document.abstract) out << line << "\n";
        if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
        ++written;
    }
    std::cout << fmt::format("cranfield-eval: exported {} of {} documents to {}", written,
                             documents.size(), out_dir.string());
    if (!empty.empty()) {
        std::cout << " (left out, no text:";
        for (int id : empty) std::cout << ' ' << id;
        std::cout << ")";
    }
    std::cout << "\n";
    return kExitOk;
}

// ---------------------------------------------------------------- scoring

// The query as searched. dossier's query syntax gives meaning to '"', '(',
// ')', leading '+'/'-', "field:" and trailing '*', and Cranfield queries are
// full of such characters ("?", "(", "-", "/", "'"). We evaluate the ranking
// of the words, as Lucene's published Cranfield figure does with its
// QueryParser escaping: every character that is not a letter, digit or
// space becomes a space. Letters are lower-cased (the collection already
// is) so that no word can turn into an AND/OR/NOT operator.
std::string plain_words(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            out += c;  // part of a UTF-8 letter; the collection is ASCII anyway
        } else if (std::isalnum(u)) {
            out += static_cast<char>(std::tolower(u));
        } else {
            out += ' ';
        }
    }
    return out;
}

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

struct QueryScores {
    double ndcg = 0;
    double average_precision = 0;
    double precision = 0;
};

// `ranking`: Cranfield ids, best first (0 for a hit that is not a
// Cranfield file).
// How the source paper (code -1) of each query is scored.
enum class SourcePolicy {
    not_relevant,  // it stays in the ranking with gain 0 (strict)
    left_out,      // it is removed from the ranking before scoring
};

QueryScores score_query(std::vector<int> ranking, const std::map<int, int>& gains, SourcePolicy policy) {
    if (policy == SourcePolicy::left_out)
        std::erase_if(ranking, [&](int document) {
            const auto found = gains.find(document);
            return found != gains.end() && found->second == kSourcePaper;
        });
    std::vector<int> ideal;
    std::size_t relevant_total = 0;
    for (const auto& [document, gain] : gains) {
        ideal.push_back(std::max(gain, 0));
        if (gain > 0) ++relevant_total;
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double ideal_dcg = 0;
    for (std::size_t i = 0; i < std::min(kCutoff, ideal.size()); ++i) ideal_dcg += ideal[i] * discount(i + 1);

    QueryScores scores;
    double dcg = 0, precision_sum = 0;
    std::size_t relevant_seen = 0, relevant_at_cutoff = 0;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
        const auto found = gains.find(ranking[i]);
        const int gain = found == gains.end() ? 0 : found->second;
        if (gain <= 0) continue;
        const std::size_t rank = i + 1;
        ++relevant_seen;
        precision_sum += static_cast<double>(relevant_seen) / static_cast<double>(rank);
        if (rank <= kCutoff) {
            dcg += gain * discount(rank);
            ++relevant_at_cutoff;
        }
    }
    scores.ndcg = ideal_dcg > 0 ? dcg / ideal_dcg : 0;
    scores.average_precision = relevant_total > 0 ? precision_sum / static_cast<double>(relevant_total) : 0;
    scores.precision = static_cast<double>(relevant_at_cutoff) / static_cast<double>(kCutoff);
    return scores;
}

struct ScoreOptions {
    fs::path cranfield_dir;
    std::string database;
    std::optional<double> min_ndcg;
    std::optional<fs::path> runs_out;
};

ScoreOptions parse_score_options(const std::vector<std::string>& args) {
    ScoreOptions options;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> value;
        if (name.starts_with("--")) {
            if (const std::size_t equals = name.find('='); equals != std::string::npos) {
                value = name.substr(equals + 1);
                name.resize(equals);
            }
            if (name != "--db" && name != "--min-ndcg" && name != "--runs-out")
                throw UsageFailure{"unknown option " + name};
            if (!value) {
                if (i + 1 == args.size()) throw UsageFailure{name + " needs a value"};
                value = args[++i];
            }
            if (name == "--db") options.database = *value;
            if (name == "--min-ndcg") options.min_ndcg = parse_number(name, *value);
            if (name == "--runs-out") options.runs_out = *value;
        } else {
            positional.push_back(name);
        }
    }
    if (positional.size() != 1) throw UsageFailure{"score needs exactly one CRANFIELD_DIR"};
    if (options.database.empty()) throw UsageFailure{"score needs --db DB"};
    options.cranfield_dir = positional.front();
    return options;
}

int run_score(const ScoreOptions& options) {
    const std::vector<CranQuery> queries = read_queries(options.cranfield_dir / "cran.qry");
    const Judgments judgments = read_judgments(options.cranfield_dir / "cranqrel");

    std::optional<std::ofstream> runs;
    if (options.runs_out) {
        runs.emplace(*options.runs_out, std::ios::binary);
        if (!*runs) throw std::runtime_error("cannot write " + options.runs_out->string());
    }

    struct Totals {
        double ndcg = 0, average_precision = 0, precision = 0;
        void add(const QueryScores& scores) {
            ndcg += scores.ndcg;
            average_precision += scores.average_precision;
            precision += scores.precision;
        }
    } strict, sources_left_out;
    int scored = 0;
    std::vector<int> unjudged, failed;
    std::size_t foreign_hits = 0;
    for (const CranQuery& query : queries) {
        const auto judged = judgments.find(query.number);
        const bool has_relevant =
            judged != judgments.end() &&
            std::any_of(judged->second.begin(), judged->second.end(), [](const auto& j) { return j.second > 0; });
        if (!has_relevant) {
            unjudged.push_back(query.number);
            continue;
        }

        dossier::SearchRequest request;
        request.databases = {options.database};
        request.query = plain_words(query.text);
        request.offset = 0;
        request.limit = kResultDepth;
        request.with_snippets = false;
        std::vector<int> ranking;
        try {
            const dossier::SearchResult result = dossier::run_search(request);
            for (const dossier::Hit& hit : result.hits) {
                const std::optional<int> id = cran_id_from_path(hit.document.path);
                if (!id) ++foreign_hits;
                ranking.push_back(id.value_or(0));
                if (runs && id)
                    *runs << fmt::format("{} Q0 {} {} {:.6f} dossier\n", query.number, *id, hit.rank,
                                         hit.score);
            }
        } catch (const dossier::QueryError& e) {
            // e.g. a query of stop words only: it finds nothing and scores 0.
            std::cerr << "cranfield-eval: query " << query.number << ": " << e.what() << "\n";
            failed.push_back(query.number);
        }
        strict.add(score_query(ranking, judged->second, SourcePolicy::not_relevant));
        sources_left_out.add(score_query(ranking, judged->second, SourcePolicy::left_out));
        ++scored;
    }

    if (!unjudged.empty()) {
        std::cerr << "cranfield-eval: left out " << unjudged.size() << " queries with no relevant document:";
        for (int number : unjudged) std::cerr << ' ' << number;
        std::cerr << "\n";
    }
    if (foreign_hits > 0)
        std::cerr << "cranfield-eval: " << foreign_hits
                  << " hits were not cran-NNNN.txt files (counted as not relevant)\n";
    if (scored == 0) {
        std::cerr << "cranfield-eval: no judged queries to score\n";
        return kExitError;
    }

    // The gate uses the source papers left out: a system that finds the
    // paper a question was written from is not wrong, and with it judged
    // not relevant every good ranking loses its first place on ~40% of
    // the queries. Both figures are printed.
    const auto report = [&](const Totals& totals, const char* policy) {
        std::cout << fmt::format("Cranfield: {} queries, nDCG@10 {:.4f}, MAP {:.4f}, P@10 {:.4f} ({})\n", scored,
                                 totals.ndcg / scored, totals.average_precision / scored,
                                 totals.precision / scored, policy);
    };
    report(sources_left_out, "source papers (code -1) left out of the ranking");
    report(strict, "source papers (code -1) judged not relevant");
    return check_floor(kProgram, sources_left_out.ndcg / scored, options.min_ndcg);
}

}  // namespace

int main(int argc, char** argv) {
    return run_program(kProgram, kUsage, argc, argv, [](const std::vector<std::string>& args) {
        if (args.empty()) throw UsageFailure{"no command given"};
        if (args[0] == "export") {
            if (args.size() != 3) throw UsageFailure{"export needs CRANFIELD_DIR and OUT_DIR"};
            return run_export(args[1], args[2]);
        }
        if (args[0] == "score")
            return run_score(parse_score_options(std::vector<std::string>(args.begin() + 1, args.end())));
        throw UsageFailure{"unknown command '" + args[0] + "'"};
    });
}
