// DOCX through libzip (reading from memory: no temp files) and libxml2. Paragraphs (w:p) become
// paragraphs; tables (w:tbl) become grids through the same span expansion as HTML, with
// w:gridSpan as colspan and w:vMerge runs turned into rowspans.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "grid.h"
#include "internal.h"
#include "nianbao/common/text.h"

namespace nianbao::extractor {

namespace {

constexpr zip_uint64_t kMaxDocumentXml = 64u << 20;   // a zip bomb stops here
constexpr int kMaxDepth = 64;                          // tables in tables in tables…

bool Is(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0 && a->children && a->children->content)
      return reinterpret_cast<const char*>(a->children->content);
  return "";
}

const xmlNode* Child(const xmlNode* n, const char* name) {
  for (const xmlNode* c = n->children; c; c = c->next)
    if (Is(c, name)) return c;
  return nullptr;
}

// A paragraph's text: w:t runs, w:tab as a space, w:br as a space (inside a cell) or a break.
void ParagraphText(const xmlNode* n, std::string* out, int depth) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (Is(c, "t")) {
      xmlChar* s = xmlNodeGetContent(c);
      if (s) { *out += reinterpret_cast<const char*>(s); xmlFree(s); }
    } else if (Is(c, "tab") || Is(c, "br") || Is(c, "cr")) {
      *out += ' ';
    } else if (Is(c, "delText") || Is(c, "instrText")) {
      continue;   // deleted revisions and field codes are not the document's text
    } else {
      ParagraphText(c, out, depth + 1);
    }
  }
}

class Walker {
 public:
  explicit Walker(Document* doc) : doc_(doc) {}

  void Body(const xmlNode* body, int depth) {
    if (depth > kMaxDepth) return;
    for (const xmlNode* c = body->children; c; c = c->next) {
      if (Is(c, "p")) {
        std::string t;
        ParagraphText(c, &t, 0);
        t = Trim(t);
        if (!t.empty()) text_ += t + "\n\n";
      } else if (Is(c, "tbl")) {
        Table(c, depth);
      } else if (c->type == XML_ELEMENT_NODE && !Is(c, "sectPr")) {
        Body(c, depth + 1);   // w:sdt content controls, w:customXml wrap paragraphs
      }
    }
  }

  std::string TakeText() { return std::move(text_); }

 private:
  void Table(const xmlNode* tbl, int depth) {
    std::vector<std::vector<SpanCell>> rows;
    // For each grid column, the open vertical merge: (row, index in that row) of its first cell.
    std::vector<std::pair<int, int>> open_merge;
    for (const xmlNode* tr = tbl->children; tr; tr = tr->next) {
      if (!Is(tr, "tr")) continue;
      int r = static_cast<int>(rows.size());
      rows.emplace_back();
      int col = 0;
      for (const xmlNode* tc = tr->children; tc; tc = tc->next) {
        if (!Is(tc, "tc")) continue;
        int span = 1;
        bool merge_continue = false, merge_start = false;
        if (const xmlNode* pr = Child(tc, "tcPr")) {
          if (const xmlNode* gs = Child(pr, "gridSpan")) span = std::clamp(std::atoi(Attr(gs, "val").c_str()), 1, 64);
          if (const xmlNode* vm = Child(pr, "vMerge")) {
            std::string v = Attr(vm, "val");
            merge_start = v == "restart";
            merge_continue = !merge_start;
          }
        }
        if (static_cast<int>(open_merge.size()) < col + span) open_merge.resize(col + span, {-1, -1});
        if (merge_continue && open_merge[col].first >= 0) {
          // Part of the cell above: grow its rowspan instead of adding a cell.
          auto [mr, mi] = open_merge[col];
          rows[mr][mi].rowspan = r - mr + 1;
          col += span;
          continue;
        }
        std::string text;
        for (const xmlNode* p = tc->children; p; p = p->next) {
          std::string t;
          if (Is(p, "p")) ParagraphText(p, &t, 0);
          else if (Is(p, "tbl") && depth < kMaxDepth) {   // nested table: its text, flattened
            Walker inner(doc_);
            inner.Body(p, depth + 1);
            t = inner.TakeText();
            for (char& ch : t) if (ch == '\n' || ch == '\t') ch = ' ';
          }
          t = Trim(t);
          if (t.empty()) continue;
          if (!text.empty()) text += ' ';
          text += t;
        }
        rows[r].push_back({text, 1, span});
        open_merge[col] = merge_start ? std::make_pair(r, static_cast<int>(rows[r].size()) - 1)
                                      : std::make_pair(-1, -1);
        col += span;
      }
    }
    ExpandedTable t = ExpandSpans(rows);
    if (t.lines.empty()) return;
    for (const auto& line : t.lines) text_ += line + "\n";
    text_ += "\n";
    doc_->tables.push_back(std::move(t.grid));
  }

  Document* doc_;
  std::string text_;
};

}  // namespace

Status ExtractDocx(std::string_view bytes, Document* doc) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return Status::Corruption("DOCX: cannot read the zip");
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!zip) {
    zip_source_free(src);
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return Status::Corruption("DOCX: not a readable zip (" + msg + ")");
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> guard(zip, zip_discard);
  zip_stat_t st;
  if (zip_stat(zip, "word/document.xml", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return Status::Unsupported("zip without word/document.xml: not a DOCX document");
  if (st.size > kMaxDocumentXml) return Status::Unsupported("DOCX: word/document.xml larger than 64 MB");
  zip_file_t* f = zip_fopen(zip, "word/document.xml", 0);
  if (!f) return Status::Corruption("DOCX: cannot open word/document.xml");
  std::string xml(st.size, '\0');
  zip_int64_t n = zip_fread(f, xml.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return Status::Corruption("DOCX: word/document.xml is truncated");

  // No network, no entity expansion (XXE), libxml2's default depth and size limits stay on.
  xmlDocPtr x = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "document.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!x) return Status::Corruption("DOCX: word/document.xml is not well-formed XML");
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> xguard(x, xmlFreeDoc);
  const xmlNode* root = xmlDocGetRootElement(x);
  const xmlNode* body = root ? Child(root, "body") : nullptr;
  if (!body) return Status::Corruption("DOCX: no w:body");
  Walker w(doc);
  w.Body(body, 0);
  doc->text = TidyLines(w.TakeText());
  return Status::OK();
}

}  // namespace nianbao::extractor
