// SPDX-License-Identifier: MIT
#include "readers/office_reader.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "text/dates.h"
#include "base/error.h"
#include "formats/source_document.h"
#include "base/utf8.h"

namespace dossier {

namespace {

// ---- Limits -----------------------------------------------------------------
//
// A part's XML is several times the size of its text (a Word run carries
// its formatting with it), so a part may expand to 4 × --max-text-size,
// and never less than 16 MiB, so that a small text limit does not shut
// out ordinary documents with heavy markup. Past that the part is a zip
// bomb or not worth reading; with the defaults (64 MiB of text) one part
// may be 256 MiB, which the parser's tree (about as much again) keeps
// well inside the child process's memory limit (isolation.h).
constexpr std::size_t kPartToTextRatio = 4;
constexpr std::size_t kMinPartBytes = 16u << 20;

std::size_t max_part_bytes(const ReadLimits& limits) {
    const std::size_t scaled = limits.max_text_bytes > std::numeric_limits<std::size_t>::max() / kPartToTextRatio
                                   ? std::numeric_limits<std::size_t>::max()
                                   : limits.max_text_bytes * kPartToTextRatio;
    return std::max(scaled, kMinPartBytes);
}

[[noreturn]] void throw_part_too_large(std::string_view part, const ReadLimits& limits) {
    throw DocumentError(DocumentError::Kind::skipped,
                        fmt::format("{} expands to more than {} bytes (a zip bomb?); a part may be {} times "
                                    "the limit on text, --max-text-size, which is {} bytes (at least {} MiB)",
                                    part, max_part_bytes(limits), kPartToTextRatio, limits.max_text_bytes,
                                    kMinPartBytes >> 20));
}

// Document dates outside these years are placeholders ("1601-01-01" is
// Windows' zero date, which some converters write).
constexpr int kMinPlausibleYear = 1900;
constexpr int kMaxPlausibleYear = 2100;

// ---- The package (libzip) -----------------------------------------------------

// What the messages call the file and its main part.
struct PackageKind {
    std::string_view not_a_zip;  // shown when the bytes are not a zip archive
    std::string_view main_part;
    std::string_view missing_main_part;
};

constexpr PackageKind kWordPackage{"not a zip package (damaged or not a .docx file)", "word/document.xml",
                                   "word/document.xml is missing (damaged, or not a Word document)"};
constexpr PackageKind kOpenDocumentPackage{"not a zip package (damaged or not an .odt file)", "content.xml",
                                           "content.xml is missing (damaged, or not an OpenDocument file)"};

struct ZipDiscard {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipClose {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ZipSourceFree {
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};

// zip_error_t holds allocated text once formatted.
class ZipError {
public:
    ZipError() { zip_error_init(&error_); }
    ZipError(const ZipError&) = delete;
    ZipError& operator=(const ZipError&) = delete;
    ~ZipError() { zip_error_fini(&error_); }
    zip_error_t* get() { return &error_; }
    int code() { return zip_error_code_zip(&error_); }
    std::string text() { return zip_error_strerror(&error_); }

private:
    zip_error_t error_;
};

// An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): what Office writes for
// a password-protected document, and the container of Word 97-2003 files.
bool is_ole_compound_file(std::string_view bytes) {
    static constexpr std::string_view kMagic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};
    return bytes.starts_with(kMagic);
}

// A zip archive read from memory; `bytes` must outlive it.
class Package {
public:
    Package(std::string_view bytes, const PackageKind& kind) {
        if (bytes.empty()) throw DocumentError(DocumentError::Kind::skipped, "empty file");
        if (is_ole_compound_file(bytes))
            throw DocumentError(DocumentError::Kind::failed,
                                "password-protected, or an old binary Office file given a new name (an OLE "
                                "compound file, not a zip package); save it again without a password in the "
                                "current format");
        ZipError error;
        std::unique_ptr<zip_source_t, ZipSourceFree> source(
            zip_source_buffer_create(bytes.data(), bytes.size(), 0, error.get()));
        if (!source) throw DocumentError(DocumentError::Kind::failed, "cannot read the package: " + error.text());
        archive_.reset(zip_open_from_source(source.get(), ZIP_RDONLY, error.get()));
        if (!archive_) {
            if (error.code() == ZIP_ER_NOZIP)
                throw DocumentError(DocumentError::Kind::failed, std::string(kind.not_a_zip));
            throw DocumentError(DocumentError::Kind::failed, "damaged zip package (" + error.text() + ")");
        }
        source.release();  // the archive owns it now
    }

    // The bytes of part `name`, nullopt when the package has none. Throws
    // DocumentError: skipped when it expands past max_part_bytes(limits)
    // (by its declared size, or by what actually comes out: a bomb may
    // lie), failed when it cannot be read.
    std::optional<std::string> read(std::string_view name, const ReadLimits& limits) const {
        const std::string name_z(name);
        const zip_int64_t index = zip_name_locate(archive_.get(), name_z.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        const std::size_t bound = max_part_bytes(limits);
        zip_stat_t stat;
        zip_stat_init(&stat);
        std::size_t expected = 0;
        if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
            (stat.valid & ZIP_STAT_SIZE) != 0) {
            if (stat.size > bound) throw_part_too_large(name, limits);
            expected = static_cast<std::size_t>(stat.size);
        }
        const std::unique_ptr<zip_file_t, ZipClose> file(
            zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
        if (!file) {
            zip_error_t* error = zip_get_error(archive_.get());
            const int code = zip_error_code_zip(error);
            if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
                throw DocumentError(DocumentError::Kind::failed,
                                    fmt::format("{} is encrypted (a password is needed to read it)", name));
            throw DocumentError(DocumentError::Kind::failed,
                                fmt::format("{} cannot be read from the package ({})", name, zip_error_strerror(error)));
        }
        std::string bytes;
        bytes.reserve(expected);
        std::array<char, 64 * 1024> chunk;
        while (true) {
            const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
            if (n < 0)
                throw DocumentError(DocumentError::Kind::failed,
                                    fmt::format("{} is damaged ({})", name, zip_file_strerror(file.get())));
            if (n == 0) break;
            if (bytes.size() + static_cast<std::size_t>(n) > bound) throw_part_too_large(name, limits);
            bytes.append(chunk.data(), static_cast<std::size_t>(n));
        }
        return bytes;
    }

private:
    std::unique_ptr<zip_t, ZipDiscard> archive_;
};

// ---- XML (pugixml) ------------------------------------------------------------

// A parsed part. pugixml parses in place, in `bytes`, which therefore
// lives as long as the tree. It never fetches anything: it skips the
// DOCTYPE (no external entities, no entity expansion, so no "billion
// laughs") and only decodes the predefined and numeric character
// references.
struct XmlPart {
    std::string bytes;
    pugi::xml_document tree;
};

// Parse options: the defaults (character references, CDATA, end-of-line
// normalisation) plus whitespace-only text nodes, which Word uses for the
// spaces between runs (<w:t xml:space="preserve"> </w:t>).
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;

// Parses `bytes` as part `name`; the error names the part and the offset.
std::unique_ptr<XmlPart> parse_xml(std::string_view name, std::string bytes, std::string* error) {
    auto part = std::make_unique<XmlPart>();
    part->bytes = std::move(bytes);
    const pugi::xml_parse_result result =
        part->tree.load_buffer_inplace(part->bytes.data(), part->bytes.size(), kParseOptions);
    if (!result) {
        *error = fmt::format("{} is not well-formed XML at offset {}: {}", name, result.offset, result.description());
        return nullptr;
    }
    return part;
}

// A part the document cannot do without: failed when it is not XML.
std::unique_ptr<XmlPart> parse_required_xml(std::string_view name, std::string bytes) {
    std::string error;
    auto part = parse_xml(name, std::move(bytes), &error);
    if (!part) throw DocumentError(DocumentError::Kind::failed, error);
    return part;
}

// A part that only adds metadata: when it is missing or broken the
// document is read without it (a warning says so for a broken one).
std::unique_ptr<XmlPart> read_optional_xml(const Package& package, std::string_view name, const ReadLimits& limits,
                                           SourceDocument& document) {
    std::optional<std::string> bytes = package.read(name, limits);
    if (!bytes) return nullptr;
    std::string error;
    auto part = parse_xml(name, std::move(*bytes), &error);
    if (!part) document.warnings.push_back(error + "; what it holds is ignored");
    return part;
}

// Namespaces, matched by URI whatever prefix a file binds to them.
namespace ns {
constexpr std::string_view kWord = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDublinCoreTerms = "http://purl.org/dc/terms/";
constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr std::string_view kMeta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
constexpr std::string_view kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
constexpr std::string_view kFormatting = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
constexpr std::string_view kSvg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
constexpr std::string_view kManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

// The usual prefixes, used only for a prefix the file uses but never
// declares (a sloppy generator's output that Word and LibreOffice open).
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kConventionalPrefixes{{
    {"w", kWord},
    {"mc", kMarkupCompatibility},
    {"dc", kDublinCore},
    {"dcterms", kDublinCoreTerms},
    {"office", kOffice},
    {"text", kText},
    {"table", kTable},
    {"meta", kMeta},
    {"style", kStyle},
    {"fo", kFormatting},
    {"svg", kSvg},
    {"manifest", kManifest},
}};
}  // namespace ns

// An element or attribute name resolved to its namespace URI.
struct QName {
    std::string_view uri;
    std::string_view local;

    bool is(std::string_view u, std::string_view l) const { return uri == u && local == l; }
    bool is_word(std::string_view l) const { return (uri == ns::kWord || uri == ns::kWordStrict) && local == l; }
    bool in_word() const { return uri == ns::kWord || uri == ns::kWordStrict; }
};

// The xmlns declarations in scope while walking a tree.
class Namespaces {
public:
    void enter(const pugi::xml_node& element) {
        marks_.push_back(bindings_.size());
        for (const pugi::xml_attribute& attribute : element.attributes()) {
            const std::string_view name = attribute.name();
            if (name == "xmlns") bindings_.push_back({"", attribute.value()});
            else if (name.starts_with("xmlns:")) bindings_.push_back({name.substr(6), attribute.value()});
        }
    }
    void leave() {
        bindings_.resize(marks_.back());
        marks_.pop_back();
    }

    QName element_name(const pugi::xml_node& element) const { return resolve(element.name(), true); }

    // The value of attribute {uri}local of `element`, "" when it has none.
    std::string_view attribute(const pugi::xml_node& element, std::string_view uri, std::string_view local) const {
        for (const pugi::xml_attribute& attribute : element.attributes()) {
            const QName name = resolve(attribute.name(), false);
            if (name.uri == uri && name.local == local) return attribute.value();
        }
        return {};
    }

private:
    // An unprefixed element is in the default namespace; an unprefixed
    // attribute in none.
    QName resolve(std::string_view qualified, bool is_element) const {
        const std::size_t colon = qualified.find(':');
        const std::string_view prefix = colon == std::string_view::npos ? std::string_view() : qualified.substr(0, colon);
        const std::string_view local = colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
        if (prefix.empty() && !is_element) return {{}, local};
        for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it)
            if (it->prefix == prefix) return {it->uri, local};
        for (const auto& [conventional, uri] : ns::kConventionalPrefixes)
            if (!prefix.empty() && prefix == conventional) return {uri, local};
        return {{}, local};
    }

    struct Binding {
        std::string_view prefix;
        std::string_view uri;
    };
    std::vector<Binding> bindings_;
    std::vector<std::size_t> marks_;
};

// What a walk over a tree sees. `path` holds the names of the open
// elements, outermost first (the current one not included in enter()).
class XmlVisitor {
public:
    virtual ~XmlVisitor() = default;
    // Returns whether to walk the element's children (and call leave()).
    virtual bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>& path,
                       const Namespaces& namespaces) = 0;
    virtual void leave(const QName& name) = 0;
    virtual void text(std::string_view text, const std::vector<QName>& path) = 0;
};

// Depth-first walk in document order, without recursion: a hostile file
// may nest elements a million deep.
void walk(const pugi::xml_document& tree, XmlVisitor& visitor) {
    Namespaces namespaces;
    std::vector<QName> path;
    pugi::xml_node node = tree.first_child();
    while (node) {
        if (node.type() == pugi::node_element) {
            namespaces.enter(node);
            const QName name = namespaces.element_name(node);
            if (visitor.enter(node, name, path, namespaces)) {
                if (node.first_child()) {
                    path.push_back(name);
                    node = node.first_child();
                    continue;
                }
                visitor.leave(name);
            }
            namespaces.leave();
        } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
            visitor.text(node.value(), path);
        }
        while (!node.next_sibling()) {
            node = node.parent();
            if (!node || node == tree) return;
            const QName name = path.back();
            path.pop_back();
            visitor.leave(name);
            namespaces.leave();
        }
        node = node.next_sibling();
    }
}

// The text directly inside `element` (its text and CDATA children).
std::string own_text(const pugi::xml_node& element) {
    std::string text;
    for (const pugi::xml_node& child : element.children())
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
    return text;
}

// ---- Text assembly ------------------------------------------------------------

// The text extracted so far from all parts, against --max-text-size.
class TextBudget {
public:
    explicit TextBudget(std::size_t max_bytes) : max_bytes_(max_bytes) {}
    void spend(std::size_t bytes) {
        used_ += bytes;
        if (used_ > max_bytes_)
            throw DocumentError(DocumentError::Kind::skipped,
                                fmt::format("extracted text is too large (more than {} bytes; the limit, "
                                            "--max-text-size, is {} bytes)",
                                            max_bytes_, max_bytes_));
    }

private:
    std::size_t max_bytes_;
    std::size_t used_ = 0;
};

// Text built from pieces and the breaks wanted between them. A break is
// written only when text follows it, and the strongest of those asked for
// in a row wins: so there are no blank lines for empty paragraphs, no
// separator after a table's last cell and no white space at either end.
class TextSink {
public:
    enum class Break { none, space, tab, line, paragraph_gap };

    explicit TextSink(TextBudget& budget) : budget_(budget) {}

    void add(std::string_view piece) {
        if (piece.empty()) return;
        if (!text_.empty()) {
            const std::string_view separator = separator_of(pending_);
            budget_.spend(separator.size());
            text_ += separator;
        }
        pending_ = Break::none;
        budget_.spend(piece.size());
        text_ += piece;
    }
    void request(Break wanted) { pending_ = std::max(pending_, wanted); }
    bool empty() const { return text_.empty(); }
    std::string take() { return std::move(text_); }

private:
    static std::string_view separator_of(Break b) {
        switch (b) {
            case Break::none: return "";
            case Break::space: return " ";
            case Break::tab: return "\t";
            case Break::line: return "\n";
            case Break::paragraph_gap: return "\n\n";
        }
        return "";
    }

    TextBudget& budget_;
    std::string text_;
    Break pending_ = Break::none;
};

using Break = TextSink::Break;

// ---- Word ---------------------------------------------------------------------

// The text of a WordprocessingML part (document.xml, footnotes.xml,
// endnotes.xml): w:t in runs; paragraphs on their own lines; table cells
// separated by tabs, rows on their own lines, the paragraphs of one cell
// joined by spaces; w:tab a tab, w:br and w:cr a line break. Left out:
// deleted revisions (w:del, w:moveFrom), field codes (w:instrText; the
// field's result is ordinary runs and is kept), symbol-font glyphs
// (w:sym), properties, and the VML fallback of drawings (mc:Fallback: the
// same text box as the mc:Choice before it).
class WordText : public XmlVisitor {
public:
    explicit WordText(TextSink& sink) : sink_(sink) {}

    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>&,
               const Namespaces& namespaces) override {
        if (!name.in_word()) return !name.is(ns::kMarkupCompatibility, "Fallback");
        const std::string_view local = name.local;
        if (local == "pPr" || local == "rPr" || local == "tblPr" || local == "trPr" || local == "tcPr" ||
            local == "sectPr" || local == "del" || local == "moveFrom" || local == "delText" ||
            local == "instrText" || local == "delInstrText" || local == "sym")
            return false;
        if (local == "tab" || local == "ptab") {
            sink_.request(Break::tab);
            return false;
        }
        if (local == "br" || local == "cr") {
            sink_.request(Break::line);
            return false;
        }
        if (local == "noBreakHyphen") {
            sink_.add("-");
            return false;
        }
        if (local == "tc") cell_paragraph_breaks_.push_back(Break::space);
        if (local == "footnote" || local == "endnote") {
            // Separator lines, not notes.
            const std::string_view type = namespaces.attribute(element, name.uri, "type");
            if (!type.empty() && type != "normal") return false;
        }
        return true;
    }

    void leave(const QName& name) override {
        if (!name.in_word()) return;
        const std::string_view local = name.local;
        if (local == "p") {
            sink_.request(cell_paragraph_breaks_.empty() ? Break::line : cell_paragraph_breaks_.back());
        } else if (local == "tc") {
            cell_paragraph_breaks_.pop_back();
            sink_.request(Break::tab);
        } else if (local == "tr" || local == "tbl" || local == "footnote" || local == "endnote") {
            sink_.request(Break::line);
        }
    }

    void text(std::string_view text, const std::vector<QName>& path) override {
        if (!path.empty() && path.back().is_word("t")) sink_.add(text);
    }

private:
    TextSink& sink_;
    // What ends a paragraph in each open cell (a space), innermost last;
    // a paragraph outside tables ends a line.
    std::vector<Break> cell_paragraph_breaks_;
};

// Fields of the Dublin Core core properties (docProps/core.xml).
struct CoreProperties {
    std::string title, created, modified, creator, language;
};

class CorePropertiesReader : public XmlVisitor {
public:
    explicit CorePropertiesReader(CoreProperties& out) : out_(out) {}
    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>& path,
               const Namespaces&) override {
        if (path.size() != 1) return path.empty();  // the properties are children of the root
        std::string* field = name.is(ns::kDublinCore, "title")          ? &out_.title
                             : name.is(ns::kDublinCoreTerms, "created")  ? &out_.created
                             : name.is(ns::kDublinCoreTerms, "modified") ? &out_.modified
                             : name.is(ns::kDublinCore, "creator")        ? &out_.creator
                             : name.is(ns::kDublinCore, "language")       ? &out_.language
                                                                         : nullptr;
        if (field && field->empty()) *field = own_text(element);
        return false;
    }
    void leave(const QName&) override {}
    void text(std::string_view, const std::vector<QName>&) override {}

private:
    CoreProperties& out_;
};

// The default run language of word/styles.xml
// (w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val): the language the
// author's Word was set to, a hint about the text's.
class WordDefaultLanguage : public XmlVisitor {
public:
    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>& path,
               const Namespaces& namespaces) override {
        if (!found.empty()) return false;
        const std::size_t depth = path.size();
        if (name.is_word("lang") && depth >= 2 && path[depth - 1].is_word("rPr") &&
            path[depth - 2].is_word("rPrDefault")) {
            found = namespaces.attribute(element, name.uri, "val");
            return false;
        }
        // Only the way down to it: w:styles/w:docDefaults/w:rPrDefault/w:rPr.
        return depth == 0 || name.is_word("docDefaults") || name.is_word("rPrDefault") || name.is_word("rPr");
    }
    void leave(const QName&) override {}
    void text(std::string_view, const std::vector<QName>&) override {}

    std::string found;
};

// ---- OpenDocument -------------------------------------------------------------

// The text of content.xml: text:p and text:h on their own lines, white
// space collapsed as ODF says (text:s for each space beyond the first,
// text:tab, text:line-break), list items and table rows on their own
// lines, cells separated by tabs. Footnote and endnote bodies (text:note)
// go to `notes`, read after the body, as in a Word file; their citation
// marks are left out. Also left out: the tracked-changes log (the text of
// deletions), comments (office:annotation: reviewers' notes, not the
// published text, and Word comments are not read either) and alternative
// text of images (svg:title, svg:desc).
class OpenDocumentText : public XmlVisitor {
public:
    OpenDocumentText(TextSink& body, TextSink& notes) : sinks_{&body}, notes_(notes) {}

    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>&,
               const Namespaces& namespaces) override {
        if (name.uri == ns::kText) {
            const std::string_view local = name.local;
            if (local == "p" || local == "h") ++paragraph_depth_;
            else if (local == "s") add_spaces(namespaces.attribute(element, ns::kText, "c"));
            else if (local == "tab") sinks_.back()->request(Break::tab);
            else if (local == "line-break") sinks_.back()->request(Break::line);
            else if (local == "note") {
                sinks_.push_back(&notes_);
                cell_paragraph_breaks_.push_back(Break::line);
            } else if (local == "note-citation" || local == "tracked-changes" || local == "sequence-decls" ||
                       local == "variable-decls" || local == "user-field-decls" || local == "soft-page-break") {
                return false;
            }
            return !(local == "s" || local == "tab" || local == "line-break");
        }
        if (name.uri == ns::kOffice) return !(name.local == "annotation" || name.local == "annotation-end");
        if (name.uri == ns::kSvg) return !(name.local == "title" || name.local == "desc");
        if (name.is(ns::kTable, "table-cell") || name.is(ns::kTable, "covered-table-cell"))
            cell_paragraph_breaks_.push_back(Break::space);
        return true;
    }

    void leave(const QName& name) override {
        if (name.uri == ns::kText) {
            if (name.local == "p" || name.local == "h") {
                --paragraph_depth_;
                sinks_.back()->request(cell_paragraph_breaks_.empty() ? Break::line : cell_paragraph_breaks_.back());
            } else if (name.local == "note") {
                sinks_.back()->request(Break::line);
                sinks_.pop_back();
                cell_paragraph_breaks_.pop_back();
            }
        } else if (name.is(ns::kTable, "table-cell") || name.is(ns::kTable, "covered-table-cell")) {
            cell_paragraph_breaks_.pop_back();
            sinks_.back()->request(Break::tab);
        } else if (name.is(ns::kTable, "table-row") || name.is(ns::kTable, "table")) {
            sinks_.back()->request(Break::line);
        }
    }

    // Inside a paragraph, every run of white space is one space.
    void text(std::string_view text, const std::vector<QName>&) override {
        if (paragraph_depth_ == 0) return;
        TextSink& sink = *sinks_.back();
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t space = text.find_first_of(" \t\r\n", start);
            const std::size_t end = space == std::string_view::npos ? text.size() : space;
            sink.add(text.substr(start, end - start));
            if (end == text.size()) break;
            sink.request(Break::space);
            start = text.find_first_not_of(" \t\r\n", end);
            if (start == std::string_view::npos) break;
        }
    }

private:
    // text:s stands for text:c spaces (1 when absent); a silly count is
    // capped, as a single space would do for searching.
    void add_spaces(std::string_view count_text) {
        if (paragraph_depth_ == 0) return;
        std::size_t count = 0;
        for (char c : count_text) {
            if (c < '0' || c > '9') break;
            count = std::min<std::size_t>(count * 10 + static_cast<std::size_t>(c - '0'), 100);
        }
        sinks_.back()->add(std::string(std::max<std::size_t>(count, 1), ' '));
    }

    std::vector<TextSink*> sinks_;
    TextSink& notes_;
    std::vector<Break> cell_paragraph_breaks_;
    int paragraph_depth_ = 0;
};

// meta.xml: office:document-meta/office:meta/{dc:title, meta:creation-date,
// dc:date, dc:language, meta:initial-creator, dc:creator}.
struct OpenDocumentMeta {
    std::string title, created, modified, language, initial_creator, creator;
};

class OpenDocumentMetaReader : public XmlVisitor {
public:
    explicit OpenDocumentMetaReader(OpenDocumentMeta& out) : out_(out) {}
    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>& path,
               const Namespaces&) override {
        if (path.size() < 2) return true;
        if (path.size() > 2 || !path[1].is(ns::kOffice, "meta")) return false;
        std::string* field = name.is(ns::kDublinCore, "title")          ? &out_.title
                             : name.is(ns::kMeta, "creation-date")      ? &out_.created
                             : name.is(ns::kDublinCore, "date")         ? &out_.modified
                             : name.is(ns::kDublinCore, "language")     ? &out_.language
                             : name.is(ns::kMeta, "initial-creator")    ? &out_.initial_creator
                             : name.is(ns::kDublinCore, "creator")      ? &out_.creator
                                                                        : nullptr;
        if (field && field->empty()) *field = own_text(element);
        return false;
    }
    void leave(const QName&) override {}
    void text(std::string_view, const std::vector<QName>&) override {}

private:
    OpenDocumentMeta& out_;
};

// The default paragraph language of styles.xml
// (style:default-style[@style:family="paragraph"]/style:text-properties,
// fo:language and fo:country): LibreOffice's language setting when the
// document was made, a hint. "zxx" (no language) and "none" give "".
class OpenDocumentDefaultLanguage : public XmlVisitor {
public:
    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>& path,
               const Namespaces& namespaces) override {
        if (!found.empty()) return false;
        if (name.is(ns::kStyle, "default-style"))
            return namespaces.attribute(element, ns::kStyle, "family") == "paragraph";
        if (name.is(ns::kStyle, "text-properties") && !path.empty() && path.back().is(ns::kStyle, "default-style")) {
            const std::string_view language = namespaces.attribute(element, ns::kFormatting, "language");
            const std::string_view country = namespaces.attribute(element, ns::kFormatting, "country");
            if (!language.empty() && language != "zxx" && language != "none") {
                found = language;
                if (!country.empty() && country != "none") found += "-" + std::string(country);
            }
            return false;
        }
        return path.size() < 2;  // office:document-styles/office:styles
    }
    void leave(const QName&) override {}
    void text(std::string_view, const std::vector<QName>&) override {}

    std::string found;
};

// Whether META-INF/manifest.xml marks content.xml as encrypted (ODF
// password protection encrypts the parts but not the zip).
class EncryptedContentFinder : public XmlVisitor {
public:
    bool enter(const pugi::xml_node& element, const QName& name, const std::vector<QName>&,
               const Namespaces& namespaces) override {
        if (name.is(ns::kManifest, "file-entry")) {
            in_content_entry_ = namespaces.attribute(element, ns::kManifest, "full-path") == "content.xml";
            return in_content_entry_;
        }
        if (name.is(ns::kManifest, "encryption-data") && in_content_entry_) found = true;
        return !found;
    }
    void leave(const QName&) override {}
    void text(std::string_view, const std::vector<QName>&) override {}

    bool found = false;

private:
    bool in_content_entry_ = false;
};

// ---- Common to both -------------------------------------------------------------

// Metadata text as one line of well-formed UTF-8.
std::string clean_field(std::string_view value) { return one_line(repair_utf8(value).text); }

// Takes the first of `candidates` (field name, value) that is a plausible
// document date; each one present but unusable is named in a warning.
void take_first_date(SourceDocument& document,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> candidates) {
    for (const auto& [field, raw] : candidates) {
        const std::string value = clean_field(raw);
        if (value.empty()) continue;
        if (const auto date = parse_metadata_date(value)) {
            const int year = std::stoi(date->substr(0, 4));
            if (year < kMinPlausibleYear || year > kMaxPlausibleYear) {
                document.warnings.push_back(fmt::format("{} '{}' is not a plausible document date; ignored", field, value));
                continue;
            }
        }
        if (take_metadata_date(document, value, field)) return;
    }
}

void set_title(SourceDocument& document, std::string_view raw) {
    document.title = clean_field(raw);
    document.title_from_metadata = !document.title.empty();
}

// Language from metadata, else the styles' default as a hint.
void set_language(SourceDocument& document, std::string_view declared, std::string_view style_default) {
    document.lang = clean_field(declared);
    document.lang_is_hint = false;
    if (document.lang.empty()) {
        document.lang = clean_field(style_default);
        document.lang_is_hint = !document.lang.empty();
    }
}

// `text` without spaces and tabs at the start or end of a line (Word
// writes a space after a footnote's number, ODF text:s may indent).
std::string trim_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        out += line;
        if (end < text.size()) out += '\n';
        start = end + 1;
    }
    return out;
}

// The finished text, repaired to well-formed UTF-8 (XML that declares
// UTF-8 may still hold stray bytes); "no text" when there is none.
void set_text(SourceDocument& document, std::string_view text) {
    RepairedText repaired = repair_utf8(trim_lines(text));
    if (repaired.replaced > 0)
        document.warnings.push_back(fmt::format("{} invalid UTF-8 sequence{} replaced with U+FFFD", repaired.replaced,
                                                repaired.replaced == 1 ? "" : "s"));
    if (trim_space(repaired.text).empty()) throw DocumentError(DocumentError::Kind::skipped, "no text");
    document.text = std::move(repaired.text);
}

std::unique_ptr<XmlPart> read_main_part(const Package& package, const PackageKind& kind, const ReadLimits& limits) {
    std::optional<std::string> bytes = package.read(kind.main_part, limits);
    if (!bytes) throw DocumentError(DocumentError::Kind::failed, std::string(kind.missing_main_part));
    return parse_required_xml(kind.main_part, std::move(*bytes));
}

}  // namespace

SourceDocument parse_docx_document(std::string path, std::string_view bytes, const ReadLimits& limits) {
    const Package package(bytes, kWordPackage);
    SourceDocument document;
    document.path = std::move(path);
    document.format = kFormatDocx;

    TextBudget budget(limits.max_text_bytes);
    TextSink sink(budget);
    {
        const std::unique_ptr<XmlPart> body = read_main_part(package, kWordPackage, limits);
        WordText visitor(sink);
        walk(body->tree, visitor);
    }
    // Footnotes, then endnotes, after the body; a broken notes part costs
    // its notes only.
    for (std::string_view notes_part : {"word/footnotes.xml", "word/endnotes.xml"}) {
        if (const std::unique_ptr<XmlPart> notes = read_optional_xml(package, notes_part, limits, document)) {
            sink.request(Break::paragraph_gap);
            WordText visitor(sink);
            walk(notes->tree, visitor);
        }
    }
    set_text(document, sink.take());

    CoreProperties core;
    if (const std::unique_ptr<XmlPart> part = read_optional_xml(package, "docProps/core.xml", limits, document)) {
        CorePropertiesReader reader(core);
        walk(part->tree, reader);
    }
    WordDefaultLanguage style_language;
    if (core.language.empty())
        if (const std::unique_ptr<XmlPart> part = read_optional_xml(package, "word/styles.xml", limits, document))
            walk(part->tree, style_language);
    set_title(document, core.title);
    document.source = clean_field(core.creator);
    set_language(document, core.language, style_language.found);
    take_first_date(document, {{"docProps/core.xml dcterms:created", core.created},
                               {"docProps/core.xml dcterms:modified", core.modified}});
    return document;
}

SourceDocument parse_odt_document(std::string path, std::string_view bytes, const ReadLimits& limits) {
    const Package package(bytes, kOpenDocumentPackage);
    SourceDocument document;
    document.path = std::move(path);
    document.format = kFormatOdt;

    if (const std::unique_ptr<XmlPart> manifest =
            read_optional_xml(package, "META-INF/manifest.xml", limits, document)) {
        EncryptedContentFinder finder;
        walk(manifest->tree, finder);
        if (finder.found)
            throw DocumentError(DocumentError::Kind::failed,
                                "encrypted OpenDocument file (a password is needed to read it)");
    }

    TextBudget budget(limits.max_text_bytes);
    TextSink body(budget);
    TextSink notes(budget);
    {
        const std::unique_ptr<XmlPart> content = read_main_part(package, kOpenDocumentPackage, limits);
        OpenDocumentText visitor(body, notes);
        walk(content->tree, visitor);
    }
    std::string text = body.take();
    if (!notes.empty()) {
        budget.spend(2);
        text += "\n\n";
        text += notes.take();
    }
    set_text(document, std::move(text));

    OpenDocumentMeta meta;
    if (const std::unique_ptr<XmlPart> part = read_optional_xml(package, "meta.xml", limits, document)) {
        OpenDocumentMetaReader reader(meta);
        walk(part->tree, reader);
    }
    OpenDocumentDefaultLanguage style_language;
    if (meta.language.empty())
        if (const std::unique_ptr<XmlPart> part = read_optional_xml(package, "styles.xml", limits, document))
            walk(part->tree, style_language);
    set_title(document, meta.title);
    document.source = clean_field(meta.initial_creator.empty() ? meta.creator : meta.initial_creator);
    set_language(document, meta.language, style_language.found);
    take_first_date(document, {{"meta.xml meta:creation-date", meta.created}, {"meta.xml dc:date", meta.modified}});
    return document;
}

}  // namespace dossier
