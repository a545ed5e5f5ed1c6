// SPDX-License-Identifier: MIT
#include "readers/html/gumbo_tree.h"

#include <cstdlib>
#include <utility>

#include "base/error.h"
#include "readers/html/ascii.h"
#include "readers/html/page_limiter.h"

namespace dossier::html {

namespace {

// gumbo's allocator, named so that flatten_deep_subtrees provably frees
// and allocates with the same functions gumbo_destroy_output uses.
void* gumbo_allocate(void*, std::size_t size) { return std::malloc(size); }
void gumbo_free(void*, void* pointer) { std::free(pointer); }

GumboOptions parser_options() {
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &gumbo_allocate;
    options.deallocator = &gumbo_free;
    // Each recorded parse error copies the stack of open elements: on a
    // deeply nested page that is gigabytes. We never read the errors.
    options.max_errors = 0;
    return options;
}

}  // namespace

GumboVector* children_of(GumboNode* node) {
    switch (node->type) {
        case GUMBO_NODE_DOCUMENT: return &node->v.document.children;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: return &node->v.element.children;
        default: return nullptr;
    }
}

const GumboVector* children_of(const GumboNode* node) { return children_of(const_cast<GumboNode*>(node)); }

GumboNode* child_at(const GumboVector& children, unsigned int index) {
    return static_cast<GumboNode*>(children.data[index]);
}

namespace {

// gumbo_destroy_output recurses once per tree level; below this depth a
// subtree is flattened first so that destroying a hostile page cannot
// overflow the stack.
constexpr std::size_t kMaxDestroyDepth = 1000;

// Makes every descendant of `node` its direct child (in document order).
// Only the shape changes; gumbo_destroy_output still frees every node.
void flatten(GumboNode* node) {
    std::vector<GumboNode*> descendants;
    std::vector<GumboNode*> pending{node};
    while (!pending.empty()) {
        GumboNode* current = pending.back();
        pending.pop_back();
        if (current != node) descendants.push_back(current);
        if (const GumboVector* children = children_of(current))
            for (unsigned int i = children->length; i-- > 0;) pending.push_back(child_at(*children, i));
    }
    const GumboOptions options = parser_options();
    for (GumboNode* descendant : descendants) {
        if (GumboVector* children = children_of(descendant)) {
            options.deallocator(options.userdata, children->data);
            *children = GumboVector{nullptr, 0, 0};
        }
    }
    GumboVector* children = children_of(node);
    void** data = static_cast<void**>(options.allocator(options.userdata, descendants.size() * sizeof(void*)));
    if (data == nullptr) std::abort();  // as gumbo itself would fail
    for (std::size_t i = 0; i < descendants.size(); ++i) {
        data[i] = descendants[i];
        descendants[i]->parent = node;
        descendants[i]->index_within_parent = static_cast<unsigned int>(i);
    }
    options.deallocator(options.userdata, children->data);
    const auto count = static_cast<unsigned int>(descendants.size());
    *children = GumboVector{data, count, count};
}

void flatten_deep_subtrees(GumboNode* document) {
    std::vector<std::pair<GumboNode*, std::size_t>> pending{{document, 0}};
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        const GumboVector* children = children_of(node);
        if (children == nullptr || children->length == 0) continue;
        if (depth >= kMaxDestroyDepth) {
            flatten(node);
            continue;
        }
        for (unsigned int i = 0; i < children->length; ++i) pending.emplace_back(child_at(*children, i), depth + 1);
    }
}

}  // namespace

void GumboOutputDeleter::operator()(GumboOutput* output) const {
    const GumboOptions options = parser_options();
    if (output->document != nullptr) flatten_deep_subtrees(output->document);
    gumbo_destroy_output(&options, output);
}

ParsedHtml::ParsedHtml(std::string_view utf8_html) {
    LimitedPage limited = limit_page(utf8_html);
    attributes_removed_ = limited.attributes_removed;
    if (limited.html) limited_input_ = std::move(*limited.html);
    const std::string_view input = limited.html ? std::string_view(limited_input_) : utf8_html;
    const GumboOptions options = parser_options();
    output_.reset(gumbo_parse_with_options(&options, input.data(), input.size()));
    if (!output_ || output_->document == nullptr || output_->root == nullptr)
        throw DocumentError(DocumentError::Kind::failed, "the HTML parser could not read the page");
}

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool is_html_element(const GumboNode* node, GumboTag tag) {
    return is_element(node) && node->v.element.tag == tag && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

std::optional<std::string_view> attribute(const GumboNode* node, const char* name) {
    if (!is_element(node)) return std::nullopt;
    const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
    if (found == nullptr || found->value == nullptr) return std::nullopt;
    return std::string_view(found->value);
}

std::string_view node_text(const GumboNode* node) {
    return node->v.text.text == nullptr ? std::string_view() : std::string_view(node->v.text.text);
}

bool is_unknown_element_named(const GumboNode* node, std::string_view name) {
    if (!is_element(node) || node->v.element.tag != GUMBO_TAG_UNKNOWN ||
        node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return false;
    // The name as written in the start tag ("<Dialog open>"); elements the
    // parser made up have no start tag. (Not gumbo_tag_from_original_text:
    // it assumes a well-formed tag.)
    const GumboStringPiece& tag = node->v.element.original_tag;
    if (tag.data == nullptr || tag.length < 2 || tag.data[0] != '<') return false;
    const std::string_view written(tag.data + 1, tag.length - 1);
    const std::size_t end = std::min(written.size(), written.find_first_of(" \t\n\r\f/>"));
    return iequals(written.substr(0, end), name);
}

bool is_text_node(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA;
}

bool has_token(std::optional<std::string_view> value, std::string_view token) {
    if (!value) return false;
    const std::string_view tokens = *value;
    std::size_t i = 0;
    while (i < tokens.size()) {
        while (i < tokens.size() && is_html_space(tokens[i])) ++i;
        std::size_t end = i;
        while (end < tokens.size() && !is_html_space(tokens[end])) ++end;
        if (end > i && iequals(tokens.substr(i, end - i), token)) return true;
        i = end;
    }
    return false;
}

std::string descendant_text(const GumboNode* node) {
    std::string text;
    walk_tree(
        node,
        [&](const GumboNode* current) {
            if (is_text_node(current)) text += node_text(current);
            return is_element(current);
        },
        [](const GumboNode*) {});
    return text;
}

}  // namespace dossier::html
