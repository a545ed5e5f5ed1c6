// SPDX-License-Identifier: MIT
#include "formats/format_names.h"
#include "base/strings.h"

#include <algorithm>
#include <array>
#include <utility>

namespace dossier {

namespace {

std::string lower_extension(const std::filesystem::path& path) { return ascii_lower(path.extension().string()); }

}  // namespace

std::string_view format_of(const std::filesystem::path& path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kExtensions{{
        {".txt", kFormatText},
        {".text", kFormatText},
        {".md", kFormatText},
        {".markdown", kFormatText},
        {".html", kFormatHtml},
        {".htm", kFormatHtml},
        {".xhtml", kFormatHtml},
        {".pdf", kFormatPdf},
        {".docx", kFormatDocx},
        {".odt", kFormatOdt},
    }};
    const std::string extension = lower_extension(path);
    for (const auto& [suffix, format] : kExtensions)
        if (extension == suffix) return format;
    return {};
}

bool is_indexable_file_name(const std::filesystem::path& path) { return !format_of(path).empty(); }

}  // namespace dossier
