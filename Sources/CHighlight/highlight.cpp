// KSyntaxHighlighting (Kate's engine) behind a C function: one repository and one
// highlighter per thread, as the library's objects are not safe to share between threads.
#include "highlight.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <ksyntaxhighlighting_version.h>

#include <QString>
#include <QStringView>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {

using KSyntaxHighlighting::Theme;

// The CSS class of each text style (Theme::TextStyle, in its order); Normal has none.
const char *styleClass(Theme::TextStyle style) {
    switch (style) {
    case Theme::Keyword: return "kw";
    case Theme::ControlFlow: return "kw";
    case Theme::Function: return "fn";
    case Theme::Variable: return "va";
    case Theme::Operator: return "op";
    case Theme::BuiltIn: return "bi";
    case Theme::Extension: return "bi";
    case Theme::Preprocessor: return "pp";
    case Theme::Attribute: return "at";
    case Theme::Char: return "st";
    case Theme::SpecialChar: return "sc";
    case Theme::String: return "st";
    case Theme::VerbatimString: return "st";
    case Theme::SpecialString: return "sc";
    case Theme::Import: return "im";
    case Theme::DataType: return "ty";
    case Theme::DecVal: return "nu";
    case Theme::BaseN: return "nu";
    case Theme::Float: return "nu";
    case Theme::Constant: return "co";
    case Theme::Comment: return "cm";
    case Theme::Documentation: return "cm";
    case Theme::Annotation: return "an";
    case Theme::CommentVar: return "an";
    case Theme::RegionMarker: return "cm";
    case Theme::Information: return "an";
    case Theme::Warning: return "er";
    case Theme::Alert: return "er";
    case Theme::Error: return "er";
    case Theme::Others: return "ot";
    default: return nullptr;
    }
}

void appendEscaped(std::string &out, const QString &text) {
    const QByteArray bytes = text.toUtf8();
    for (char c : bytes) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out += c;
        }
    }
}

class HTMLHighlighter : public KSyntaxHighlighting::AbstractHighlighter {
public:
    explicit HTMLHighlighter(const KSyntaxHighlighting::Repository &repository) {
        setTheme(repository.defaultTheme(KSyntaxHighlighting::Repository::LightTheme));
    }

    std::string highlight(const QString &code) {
        out.clear();
        KSyntaxHighlighting::State state;
        const QStringView all(code);
        qsizetype start = 0;
        while (start <= all.size()) {
            qsizetype end = all.indexOf(QLatin1Char('\n'), start);
            const bool last = end < 0;
            if (last) end = all.size();
            line = all.mid(start, end - start);
            written = 0;
            if (!line.isEmpty() || !last) state = highlightLine(line, state);
            if (written < line.size()) appendEscaped(out, line.mid(written).toString());
            if (last) break;
            out += '\n';
            start = end + 1;
        }
        return out;
    }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override {
        if (length <= 0) return;
        if (offset > written) appendEscaped(out, line.mid(written, offset - written).toString());
        const char *name = styleClass(format.textStyle());
        if (name) { out += "<span class=\"hl-"; out += name; out += "\">"; }
        appendEscaped(out, line.mid(offset, length).toString());
        if (name) out += "</span>";
        written = offset + length;
    }

private:
    std::string out;
    QStringView line;
    qsizetype written = 0;
};

struct ThreadHighlighter {
    KSyntaxHighlighting::Repository repository;
    HTMLHighlighter highlighter{repository};
};

ThreadHighlighter &threadHighlighter() {
    thread_local std::unique_ptr<ThreadHighlighter> held(new ThreadHighlighter());
    return *held;
}

KSyntaxHighlighting::Definition find(ThreadHighlighter &held, const char *language) {
    return held.repository.definitionForName(QString::fromUtf8(language));
}

} // namespace

extern "C" char *sitegen_highlight(const char *language, const char *code, size_t length, size_t *out_length) {
    ThreadHighlighter &held = threadHighlighter();
    const KSyntaxHighlighting::Definition definition = find(held, language);
    if (!definition.isValid()) return nullptr;
    held.highlighter.setDefinition(definition);
    const std::string html = held.highlighter.highlight(QString::fromUtf8(code, static_cast<qsizetype>(length)));
    char *result = static_cast<char *>(std::malloc(html.size() + 1));
    if (!result) return nullptr;
    std::memcpy(result, html.data(), html.size());
    result[html.size()] = 0;
    if (out_length) *out_length = html.size();
    return result;
}

extern "C" int sitegen_highlight_knows(const char *language) {
    return find(threadHighlighter(), language).isValid() ? 1 : 0;
}

extern "C" const char *sitegen_highlight_version(void) { return SyntaxHighlighting_VERSION_STRING; }
