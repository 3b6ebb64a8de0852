#include <catch2/catch.hpp>

#include "nianbao/common/diff.h"
#include "nianbao/common/hash.h"
#include "nianbao/common/status.h"
#include "nianbao/common/text.h"

using namespace nianbao;

TEST_CASE("normalization folds width and white space, not content") {
  CHECK(NormalizeForComparison("行政许可　３９１６ 件\n") == NormalizeForComparison("行政许可 3916件"));
  CHECK(NormalizeForComparison("（一）予以公开") == NormalizeForComparison("(一)予以公开"));
  CHECK(NormalizeForComparison("3916") != NormalizeForComparison("3917"));
  CHECK(NormalizeForComparison("甲乙") != NormalizeForComparison("乙甲"));
  // Invalid bytes never grow the output (this once overflowed its buffer under ASan).
  CHECK(NormalizeForComparison("a\xff\xfe\x80" "b") == "a\xff\xfe\x80" "b");
  CHECK(NormalizeForComparison(std::string(1000, '\xff')).size() == 1000);
}

TEST_CASE("UTF-8 decoding is total") {
  CHECK(IsValidUtf8("政府信息公开"));
  CHECK_FALSE(IsValidUtf8("\xff\xfe"));
  CHECK_FALSE(IsValidUtf8("\xe6\x94"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  CHECK(SanitizeUtf8("a\xffz") == "a\xEF\xBF\xBDz");
  CHECK(IsValidUtf8(SanitizeUtf8("\xed\xa0\x80")));  // surrogate
}

TEST_CASE("TidyLines keeps tabs and single blank lines") {
  CHECK(TidyLines("  a  b \n\n\n\tc\td\n") == "a b\n\n\tc\td\n");
  CHECK(TidyLines("\n\nx\n") == "x\n");
  CHECK(Trim("\xe3\x80\x80 标题 \xe3\x80\x80") == "标题");
}

TEST_CASE("line diff finds the changed line") {
  auto d = DiffLines("a\nb\nc\nd\n", "a\nb\nX\nd\ne\n");
  std::string ops;
  for (const auto& l : d) ops += l.op;
  CHECK(ops == "  -+ +");
  std::string text = FormatUnifiedDiff(d, 0);
  CHECK(text.find("-c\n+X\n") != std::string::npos);
  CHECK(text.find("+e\n") != std::string::npos);
  CHECK(DiffLines("same\n", "same\n").size() == 1);
  // Bounded: too many edits falls back to one block each way, still a valid script.
  std::string a, b;
  for (int i = 0; i < 300; ++i) a += "a" + std::to_string(i) + "\n", b += "b" + std::to_string(i) + "\n";
  auto big = DiffLines(a, b, 10);
  CHECK(big.size() == 600);
}

TEST_CASE("hashes match known vectors") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha1Base32("") == "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST_CASE("Result carries a value or a status") {
  Result<int> ok = 3;
  Result<int> bad = Status::NotFound("x");
  CHECK(ok.ok());
  CHECK(*ok == 3);
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().ToString() == "not found: x");
}
