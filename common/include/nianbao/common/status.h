// Status and Result<T>: how every nianbao module reports an expected failure across its boundary.
// Modelled on leveldb::Status. Exceptions never cross a module boundary; a function that can fail
// returns Status (no value) or Result<T> (a value or the Status saying why not).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace nianbao {

class Status {
 public:
  // DO NOT CHANGE THESE VALUES: the daemon's local endpoint sends them to CLI clients.
  enum class Code : int {
    kOk = 0,
    kNotFound = 1,
    kInvalidArgument = 2,   // bad user input: a bad year, a malformed seed file, a bad URL
    kIOError = 3,           // the disk or the network failed
    kCorruption = 4,        // stored data does not decode
    kBusy = 5,              // the store is held by another process
    kUnsupported = 6,       // a format nianbao recognises but cannot read (legacy .doc, …)
    kBlocked = 7,           // an anti-bot challenge answered instead of the page
    kCancelled = 8,         // shutdown requested
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Blocked(std::string msg) { return Status(Code::kBlocked, std::move(msg)); }
  static Status Cancelled(std::string msg) { return Status(Code::kCancelled, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  // The message alone, meant for a user ("store /x: no such archive").
  const std::string& message() const { return message_; }
  // "OK" or "<kind>: <message>".
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T> holds a T or a non-OK Status. Accessing value() of a failed Result is a bug (asserts).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}                  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return v_.index() == 0; }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace nianbao
