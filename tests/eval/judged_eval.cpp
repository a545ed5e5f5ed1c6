// SPDX-License-Identifier: MIT
// judged-eval: ranking quality of dossier on a small judged set written
// for the tests (tests/fixtures/ranking/<lang>/, see its README).
//
//   judged-eval SET_DIR --db DB [--min-ndcg X] [--verbose]
//       runs the questions of SET_DIR/queries.tsv ("ID<TAB>question")
//       through dossier::run_search on DB (SET_DIR/docs indexed) and scores
//       them against SET_DIR/qrels.tsv ("ID<TAB>FILE<TAB>GAIN", GAIN 1 or
//       2; a file not listed is not relevant): prints nDCG@10 and MAP;
//       exits 1 when nDCG@10 is below --min-ndcg.
//
// scripts/eval-ranking drives the indexing and this step.
#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "eval_program.h"
#include "search/search.h"

namespace fs = std::filesystem;
using namespace dossier::eval;

namespace {

constexpr std::string_view kProgram = "judged-eval";
constexpr std::size_t kCutoff = 10;
constexpr Xapian::doccount kResultDepth = 100;

constexpr std::string_view kUsage = "usage: judged-eval SET_DIR --db DB [--min-ndcg X] [--verbose]\n";

std::vector<std::vector<std::string>> read_tsv(const fs::path& path, std::size_t columns) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::vector<std::vector<std::string>> rows;
    int line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string> fields;
        std::istringstream split(line);
        for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
        if (fields.size() != columns)
            throw std::runtime_error(fmt::format("{}:{}: expected {} tab-separated fields", path.string(),
                                                 line_number, columns));
        rows.push_back(std::move(fields));
    }
    return rows;
}

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

struct Scores {
    double ndcg = 0;
    double average_precision = 0;
};

// `ranking`: file names, best first; `gains`: file name -> gain (> 0).
Scores score(const std::vector<std::string>& ranking, const std::map<std::string, int>& gains) {
    std::vector<int> ideal;
    for (const auto& [file, gain] : gains) ideal.push_back(gain);
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double ideal_dcg = 0;
    for (std::size_t i = 0; i < std::min(kCutoff, ideal.size()); ++i) ideal_dcg += ideal[i] * discount(i + 1);
    double dcg = 0, precision_sum = 0;
    std::size_t relevant_seen = 0;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
        const auto found = gains.find(ranking[i]);
        if (found == gains.end()) continue;
        ++relevant_seen;
        precision_sum += static_cast<double>(relevant_seen) / static_cast<double>(i + 1);
        if (i < kCutoff) dcg += found->second * discount(i + 1);
    }
    Scores scores;
    scores.ndcg = ideal_dcg > 0 ? dcg / ideal_dcg : 0;
    scores.average_precision = gains.empty() ? 0 : precision_sum / static_cast<double>(gains.size());
    return scores;
}

struct Options {
    fs::path set_dir;
    std::string database;
    std::optional<double> min_ndcg;
    bool verbose = false;
};

Options parse_options(const std::vector<std::string>& args) {
    Options options;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--verbose") {
            options.verbose = true;
        } else if (arg == "--db" || arg == "--min-ndcg") {
            if (i + 1 == args.size()) throw UsageFailure{arg + " needs a value"};
            const std::string& value = args[++i];
            if (arg == "--db") {
                options.database = value;
            } else {
                options.min_ndcg = parse_number(arg, value);
            }
        } else if (arg.starts_with("--")) {
            throw UsageFailure{"unknown option " + arg};
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 1) throw UsageFailure{"give exactly one SET_DIR"};
    if (options.database.empty()) throw UsageFailure{"give --db DB"};
    options.set_dir = positional.front();
    return options;
}

int run(const Options& options) {
    std::map<std::string, std::map<std::string, int>> judgments;
    for (const auto& row : read_tsv(options.set_dir / "qrels.tsv", 3)) {
        const int gain = std::stoi(row[2]);
        if (gain <= 0) throw std::runtime_error("qrels.tsv: gain must be 1 or more for " + row[0] + " " + row[1]);
        if (!fs::exists(options.set_dir / "docs" / row[1]))
            throw std::runtime_error("qrels.tsv: no document docs/" + row[1]);
        judgments[row[0]][row[1]] = gain;
    }
    double ndcg_sum = 0, map_sum = 0;
    int scored = 0;
    for (const auto& row : read_tsv(options.set_dir / "queries.tsv", 2)) {
        const auto judged = judgments.find(row[0]);
        if (judged == judgments.end()) throw std::runtime_error("queries.tsv: question " + row[0] + " has no judgments");
        dossier::SearchRequest request;
        request.databases = {options.database};
        request.query = row[1];
        request.offset = 0;
        request.limit = kResultDepth;
        request.with_snippets = false;
        std::vector<std::string> ranking;
        for (const dossier::Hit& hit : dossier::run_search(request).hits)
            ranking.push_back(fs::path(hit.document.path).filename().string());
        const Scores scores = score(ranking, judged->second);
        if (options.verbose) {
            std::cout << fmt::format("{}\tnDCG@10 {:.3f}\t{}\t", row[0], scores.ndcg, row[1]);
            for (std::size_t i = 0; i < std::min<std::size_t>(5, ranking.size()); ++i)
                std::cout << (judged->second.count(ranking[i]) ? "+" : "-") << ranking[i] << ' ';
            std::cout << "\n";
        }
        ndcg_sum += scores.ndcg;
        map_sum += scores.average_precision;
        ++scored;
    }
    if (scored == 0) throw std::runtime_error("queries.tsv has no questions");
    const double ndcg = ndcg_sum / scored;
    std::cout << fmt::format("{}: {} questions, nDCG@10 {:.4f}, MAP {:.4f}\n", options.set_dir.filename().string(),
                             scored, ndcg, map_sum / scored);
    return check_floor(kProgram, ndcg, options.min_ndcg);
}

}  // namespace

int main(int argc, char** argv) {
    return run_program(kProgram, kUsage, argc, argv,
                       [](const std::vector<std::string>& args) { return run(parse_options(args)); });
}
