// A map from byte strings to small values for the importer's whole-file lookups (identities,
// folded names): the keys one after another in one buffer and an open-addressing table of
// slots, instead of a node, a string and often a heap block per key. About half the memory of
// an unordered_map<std::string, V> at 100 000 keys, and all of it in a few large blocks that go
// back to the system in one piece when the map is cleared (a node map's blocks sit between
// the contacts allocated beside them, and stay resident).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clientela::app {

template <class V>
class FlatStringMap {
public:
    // The value held for key, or nullptr.
    const V* find(std::string_view key) const {
        if (slots_.empty()) return nullptr;
        const std::size_t i = probe(key, hash_of(key));
        return slots_[i].hash == 0 ? nullptr : &slots_[i].value;
    }

    // Adds key with value unless key is there already (then the value it has stays).
    void emplace(std::string_view key, V value) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = hash_of(key);
        Slot& slot = slots_[probe(key, h)];
        if (slot.hash != 0) return;
        if (keys_.size() + key.size() > std::numeric_limits<std::uint32_t>::max()) {
            throw std::length_error("too many keys for the import's lookup table");
        }
        slot.hash = h;
        slot.offset = static_cast<std::uint32_t>(keys_.size());
        slot.length = static_cast<std::uint32_t>(key.size());
        slot.value = std::move(value);
        keys_.append(key);
        ++size_;
    }

    std::size_t size() const { return size_; }

    // Empties the map and frees its memory.
    void clear() {
        std::vector<Slot>().swap(slots_);
        std::string().swap(keys_);
        size_ = 0;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;  // 0: free (a key hashing to 0 is stored as 1)
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        V value{};
    };

    static std::uint64_t hash_of(std::string_view key) {
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        return h == 0 ? 1 : h;
    }

    std::string_view key_at(const Slot& s) const { return std::string_view(keys_).substr(s.offset, s.length); }

    // The slot holding key, or the free slot it would take.
    std::size_t probe(std::string_view key, std::uint64_t h) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.hash == 0 || (s.hash == h && key_at(s) == key)) return i;
        }
    }

    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(slots_.size() * 2, 64));
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (Slot& s : old) {
            if (s.hash == 0) continue;
            std::size_t i = static_cast<std::size_t>(s.hash) & mask;
            while (slots_[i].hash != 0) i = (i + 1) & mask;
            slots_[i] = std::move(s);
        }
    }

    std::vector<Slot> slots_;  // a power of two in size, at most half full
    std::string keys_;         // every key, one after another
    std::size_t size_ = 0;
};

}  // namespace clientela::app
