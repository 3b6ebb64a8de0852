// nianbao-pdfwords: the PDF reader, as a program of its own. Reads a PDF on standard input and
// writes its words with their geometry, for extractor/src/pdf.cc, which runs it through
// RunHelper (subprocess.h) so that poppler's crash or hang on a hostile file costs one document,
// not the crawl, and so that the crawler does not load poppler and its twenty libraries.
//
// Output, one record per line:
//   p                                   a page begins
//   w X0 Y0 X1 Y1 SIZE SPACE TEXT       a word: its box (y grows downwards) and font size as C
//                                       hexadecimal floats (exact), SPACE 1 when a space follows,
//                                       TEXT in UTF-8 (tabs and newlines made spaces)
// Exit status: 0 read; 3 not a PDF, damaged or truncated; 4 encrypted; 5 output not written;
// 2 usage.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "nianbao/common/text.h"

namespace {

void Silence(const std::string&, void*) {}   // poppler's complaints about damaged files

// A run of lines ends with _exit: poppler's static state is not worth tearing down (and a
// sanitizer build would report its caches as leaks). Output that could not be written whole is
// a failure (5), never a short answer.
[[noreturn]] void Exit(int code) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) _exit(code == 0 ? 5 : code);
  _exit(code);
}

void PrintWord(const std::string& text, double x0, double y0, double x1, double y1, double size, bool space) {
  std::string t = text;
  std::replace(t.begin(), t.end(), '\n', ' ');
  std::replace(t.begin(), t.end(), '\t', ' ');
  std::replace(t.begin(), t.end(), '\r', ' ');
  std::printf("w %a %a %a %a %a %d %s\n", x0, y0, x1, y1, size, space ? 1 : 0, t.c_str());
}

// poppler's words, split where a gap inside one is wide: poppler joins the text of adjacent
// narrow table cells ("本年废止件数现行有效件数") into one word.
void PrintPageWords(const poppler::page& page) {
  for (const poppler::text_box& b : page.text_list(poppler::page::text_list_include_font)) {
    poppler::ustring u = b.text();
    poppler::rectf r = b.bbox();
    double size = std::max(b.get_font_size() > 0 ? b.get_font_size() : r.height(), 1.0);
    size_t start = 0;
    for (size_t i = 1; i <= u.size(); ++i) {
      bool split = i == u.size();
      if (!split) {
        poppler::rectf a = b.char_bbox(i - 1), c = b.char_bbox(i);
        split = c.x() - (a.x() + a.width()) > 0.3 * size;
      }
      if (!split) continue;
      poppler::rectf first = b.char_bbox(start), last = b.char_bbox(i - 1);
      poppler::ustring part;
      part.append(u, start, i - start);
      poppler::byte_array bytes = part.to_utf8();
      std::string t = nianbao::Trim(std::string(bytes.begin(), bytes.end()));
      if (!t.empty())
        PrintWord(t, first.x(), r.y(), last.x() + last.width(), r.y() + r.height(), size,
                  i == u.size() && b.has_space_after());
      start = i;
    }
  }
}

}  // namespace

int main(int argc, char**) {
  if (argc != 1) {
    std::fprintf(stderr, "usage: nianbao-pdfwords < file.pdf (run by nianbao, see extractor/src/pdf.cc)\n");
    Exit(2);
  }
#if !defined(__SANITIZE_ADDRESS__)
  // A hostile file must not take the machine's memory: 4 GB of address space (poppler's
  // largest real reports need a few hundred MB). Sanitizer builds reserve terabytes of shadow.
  rlimit as{4ull << 30, 4ull << 30};
  setrlimit(RLIMIT_AS, &as);
#endif
  // nianbao kills a reader after 120 s; should nianbao itself die first (SIGKILL, Ctrl-C on a
  // command without a handler), a reader stuck in a loop still ends: 150 s of CPU, 300 s in all.
  rlimit cpu{150, 160};
  setrlimit(RLIMIT_CPU, &cpu);
  alarm(300);
  std::string bytes;
  char buf[65536];
  for (ssize_t n; (n = read(0, buf, sizeof buf)) != 0;) {
    if (n < 0) {
      std::fprintf(stderr, "nianbao-pdfwords: reading standard input: %s\n", std::strerror(errno));
      Exit(2);
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    std::fprintf(stderr, "PDF larger than 2 GB\n");
    Exit(3);
  }
  poppler::set_debug_error_function(Silence, nullptr);
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) Exit(3);
  if (pdf->is_locked()) Exit(4);
  for (int i = 0; i < pdf->pages(); ++i) {
    std::fputs("p\n", stdout);
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (page) PrintPageWords(*page);
  }
  Exit(0);
}
