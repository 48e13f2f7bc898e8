#include "core/phone_ranges.hpp"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <list>
#include <stdexcept>

// libphonenumber's compiled-in metadata (the serialised PhoneMetadataCollection its
// PhoneNumberUtil reads at start-up). Declared in its metadata.h, which Debian does not
// install; the symbols are exported by libphonenumber.so. Should they ever go away, the link
// fails: nothing can drift silently.
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace clientela::phone_ranges {

namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr std::uint16_t kAnyDigit = 0x3FF;

// One way to match a number: the set of digits allowed at each position ("7[1-48]\d" is
// {7} {1,2,3,4,8} {0-9}).
using Sequence = std::vector<std::uint16_t>;
using Language = std::vector<Sequence>;

struct Unreadable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Expands a libphonenumber national-number pattern into every digit-set sequence of at most
// max_length positions it fully matches. Reads the subset of regular expressions the metadata
// uses for these patterns: digits, \d, [classes with ranges], (?:groups), |, ?, {n} and
// {n,m}. Anything else throws Unreadable (and the fast path stays off).
class PatternReader {
public:
    PatternReader(const std::string& pattern, std::size_t max_length) : p_(pattern), max_(max_length) {}

    Language read() {
        Language l = alternation();
        if (i_ != p_.size()) fail("unexpected ')'");
        return l;
    }

private:
    static constexpr std::size_t kMaxSequences = 100000;

    [[noreturn]] void fail(const std::string& why) const {
        throw Unreadable("cannot read phone pattern '" + p_ + "' at " + std::to_string(i_) + ": " + why);
    }
    bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

    static void tidy(Language& l) {
        std::sort(l.begin(), l.end());
        l.erase(std::unique(l.begin(), l.end()), l.end());
    }

    Language alternation() {
        Language all = concatenation();
        while (at('|')) {
            ++i_;
            Language more = concatenation();
            all.insert(all.end(), more.begin(), more.end());
        }
        tidy(all);
        return all;
    }

    Language concatenation() {
        Language result{Sequence{}};
        while (i_ < p_.size() && !at('|') && !at(')')) {
            result = concat(result, repeated());
        }
        return result;
    }

    Language concat(const Language& a, const Language& b) const {
        Language out;
        for (const Sequence& x : a) {
            for (const Sequence& y : b) {
                if (x.size() + y.size() > max_) continue;
                Sequence s = x;
                s.insert(s.end(), y.begin(), y.end());
                out.push_back(std::move(s));
                if (out.size() > kMaxSequences) fail("too many alternatives");
            }
        }
        tidy(out);
        return out;
    }

    std::size_t number() {
        std::size_t n = 0;
        const std::size_t start = i_;
        while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') n = n * 10 + static_cast<std::size_t>(p_[i_++] - '0');
        if (i_ == start || n > 64) fail("bad count");
        return n;
    }

    Language repeated() {
        const Language one = atom();
        std::size_t lo = 1, hi = 1;
        if (at('?')) {
            ++i_;
            lo = 0;
        } else if (at('{')) {
            ++i_;
            lo = hi = number();
            if (at(',')) {
                ++i_;
                hi = number();
            }
            if (!at('}') || hi < lo) fail("bad {n,m}");
            ++i_;
        }
        if (at('*') || at('+') || at('?') || at('{')) fail("unsupported quantifier");
        Language result;
        Language power{Sequence{}};
        for (std::size_t k = 0; k <= hi; ++k) {
            if (k >= lo) result.insert(result.end(), power.begin(), power.end());
            if (k < hi) power = concat(power, one);
        }
        tidy(result);
        return result;
    }

    Language atom() {
        if (i_ >= p_.size()) fail("pattern ends early");
        const char c = p_[i_];
        if (c >= '0' && c <= '9') {
            ++i_;
            return {Sequence{static_cast<std::uint16_t>(1u << (c - '0'))}};
        }
        if (c == '\\') {
            if (i_ + 1 < p_.size() && p_[i_ + 1] == 'd') {
                i_ += 2;
                return {Sequence{kAnyDigit}};
            }
            fail("unsupported escape");
        }
        if (c == '[') return {Sequence{digit_class()}};
        if (c == '(') {
            ++i_;
            if (p_.compare(i_, 2, "?:") == 0) {
                i_ += 2;
            } else if (at('?')) {
                fail("unsupported group");
            }
            Language inner = alternation();
            if (!at(')')) fail("missing ')'");
            ++i_;
            return inner;
        }
        fail(std::string("unsupported character '") + c + "'");
    }

    std::uint16_t digit_class() {
        ++i_;  // '['
        std::uint16_t mask = 0;
        if (at('^')) fail("negated class");
        while (i_ < p_.size() && !at(']')) {
            auto digit = [&](char d) {
                if (d < '0' || d > '9') fail("non-digit in class");
                return d - '0';
            };
            if (at('\\') && i_ + 1 < p_.size() && p_[i_ + 1] == 'd') {
                mask |= kAnyDigit;
                i_ += 2;
                continue;
            }
            const int from = digit(p_[i_++]);
            int to = from;
            if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
                ++i_;
                to = digit(p_[i_++]);
            }
            if (to < from) fail("bad range");
            for (int d = from; d <= to; ++d) mask = static_cast<std::uint16_t>(mask | (1u << d));
        }
        if (!at(']') || mask == 0) fail("bad class");
        ++i_;
        return mask;
    }

    const std::string& p_;
    std::size_t max_;
    std::size_t i_ = 0;
};

// A number type's description, reduced to the numbers of `length` digits it matches, the
// way PhoneNumberUtil::IsNumberMatchingDesc decides: the possible lengths (when listed) must
// include the length, and the pattern (when there is one) must match the whole number.
struct Desc {
    Language sequences;                  // all of exactly `length` positions
    std::vector<std::size_t> full_from;  // per sequence: from this position on, any digit
};

Desc read_desc(const PhoneNumberDesc& d, std::size_t length) {
    Desc out;
    const auto& lengths = d.possible_length();
    if (!d.has_national_number_pattern() || d.national_number_pattern().empty()) return out;
    if (!lengths.empty() && std::find(lengths.begin(), lengths.end(), static_cast<int>(length)) == lengths.end()) {
        return out;
    }
    for (Sequence& s : PatternReader(d.national_number_pattern(), length).read()) {
        if (s.size() != length) continue;
        std::size_t from = length;
        while (from > 0 && s[from - 1] == kAnyDigit) --from;
        out.full_from.push_back(from);
        out.sequences.push_back(std::move(s));
    }
    return out;
}

// PhoneNumberUtil::GetNumberTypeHelper, in its order, on which descriptions match.
enum Slot {
    kGeneral,
    kPremium,
    kTollFree,
    kSharedCost,
    kVoip,
    kPersonal,
    kPager,
    kUan,
    kVoicemail,
    kFixed,
    kMobile,
    kSlots
};

Range kind_of(const bool (&match)[kSlots], bool same_mobile_and_fixed) {
    Range r;
    if (!match[kGeneral]) return r;
    for (int s = kPremium; s <= kVoicemail; ++s) {
        if (match[s]) {
            r.valid = true;
            return r;
        }
    }
    if (match[kFixed]) {
        r.valid = true;
        r.mobile = same_mobile_and_fixed || match[kMobile];
    } else if (!same_mobile_and_fixed && match[kMobile]) {
        r.valid = r.mobile = true;
    }
    return r;
}

// Walks the digits of every national number, as a trie, only as deep as some description
// still depends on the next digit; emits one range per settled prefix, merging neighbours.
class RangeBuilder {
public:
    RangeBuilder(const Desc (&descs)[kSlots], std::size_t length, bool same_mobile_and_fixed)
        : descs_(descs), length_(length), same_(same_mobile_and_fixed) {}

    // The merged ranges; pieces() then gives them unmerged.
    std::vector<Range> build() {
        std::vector<std::vector<std::uint32_t>> alive(kSlots);
        for (int s = 0; s < kSlots; ++s) {
            for (std::uint32_t i = 0; i < descs_[s].sequences.size(); ++i) alive[s].push_back(i);
        }
        walk(0, 0, alive);
        return std::move(ranges_);
    }
    std::vector<Range> pieces() { return std::move(pieces_); }

private:
    void walk(std::size_t depth, std::uint32_t prefix, const std::vector<std::vector<std::uint32_t>>& alive) {
        bool match[kSlots] = {};
        bool settled = true;
        for (int s = 0; s < kSlots; ++s) {
            for (std::uint32_t i : alive[s]) {
                if (descs_[s].full_from[i] <= depth) {
                    match[s] = true;
                    break;
                }
            }
            // Not all-matching, but some sequence may still match: the next digit decides.
            if (!match[s] && !alive[s].empty()) settled = false;
        }
        if (settled) {
            std::uint32_t span = 1;
            for (std::size_t k = depth; k < length_; ++k) span *= 10;
            emit(prefix * span, prefix * span + (span - 1), kind_of(match, same_));
            return;
        }
        for (int d = 0; d < 10; ++d) {
            std::vector<std::vector<std::uint32_t>> next(kSlots);
            for (int s = 0; s < kSlots; ++s) {
                if (match[s]) {
                    next[s] = alive[s];  // still all-matching below
                    continue;
                }
                for (std::uint32_t i : alive[s]) {
                    if (descs_[s].sequences[i][depth] & (1u << d)) next[s].push_back(i);
                }
            }
            walk(depth + 1, prefix * 10 + static_cast<std::uint32_t>(d), next);
        }
    }

    void emit(std::uint32_t first, std::uint32_t last, Range kind) {
        kind.first = first;
        kind.last = last;
        pieces_.push_back(kind);
        if (!ranges_.empty() && ranges_.back().valid == kind.valid && ranges_.back().mobile == kind.mobile &&
            ranges_.back().last + 1 == first) {
            ranges_.back().last = last;
            return;
        }
        ranges_.push_back(kind);
    }

    const Desc (&descs_)[kSlots];
    std::size_t length_;
    bool same_;
    std::vector<Range> ranges_;
    std::vector<Range> pieces_;
};

// What libphonenumber itself says about national number n.
Range ask_libphonenumber(int country_code, std::uint32_t n) {
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    number.set_country_code(country_code);
    number.set_national_number(n);
    const auto type = util.GetNumberType(number);
    Range r;
    r.valid = type != PhoneNumberUtil::UNKNOWN;
    r.mobile = type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
    return r;
}

Table build_table(const std::string& region) {
    Table t;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneMetadataCollection all;
    if (!all.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size())) {
        t.problem = "cannot read libphonenumber's metadata";
        return t;
    }
    const PhoneMetadata* meta = nullptr;
    for (const PhoneMetadata& m : all.metadata()) {
        if (m.id() == region) meta = &m;
    }
    std::list<std::string> regions;
    if (meta) util.GetRegionCodesForCountryCallingCode(meta->country_code(), &regions);
    if (!meta || meta->country_code() != util.GetCountryCodeForRegion(region) || regions.size() != 1) {
        t.problem = "no metadata of its own for region " + region;
        return t;
    }
    // One national length, no trunk prefix: a national number is its digits as written.
    const auto& lengths = meta->general_desc().possible_length();
    if (lengths.size() != 1 || lengths[0] < 1 || lengths[0] > 9 || !meta->national_prefix().empty() ||
        !meta->national_prefix_for_parsing().empty()) {
        t.problem = "numbers of region " + region + " are not all of one length without a trunk prefix";
        return t;
    }
    t.country_code = meta->country_code();
    t.length = static_cast<std::size_t>(lengths[0]);
    try {
        const Desc descs[kSlots] = {
            read_desc(meta->general_desc(), t.length), read_desc(meta->premium_rate(), t.length),
            read_desc(meta->toll_free(), t.length),    read_desc(meta->shared_cost(), t.length),
            read_desc(meta->voip(), t.length),         read_desc(meta->personal_number(), t.length),
            read_desc(meta->pager(), t.length),        read_desc(meta->uan(), t.length),
            read_desc(meta->voicemail(), t.length),    read_desc(meta->fixed_line(), t.length),
            read_desc(meta->mobile(), t.length)};
        RangeBuilder builder(descs, t.length, meta->same_mobile_and_fixed_line_pattern());
        t.ranges = builder.build();
        t.pieces = builder.pieces();
    } catch (const Unreadable& e) {
        t.problem = e.what();
        t.ranges.clear();
        t.pieces.clear();
        return t;
    }
    // A valid number never starts with 0 here (libphonenumber would keep the zero apart), and
    // libphonenumber must agree at both ends and the middle of every range.
    std::uint32_t smallest = 1;
    for (std::size_t k = 1; k < t.length; ++k) smallest *= 10;
    for (const Range& r : t.ranges) {
        if (r.valid && r.first < smallest) {
            t.problem = "a valid range starts with 0";
        }
        for (std::uint32_t n : {r.first, r.last, r.first + (r.last - r.first) / 2}) {
            if (n < smallest) continue;
            const Range said = ask_libphonenumber(t.country_code, n);
            if (said.valid != r.valid || said.mobile != r.mobile) {
                t.problem = "libphonenumber disagrees with the ranges read from its metadata at " + std::to_string(n);
            }
        }
        if (!t.problem.empty()) {
            t.ranges.clear();
            t.pieces.clear();
            return t;
        }
    }
    return t;
}

}  // namespace

const Range* Table::find(std::uint32_t n) const {
    auto it =
        std::upper_bound(ranges.begin(), ranges.end(), n, [](std::uint32_t v, const Range& r) { return v < r.first; });
    if (it == ranges.begin()) return nullptr;
    --it;
    return n <= it->last ? &*it : nullptr;
}

const Table& spanish() {
    static const Table table = build_table("ES");
    return table;
}

}  // namespace clientela::phone_ranges
