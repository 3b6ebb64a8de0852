// Extract(): detect the format, run its reader, tidy the text, classify.
#include "internal.h"
#include "nianbao/common/text.h"
#include "nianbao/extractor/charset.h"
#include "text_util.h"

namespace nianbao::extractor {

Result<Document> Extract(std::string_view bytes, const ExtractOptions& options) {
  Document doc;
  doc.format = DetectFormat(bytes, options.content_type, options.filename);
  PageShape shape;
  switch (doc.format) {
    case SourceFormat::kHtml: {
      if (options.decoded_utf8) {
        ExtractHtml(*options.decoded_utf8, options, &doc, &shape);
        break;
      }
      Decoded d = DecodeToUtf8(bytes, options.content_type);
      ExtractHtml(d.text, options, &doc, &shape);
      break;
    }
    case SourceFormat::kPdf: {
      Status s = ExtractPdf(bytes, &doc);
      if (!s.ok()) return s;
      break;
    }
    case SourceFormat::kDocx: {
      Status s = ExtractDocx(bytes, &doc);
      if (!s.ok()) return s;
      break;
    }
    case SourceFormat::kDoc:
    case SourceFormat::kWps: {
      Status s = ExtractLegacyWord(bytes, &doc);
      if (!s.ok()) return s;
      break;
    }
    case SourceFormat::kOfd:
      return Status::Unsupported("OFD documents are not read yet (keep the file; its 文字版 page may exist)");
    case SourceFormat::kText:
    case SourceFormat::kUnknown: {
      doc.format = SourceFormat::kText;
      doc.text = TidyLines(DecodeToUtf8(bytes, options.content_type).text);
      break;
    }
  }
  if (doc.format != SourceFormat::kHtml) {
    // Non-HTML readers give bare text: its first lines are the title.
    std::string body = doc.text;
    doc.title = TakeTitleFromText(&body);
    doc.text = TidyLines(doc.title + "\n\n" + body);
    shape.body_chars = CountChars(body).content;
  }
  Classify(options, shape, &doc);
  return doc;
}

}  // namespace nianbao::extractor
