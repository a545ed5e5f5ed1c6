// SPDX-License-Identifier: MIT
// The parsed page as a gumbo tree, and what the readers ask of its nodes.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::html {

// Frees a parse, flattening subtrees too deep for gumbo's recursive
// destruction first.
struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const;
};

// A parsed page. The tree points into the text it was parsed from
// (original_tag, original_text), so that text lives as long as the tree.
class ParsedHtml {
public:
    explicit ParsedHtml(std::string_view utf8_html);
    const GumboNode* document() const { return output_->document; }
    const GumboNode* root() const { return output_->root; }
    // Attributes removed before parsing (limit_page), for a warning.
    std::size_t attributes_removed() const { return attributes_removed_; }

private:
    std::string limited_input_;  // the input with what passed a limit removed, when anything did
    std::size_t attributes_removed_ = 0;
    std::unique_ptr<GumboOutput, GumboOutputDeleter> output_;
};

GumboVector* children_of(GumboNode* node);
const GumboVector* children_of(const GumboNode* node);
GumboNode* child_at(const GumboVector& children, unsigned int index);

// Visits the tree in document order without recursion (hostile pages nest
// far deeper than the stack allows). `enter(node)` returns whether to visit
// the node's children; `leave(node)` follows them for every node entered.
template <typename Enter, typename Leave>
void walk_tree(const GumboNode* root, Enter&& enter, Leave&& leave) {
    struct Step {
        const GumboNode* node;
        bool leaving;
    };
    std::vector<Step> steps{{root, false}};
    while (!steps.empty()) {
        const Step step = steps.back();
        steps.pop_back();
        if (step.leaving) {
            leave(step.node);
            continue;
        }
        if (!enter(step.node)) continue;
        steps.push_back({step.node, true});
        if (const GumboVector* children = children_of(step.node))
            for (unsigned int i = children->length; i-- > 0;) steps.push_back({child_at(*children, i), false});
    }
}

bool is_element(const GumboNode* node);

bool is_html_element(const GumboNode* node, GumboTag tag);

std::optional<std::string_view> attribute(const GumboNode* node, const char* name);

std::string_view node_text(const GumboNode* node);

// Whether `node` is an HTML element gumbo does not know (GUMBO_TAG_UNKNOWN)
// named `name` (lower-case), such as <dialog> or <search>.
bool is_unknown_element_named(const GumboNode* node, std::string_view name);

bool is_text_node(const GumboNode* node);

// Whether a space-separated attribute value (rel, role) holds `token`.
bool has_token(std::optional<std::string_view> value, std::string_view token);

// The text of an element's descendants, as written (for <title> and <h1>).
std::string descendant_text(const GumboNode* node);

}  // namespace dossier::html
