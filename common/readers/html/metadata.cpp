// SPDX-License-Identifier: MIT
#include "readers/html/metadata.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/strings.h"
#include "readers/html/ascii.h"
#include "readers/html/gumbo_tree.h"

namespace dossier::html {

namespace {

void remember(std::map<std::string, std::string>& meta, std::optional<std::string_view> key, std::string_view value) {
    if (key && !trim_html_space(*key).empty()) meta.emplace(ascii_lower(trim_html_space(*key)), std::string(value));
}

}  // namespace

PageMetadata read_metadata(const GumboNode* document, const GumboNode* root) {
    PageMetadata page;
    if (auto lang = attribute(root, "lang"); lang && !trim_html_space(*lang).empty())
        page.html_lang = trim_html_space(*lang);
    else if (auto xml_lang = attribute(root, "xml:lang"))
        page.html_lang = trim_html_space(*xml_lang);
    bool title_seen = false;
    walk_tree(
        document,
        [&](const GumboNode* node) {
            if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
            // Not <svg><title>, nor the inert content of a <template>.
            if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || node->type == GUMBO_NODE_TEMPLATE)
                return false;
            switch (node->v.element.tag) {
                case GUMBO_TAG_META:
                    if (const auto content = attribute(node, "content")) {
                        remember(page.meta, attribute(node, "property"), *content);
                        remember(page.meta, attribute(node, "name"), *content);
                        if (const auto equiv = attribute(node, "http-equiv");
                            equiv && iequals(trim_html_space(*equiv), "content-language") &&
                            page.http_equiv_language.empty())
                            page.http_equiv_language = *content;
                    }
                    break;
                case GUMBO_TAG_TITLE:
                    if (!title_seen) page.title = descendant_text(node);
                    title_seen = true;
                    break;
                case GUMBO_TAG_LINK:
                    if (const auto href = attribute(node, "href");
                        href && page.canonical.empty() && has_token(attribute(node, "rel"), "canonical"))
                        page.canonical = *href;
                    break;
                default:
                    break;
            }
            if (page.date_published.empty() && has_token(attribute(node, "itemprop"), "datePublished")) {
                if (const auto content = attribute(node, "content")) page.date_published = *content;
                else if (const auto datetime = attribute(node, "datetime")) page.date_published = *datetime;
            }
            return true;
        },
        [](const GumboNode*) {});
    return page;
}

std::string meta_value(const PageMetadata& page, std::string_view key) {
    const auto it = page.meta.find(std::string(key));
    return it == page.meta.end() ? std::string() : one_line(it->second);
}

namespace {

// A language tag as pages write it ("fr-CA", "en_US"); template junk such
// as "{{ lang }}" is not one.
bool looks_like_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35 || !is_ascii_letter(tag.front())) return false;
    return std::all_of(tag.begin(), tag.end(), [](char c) {
        return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace

std::string page_language(const PageMetadata& page) {
    if (std::string lang = std::string(trim_html_space(page.html_lang)); looks_like_language_tag(lang)) return lang;
    // Content-Language may list several ("en, fr"); the first is the hint.
    std::string_view first = page.http_equiv_language;
    first = trim_html_space(first.substr(0, first.find(',')));
    return looks_like_language_tag(first) ? std::string(first) : std::string();
}

namespace {

bool is_absolute_web_url(std::string_view url) {
    return istarts_with(url, "http://") || istarts_with(url, "https://");
}

}  // namespace

void take_page_date(SourceDocument& document, const PageMetadata& page, const VisibleText& visible) {
    struct Source {
        std::string value;
        std::string field;
    };
    const auto meta_property = [&](std::string_view key, std::string_view attribute_name) {
        return Source{meta_value(page, key), fmt::format("<meta {}=\"{}\">", attribute_name, key)};
    };
    const std::vector<Source> sources{
        meta_property("article:published_time", "property"),
        meta_property("og:updated_time", "property"),
        meta_property("article:modified_time", "property"),
        meta_property("dc.date", "name"),
        meta_property("dc.date.issued", "name"),
        meta_property("dcterms.date", "name"),
        meta_property("dcterms.issued", "name"),
        meta_property("dcterms.created", "name"),
        {one_line(visible.time_in_content.empty() ? visible.first_time : visible.time_in_content),
         "<time datetime>"},
        meta_property("date", "name"),
        {one_line(page.date_published), "itemprop=\"datePublished\""},
        meta_property("citation_publication_date", "name"),
        meta_property("citation_date", "name"),
    };
    for (const Source& source : sources)
        if (!source.value.empty() && take_metadata_date(document, source.value, source.field)) return;
}

std::string canonical_url(const PageMetadata& page) {
    for (const std::string& url : {one_line(page.canonical), meta_value(page, "og:url")})
        if (is_absolute_web_url(url)) return url;
    return {};
}

}  // namespace dossier::html
