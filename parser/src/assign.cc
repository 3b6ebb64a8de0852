#include "assign.h"

#include <algorithm>

namespace nianbao::parser {
namespace {

constexpr size_t kMaxLabelBytes = 60 * 3;   // 60 CJK characters

bool IsBlank(const Value& v) { return v.kind == CellKind::kBlank; }

// The label without its leading numbering ("3其他" → "其他", "七总计" → "总计").
std::string StripNumbering(const std::string& label) {
  static const std::string kNumerals = "一二三四五六七八九十";
  size_t i = 0;
  while (i < label.size()) {
    if (label[i] >= '0' && label[i] <= '9') {
      ++i;
    } else if (i + 3 <= label.size() && kNumerals.find(label.substr(i, 3)) != std::string::npos &&
               kNumerals.find(label.substr(i, 3)) % 3 == 0) {
      i += 3;
    } else {
      break;
    }
  }
  return label.substr(i);
}

bool Contains(const std::string& s, const std::string& word) {
  return s.find(word) != std::string::npos;
}

// A label cell that cannot be a whole row label: bare numbering ("一", "3") or numbering and at
// most two characters ("一予以"), the head of a label wrapped mid-word.
bool IsFragment(const std::string& label) { return StripNumbering(label).size() <= 2 * 3; }

std::vector<Value> StripBlankEnds(std::vector<Value> v) {
  while (!v.empty() && IsBlank(v.back())) v.pop_back();
  size_t front = 0;
  while (front < v.size() && IsBlank(v[front])) ++front;
  v.erase(v.begin(), v.begin() + front);
  return v;
}

}  // namespace

std::vector<Value> FitRow(std::vector<Value> values, size_t width) {
  while (values.size() > width && (IsBlank(values.front()) || IsBlank(values.back()))) {
    if (IsBlank(values.front())) {
      values.erase(values.begin());
    } else {
      values.pop_back();
    }
  }
  if (values.size() > width) values.erase(values.begin(), values.end() - width);
  if (values.size() < width) values.insert(values.begin(), width - values.size(), Value{});
  return values;
}

RowAssigner::RowAssigner(const Schema& schema) : schema_(schema) {}

bool RowAssigner::Matches(const RowDef& row, const std::string& label, bool has_numbers) const {
  for (const auto& u : row.unless) {
    if (Contains(label, u)) return false;
  }
  for (const auto& k : row.strong) {
    if (Contains(label, k)) return true;
  }
  if (!has_numbers) return false;
  const std::string bare = StripNumbering(label);
  return std::find(row.weak.begin(), row.weak.end(), bare) != row.weak.end();
}

int RowAssigner::Match(const Line& line) const {
  if (line.labels.empty()) return -1;
  const bool nums = line.HasValue();
  // The last label cell names the row ("3.其他" after "(六)其他处理"); the whole label is the
  // fallback for a row label split over cells ("法提供" + "2.没有现成信息…").
  for (const std::string& label : {line.labels.back(), line.Label()}) {
    // A row label is at most ~45 characters even with its group and notes; a longer "label" is
    // a sentence of prose that happens to end in a number ("…其中予以公开 16 件").
    if (label.size() > kMaxLabelBytes) continue;
    for (size_t r = 0; r < schema_.rows.size(); ++r) {
      if (Matches(schema_.rows[r], label, nums)) return static_cast<int>(r);
    }
  }
  return -1;
}

void RowAssigner::Feed(const Line& line) {
  ++line_no_;
  if (line.page_number) return;
  const bool nums = line.HasValue();
  if (line.labels.empty() && !nums) return;   // a blank line does not part a label's halves
  for (const auto& h : schema_.header) {
    if (line.Label().find(h) != std::string::npos) return;
  }
  int r = Match(line);
  if (deferred_) {
    auto [held, held_no] = std::move(*deferred_);
    deferred_.reset();
    // The numbers' label wrapped: its rest is this line. Joined when the rest alone names no row
    // ("其他法律行" / "政法规禁止公开"), and also when the first half is bare numbering or a
    // word's first characters and the rest names a row not yet read ("(一) ⇥11⇥0…" / "予以公开").
    if (!nums && !line.labels.empty() &&
        (r < 0 || (!done_.count(static_cast<size_t>(r)) && IsFragment(held.labels.back()) &&
                   !Wraps(held_no)))) {
      held.labels.push_back(line.Label());
      const int joined = Match(held);
      if (joined >= 0 && (r < 0 || joined == r)) return Take(static_cast<size_t>(joined), held);
      held.labels.pop_back();
    }
    Unknown(held, held_no);
  }
  if (r < 0 && !line.labels.empty() && !loose_.labels.empty()) {
    // The label's first half stood alone on the line before ("行政⇥" / "⇥强制").
    Line joined = line;
    joined.labels.insert(joined.labels.begin(), loose_.Label());
    r = Match(joined);
    if (r >= 0 && !nums) {
      // Neither half has numbers: the first half's cells (a blank: 0) are the row's.
      joined.values = loose_.values;
      joined.values.insert(joined.values.end(), line.values.begin(), line.values.end());
      loose_ = Line{};
      return Take(static_cast<size_t>(r), joined);
    }
  }
  if (r >= 0) {
    loose_ = Line{};
    return Take(static_cast<size_t>(r), line);
  }
  if (!nums) {
    loose_ = line;
    return;
  }
  loose_ = Line{};
  if (!line.labels.empty()) {
    deferred_.emplace(line, line_no_);
    return;
  }
  Unknown(line, line_no_);
}

void RowAssigner::Take(size_t row, const Line& line) {
  if (done_.count(row)) return;   // a repeated or wrapped label of a row already read
  const size_t width = schema_.rows[row].cols.size();
  if (!line.HasValue()) {
    if (!orphans_.empty()) {
      Assign(row, std::move(orphans_));
      orphans_.clear();
    } else if (line.values.size() >= width) {
      // A whole row of blank cells ("行政强制⇥", "3. 其他⇥⇥⇥⇥⇥⇥⇥"): zeros, not a label waiting
      // for numbers on the next lines, which belong to the next label.
      Assign(row, line.values);
    } else {
      Wait(row, {}, line.values.empty());
    }
    return;
  }
  // Fewer numbers than columns and no blank cells: the rest of the row may be on the next line.
  const std::vector<Value> got = StripBlankEnds(line.values);
  if (got.size() < width && got.size() == line.values.size()) return Wait(row, got, false);
  Assign(row, line.values);
}

void RowAssigner::Wait(size_t row, std::vector<Value> got, bool open) {
  if (std::find(pending_.begin(), pending_.end(), row) == pending_.end()) {
    pending_.insert(std::upper_bound(pending_.begin(), pending_.end(), row), row);
  }
  auto& have = partial_[row];
  have.insert(have.end(), got.begin(), got.end());
  if (open) open_.emplace(row, line_no_);
}

// Numbers under a label that is no row: a local extra row keeps them to itself, unless they are
// the numbers of a label that just stood alone and wrapped ("1、申请人无正当理由逾期不补" /
// "正、行政机关不再处理其政府信  67 3 0 0 1 0 71"). Numbers with no label at all are counted
// into the rows waiting for them, in order.
void RowAssigner::Unknown(const Line& line, size_t line_no) {
  if (!line.labels.empty() && !Wraps(line_no)) return;
  if (pending_.empty()) {
    orphans_.insert(orphans_.end(), line.values.begin(), line.values.end());
    return;
  }
  FillPending(line.values);
}

// Whether a line with numbers under an unknown label, at line_no, can be the rest of a label that
// just stood alone: the row is still waiting and its label was at most three lines above.
bool RowAssigner::Wraps(size_t line_no) const {
  return open_ && line_no - open_->second <= 3 &&
         std::find(pending_.begin(), pending_.end(), open_->first) != pending_.end();
}

void RowAssigner::FillPending(std::vector<Value> values) {
  while (!pending_.empty()) {
    const size_t row = pending_.front();
    const size_t width = schema_.rows[row].cols.size();
    std::vector<Value>& got = partial_[row];
    // A whole row of cells, blanks included: the blanks hold their columns' places ("⇥⇥⇥0⇥2⇥0⇥15
    // ⇥0⇥17" under a label that stood alone, its first cell and 自然人 blank). Counting only the
    // numbers there would shift every number left.
    const size_t filled = StripBlankEnds(values).size();
    if (got.empty() && (filled >= width || (values.size() >= width && filled > 0))) {
      Assign(row, std::move(values));
      return;
    }
    // A PDF's numbers one or a few per line: blanks carry no position there, so count numbers.
    size_t i = 0;
    for (; i < values.size() && got.size() < width; ++i) {
      if (!IsBlank(values[i])) got.push_back(values[i]);
    }
    values.erase(values.begin(), values.begin() + i);
    if (got.size() < width) return;
    Assign(row, got);
    if (StripBlankEnds(values).empty()) return;
  }
  if (!StripBlankEnds(values).empty()) orphans_ = std::move(values);
}

void RowAssigner::Assign(size_t row, std::vector<Value> values) {
  done_[row] = FitRow(std::move(values), schema_.rows[row].cols.size());
  partial_.erase(row);
  // Rows are in template order: a row still waiting above this one had no numbers (all blank).
  auto keep = std::remove_if(pending_.begin(), pending_.end(), [&](size_t p) { return p <= row; });
  for (auto it = keep; it != pending_.end(); ++it) {
    if (*it < row && !done_.count(*it)) {
      std::vector<Value> got = partial_[*it];
      partial_.erase(*it);
      done_[*it] = FitRow(std::move(got), schema_.rows[*it].cols.size());
    }
  }
  pending_.erase(keep, pending_.end());
}

std::map<size_t, std::vector<Value>> RowAssigner::Finish() {
  if (deferred_) {
    auto [held, held_no] = std::move(*deferred_);
    deferred_.reset();
    Unknown(held, held_no);
  }
  for (size_t row : pending_) {
    if (!done_.count(row)) done_[row] = FitRow(partial_[row], schema_.rows[row].cols.size());
  }
  pending_.clear();
  partial_.clear();
  return done_;
}

}  // namespace nianbao::parser
