// SPDX-License-Identifier: MIT
#include "index/change_plan.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "index/index_config.h"
#include "index/schema.h"

namespace dossier {

namespace {

bool under_any(std::string_view path, const std::vector<std::string>& roots) {
    return std::any_of(roots.begin(), roots.end(),
                       [&](const std::string& root) { return is_under_root(path, root); });
}

}  // namespace

ChangePlan plan_changes(const PlanInputs& inputs) {
    ChangePlan plan;
    std::unordered_map<std::string_view, const StoredFile*> stored_by_path;
    stored_by_path.reserve(inputs.stored->size());
    for (const StoredFile& stored : *inputs.stored) stored_by_path.emplace(stored.state.path, &stored);

    for (const FoundFile& file : inputs.walk->files) {
        const auto it = stored_by_path.find(file.path);
        if (it == stored_by_path.end()) {
            plan.add.push_back({file, 0, {}});
            continue;
        }
        const StoredFile& stored = *it->second;
        PlannedFile planned{file, stored.docid, stored.state};
        if (stored.state.stat != file.stat)
            plan.check.push_back(std::move(planned));
        else if (stored.state.analysis != inputs.analysis)
            plan.reanalyze.push_back(std::move(planned));
        else
            ++plan.unchanged;
    }

    std::unordered_map<std::string_view, bool> found;
    found.reserve(inputs.walk->files.size());
    for (const FoundFile& file : inputs.walk->files) found.emplace(file.path, true);
    for (const StoredFile& stored : *inputs.stored) {
        const std::string& path = stored.state.path;
        if (found.count(path)) continue;
        // What lies under a missing root or an unreadable folder is kept:
        // the walk could not see it, which is not the same as deleted.
        if (under_any(path, inputs.walk->unlisted)) continue;
        const bool gone = under_any(path, inputs.scanned_roots);
        const bool pruned = inputs.prune && !under_any(path, inputs.kept_roots);
        if (gone || pruned) plan.remove.push_back(stored);
    }
    return plan;
}

std::vector<StoredFile> load_stored_files(const Xapian::Database& database) {
    std::vector<StoredFile> stored;
    stored.reserve(database.get_doccount());
    const Xapian::valueno slot = schema::kFileStateSlot;
    for (auto it = database.valuestream_begin(slot); it != database.valuestream_end(slot); ++it) {
        if (auto state = decode_file_state(*it)) stored.push_back({it.get_docid(), std::move(*state)});
    }
    return stored;
}

}  // namespace dossier
