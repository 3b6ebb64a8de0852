#include "store_cli.h"

namespace nianbao::cli {
namespace {

thread_local std::shared_ptr<store::Archive> t_archive;

}  // namespace

ScopedArchive::ScopedArchive(std::shared_ptr<store::Archive> archive) : saved_(std::move(t_archive)) {
  t_archive = std::move(archive);
}

ScopedArchive::~ScopedArchive() { t_archive = std::move(saved_); }

OptionSpec StoreOption() { return {"store", "DIR", "the archive directory (a LevelDB database)"}; }
OptionSpec AgencyOption() { return {"agency", "NAME", "the agency's id (as in the seed file) or name"}; }
OptionSpec YearOption() { return {"year", "YYYY", "the year the report is about (not the year published)"}; }

Result<std::shared_ptr<store::Archive>> OpenStore(const Args& args, bool create) {
  if (t_archive) return t_archive;
  auto dir = args.Require("store");
  if (!dir.ok()) return dir.status();
  store::Options options;
  options.create_if_missing = create;
  std::unique_ptr<store::Archive> archive;
  Status s = store::Archive::Open(options, *dir, &archive);
  if (!s.ok()) return s;
  return std::shared_ptr<store::Archive>(std::move(archive));
}

Result<store::DocKey> RequireDocKey(const Args& args) {
  auto agency = args.Require("agency");
  if (!agency.ok()) return agency.status();
  auto year_text = args.Require("year");
  if (!year_text.ok()) return year_text.status();
  auto year = ParseYear(*year_text);
  if (!year.ok()) return year.status();
  return store::DocKey{*agency, *year};
}

}  // namespace nianbao::cli
