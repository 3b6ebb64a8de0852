// A strict checker of the Prometheus text exposition format 0.0.4, for the daemon's /metrics:
// HELP/TYPE lines, metric and label name charsets, label value escapes, values, families
// declared before their samples, and histograms (buckets with le, cumulative, +Inf == _count).
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace nianbao::testing {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Returns "" when text is valid, else the first problem with its line number. *samples gets
// every sample.
inline std::string CheckPrometheusText(const std::string& text, std::vector<PromSample>* samples) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  if (text.empty() || text.back() != '\n') return "must end with a newline";
  std::map<std::string, std::string> types;
  std::set<std::string> helped, sampled_families;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  auto family_of = [&](const std::string& name) -> std::string {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string s = suffix;
      if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
        std::string base = name.substr(0, name.size() - s.size());
        if (types.count(base) && types[base] == "histogram") return base;
      }
    }
    return name;
  };
  while (std::getline(in, line)) {
    ++n;
    const std::string at = "line " + std::to_string(n) + ": ";
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream ls(line.substr(1));
      std::string kw, name;
      ls >> kw >> name;
      if (kw != "HELP" && kw != "TYPE") continue;  // other comments are allowed
      if (!std::regex_match(name, kName)) return at + "bad metric name '" + name + "'";
      if (kw == "HELP") {
        if (!helped.insert(name).second) return at + "second HELP for " + name;
      } else {
        std::string type, extra;
        ls >> type >> extra;
        if (!extra.empty()) return at + "junk after TYPE";
        if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" && type != "untyped")
          return at + "bad type '" + type + "'";
        if (types.count(name)) return at + "second TYPE for " + name;
        if (sampled_families.count(name)) return at + "TYPE after samples of " + name;
        types[name] = type;
      }
      continue;
    }
    PromSample s;
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = line.substr(0, i);
    if (!std::regex_match(s.name, kName)) return at + "bad metric name '" + s.name + "'";
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (true) {
        if (i < line.size() && line[i] == '}') {
          ++i;
          break;
        }
        size_t eq = line.find('=', i);
        if (eq == std::string::npos) return at + "label without '='";
        std::string lname = line.substr(i, eq - i);
        if (!std::regex_match(lname, kLabelName)) return at + "bad label name '" + lname + "'";
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') return at + "label value not quoted";
        ++i;
        std::string value;
        bool closed = false;
        while (i < line.size()) {
          char c = line[i++];
          if (c == '\\') {
            if (i >= line.size()) return at + "dangling escape";
            char e = line[i++];
            if (e == 'n') value += '\n';
            else if (e == '\\' || e == '"') value += e;
            else return at + "bad escape \\" + std::string(1, e);
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value += c;
          }
        }
        if (!closed) return at + "unterminated label value";
        if (s.labels.count(lname)) return at + "label twice: " + lname;
        s.labels[lname] = value;
        if (i < line.size() && line[i] == ',') ++i;
        else if (i >= line.size() || line[i] != '}') return at + "expected ',' or '}'";
      }
    }
    if (i >= line.size() || line[i] != ' ') return at + "expected a space before the value";
    std::istringstream vs(line.substr(i + 1));
    std::string value, timestamp, extra;
    vs >> value >> timestamp >> extra;
    if (!extra.empty()) return at + "junk after the value";
    if (value == "+Inf") s.value = INFINITY;
    else if (value == "-Inf") s.value = -INFINITY;
    else if (value == "NaN") s.value = NAN;
    else {
      char* end = nullptr;
      s.value = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0') return at + "bad value '" + value + "'";
    }
    const std::string family = family_of(s.name);
    if (!types.count(family)) return at + "sample of " + s.name + " before its TYPE";
    sampled_families.insert(family);
    if (types[family] == "counter" && !(s.value >= 0)) return at + "negative counter";
    if (types[family] == "histogram" && s.name == family) return at + "histogram sample without suffix";
    samples->push_back(s);
  }
  // Histograms: per label set (without le), buckets ascending in le, counts cumulative, +Inf == _count.
  for (const auto& [family, type] : types) {
    if (type != "histogram") continue;
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    std::map<std::map<std::string, std::string>, double> counts;
    std::map<std::map<std::string, std::string>, int> sums;
    for (const auto& s : *samples) {
      auto labels = s.labels;
      if (s.name == family + "_bucket") {
        if (!labels.count("le")) return family + ": bucket without le";
        const std::string le = labels["le"];
        labels.erase("le");
        double bound = le == "+Inf" ? INFINITY : std::strtod(le.c_str(), nullptr);
        buckets[labels].push_back({bound, s.value});
      } else if (s.name == family + "_count") {
        counts[labels] = s.value;
      } else if (s.name == family + "_sum") {
        sums[labels]++;
      }
    }
    if (buckets.empty()) return family + ": histogram without buckets";
    for (const auto& [labels, list] : buckets) {
      for (size_t k = 1; k < list.size(); ++k) {
        if (!(list[k].first > list[k - 1].first)) return family + ": le not increasing";
        if (list[k].second < list[k - 1].second) return family + ": bucket counts not cumulative";
      }
      if (!std::isinf(list.back().first)) return family + ": no +Inf bucket";
      if (!counts.count(labels) || counts[labels] != list.back().second) return family + ": +Inf bucket != _count";
      if (sums[labels] != 1) return family + ": needs exactly one _sum";
    }
  }
  return "";
}

}  // namespace nianbao::testing
