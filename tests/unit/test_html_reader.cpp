// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>

#include "formats/charset.h"
#include "base/error.h"
#include "readers/dispatch.h"
#include "readers/html_reader.h"
#include "readers/isolation.h"
#include "index/schema.h"
#include "test_support.h"
#include "base/utf8.h"

using dossier::declared_html_charset;
using dossier::DocumentError;
using dossier::parse_html_document;
using dossier::ReadLimits;
using dossier::SourceDocument;
using dossier::test::fixture;

namespace {

SourceDocument parse(const std::string& html, const ReadLimits& limits = {}) {
    return parse_html_document("/pages/page.html", html, limits);
}

// The text of a page whose <body> is `body`.
std::string body_text(const std::string& body) { return parse("<!DOCTYPE html><body>" + body).text; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "kind: message" of the DocumentError parsing `html` throws, or "no error".
std::string parse_error(const std::string& html, const ReadLimits& limits = {}) {
    try {
        parse(html, limits);
    } catch (const DocumentError& e) {
        return std::string(e.kind() == DocumentError::Kind::skipped ? "skipped" : "failed") + ": " + e.what();
    }
    return "no error";
}

// Runs `work` on a thread with a small stack (256 KiB, a 32nd of the usual
// main-thread stack), so that recursion as deep as the page would crash.
void run_on_small_stack(const std::function<void()>& work) {
    pthread_attr_t attributes;
    REQUIRE(pthread_attr_init(&attributes) == 0);
    REQUIRE(pthread_attr_setstacksize(&attributes, 256 * 1024) == 0);
    pthread_t thread;
    auto call = [](void* argument) -> void* {
        (*static_cast<const std::function<void()>*>(argument))();
        return nullptr;
    };
    REQUIRE(pthread_create(&thread, &attributes, call, const_cast<std::function<void()>*>(&work)) == 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
}

std::string repeat(const std::string& part, int times) {
    std::string out;
    out.reserve(part.size() * static_cast<std::size_t>(times));
    for (int i = 0; i < times; ++i) out += part;
    return out;
}

// `count` attributes named prefix0, prefix1, ... each with the value 1.
std::string attributes(const std::string& prefix, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += " " + prefix + std::to_string(i) + "=1";
    return out;
}

bool has_warning(const SourceDocument& document, const std::string& part) {
    return std::any_of(document.warnings.begin(), document.warnings.end(),
                       [&](const std::string& warning) { return contains(warning, part); });
}

// The address space this process has mapped now.
std::size_t mapped_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0;
    statm >> pages;
    return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Parses `html` in a child that may map `megabytes` more than this process
// has (no limit under AddressSanitizer), so that a page that would take
// gigabytes fails the test instead of the machine.
SourceDocument parse_in_bounded_memory(const std::string& html, std::size_t megabytes) {
    dossier::IsolationLimits limits;
    limits.max_memory_bytes = mapped_bytes() + (megabytes << 20);
    return dossier::parse_in_child([&] { return parse(html); }, "HTML reader", limits);
}

}  // namespace

// ---- Fixture pages ----------------------------------------------------------

TEST_CASE("a news page gives og:title, published time, html lang, canonical url and site name", "[html]") {
    const SourceDocument document =
        parse_html_document("/corpus/article.html", fixture("html/article.html"), ReadLimits{});
    CHECK(document.path == "/corpus/article.html");
    CHECK(document.format == "html");
    CHECK(document.title == "Foreign Ministers Condemn SolarWinds Espionage Campaign");
    CHECK(document.title_from_metadata);
    CHECK(document.date == "2021-04-16");
    CHECK(document.date_source == dossier::schema::kDateFromMetadata);
    CHECK(document.lang == "en");
    CHECK(document.lang_is_hint);
    CHECK(document.url == "https://example.org/news/solarwinds-statement");
    CHECK(document.source == "Ministry of Foreign Affairs");
    CHECK(document.encoding.empty());  // the caller sets it
    CHECK(document.warnings.empty());
}

TEST_CASE("a news page's text holds its article and none of the page chrome", "[html]") {
    const std::string text = parse(fixture("html/article.html")).text;
    CHECK(dossier::is_valid_utf8(text));
    // The article's own header (headline, byline) and every paragraph.
    CHECK(text.starts_with("Foreign Ministers Condemn SolarWinds Espionage Campaign\n\nPress release, 16 April 2021\n\n"
                           "The foreign ministers today condemned the cyber espionage campaign that compromised "
                           "the SolarWinds Orion platform and, through it, the networks of government agencies "
                           "and private companies in several countries.\n\n"));
    CHECK(contains(text, "Foreign Intelligence Service of Russia was responsible for the operation."));
    CHECK(contains(text, "affected systems have since been quarantined and rebuilt."));
    CHECK(contains(text, "\n\nPartners will continue to share information, to strengthen the resilience of "
                         "critical infrastructure and to hold those responsible to account.\n\n"));
    CHECK(text.ends_with("Incident | SolarWinds Orion supply-chain compromise"));
    for (const char* chrome : {"scriptword", "stylerule", "dataLayer", "hiddenword", "menuitem", "Foreign policy",
                               "Search the site", "Skip to content", "Go", "cookieword", "Accept", "footerword",
                               "All rights reserved", "Arctic fisheries", "Related statements"}) {
        INFO(chrome);
        CHECK_FALSE(contains(text, chrome));
    }
}

TEST_CASE("a page whose html lang is wrong still reports it, as a hint", "[html]") {
    const SourceDocument document = parse(fixture("html/wrong-lang.html"));
    CHECK(document.lang == "de");
    CHECK(document.lang_is_hint);
    CHECK(document.title == "Cybersécurité : la France renforce la protection des hôpitaux");
    CHECK(document.date == "2022-03-09");
    CHECK(document.url.empty());
    CHECK(contains(document.text, "contre les attaques par rançongiciel."));
}

TEST_CASE("an Indonesian page dated only by a time element", "[html]") {
    const SourceDocument document = parse(fixture("html/indonesian-time.html"));
    CHECK(document.title == "Kemlu Tanggapi Tuduhan Peretasan dari Tiongkok");
    CHECK(document.title_from_metadata);
    CHECK(document.date == "2019-11-05");
    CHECK(document.date_source == dossier::schema::kDateFromMetadata);
    CHECK(document.lang == "id");
    CHECK(document.source.empty());
    CHECK(contains(document.text, "Jakarta, Selasa, 5 November 2019\n\nKementerian Luar Negeri menyatakan"));
    CHECK(contains(document.text, "bahwa kedaulatan siber Indonesia harus dihormati"));
}

TEST_CASE("a windows-1251 page declares its charset and reads as Russian once decoded", "[html]") {
    const std::string bytes = fixture("html/russian-cp1251.html");
    REQUIRE_FALSE(dossier::is_valid_utf8(bytes));
    CHECK(declared_html_charset(bytes) == "windows-1251");
    const dossier::DecodedText decoded = dossier::decode_text(bytes, declared_html_charset(bytes));
    const SourceDocument document = parse(decoded.text);
    CHECK(document.title == "МИД России ответил на обвинения в кибератаках");
    CHECK(document.date == "2023-04-13");
    CHECK(document.lang == "ru");
    CHECK(contains(document.text, "Она назвала обвинения голословными."));
}

TEST_CASE("an HTML file read as the indexer reads it is decoded by its declared charset", "[html]") {
    const SourceDocument document =
        dossier::parse_document("/corpus/russian-cp1251.html", fixture("html/russian-cp1251.html"), "2024-05-06", {});
    CHECK(document.format == "html");
    CHECK(document.encoding == "windows-1251");
    CHECK(document.title == "МИД России ответил на обвинения в кибератаках");
    CHECK(document.date == "2023-04-13");
    CHECK(contains(document.text, "голословными"));
    CHECK(document.warnings.empty());
}

// ---- Text layout ------------------------------------------------------------

TEST_CASE("inline elements join the words around them without a space", "[html]") {
    CHECK(body_text("<p><b>Sol</b>arWinds and <i>Haf</i><span>nium</span> were <a href=x>named</a>.</p>") ==
          "SolarWinds and Hafnium were named.");
    CHECK(body_text("<p>the <em>Colonial</em> <strong>Pipeline</strong> attack</p>") ==
          "the Colonial Pipeline attack");
}

TEST_CASE("block elements are separated by lines, paragraphs by one blank line", "[html]") {
    CHECK(body_text("<h1>Title</h1><p>One</p><p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>"
                    "<div>x</div><div>y</div><blockquote>quoted</blockquote><dl><dt>term</dt><dd>meaning</dd></dl>") ==
          "Title\n\nOne\n\nTwo\nThree\n\na\nb\n\nx\ny\n\nquoted\n\nterm\nmeaning");
    CHECK(body_text("<p>a</p>\n\n\n<p></p><div></div><p>b</p><hr><p>c</p>") == "a\n\nb\n\nc");
    CHECK(body_text("line one<br><br>line two<br><br><br><br>line three") == "line one\n\nline two\n\nline three");
}

TEST_CASE("whitespace collapses to one space and lines are trimmed, except in pre", "[html]") {
    CHECK(body_text("<p>  many \n   spaces\there&nbsp;&nbsp;too  </p>") == "many spaces here too");
    CHECK(body_text("<p>before</p><pre>\n  int x;\n    return  x;   \n\n\n\n}</pre><p>after</p>") ==
          "before\n\n  int x;\n    return  x;\n\n}\n\nafter");
}

TEST_CASE("table cells are joined by a bar and rows by lines", "[html]") {
    CHECK(body_text("<table><tr><th>Incident</th><th>Year</th></tr><tr><td>WannaCry</td><td>2017</td></tr>"
                    "<tr><td></td><td>2018</td></tr></table>") ==
          "Incident | Year\nWannaCry | 2017\n2018");
}

TEST_CASE("hidden elements, code, media and form controls leave no text", "[html]") {
    const std::string text = body_text(
        "<p>kept1</p><div hidden>h1</div><div aria-hidden=\"true\">h2</div>"
        "<div style=\"color: red; DISPLAY : None\">h3</div><span style=\"visibility:hidden\">h4</span>"
        "<script>h5</script><style>h6{}</style><template><p>h7</p></template><noscript>h8</noscript>"
        "<svg><text>h9</text><title>h10</title></svg><math><mi>h11</mi></math><select><option>h12</option></select>"
        "<button>h13</button><textarea>h14</textarea><iframe>h15</iframe><object>h16</object><canvas>h17</canvas>"
        "<video>h18</video><ruby>kept2<rp>(</rp><rt>h19</rt><rp>)</rp></ruby><dialog>h20</dialog>"
        "<div role=navigation>h21</div><div hidden=until-found>kept3</div><div aria-hidden=false>kept4</div>");
    CHECK(text == "kept1\n\nkept2\nkept3\nkept4");
}

TEST_CASE("header and footer are chrome on the page but content inside an article", "[html]") {
    CHECK(body_text("<header>Site banner</header><nav>Menu</nav><div><header>Wrapper banner</header>"
                    "<p>Body text</p><footer>Wrapper footer</footer></div><aside>Cookie notice</aside>"
                    "<footer>Copyright</footer>") == "Body text");
    CHECK(body_text("<article><header><h2>Headline</h2></header><p>Story</p><aside>Pull quote</aside>"
                    "<footer>Filed under: cyber</footer></article>") ==
          "Headline\n\nStory\n\nPull quote\n\nFiled under: cyber");
    CHECK(body_text("<section><header><h2>Chapter</h2></header><p>Text</p></section>") == "Chapter\n\nText");
}

TEST_CASE("the main region is preferred unless it holds little of the page's text", "[html]") {
    const std::string story(300, 'x');
    CHECK(body_text("<div>Latest headlines elsewhere</div><main><p>" + story + "</p></main><div>More links</div>") ==
          story);
    // An <article> around the headline only: the story outside it is kept.
    CHECK(body_text("<article><h1>Headline</h1></article><div><p>" + story + "</p></div>") ==
          "Headline\n\n" + story);
    // Several articles (a list page) are all kept, and nothing else.
    CHECK(body_text("<div>Sidebar</div><article><p>First story text here</p></article>"
                    "<article><p>Second story text here</p></article>") ==
          "First story text here\n\nSecond story text here");
}

// ---- Metadata ---------------------------------------------------------------

TEST_CASE("the title comes from og:title, else title, else the first h1", "[html]") {
    SourceDocument document = parse("<title>\n  Site |\n  Page   title </title><h1>Heading</h1>");
    CHECK(document.title == "Site | Page title");
    CHECK(document.title_from_metadata);

    document = parse("<title>Site</title><meta property=og:title content=\"  Shared\ttitle \"><h1>Heading</h1>");
    CHECK(document.title == "Shared title");
    CHECK(document.title_from_metadata);

    document = parse("<title> </title><h2>Kicker</h2><h1>  The <b>real</b>\n heading</h1><h1>Second</h1>");
    CHECK(document.title == "The real heading");
    CHECK_FALSE(document.title_from_metadata);

    document = parse("<p>No heading at all</p>");
    CHECK(document.title.empty());  // complete_from_text fills it later
    CHECK_FALSE(document.title_from_metadata);

    document = parse("<title>" + repeat("word ", 60) + "</title><p>x</p>");
    CHECK(document.title.ends_with("…"));
    CHECK(dossier::count_code_points(document.title) <= 151);
}

TEST_CASE("the date comes from the first metadata source that holds a valid one", "[html]") {
    SourceDocument document = parse("<meta property=og:updated_time content=2020-02-02T10:00:00Z>"
                                    "<meta property=article:published_time content=2020-01-01>"
                                    "<meta name=DC.date content=2020-03-03><p>x <time datetime=2020-04-04>then</time>");
    CHECK(document.date == "2020-01-01");

    document = parse("<meta property=article:published_time content=\"last Tuesday\">"
                     "<meta property=og:updated_time content=\"2020-02-02T10:00:00Z\"><p>x");
    CHECK(document.date == "2020-02-02");
    REQUIRE(document.warnings.size() == 1);
    CHECK(document.warnings[0] ==
          "<meta property=\"article:published_time\"> 'last Tuesday' is not a date like 2023-04-13; ignored");

    CHECK(parse("<meta name=dc.date.issued content=2019-05-06><p>x").date == "2019-05-06");
    CHECK(parse("<meta name=DCTERMS.created content=2018-07-08><p>x").date == "2018-07-08");
    CHECK(parse("<p>x <time datetime=\"2017-09-10T08:00+07:00\">Monday</time>").date == "2017-09-10");
    // A time in the article wins over one in a sidebar before it.
    CHECK(parse("<div><time datetime=2001-01-01>old</time></div><article><p>x <time datetime=2016-11-12>now</time>")
              .date == "2016-11-12");
    // The masthead's "today" is page chrome, not the page's date.
    CHECK(parse("<header>Daily News <time datetime=2024-06-01>Saturday</time></header>"
                "<p>Story of <time datetime=2019-11-05>Tuesday</time>")
              .date == "2019-11-05");
    CHECK(parse("<header><time datetime=2024-06-01>Saturday</time></header><p>Undated story").date.empty());
    CHECK(parse("<meta name=date content=2015-12-13><p>x").date == "2015-12-13");
    CHECK(parse("<p>x <span itemprop=datePublished content=2014-01-02>2 Jan</span>").date == "2014-01-02");

    document = parse("<p>Written on 13 April 2023 <time>today</time>");
    CHECK(document.date.empty());  // complete_from_text looks in the text later
    CHECK(document.date_source.empty());
}

TEST_CASE("the url is the absolute canonical link, else og:url", "[html]") {
    CHECK(parse("<link rel=canonical href=\" https://a.example/x \"><meta property=og:url content=https://b.example/y>"
                "<p>x")
              .url == "https://a.example/x");
    CHECK(parse("<link rel=\"Canonical alternate\" href=HTTP://a.example/x><p>x").url == "HTTP://a.example/x");
    CHECK(parse("<link rel=canonical href=/relative/x><meta property=og:url content=https://b.example/y><p>x").url ==
          "https://b.example/y");
    CHECK(parse("<link rel=canonical href=javascript:alert(1)><p>x").url.empty());
    CHECK(parse("<p>x").url.empty());
}

TEST_CASE("the language hint comes from html lang, xml:lang or Content-Language", "[html]") {
    SourceDocument document = parse("<html lang=\" fr-CA \"><p>x");
    CHECK(document.lang == "fr-CA");
    CHECK(document.lang_is_hint);
    CHECK(parse("<html xml:lang=pt-BR><p>x").lang == "pt-BR");
    CHECK(parse("<meta http-equiv=Content-Language content=\"id, en\"><p>x").lang == "id");
    document = parse("<html lang=\"{{ page.lang }}\"><p>x");
    CHECK(document.lang.empty());
    CHECK_FALSE(document.lang_is_hint);
    CHECK(parse("<html lang=\"\"><p>x").lang.empty());
}

// ---- Hostile and empty pages ------------------------------------------------

TEST_CASE("a page nested a hundred thousand elements deep is read quickly and without a crash", "[html]") {
    const auto started = std::chrono::steady_clock::now();
    SourceDocument document;
    // Each shape stresses another part: the nesting limit (div, span, svg,
    // tables), and the flattening before gumbo frees the tree (<optgroup>s
    // outside a <select> nest, but the nesting limit does not count them).
    for (const auto& [open, expected] : std::vector<std::pair<std::string, std::string>>{
             {"<div>", "deep text"}, {"<span>", "deep text"}, {"<table><tr><td>", "deep text"},
             {"<ul><li>", "deep text"}, {"<svg><g>", ""}, {"<b><i>", "deep text"}, {"<optgroup>", ""},
             {"<p><optgroup>", ""}}) {
        INFO(open);
        const std::string html = "<title>Deep</title>" + repeat(open, 100'000) + "deep text";
        run_on_small_stack([&] { document = parse(html); });
        CHECK(document.title == "Deep");
        CHECK(document.text == expected);
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
}

TEST_CASE("hundreds of unclosed formatting elements do not multiply at every paragraph", "[html]") {
    // Unlimited, gumbo re-opens all 500 <b>s in each of the 10,000
    // paragraphs: 5 million elements, 2 GB and seconds.
    std::string html = "<p>";
    for (int i = 0; i < 500; ++i) html += "<b id=" + std::to_string(i) + ">";
    html += "bold</p>" + repeat("<p>x</p>", 10'000);
    const auto started = std::chrono::steady_clock::now();
    const SourceDocument document = parse(html);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1500));
    CHECK(document.text.starts_with("bold\n\nx\n\nx\n\n"));
    CHECK(document.text.size() == 4 + 10'000 * 3);
    // Removing formatting tags changes no text.
    CHECK(body_text(repeat("<font size=3><i>", 40) + "Sol<b>ar</b>Winds" + repeat("</i></font>", 40) + " attack") ==
          "SolarWinds attack");
}

// gumbo checks each attribute of a tag against all earlier ones: 100,000
// on one <div> (889 KB) took 16 s in the indexer's own process.
TEST_CASE("attributes past 100 on one element are left out before parsing, with a warning", "[html]") {
    const SourceDocument document =
        parse("<title>Attributes</title><div" + attributes("a", 100'000) + ">hostile text</div><p>after</p>");
    CHECK(document.text == "hostile text\n\nafter");
    CHECK(has_warning(document, "99900 attributes were left out"));
    CHECK(has_warning(document, "the limit is 100 per element"));
    // Up to the limit an attribute counts as usual, past it as if absent.
    CHECK(body_text("<p>shown</p><div" + attributes("a", 99) + " hidden>secret</div>") == "shown");
    CHECK(body_text("<p>shown</p><div" + attributes("a", 100) + " hidden>secret</div>") == "shown\n\nsecret");
    // End tags are read the same way (their attributes are dropped anyway),
    // and quoted values holding spaces, '>' or '=' are one attribute each.
    const SourceDocument end_tag = parse("<title>End</title><p>x</p" + attributes("e", 150) + ">");
    CHECK(has_warning(end_tag, "50 attributes were left out"));
    const std::string quoted = " q=\"a b > c=d\" r='x=y' s t";
    CHECK(parse("<title>Quoted</title><div" + quoted + attributes("a", 96) + ">text</div>").warnings.empty());
    CHECK(has_warning(parse("<title>Quoted</title><div" + quoted + attributes("a", 97) + ">text</div>"),
                      "1 attribute was left out"));
    // An ordinary page is parsed as it is.
    CHECK(parse(fixture("html/article.html")).warnings.empty());
}

TEST_CASE("a repeated <body> tag adds at most 100 attributes to the page's body in all", "[html]") {
    // The parser merges each repeat's attributes into the one <body>,
    // checking each against all it has: 80 tags of 1,000 took 19 s.
    std::string html = "<title>Bodies</title>";
    for (int k = 0; k < 80; ++k) html += "<body" + attributes("b" + std::to_string(k) + "_", 1000) + ">";
    html += "merged text";
    const SourceDocument document = parse(html);
    CHECK(document.text == "merged text");
    CHECK(has_warning(document, "79900 attributes were left out"));
    CHECK(has_warning(parse("<html" + attributes("h", 60) + "><title>Root</title><html" + attributes("i", 60) +
                            "><p>x"),
                      "20 attributes were left out"));
}

TEST_CASE("attributes of formatting elements left open are not copied into every block", "[html]") {
    // The parser copies each unclosed <b>, attributes and all, into every
    // following paragraph: these 16 of 200 attributes over 60,000
    // paragraphs (508 KB) took 24 GB.
    std::string html = "<title>Bold</title><p>";
    for (int k = 0; k < 16; ++k) html += "<b" + attributes("c" + std::to_string(k) + "_", 200) + ">";
    html += "bold</p>" + repeat("<p>x</p>", 60'000);
    const SourceDocument document = parse_in_bounded_memory(html, 1024);
    CHECK(document.text.starts_with("bold\n\nx\n\nx\n\n"));
    CHECK(document.text.size() == 4 + 60'000 * 3);
    CHECK(has_warning(document, "3200 attributes were left out"));
    // One attribute on each is enough to add 700 MB over a 1 MiB page.
    std::string one_each = "<title>Bold</title><p>";
    for (int k = 0; k < 16; ++k) one_each += "<b c" + std::to_string(k) + ">";
    one_each += "bold</p>" + repeat("<p>x</p>", 40'000);
    CHECK(has_warning(parse(one_each), "16 attributes were left out"));
    // Closed in time, they keep their attributes and their meaning.
    CHECK(body_text(repeat("<p>x</p>", 100) + "<b style=\"display:none\">spam</b><i class=k>y</i>") ==
          repeat("x\n\n", 100) + "y");
    const std::string links = repeat("<p><a href=/a class=b title=c>link</a></p>", 20'000);
    CHECK(parse("<title>Links</title>" + links).warnings.empty());
}

TEST_CASE("formatting elements inside svg or math count toward the open limit too", "[html]") {
    // A <b> ends foreign content, so the parser keeps all 500 open and
    // re-opens them in each paragraph: 1.9 GB for this 95 KB page.
    std::string html = "<title>Svg</title><p><svg>";
    for (int i = 0; i < 500; ++i) html += "<b id=" + std::to_string(i) + ">";
    html += "bold</p>" + repeat("<p>x</p>", 10'000);
    const SourceDocument document = parse_in_bounded_memory(html, 512);
    CHECK(document.title == "Svg");
    CHECK(contains(document.text, "x\n\nx"));
}

TEST_CASE("deeply nested blocks past the limit still keep their words apart", "[html]") {
    const std::string html = repeat("<div>", 600) + repeat("<div>word</div>", 3) + repeat("</div>", 600) + "<p>end</p>";
    // Past the limit each tag becomes a line break: a blank line between blocks.
    CHECK(parse(html).text == "word\n\nword\n\nword\n\nend");
}

// fuzz/regressions/fuzz_html/deep-nesting-freed-input: the tree pointed
// into the freed copy of a page whose over-deep tags had been removed.
TEST_CASE("element names past the nesting limit are still read correctly", "[html]") {
    // Nested 600 deep, then back to 400: the page is rewritten, and the
    // elements after that are parsed as usual.
    const std::string html = repeat("<div>", 600) + repeat("</div>", 200) +
                             "<dialog>closed dialog</dialog><my-card>one</my-card>" +
                             "<my-card>two</my-card><dialog open>open dialog</dialog>";
    CHECK(parse(html).text == "one two");  // a dialog, even open, is chrome (cookie banners)
    const std::string regression = fixture("../../fuzz/regressions/fuzz_html/deep-nesting-freed-input");
    REQUIRE(regression.size() > 2000);
    CHECK(parse(dossier::repair_utf8(regression).text).text.ends_with("deegroup>"));
}

TEST_CASE("a page with no visible text and no title is skipped", "[html]") {
    CHECK(parse_error("") == "skipped: no text (the page has no visible text)");
    CHECK(parse_error("<html><head><script>var x = 1;</script></head><body>\n <nav>Home</nav> </body></html>") ==
          "skipped: no text (the page has no visible text)");
    const SourceDocument document = parse("<title>Only a title</title>");
    CHECK(document.title == "Only a title");
    CHECK(document.text.empty());
}

TEST_CASE("a page whose text passes --max-text-size is skipped", "[html]") {
    ReadLimits limits;
    limits.max_text_bytes = 100;
    CHECK(parse_error("<p>" + repeat("twelve bytes", 10) + "</p>", limits) ==
          "skipped: extracted text is too large (more than 100 bytes; the limit, --max-text-size, is 100 bytes)");
    CHECK(parse_error("<p>" + repeat("x", 100) + "</p>", limits) == "no error");
}

TEST_CASE("odd characters in the page still give well-formed UTF-8", "[html]") {
    using namespace std::string_literals;
    const std::string html = "<title>A&#0;B&#xD800;C</title><p>x&#x110000;y\0z &#128512; &amp;&lt;\x80\xFF</p>"s;
    const SourceDocument document = parse(html);
    CHECK(dossier::is_valid_utf8(document.text));
    CHECK(dossier::is_valid_utf8(document.title));
    CHECK(contains(document.text, "😀 &<"));
}

// ---- Declared charset -------------------------------------------------------

TEST_CASE("declared_html_charset reads meta charset and http-equiv in the first 1024 bytes", "[html]") {
    auto [html, expected] = GENERATE(table<std::string, std::string>({
        {"<meta charset=\"windows-1251\">", "windows-1251"},
        {"<!DOCTYPE html><HTML><HEAD><META CHARSET=KOI8-R>", "koi8-r"},
        {"<meta charset='Shift_JIS'/>", "shift_jis"},
        {"<meta name=x charset = \" gb2312 \" >", "gb2312"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", "iso-8859-1"},
        {"<meta content='text/html;charset=\"gbk\"' http-equiv=content-type>", "gbk"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html\">", ""},
        {"<meta content=\"text/html; charset=koi8-r\">", ""},  // no http-equiv: not a declaration
        {"<html><head><title>none</title></head>", ""},
        {"<!-- <meta charset=\"koi8-r\"> --><meta charset=utf-8>", "utf-8"},
        {"<div title='<meta charset=\"koi8-r\">'><meta charset=big5>", "big5"},
        {"<meta charset=\"{{ charset }}\"><meta charset=\"windows-1252\">", "windows-1252"},
        {"<meta charset=\"UTF-16LE\">", "utf-8"},
        {"<metadata charset=koi8-r>", ""},
        {"<meta charset=\"koi8-r", ""},
        {std::string(1030, ' ') + "<meta charset=\"koi8-r\">", ""},
        {std::string(1010, ' ') + "<meta charset=\"koi8-r\">", ""},  // cut by the 1024th byte
        {"<!DOCTYPE html>" + std::string(985, '\n') + "<meta charset=koi8-r>", "koi8-r"},
        {"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html><head><title>x</title>", "iso-8859-2"},
        {"<?xml version='1.0' encoding='utf-8'?><meta charset=\"koi8-r\">", "koi8-r"},  // meta wins
        {"<?xml version=\"1.0\"?><p>encoding=\"koi8-r\"", ""},
        {"<p>x</p><?xml version=\"1.0\" encoding=\"koi8-r\"?>", ""},
    }));
    INFO(html.substr(0, 80));
    CHECK(declared_html_charset(html) == expected);
}
