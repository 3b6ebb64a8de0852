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

TEST_CASE("SkipAscii finds the first non-ASCII byte at every offset, in and past 8-byte steps") {
  for (size_t len = 0; len < 40; ++len)
    for (size_t high = 0; high <= len; ++high) {
      std::string s(len, 'a');
      if (high < len) s[high] = '\x80';
      for (size_t from = 0; from <= len + 2; ++from) {
        INFO(len << " " << high << " " << from);
        CHECK(SkipAscii(s, from) == (from > len ? len : from <= high ? high : len));
      }
    }
}

TEST_CASE("UTF-8 decoding is total") {
  CHECK(IsValidUtf8("政府信息公开"));
  CHECK_FALSE(IsValidUtf8("\xff\xfe"));
  CHECK_FALSE(IsValidUtf8("\xe6\x94"));          // truncated
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  CHECK(SanitizeUtf8("a\xffz") == "a\xEF\xBF\xBDz");
  CHECK(IsValidUtf8(SanitizeUtf8("\xed\xa0\x80")));  // surrogate
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK(IsValidUtf8("\xf0\x9f\x98\x80"));        // U+1F600
  CHECK(IsValidUtf8("\xef\xbf\xbd"));             // a real U+FFFD
}

namespace {

// The validator checks sequences in place for speed; the decoder is the definition.
bool ValidByDecoding(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    const size_t before = pos;
    if (DecodeUtf8(s, &pos) == 0xFFFD && !(pos - before == 3 && static_cast<unsigned char>(s[before]) == 0xEF))
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("IsValidUtf8 agrees with decoding code point by code point") {
  const auto by_decoding = ValidByDecoding;
  const unsigned char alphabet[] = {'a', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
                                    0xE6, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xBD};
  uint32_t seed = 12345;
  size_t valid = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    const int len = round % 13;
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245 + 12345;
      s.push_back(static_cast<char>(alphabet[(seed >> 16) % sizeof alphabet]));
    }
    const bool expected = by_decoding(s);
    valid += expected;
    INFO("round " << round);
    REQUIRE(IsValidUtf8(s) == expected);
  }
  CHECK(valid > 1000);   // the alphabet makes valid strings too, not only broken ones
}

TEST_CASE("IsValidUtf8 agrees with decoding on runs of Chinese text with flaws in them") {
  // Long runs of three-byte sequences take a fast path eight bytes at a time: flaws at every
  // offset of it (E0/ED leads and their edges, cut or stray bytes, other lengths) must be seen.
  static const char* kPieces[] = {"政", "府", "信", "息", "\xE0\xA0\x80", "\xE0\x9F\xBF", "\xED\x9F\xBF",
                                  "\xED\xA0\x80", "\xEF\xBF\xBD", "\xE1\x80", "\x80", "\xBF", "a", "12",
                                  "\xC2\xA9", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80", "\xE6\xC4\x80", "\xE6\x94\x7F"};
  uint32_t seed = 777;
  size_t valid = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    const int pieces = round % 19;
    for (int k = 0; k < pieces; ++k) {
      seed = seed * 1103515245 + 12345;
      const size_t pick = (seed >> 16) % 40;   // three in four: an ordinary character
      s += pick < 30 ? kPieces[pick % 4] : kPieces[4 + (pick - 30) % 15];
    }
    const bool expected = ValidByDecoding(s);
    valid += expected;
    INFO("round " << round);
    REQUIRE(IsValidUtf8(s) == expected);
  }
  CHECK(valid > 10000);
  CHECK(valid < 90000);
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
