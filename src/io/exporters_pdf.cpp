#include "io/exporters_pdf.hpp"

#include "core/errors.hpp"
#include "io/pdf_support.hpp"

#include <pango/pangocairo.h>

#include <ostream>

#if defined(__SANITIZE_ADDRESS__)
// fontconfig keeps a few hundred bytes from parsing its configuration once per process
// (FcInitLoadConfigAndFonts) without a pointer LeakSanitizer can see; not ours to free.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
#endif

namespace clientela::io {
namespace {

constexpr double kMargin = 56.0;
constexpr double kLabelWidth = 150.0;
constexpr double kGap = 10.0;

using pdf::kPageHeight;
using pdf::kPageWidth;
using pdf::layout_height;
using pdf::LayoutPtr;

// Lays out blocks top to bottom, starting a new page when the next line does not fit.
class PdfComposer {
public:
    PdfComposer(cairo_t* cr, std::string footer) : cr_(cr), text_(cr), footer_(std::move(footer)) { y_ = kMargin; }

    LayoutPtr layout(const std::string& text, const char* font, double width) {
        return text_.layout(text, font, width);
    }

    void space(double points) {
        y_ += points;
        if (y_ > bottom()) new_page();
    }

    // Keeps `points` of vertical room together (a heading with its first line).
    void keep(double points) {
        if (y_ + points > bottom() && y_ > kMargin) new_page();
    }

    // Draws a layout line by line, breaking pages between lines.
    void flow(PangoLayout* l, double x, double grey = 0.0) {
        cairo_set_source_rgb(cr_, grey, grey, grey);
        PangoLayoutIter* it = pango_layout_get_iter(l);
        double start = y_;  // where the layout's y = 0 sits on this page
        double offset = 0;  // layout y shown at `start`
        double last_bottom = y_;
        do {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            const double top = static_cast<double>(logical.y) / PANGO_SCALE;
            const double h = static_cast<double>(logical.height) / PANGO_SCALE;
            if (start + (top - offset) + h > bottom() && start + (top - offset) > kMargin) {
                new_page();
                cairo_set_source_rgb(cr_, grey, grey, grey);
                start = kMargin;
                offset = top;
            }
            const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
            cairo_move_to(cr_, x, start + baseline - offset);
            pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
            last_bottom = start + (top - offset) + h;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        y_ = last_bottom;
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void field(const std::string& label, const std::string& value) {
        auto l = layout(label, "DejaVu Sans 9", kLabelWidth);
        auto v = layout(value, "DejaVu Sans 9.5", content_width() - kLabelWidth - kGap);
        const double h = std::max(layout_height(l.get()), layout_height(v.get()));
        if (h <= bottom() - kMargin) {
            keep(h);
            cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
            cairo_move_to(cr_, kMargin, y_);
            pango_cairo_show_layout(cr_, l.get());
            cairo_set_source_rgb(cr_, 0, 0, 0);
            cairo_move_to(cr_, kMargin + kLabelWidth + kGap, y_);
            pango_cairo_show_layout(cr_, v.get());
            y_ += h + 2;
        } else {  // longer than a page: the label, then the value flowing over pages
            flow(l.get(), kMargin, 0.3);
            flow(v.get(), kMargin + kLabelWidth + kGap);
            y_ += 2;
        }
    }

    void rule(double grey) {
        cairo_set_source_rgb(cr_, grey, grey, grey);
        cairo_set_line_width(cr_, 0.6);
        cairo_move_to(cr_, kMargin, y_);
        cairo_line_to(cr_, kPageWidth - kMargin, y_);
        cairo_stroke(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void quote(const std::string& text) {
        auto l = layout(text, "DejaVu Serif Italic 9.5", content_width() - 20);
        keep(std::min(layout_height(l.get()), 40.0));
        const int page_before = pages_;
        const double bar_top = y_;
        flow(l.get(), kMargin + 14);
        if (pages_ == page_before) {  // the bar beside the quote, when it stayed on one page
            cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
            cairo_set_line_width(cr_, 2.0);
            cairo_move_to(cr_, kMargin + 4, bar_top);
            cairo_line_to(cr_, kMargin + 4, y_);
            cairo_stroke(cr_);
            cairo_set_source_rgb(cr_, 0, 0, 0);
        }
        y_ += 4;
    }

    double content_width() const { return kPageWidth - 2 * kMargin; }

    int finish() {
        draw_footer();
        cairo_show_page(cr_);
        return pages_;
    }

private:
    double bottom() const { return kPageHeight - kMargin; }

    void draw_footer() {
        auto f = layout(footer_ + " · " + std::to_string(pages_), "DejaVu Sans 7.5", content_width());
        pango_layout_set_alignment(f.get(), PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(cr_, 0.4, 0.4, 0.4);
        cairo_move_to(cr_, kMargin, kPageHeight - kMargin + 18);
        pango_cairo_show_layout(cr_, f.get());
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void new_page() {
        draw_footer();
        cairo_show_page(cr_);
        ++pages_;
        y_ = kMargin;
    }

    cairo_t* cr_;
    pdf::TextLayouts text_;
    std::string footer_;
    double y_ = 0;
    int pages_ = 1;
};

}  // namespace

int write_blocks_pdf(std::ostream& out, const std::vector<ReportBlock>& blocks, const std::string& title) {
    int pages = 0;
    pdf::write_pdf(out, title, [&](cairo_t* cr) {
        PdfComposer pdf(cr, title);
        using K = ReportBlock::Kind;
        for (const auto& b : blocks) {
            switch (b.kind) {
                case K::title: {
                    auto l = pdf.layout(b.text, "DejaVu Sans Bold 17", pdf.content_width());
                    pdf.flow(l.get(), kMargin);
                    pdf.space(2);
                    break;
                }
                case K::subtitle: {
                    auto l = pdf.layout(b.text, "DejaVu Sans 9.5", pdf.content_width());
                    pdf.flow(l.get(), kMargin, 0.3);
                    pdf.space(10);
                    break;
                }
                case K::heading: {
                    auto l = pdf.layout(b.text, "DejaVu Sans Bold 12.5", pdf.content_width());
                    pdf.space(12);
                    pdf.keep(layout_height(l.get()) + 40);
                    pdf.flow(l.get(), kMargin);
                    pdf.space(2);
                    pdf.rule(0.6);
                    pdf.space(5);
                    break;
                }
                case K::subheading: {
                    auto l = pdf.layout(b.text, "DejaVu Sans Bold 9.5", pdf.content_width());
                    pdf.space(6);
                    pdf.keep(layout_height(l.get()) + 30);
                    pdf.flow(l.get(), kMargin);
                    pdf.space(3);
                    break;
                }
                case K::paragraph: {
                    auto l = pdf.layout(b.text, "DejaVu Sans 9.5", pdf.content_width());
                    pdf.flow(l.get(), kMargin);
                    pdf.space(4);
                    break;
                }
                case K::note: {
                    auto l = pdf.layout(b.text, "DejaVu Sans 8.5", pdf.content_width());
                    pdf.space(2);
                    pdf.flow(l.get(), kMargin, 0.3);
                    pdf.space(3);
                    break;
                }
                case K::quote:
                    pdf.quote(b.text);
                    break;
                case K::field:
                    pdf.field(b.label, b.text);
                    break;
            }
        }
        pages = pdf.finish();
    });
    return pages;
}

int write_access_report_pdf(std::ostream& out, const AccessReportData& data) {
    const auto blocks = access_report_blocks(data);
    return write_blocks_pdf(out, blocks, blocks.front().text + " – " + data.contact.display_name);
}

}  // namespace clientela::io
