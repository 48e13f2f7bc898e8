// What the PDF writers (access report, consent form) share: the A4 page, a document written
// into a C++ stream, Pango layouts from a font map of the document's own.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace clientela::io::pdf {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;

// A cairo_write_func_t: `closure` is the std::ostream the PDF goes to.
inline cairo_status_t write_to_stream(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::ostream*>(closure);
    out->write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(length));
    return *out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

// Makes the layouts drawn on one cairo context, font sizes in points. A font map of its own,
// released with it: the process-wide default one keeps fontconfig's caches for ever (and leak
// checkers report them).
class TextLayouts {
public:
    explicit TextLayouts(cairo_t* cr);
    ~TextLayouts();
    TextLayouts(const TextLayouts&) = delete;
    TextLayouts& operator=(const TextLayouts&) = delete;

    // `text` in `font` ("DejaVu Sans Bold 12.5"), wrapped at words (characters inside a word
    // longer than a line) to `width` points.
    LayoutPtr layout(const std::string& text, const std::string& font, double width) const;

private:
    PangoFontMap* font_map_ = nullptr;
    PangoContext* context_ = nullptr;
};

// A layout's size in points.
double layout_width(PangoLayout* l);
double layout_height(PangoLayout* l);

// Writes one A4 PDF document titled `title` (created by Clientela) into `out`: draw() paints
// its pages on the cairo context. Throws Error when cairo cannot create or write it.
void write_pdf(std::ostream& out, const std::string& title, const std::function<void(cairo_t*)>& draw);

}  // namespace clientela::io::pdf
