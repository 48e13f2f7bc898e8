// history ID: every message sent, exported or failed for one customer, with the consent
// event that authorised it.
#include "app/campaigns.hpp"
#include "app/local_time.hpp"
#include "cli/context.hpp"
#include "cli/outreach_json.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace clientela::cli {

void register_history_commands(CLI::App& cli, Context& ctx) {
    struct Args {
        std::string id;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand("history", "The message log of one customer, oldest first");
    cmd->add_option("ID", a->id, "Contact id (UUID or its first characters)")->required();
    cmd->add_flag("--json", a->json, "Print JSON");
    cmd->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& s = ctx.session();
            const auto h = app::message_history(s, a->id);
            if (a->json) {
                nlohmann::json list = nlohmann::json::array();
                for (const auto& item : h.items) list.push_back(to_json(item.message, item.campaign_name));
                std::cout << nlohmann::json{{"contact", h.contact.uuid},
                                            {"name", h.contact.display_name},
                                            {"messages", list}}
                                 .dump(2)
                          << "\n";
                return kExitOk;
            }
            const auto zone = s.policy_settings().zone;
            std::cout << h.contact.display_name << " (" << h.contact.uuid << ")\n";
            for (const auto& item : h.items) {
                const auto& m = item.message;
                std::cout << "  #" << m.id << "  " << app::format_local(m.created_at, zone) << "  "
                          << to_string(m.status) << "  " << to_string(m.channel) << "  " << to_string(m.purpose);
                if (!item.campaign_name.empty()) std::cout << "  \"" << item.campaign_name << "\"";
                std::cout << "  " << (m.consent_seq ? "consent event #" + std::to_string(m.consent_seq) : m.basis);
                if (!m.recipient.empty()) std::cout << "  to " << m.recipient;
                if (!m.provider_id.empty()) std::cout << "  id " << m.provider_id;
                if (!m.error.empty()) std::cout << "  error: " << m.error;
                if (!m.reply_command.empty() || !m.reply.empty()) {
                    std::cout << "  reply to " << m.reply_command << ": " << (m.reply.empty() ? "(none)" : m.reply);
                }
                std::cout << "\n";
            }
            std::cout << h.items.size() << " messages\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
