#include "io/consent_form_pdf.hpp"

#include "core/errors.hpp"
#include "io/pdf_support.hpp"
#include "core/form_code.hpp"

#include <pango/pangocairo.h>
#include <qrencode.h>

#include <ostream>

namespace clientela::io {

namespace {

using pdf::kPageHeight;
using pdf::kPageWidth;
constexpr double kMargin = 50.0;
constexpr double kQrSize = 86.0;

struct Words {
    const char *title, *intro, *customer, *points, *ticks, *date, *signature, *reference, *printed, *footer, *email,
        *sms, *whatsapp, *phone_call, *postal, *rights;
};

constexpr Words kEs{
    "Consentimiento para recibir comunicaciones",
    "Lea cada texto y marque la casilla de cada canal por el que acepta que le escribamos. Lo que no marque, no lo "
    "usaremos.",
    "Nombre y apellidos",
    "Móvil y correo electrónico",
    "Acepto por:",
    "Fecha",
    "Firma del cliente",
    "Referencia del formulario",
    "Impreso el",
    "Guarde la referencia: en nuestro registro de consentimientos enlaza este papel con lo que usted aceptó.",
    "Correo electrónico",
    "SMS",
    "WhatsApp",
    "Llamadas",
    "Correo postal",
    "Puede retirar su consentimiento cuando quiera, en la tienda o respondiendo a cualquiera de nuestros mensajes. "
    "Tiene derecho a acceder a sus datos, rectificarlos y suprimirlos (RGPD, arts. 15 a 17).",
};

constexpr Words kEn{
    "Consent to receive communications",
    "Read each text and tick the box of every channel through which you agree we may write to you. What you do not "
    "tick, we will not use.",
    "Full name",
    "Mobile and email",
    "I agree by:",
    "Date",
    "Customer's signature",
    "Form reference",
    "Printed on",
    "Keep the reference: in our consent ledger it links this paper with what you agreed to.",
    "Email",
    "SMS",
    "WhatsApp",
    "Phone calls",
    "Post",
    "You may withdraw your consent at any time, in the shop or by replying to any of our messages. You have the right "
    "to access, rectify and erase your data (GDPR, arts. 15 to 17).",
};

const Words& words_for(const std::string& language) {
    if (language == "es" || language.empty()) return kEs;
    if (language == "en") return kEn;
    throw ValidationError("the consent form is available in es or en, not '" + language + "'",
                          "consent_form.language", {language});
}

const char* channel_word(const Words& w, Channel c) {
    switch (c) {
        case Channel::email: return w.email;
        case Channel::sms: return w.sms;
        case Channel::whatsapp_business: return w.whatsapp;
        case Channel::phone_call: return w.phone_call;
        case Channel::postal: return w.postal;
    }
    return w.email;
}

using pdf::layout_height;
using pdf::layout_width;
using pdf::LayoutPtr;

// Draws the form from the top; `scale` shrinks the text of the wordings and returns where
// the content ended, so the caller can pick the largest scale that fits one page.
class FormPainter {
public:
    FormPainter(cairo_t* cr, const ConsentFormSheet& sheet, double scale)
        : cr_(cr), text_(cr), sheet_(sheet), w_(words_for(sheet.language)), scale_(scale) {}

    // Returns the lowest y drawn by the flowing content (above the signature block).
    double paint() {
        header();
        customer_block();
        y_ += 10 * scale_;
        text(w_.intro, font("DejaVu Sans", 9.5), width(), 0.2);
        y_ += 8 * scale_;
        for (const auto& wording : sheet_.wordings) wording_block(wording);
        const double flow_end = y_;
        signature_block();
        footer();
        return flow_end;
    }

    static double signature_top() { return kPageHeight - kMargin - 150; }

private:
    std::string font(const char* family, double size, const char* style = "") const {
        return std::string(family) + (*style ? " " : "") + style + " " + std::to_string(size * scale_);
    }
    static double width() { return kPageWidth - 2 * kMargin; }

    LayoutPtr layout(const std::string& text, const std::string& font_name, double w) {
        return text_.layout(text, font_name, w);
    }

    // Draws at (x, y_) and moves y_ below it.
    double text(const std::string& s, const std::string& font_name, double w, double grey = 0.0, double x = kMargin) {
        auto l = layout(s, font_name, w);
        show(l.get(), x, y_, grey);
        const double h = layout_height(l.get());
        y_ += h;
        return h;
    }

    void show(PangoLayout* l, double x, double y, double grey = 0.0) {
        cairo_set_source_rgb(cr_, grey, grey, grey);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, l);
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void line(double x1, double y1, double x2, double y2, double grey, double lw) {
        cairo_set_source_rgb(cr_, grey, grey, grey);
        cairo_set_line_width(cr_, lw);
        cairo_move_to(cr_, x1, y1);
        cairo_line_to(cr_, x2, y2);
        cairo_stroke(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void header() {
        const double text_w = width() - kQrSize - 16;
        y_ = kMargin;
        text(sheet_.shop_name.empty() ? "—" : sheet_.shop_name, "DejaVu Sans Bold 17", text_w);
        if (!sheet_.shop_address.empty()) text(sheet_.shop_address, "DejaVu Sans 9.5", text_w, 0.3);
        y_ += 10;
        text(w_.title, "DejaVu Sans Bold 13", text_w);
        y_ += 2;
        text(std::string(w_.reference) + ": " + display_form_code(sheet_.code) + " · " + w_.printed + " " +
                 sheet_.printed_on,
             "DejaVu Sans 8.5", text_w, 0.3);
        qr(kPageWidth - kMargin - kQrSize, kMargin);
        auto code = layout(display_form_code(sheet_.code), "DejaVu Sans Mono Bold 10", kQrSize + 20);
        pango_layout_set_alignment(code.get(), PANGO_ALIGN_CENTER);
        show(code.get(), kPageWidth - kMargin - kQrSize - 10, kMargin + kQrSize + 3);
        y_ = std::max(y_, kMargin + kQrSize + 3 + layout_height(code.get()));
        y_ += 8;
        line(kMargin, y_, kPageWidth - kMargin, y_, 0.55, 0.8);
        y_ += 12;
    }

    void qr(double x, double y) {
        const auto modules = qr_modules(display_form_code(sheet_.code));
        const double cell = kQrSize / static_cast<double>(modules.size());
        cairo_set_source_rgb(cr_, 0, 0, 0);
        for (std::size_t r = 0; r < modules.size(); ++r) {
            for (std::size_t c = 0; c < modules[r].size(); ++c) {
                // Slightly overlapping cells, so no hairline gaps show between dark modules.
                if (modules[r][c]) cairo_rectangle(cr_, x + c * cell, y + r * cell, cell + 0.05, cell + 0.05);
            }
        }
        cairo_fill(cr_);
    }

    // A label over a writing line, filled in when the value is known.
    void fill_in(const char* label, const std::string& value) {
        auto l = layout(label, font("DejaVu Sans", 8), width());
        show(l.get(), kMargin, y_, 0.35);
        y_ += layout_height(l.get()) + 3;
        const double line_y = y_ + 16 * scale_;
        if (!value.empty()) {
            auto v = layout(value, font("DejaVu Sans", 11), width());
            show(v.get(), kMargin + 4, line_y - layout_height(v.get()) + 1);
        }
        line(kMargin, line_y + 2, kPageWidth - kMargin, line_y + 2, 0.5, 0.6);
        y_ = line_y + 10;
    }

    void customer_block() {
        fill_in(w_.customer, sheet_.customer_name);
        std::string points;
        for (const auto& p : sheet_.customer_points) points += (points.empty() ? "" : "   ·   ") + p;
        fill_in(w_.points, points);
    }

    void wording_block(const ConsentFormWording& wording) {
        // The exact text, with a bar beside it as on the access report.
        const double top = y_;
        text(wording.text, font("DejaVu Serif", 10.5), width() - 18, 0.0, kMargin + 14);
        line(kMargin + 4, top + 1, kMargin + 4, y_ - 1, 0.45, 2.0);
        y_ += 6 * scale_;
        // The tick boxes, one per channel, in a row (wrapping when many).
        auto lead = layout(w_.ticks, font("DejaVu Sans", 9.5), width());
        show(lead.get(), kMargin + 14, y_, 0.25);
        double x = kMargin + 14 + layout_width(lead.get()) + 12;
        const double box = 11 * std::max(scale_, 0.8);
        const double row_h = std::max(box, layout_height(lead.get())) + 4;
        for (Channel c : wording.channels) {
            auto label = layout(channel_word(w_, c), font("DejaVu Sans Bold", 9.5), width());
            const double item_w = box + 5 + layout_width(label.get()) + 18;
            if (x + item_w > kPageWidth - kMargin) {
                x = kMargin + 14 + layout_width(lead.get()) + 12;
                y_ += row_h;
            }
            const double label_h = layout_height(label.get());
            cairo_set_line_width(cr_, 1.0);
            cairo_rectangle(cr_, x, y_ + (label_h - box) / 2, box, box);
            cairo_stroke(cr_);
            show(label.get(), x + box + 5, y_);
            x += item_w;
        }
        y_ += row_h + 14 * scale_;
    }

    void signature_block() {
        double y = signature_top();
        auto rights = layout(w_.rights, "DejaVu Sans 7.5", width());
        show(rights.get(), kMargin, y, 0.3);
        y += layout_height(rights.get()) + 12;
        const double date_w = 150;
        auto date = layout(w_.date, "DejaVu Sans 8", date_w);
        show(date.get(), kMargin, y, 0.35);
        auto sign = layout(w_.signature, "DejaVu Sans 8", width() - date_w - 20);
        show(sign.get(), kMargin + date_w + 20, y, 0.35);
        y += layout_height(date.get()) + 4;
        const double box_h = 64;
        cairo_set_source_rgb(cr_, 0.5, 0.5, 0.5);
        cairo_set_line_width(cr_, 0.8);
        cairo_rectangle(cr_, kMargin + date_w + 20, y, width() - date_w - 20, box_h);
        cairo_stroke(cr_);
        line(kMargin, y + box_h, kMargin + date_w, y + box_h, 0.5, 0.6);
        cairo_set_source_rgb(cr_, 0, 0, 0);
    }

    void footer() {
        auto f = layout(std::string(w_.footer) + " · " + display_form_code(sheet_.code), "DejaVu Sans 7.5", width());
        pango_layout_set_alignment(f.get(), PANGO_ALIGN_CENTER);
        show(f.get(), kMargin, kPageHeight - kMargin + 14, 0.4);
    }

    cairo_t* cr_;
    pdf::TextLayouts text_;
    const ConsentFormSheet& sheet_;
    const Words& w_;
    double scale_;
    double y_ = 0;
};

// Where the flowing content ends at this scale, measured on a recording surface.
double content_end(const ConsentFormSheet& sheet, double scale) {
    cairo_rectangle_t page{0, 0, kPageWidth, kPageHeight};
    cairo_surface_t* surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    cairo_t* cr = cairo_create(surface);
    double end = 0;
    {
        FormPainter p(cr, sheet, scale);
        end = p.paint();
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return end;
}

}  // namespace

std::vector<std::vector<bool>> qr_modules(const std::string& text) {
    QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) throw Error("cannot make the QR code of '" + text + "'");
    std::vector<std::vector<bool>> out(static_cast<std::size_t>(qr->width),
                                       std::vector<bool>(static_cast<std::size_t>(qr->width)));
    for (int r = 0; r < qr->width; ++r) {
        for (int c = 0; c < qr->width; ++c) {
            out[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = (qr->data[r * qr->width + c] & 1) != 0;
        }
    }
    QRcode_free(qr);
    return out;
}

void write_consent_form_pdf(std::ostream& out, const ConsentFormSheet& sheet) {
    words_for(sheet.language);  // refuse an unknown language before anything is written
    // The largest text size at which the wordings end above the signature block.
    double scale = 1.0;
    while (content_end(sheet, scale) > FormPainter::signature_top() - 10) {
        scale -= 0.1;
        if (scale < 0.55) {
            throw ValidationError("the wordings are too long for one page: print fewer of them on each form",
                                  "consent_form.too_long");
        }
    }
    const Words& w = words_for(sheet.language);
    pdf::write_pdf(out, std::string(w.title) + " – " + display_form_code(sheet.code), [&](cairo_t* cr) {
        {
            FormPainter p(cr, sheet, scale);
            p.paint();
        }
        cairo_show_page(cr);
    });
}

}  // namespace clientela::io
