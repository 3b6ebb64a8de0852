// HTML page → a flat sequence of blocks (paragraphs, headings, data tables, images) in document
// order, each with the features the body finder scores: content characters inside and outside
// links, prose punctuation, and whether a CMS body container or a navigation/footer/share
// container encloses it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "dom.h"
#include "nianbao/common/table.h"

namespace nianbao::extractor {

struct Link {
  std::string href;   // as written in the page (not resolved)
  std::string text;   // anchor text, white space collapsed
};

struct Block {
  std::string text;         // one paragraph, or a table's canonical lines joined by '\n'
  int table = -1;           // index into HtmlPage::tables when this block is a data table
  int chars = 0;            // content characters outside links
  int link_chars = 0;       // content characters inside links
  int punct = 0;            // prose punctuation outside links
  int heading = 0;          // 1..6 for <h1>..<h6>
  bool boosted = false;     // inside a known CMS body container (TRS_Editor, #zoom, …)
  bool boilerplate = false; // inside nav/header/footer/aside or a nav/share/sidebar-named box
  bool title_like = false;  // inside an element whose class/id says "title"
  std::vector<std::string> images;   // <img src> met in this block
  std::vector<Link> links;
};

struct HtmlPage {
  std::vector<Block> blocks;
  std::vector<Table> tables;
  std::string title;                 // <title>
  std::string base_href;             // <base href>
  std::vector<std::string> frames;   // iframe/embed/object sources (PDF/OFD viewers)
};

HtmlPage Linearize(const dom::Tree& tree);

}  // namespace nianbao::extractor
