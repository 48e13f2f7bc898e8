#include "core/message.hpp"

#include "core/enum_names.hpp"

namespace clientela {
namespace {

constexpr EnumNames<MessageKind, 2> kKinds{{
    {MessageKind::sent, "sent"},
    {MessageKind::exported, "exported"},
}};
constexpr EnumNames<MessageStatus, 6> kStatuses{{
    {MessageStatus::queued, "queued"},
    {MessageStatus::sent, "sent"},
    {MessageStatus::failed, "failed"},
    {MessageStatus::exported, "exported"},
    {MessageStatus::unknown, "unknown"},
    {MessageStatus::skipped, "skipped"},
}};

}  // namespace

std::string_view to_string(MessageKind k) { return name_of(k, kKinds); }
std::string_view to_string(MessageStatus s) { return name_of(s, kStatuses); }
MessageKind message_kind_from_string(std::string_view s) { return parse_enum(s, kKinds, "message kind"); }
MessageStatus message_status_from_string(std::string_view s) { return parse_enum(s, kStatuses, "message status"); }

}  // namespace clientela
