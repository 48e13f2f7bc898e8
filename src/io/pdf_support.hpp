// What the PDF writers (access report, consent form) share: cairo writing into a C++ stream
// and an owning pointer for Pango layouts.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <ostream>

namespace clientela::io::pdf {

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

}  // namespace clientela::io::pdf
