// Memory for large tables read at random (verify's folded projection): on Linux, an
// allocation of 2 MiB or more is mapped on its own and the kernel is asked to back it with
// huge pages (madvise MADV_HUGEPAGE, which Debian's default "madvise" setting honours), so a
// look-up in a table of hundreds of MiB does not also miss the TLB. Anything smaller, and any
// other system, uses operator new. Only a hint: where the kernel gives no huge pages the
// memory works the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace clientela::store {

namespace huge_pages {

inline constexpr std::size_t kHugePage = std::size_t(2) << 20;

// bytes, aligned for any type, not initialised (the users construct what they put there);
// throws std::bad_alloc.
inline void* allocate(std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= kHugePage) {
        // Mapped one huge page larger and trimmed to a huge-page boundary, so that every page of
        // it can be a huge page.
        const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void* const raw = mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        auto* const start = static_cast<char*>(raw);
        const std::size_t skip = (kHugePage - reinterpret_cast<std::uintptr_t>(start) % kHugePage) % kHugePage;
        if (skip != 0) munmap(start, skip);
        munmap(start + skip + rounded, kHugePage - skip);
        madvise(start + skip, rounded, MADV_HUGEPAGE);  // a hint: its failure changes nothing
        return start + skip;
    }
#endif
    return ::operator new(bytes);
}

// Frees what allocate(bytes) returned.
inline void release(void* p, std::size_t bytes) noexcept {
    if (p == nullptr) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= kHugePage) {
        munmap(p, (bytes + kHugePage - 1) / kHugePage * kHugePage);
        return;
    }
#endif
    (void)bytes;
    ::operator delete(p);
}

}  // namespace huge_pages

// A std allocator over huge_pages (for std::vector).
template <class T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding, as std::allocator
    T* allocate(std::size_t n) { return static_cast<T*>(huge_pages::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { huge_pages::release(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
    template <class U>
    bool operator!=(const HugePageAllocator<U>&) const noexcept {
        return false;
    }
};

// An array of n default-constructed T in huge_pages memory, destroyed and freed with it
// (movable, so that a vector holds the arrays themselves: one load less per element).
template <class T>
class HugePageArray {
public:
    explicit HugePageArray(std::size_t n) : data_(static_cast<T*>(huge_pages::allocate(n * sizeof(T)))), size_(n) {
        for (std::size_t i = 0; i < n; ++i) new (data_ + i) T();
    }
    ~HugePageArray() {
        for (std::size_t i = 0; i < size_; ++i) data_[i].~T();
        huge_pages::release(data_, size_ * sizeof(T));
    }
    HugePageArray(HugePageArray&& other) noexcept : data_(other.data_), size_(other.size_) {
        other.data_ = nullptr;
        other.size_ = 0;
    }
    HugePageArray(const HugePageArray&) = delete;
    HugePageArray& operator=(const HugePageArray&) = delete;
    HugePageArray& operator=(HugePageArray&&) = delete;
    T& operator[](std::size_t i) { return data_[i]; }
    const T& operator[](std::size_t i) const { return data_[i]; }

private:
    T* data_;
    std::size_t size_;
};

}  // namespace clientela::store
