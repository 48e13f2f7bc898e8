#include "io/pdf_support.hpp"

#include "core/errors.hpp"

#include <cairo-pdf.h>

namespace clientela::io::pdf {

TextLayouts::TextLayouts(cairo_t* cr) {
    font_map_ = pango_cairo_font_map_new();
    context_ = pango_font_map_create_context(font_map_);
    pango_cairo_update_context(cr, context_);
    pango_cairo_context_set_resolution(context_, 72.0);  // font sizes in points
}

TextLayouts::~TextLayouts() {
    g_object_unref(context_);
    g_object_unref(font_map_);
}

LayoutPtr TextLayouts::layout(const std::string& text, const std::string& font, double width) const {
    LayoutPtr l(pango_layout_new(context_));
    PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
    pango_layout_set_font_description(l.get(), desc);
    pango_font_description_free(desc);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return l;
}

double layout_width(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
}

double layout_height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

void write_pdf(std::ostream& out, const std::string& title, const std::function<void(cairo_t*)>& draw) {
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(write_to_stream, &out, kPageWidth, kPageHeight);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        throw Error("cannot create the PDF");
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Clientela");
    cairo_t* cr = cairo_create(surface);
    draw(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        throw Error(std::string("cannot write the PDF: ") + cairo_status_to_string(status));
    }
}

}  // namespace clientela::io::pdf
