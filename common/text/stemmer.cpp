// SPDX-License-Identifier: MIT
#include "text/stemmer.h"

#include <dlfcn.h>

#include <initializer_list>
#include <stdexcept>
#include <string>

#include <libstemmer.h>
#include <unicode/unistr.h>

namespace dossier {

namespace {

// The Snowball library, opened at first use instead of linked: loading it
// relocates the tables of all its thirty algorithms, about 90 page faults
// (0.2 ms) in every process, a quarter of a plain query's time, while only
// text in the few languages Xapian 1.4 cannot stem needs it. Opened once,
// kept open.
class SnowballLibrary {
public:
    static const SnowballLibrary& get() {
        static const SnowballLibrary library;
        return library;
    }

    decltype(&sb_stemmer_list) list = nullptr;
    decltype(&sb_stemmer_new) create = nullptr;
    decltype(&sb_stemmer_delete) destroy = nullptr;
    decltype(&sb_stemmer_stem) stem = nullptr;
    decltype(&sb_stemmer_length) length = nullptr;

private:
    SnowballLibrary() : handle_(dlopen(DOSSIER_STEMMER_SONAME, RTLD_NOW | RTLD_LOCAL)) {
        if (handle_ == nullptr)
            throw std::runtime_error(std::string("cannot open the Snowball stemming library, which Greek, Hindi, "
                                                 "Serbian and Yiddish text needs (") +
                                     dlerror() + "); install Debian's libstemmer0d as root");
        list = symbol<decltype(list)>("sb_stemmer_list");
        create = symbol<decltype(create)>("sb_stemmer_new");
        destroy = symbol<decltype(destroy)>("sb_stemmer_delete");
        stem = symbol<decltype(stem)>("sb_stemmer_stem");
        length = symbol<decltype(length)>("sb_stemmer_length");
    }

    template <typename Function>
    Function symbol(const char* name) const {
        void* address = dlsym(handle_, name);
        if (address == nullptr)
            throw std::runtime_error(std::string("the Snowball stemming library " DOSSIER_STEMMER_SONAME " has no ") +
                                     name + "; reinstall Debian's libstemmer0d");
        return reinterpret_cast<Function>(address);
    }

    void* handle_;
};

class SnowballStemImplementation : public Xapian::StemImplementation {
public:
    explicit SnowballStemImplementation(const std::string& name)
        : library_(SnowballLibrary::get()), name_(name), stemmer_(library_.create(name.c_str(), "UTF_8")) {
        if (!stemmer_) throw std::invalid_argument("the Snowball library has no stemmer '" + name + "'");
    }
    ~SnowballStemImplementation() override { library_.destroy(stemmer_); }
    SnowballStemImplementation(const SnowballStemImplementation&) = delete;
    SnowballStemImplementation& operator=(const SnowballStemImplementation&) = delete;

    std::string operator()(const std::string& word) override {
        const sb_symbol* stem =
            library_.stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
        // NULL only when the library runs out of memory: the word unstemmed
        // still matches itself.
        if (stem == nullptr) return word;
        return std::string(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(library_.length(stemmer_)));
    }

    std::string get_description() const override { return name_ + " (libstemmer)"; }

private:
    const SnowballLibrary& library_;
    std::string name_;
    sb_stemmer* stemmer_;
};

// Jacques Savoy's light stemmer for Russian (the one Lucene has as
// RussianLightStemmer): it takes off one case ending (noun and adjective
// declension), then a final soft sign or "и" and one "н" of "нн". Lighter
// than Snowball's, which also strips verb and participle endings and so
// splits "похищены" ("похищ") from "похищенные" ("похищен").
class RussianLightStemImplementation : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override {
        const icu::UnicodeString s = icu::UnicodeString::fromUTF8(word);
        int32_t length = without_case_ending(s);
        if (length > 3) {
            const char16_t last = s.charAt(length - 1);
            if (last == u'ь' || last == u'и' || (last == u'н' && s.charAt(length - 2) == u'н')) --length;
        }
        std::string out;
        s.tempSubString(0, length).toUTF8String(out);
        return out;
    }

    std::string get_description() const override { return "russian_light"; }

private:
    // The length of `s` without its case ending; each rule needs a longer
    // word the longer the ending, so short words stay whole.
    static int32_t without_case_ending(const icu::UnicodeString& s) {
        const int32_t length = s.length();
        const auto ends_with_one_of = [&](std::initializer_list<const char16_t*> endings, int32_t size) {
            for (const char16_t* ending : endings)
                if (s.endsWith(icu::UnicodeString(ending, size))) return true;
            return false;
        };
        if (length > 6 && ends_with_one_of({u"иями", u"оями"}, 4)) return length - 4;
        if (length > 5 && ends_with_one_of({u"иям", u"иях", u"оях", u"ями", u"оям", u"ами", u"его", u"ему", u"ери",
                                            u"ими", u"ого", u"ому", u"ыми", u"оев"},
                                           3))
            return length - 3;
        if (length > 4 && ends_with_one_of({u"ая", u"яя", u"ях", u"юю", u"ах", u"ею", u"их", u"ия", u"ию", u"ою",
                                            u"ую", u"ям", u"ых", u"ея", u"ам", u"ем", u"ей", u"ём", u"ев", u"ий",
                                            u"им", u"ое", u"ой", u"ом", u"ов", u"ые", u"ый", u"ым", u"ми"},
                                           2))
            return length - 2;
        if (length > 3 && icu::UnicodeString(u"аеиоуйыяь").indexOf(s.charAt(length - 1)) >= 0) return length - 1;
        return length;
    }
};

}  // namespace

Xapian::Stem russian_light_stemmer() { return Xapian::Stem(new RussianLightStemImplementation); }

const std::vector<std::string>& snowball_algorithms() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const char** name = SnowballLibrary::get().list(); *name != nullptr; ++name) out.emplace_back(*name);
        return out;
    }();
    return names;
}

bool xapian_has_stemmer(std::string_view name) {
    static const std::string available = " " + Xapian::Stem::get_available_languages() + " ";
    return !name.empty() && available.find(" " + std::string(name) + " ") != std::string::npos;
}

Xapian::Stem snowball_stemmer(const std::string& name) {
    // Xapian::Stem takes ownership (reference counted).
    return Xapian::Stem(new SnowballStemImplementation(name));
}

}  // namespace dossier
