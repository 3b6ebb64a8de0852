#include "schema.h"

#include <set>

namespace nianbao::parser {
namespace {

using Cols = std::vector<std::string>;

const Cols kApplicant = {"natural_person", "commercial", "research", "public_interest",
                         "legal_service", "other_org", "total"};
const Cols kDocs2021 = {"made", "repealed", "in_force"};
const Cols kDocs2019 = {"new_made", "new_published", "published_total"};
const Cols kItems2019 = {"prev_items", "change", "decisions"};
const Cols kDecisions = {"decisions"};

RowDef Row(std::string prefix, Cols cols, std::vector<std::string> strong,
           std::vector<std::string> weak = {}, std::vector<std::string> unless = {}) {
  return RowDef{std::move(prefix), std::move(cols), std::move(strong), std::move(weak),
                std::move(unless)};
}

Schema MakeProactive(Template t) {
  const bool y21 = t == Template::k2021;
  Schema s;
  s.rows.push_back(Row("rules", y21 ? kDocs2021 : kDocs2019, {"规章"}, {}, {"规范性"}));
  s.rows.push_back(Row("normative", y21 ? kDocs2021 : kDocs2019, {"规范性文件"}));
  s.rows.push_back(Row("license", y21 ? kDecisions : kItems2019, {"行政许可"}));
  if (!y21) s.rows.push_back(Row("other_services", kItems2019, {"对外管理服务"}));
  s.rows.push_back(Row("penalty", y21 ? kDecisions : kItems2019, {"行政处罚"}));
  s.rows.push_back(Row("enforcement", y21 ? kDecisions : kItems2019, {"行政强制"}));
  s.rows.push_back(Row("fees", y21 ? Cols{"amount_wan"} : Cols{"prev_items", "change"},
                       {"事业性收费"}));
  if (!y21) s.rows.push_back(Row("procurement", {"count", "amount_wan"}, {"集中采购"}));
  s.header = {"信息内容"};
  return s;
}

Schema MakeRequests(Template t) {
  const Cols& c = kApplicant;
  Schema s;
  s.rows = {
      Row("apply.new", c, {"新收"}),
      Row("apply.carried_over", c, {"上年结转"}),
      Row("apply.result.public", c, {"予以公开"}, {}, {"不予"}),
      Row("apply.result.partial", c, {"部分公开"}),
      Row("apply.result.withheld.state_secret", c, {"国家秘密"}),
      Row("apply.result.withheld.prohibited", c, {"禁止公开"}),
      Row("apply.result.withheld.safety_stability", c, {"危及", "三安全", "一稳定"}),
      Row("apply.result.withheld.third_party", c, {"第三方"}),
      Row("apply.result.withheld.internal_affairs", c, {"内部事务"}),
      Row("apply.result.withheld.process_info", c, {"过程性"}),
      Row("apply.result.withheld.enforcement_file", c, {"执法案卷"}),
      Row("apply.result.withheld.query_matter", c, {"查询事项"}),
      Row("apply.result.unavailable.not_held", c, {"不掌握"}),
      Row("apply.result.unavailable.needs_creation", c, {"另行制作", "现成信息"}),
      Row("apply.result.unavailable.unclear", c, {"不明确"}),
      Row("apply.result.unprocessed.petition", c, {"信访", "举报投诉"}),
      Row("apply.result.unprocessed.repeated", c, {"重复申请"}),
      Row("apply.result.unprocessed.publication", c, {"出版物"}),
      Row("apply.result.unprocessed.mass_repeated", c, {"大量反复"}),
      Row("apply.result.unprocessed.confirm_existing", c, {"重新出", "确认或", "已获取"}),
  };
  if (t == Template::k2021) {
    s.rows.push_back(Row("apply.result.other.overdue_correction", c, {"逾期不补", "不补正"}));
    s.rows.push_back(Row("apply.result.other.unpaid_fee", c, {"缴纳费用", "收费通知"}));
    s.rows.push_back(Row("apply.result.other.misc", c, {"3其他"}, {"其他"}));
  } else {
    s.rows.push_back(Row("apply.result.other", c, {"六其他处理"}, {"其他处理"}));
  }
  s.rows.push_back(Row("apply.result.total", c, {"七总计"}, {"总计", "合计"}));
  s.rows.push_back(Row("apply.carry_forward", c, {"结转下年"}));
  s.header = {"自然人", "商业企业", "科研机构", "申请人情况", "法人或其他组织", "法律服务机构"};
  return s;
}

}  // namespace

const char* TemplateName(Template t) { return t == Template::k2019 ? "2019" : "2021"; }

const Schema& ProactiveSchema(Template t) {
  static const Schema s19 = MakeProactive(Template::k2019);
  static const Schema s21 = MakeProactive(Template::k2021);
  return t == Template::k2019 ? s19 : s21;
}

const Schema& RequestsSchema(Template t) {
  static const Schema s19 = MakeRequests(Template::k2019);
  static const Schema s21 = MakeRequests(Template::k2021);
  return t == Template::k2019 ? s19 : s21;
}

const RowDef& ReviewsRow() {
  static const RowDef row = [] {
    RowDef r;
    for (const char* group : {"review", "litigation.direct", "litigation.after_review"}) {
      for (const char* col : {"maintained", "corrected", "other", "pending", "total"}) {
        r.cols.push_back(std::string(group) + "." + col);
      }
    }
    return r;
  }();
  return row;
}

const std::vector<std::string>& ApplicantCols() { return kApplicant; }

const std::vector<std::string>& AllFieldNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add_row = [&](const RowDef& r) {
      for (size_t c = 0; c < r.cols.size(); ++c) {
        if (seen.insert(r.Name(c)).second) out.push_back(r.Name(c));
      }
    };
    // Table 二 row by row, the 2021 columns of a row before its 2019 ones.
    const Schema& p21 = ProactiveSchema(Template::k2021);
    const Schema& p19 = ProactiveSchema(Template::k2019);
    for (const RowDef& r19 : p19.rows) {
      for (const RowDef& r21 : p21.rows) {
        if (r21.prefix == r19.prefix) add_row(r21);
      }
      add_row(r19);
    }
    // Table 三: the 2019 single 其他处理 row before the 2021 sub-rows.
    const Schema& q19 = RequestsSchema(Template::k2019);
    for (const RowDef& r : q19.rows) {
      if (r.prefix == "apply.result.total") {
        for (const RowDef& r21 : RequestsSchema(Template::k2021).rows) add_row(r21);
      }
      add_row(r);
    }
    add_row(ReviewsRow());
    return out;
  }();
  return names;
}

}  // namespace nianbao::parser
