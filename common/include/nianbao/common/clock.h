// Clock: the only way nianbao code reads the time, so tests can run schedules in fake time.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace nianbao {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch (wall clock; used for records and schedules).
  virtual int64_t NowMicros() = 0;
  // The process-wide real clock. Never deleted.
  static Clock* Real();
};

// A clock that only moves when told to. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_micros) : now_(start_micros) {}
  int64_t NowMicros() override { return now_.load(); }
  void Advance(int64_t micros) { now_ += micros; }
  void Set(int64_t micros) { now_ = micros; }

 private:
  std::atomic<int64_t> now_;
};

// "2026-01-31T08:00:00Z" (UTC, second precision) for micros since the epoch.
std::string FormatTimeUtc(int64_t micros);
// Parses what FormatTimeUtc writes (also a bare "2026-01-31"); returns false on anything else.
bool ParseTimeUtc(const std::string& s, int64_t* micros);

}  // namespace nianbao
