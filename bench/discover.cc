// Throughput of link discovery: Discover() over generated ~30 KB government-style pages (a TRS
// list with navigation, a Hanweb list with its data island, an article with attachments).
// Prints MB/s; the goal is ≥ 100 MB/s (Gumbo parses at ~16 MB/s; discovery runs on every page).
//   bench_discover [seconds]
//   bench_discover [seconds] WEB   (a web from bench/peers/gen_web.py, e.g. bench/peers/.cache/web-300-150-30)
// With WEB: its pages, hosts interleaved as a crawl meets them, decoded and scanned as a crawl's
// worker does, with the URLs already taken known (KnownUrls), as in a crawl; CPU µs per page for
// the first pass (every link new) and for later passes (every link known).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "nianbao/crawler/discover.h"
#include "nianbao/extractor/charset.h"

namespace {

std::string Nav() {
  std::string s = "<div class=\"nav\"><ul>";
  for (int i = 0; i < 40; ++i)
    s += "<li class=\"item\"><a href=\"/col/col" + std::to_string(1000 + i) + "/index.html\" target=\"_blank\" "
         "title=\"栏目" + std::to_string(i) + "\">政务公开栏目 " + std::to_string(i) + "</a></li>\n";
  return s + "</ul></div>\n";
}

std::string Filler(size_t bytes) {
  std::string s;
  while (s.size() < bytes)
    s += "<p style=\"text-indent:2em;\">根据《中华人民共和国政府信息公开条例》规定，本报告由概述、主动公开政府信息情况、"
         "收到和处理政府信息公开申请情况等部分组成。&nbsp;</p>\n";
  return s;
}

std::string TrsList() {
  std::string s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报_演示省卫生健康委员会</title>"
                  "<link rel=\"stylesheet\" href=\"/css/style.css\"><style>.list li{float:left}</style></head><body>" + Nav();
  s += "<div class=\"list\"><ul>";
  for (int i = 0; i < 60; ++i)
    s += "<li><a href=\"./2023" + std::to_string(10 + i % 3) + "/t2023013" + std::to_string(i % 10) + "_" +
         std::to_string(78926000 + i) + ".html\" title=\"演示省卫生健康委员会20" + std::to_string(10 + i % 13) +
         "年政府信息公开工作年度报告\">演示省卫生健康委员会政府信息公开工作年度报告...</a><span>2023-01-31</span></li>\n";
  s += "</ul></div><script>createPageHTML(12, 0, \"index\", \"html\");</script>" + Filler(9000) +
       "<script src=\"/js/jquery.js\"></script><!-- footer --></body></html>";
  return s;
}

std::string HanwebList() {
  std::string s = "<html><head><title>政府信息公开年报</title></head><body>" + Nav() +
                  "<div id=\"4452251\"><script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/module/jpage/"
                  "dataproxy.jsp?page=1&webid=3445&path=/&columnid=1229123536&unitid=4452251&permissiontype=0\"></a>]]>"
                  "</nextgroup><recordset>";
  for (int i = 0; i < 45; ++i)
    s += "<record><![CDATA[<li><a href=\"/art/2023/1/19/art_1229123536_" + std::to_string(59000 + i) +
         ".html\" target=\"_blank\">演示省人民政府办公厅2022年政府信息公开工作年度报告</a><span>2023-01-19</span></li>]]></record>\n";
  s += "</recordset></datastore></script></div><script>$('#4452251').jpage({proxyUrl:'/module/jpage/dataproxy.jsp',"
       "perPage:15,totalRecord:210,ajaxParam:{col:1,webid:3445,path:'/',columnid:1229123536,unitid:'4452251',"
       "webname:'演示省人民政府',permissiontype:0}});</script>" + Filler(12000) + "</body></html>";
  return s;
}

std::string Article() {
  std::string s = "<html><head><title>演示省卫生健康委员会2022年政府信息公开工作年度报告</title></head><body>" + Nav() +
                  "<div class=\"TRS_Editor\">" + Filler(22000) + "</div><div class=\"fj\">";
  for (const char* ext : {"pdf", "doc", "docx", "wps", "ofd", "xls"})
    s += std::string("<p><a href=\"./P020230131539840000.") + ext + "\">附件：年度报告." + ext + "</a></p>";
  return s + "</div><script>var u = window.location.href;</script></body></html>";
}

// The URLs taken, as a crawl's worker knows them (a hash probe per link, like OfferedLinks).
class Taken final : public nianbao::crawler::KnownUrls {
 public:
  bool Has(std::string_view url) const override { return urls_.count(std::hash<std::string_view>()(url)) > 0; }
  void Add(std::string_view url) { urls_.insert(std::hash<std::string_view>()(url)); }

 private:
  std::unordered_set<size_t> urls_;
};

int WebPages(double seconds, const std::string& web) {
  namespace fs = std::filesystem;
  std::vector<std::vector<std::pair<std::string, std::string>>> hosts;   // (url, body) per host
  for (const auto& h : fs::directory_iterator(fs::path(web) / "www")) {
    std::vector<std::pair<std::string, std::string>> pages;
    for (const auto& f : fs::recursive_directory_iterator(h.path())) {
      if (f.path().extension() != ".html") continue;
      std::ifstream in(f.path(), std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      pages.push_back({"http://" + h.path().filename().string() + "/" + fs::relative(f.path(), h.path()).string(), body.str()});
    }
    std::sort(pages.begin(), pages.end());
    hosts.push_back(std::move(pages));
  }
  std::vector<const std::pair<std::string, std::string>*> order;   // round-robin over hosts, as a polite crawl goes
  for (size_t i = 0, more = 1; more; ++i) {
    more = 0;
    for (const auto& h : hosts)
      if (i < h.size()) order.push_back(&h[i]), more = 1;
  }
  if (order.empty()) {
    std::fprintf(stderr, "bench_discover: no pages under %s/www\n", web.c_str());
    return 1;
  }
  size_t bytes = 0;
  for (const auto* p : order) bytes += p->second.size();
  Taken taken;
  auto pass = [&](bool learn) {
    size_t links = 0;
    for (const auto* p : order) {
      const auto dec = nianbao::extractor::DecodeToUtf8NoCopy(p->second, "text/html");
      const std::string_view utf8 = dec.same_as_input ? std::string_view(p->second) : std::string_view(dec.text);
      auto d = nianbao::crawler::Discover({p->first, "text/html", utf8, ""}, &taken);
      links += d.links.size();
      if (learn)
        for (const auto& l : d.links) taken.Add(l.url);
    }
    return links;
  };
  std::clock_t c0 = std::clock();
  const size_t first_links = pass(true);
  const double first = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  size_t passes = 0, later_links = 0;
  c0 = std::clock();
  double cpu = 0;
  while (cpu < seconds) {
    later_links += pass(false);
    ++passes;
    cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  }
  std::printf("web %s: %zu pages of %zu hosts, %.1f MB\n", web.c_str(), order.size(), hosts.size(), bytes / 1e6);
  std::printf("first pass (links new):   %6.1f us CPU per page, %.1f links/page\n", first * 1e6 / order.size(),
              static_cast<double>(first_links) / order.size());
  std::printf("later passes (all known): %6.1f us CPU per page, %.1f links/page (%zu passes)\n",
              cpu * 1e6 / (order.size() * passes), static_cast<double>(later_links) / (order.size() * passes), passes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  if (argc > 2) return WebPages(seconds, argv[2]);
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"http://wjw.demo.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html", TrsList()},
      {"http://www.demo.gov.cn/col/col1229123536/index.html", HanwebList()},
      {"http://wjw.demo.gov.cn/zwgk/zfxxgk/zfxxgknb/202301/t20230131_1.html", Article()}};
  size_t total_bytes = 0, total_links = 0, runs = 0;
  for (const auto& [url, body] : pages) {
    const auto d = nianbao::crawler::Discover({url, "text/html", body, ""});
    std::printf("page %-70s %6zu bytes %4zu links  adapters %s\n", url.c_str(), body.size(), d.links.size(), d.adapter.c_str());
  }
  const std::clock_t cpu_start = std::clock();  // CPU time: meaningful on a shared, busy machine
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    for (const auto& [url, body] : pages) {
      const auto d = nianbao::crawler::Discover({url, "text/html", body, ""});
      total_bytes += body.size();
      total_links += d.links.size();
      ++runs;
    }
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("discover: %zu pages, %.1f MB in %.2f s wall (%.2f s CPU): %.1f MB/s wall, %.1f MB/s per CPU second, "
              "%.0f links/page\n", runs, total_bytes / 1e6, elapsed, cpu, total_bytes / 1e6 / elapsed,
              total_bytes / 1e6 / cpu, static_cast<double>(total_links) / static_cast<double>(runs));
  return 0;
}
