// Renders the access report PDF with poppler (pdftoppm, pdftotext) to check it is a real,
// readable document, not just bytes that start with %PDF.
#include "io/exporters_pdf.hpp"

#include "../../integration/process.hpp"
#include "../store/temp_dir.hpp"
#include "export_samples.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace clientela;
using namespace clientela::io;

namespace {

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const auto candidate = std::filesystem::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    FAIL(name + " not found: install poppler-utils (installer/install-deps.sh --test)");
    return {};
}

struct Pgm {
    int width = 0, height = 0;
    std::string pixels;
};

Pgm read_pgm(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    Pgm p;
    std::string magic;
    int maxval = 0;
    in >> magic >> p.width >> p.height >> maxval;
    in.get();
    REQUIRE(magic == "P5");
    REQUIRE(maxval == 255);
    p.pixels.resize(static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height));
    in.read(p.pixels.data(), static_cast<std::streamsize>(p.pixels.size()));
    REQUIRE(in.gcount() == static_cast<std::streamsize>(p.pixels.size()));
    return p;
}

double dark_fraction(const Pgm& p) {
    std::size_t dark = 0;
    for (char c : p.pixels) dark += static_cast<unsigned char>(c) < 128 ? 1 : 0;
    return static_cast<double>(dark) / static_cast<double>(p.pixels.size());
}

}  // namespace

TEST_CASE("access report PDF renders with pdftoppm and pdftotext finds the customer") {
    clientela::test::TempDir dir;
    const auto pdf = dir.file("informe.pdf");
    int pages = 0;
    {
        std::ofstream out(pdf, std::ios::binary);
        pages = write_access_report_pdf(out, io::test::sample_report("es"));
    }
    CHECK(pages >= 1);
    std::ifstream check(pdf, std::ios::binary);
    std::string head(5, '\0');
    check.read(head.data(), 5);
    CHECK(head == "%PDF-");

    const auto render = clientela::test::run_process(
        {find_program("pdftoppm"), "-r", "50", "-gray", "-f", "1", "-l", "1", pdf, dir.file("page")});
    REQUIRE(render.exit_code == 0);
    std::string page;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().extension() == ".pgm") page = entry.path().string();
    }
    REQUIRE(!page.empty());
    const Pgm image = read_pgm(page);
    CHECK(image.width == Approx(595.28 * 50 / 72).margin(2));  // A4 portrait at 50 dpi
    CHECK(image.height == Approx(841.89 * 50 / 72).margin(2));
    const double dark = dark_fraction(image);
    CHECK(dark > 0.005);  // text was drawn
    CHECK(dark < 0.3);    // on a white page

    const auto text = clientela::test::run_process({find_program("pdftotext"), "-enc", "UTF-8", pdf, "-"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Informe de acceso a datos personales"));
    CHECK_THAT(text.out, Catch::Contains("Ana Núñez Pérez"));
    CHECK_THAT(text.out, Catch::Contains("+34612345678"));
    CHECK_THAT(text.out, Catch::Contains("Mercería La Aguja"));
}

TEST_CASE("a long report breaks onto more pages") {
    auto data = io::test::sample_report("en");
    const auto one = data.events.front();
    for (int i = 0; i < 40; ++i) data.events.push_back(one);
    data.contact.notes = std::string(6000, 'x');  // one value longer than a page's lines allow
    std::ostringstream out;
    const int pages = write_access_report_pdf(out, data);
    CHECK(pages > 3);
    CHECK(out.str().rfind("%PDF-", 0) == 0);
}
