// settings: the shop's name, region, consent rules and staff, shared with the desktop app.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>

namespace clientela::cli {

namespace {

nlohmann::json settings_json(const ShopSettings& s) {
    return {{"shop_name", s.shop_name},
            {"shop_address", s.shop_address},
            {"default_region", s.default_region},
            {"time_zone", s.time_zone},
            {"double_opt_in_required", s.double_opt_in_required},
            {"expiry_months", s.expiry_months},
            {"unsubscribe_address", s.unsubscribe_address},
            {"privacy_url", s.privacy_url},
            {"staff", s.staff}};
}

}  // namespace

void register_settings_commands(CLI::App& cli, Context& ctx) {
    auto* settings = cli.add_subcommand("settings", "Show or change the shop settings (kept in the database)");
    settings->require_subcommand(1);

    auto show_json = std::make_shared<bool>(false);
    auto* show = settings->add_subcommand("show", "Print the settings");
    show->add_flag("--json", *show_json, "Print JSON");
    show->callback([&ctx, show_json] {
        ctx.action = [&ctx, show_json] {
            const auto j = settings_json(ctx.session().settings());
            if (*show_json) {
                std::cout << j.dump(2) << "\n";
            } else {
                for (const auto& [k, v] : j.items()) std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
            }
            return kExitOk;
        };
    });

    struct SetArgs {
        std::optional<std::string> shop_name, shop_address, region, time_zone, unsubscribe, privacy_url;
        std::optional<bool> double_opt_in;
        std::optional<int> expiry_months;
        std::vector<std::string> staff;
    };
    auto a = std::make_shared<SetArgs>();
    auto* set = settings->add_subcommand("set", "Change the settings given; the others keep their values");
    set->add_option("--shop-name", a->shop_name, "Shop name (WhatsApp opt-in wordings must name it)");
    set->add_option("--shop-address", a->shop_address, "Shop address");
    set->add_option("--region", a->region, "Default phone region, two letters (ES)");
    set->add_option("--time-zone", a->time_zone, "Time zone for dates on screen and expiry (Europe/Madrid)");
    set->add_option("--double-opt-in", a->double_opt_in, "true: remote grants need a confirmation");
    set->add_option("--expiry-months", a->expiry_months, "Months after which consent expires (0 = never)");
    set->add_option("--unsubscribe-address", a->unsubscribe, "Address for unsubscribe requests");
    set->add_option("--privacy-url", a->privacy_url,
                    "https link to the privacy notice, in the footer of every campaign email (empty: none)");
    set->add_option("--staff", a->staff, "Staff names for recorded_by, first is the default (replaces the list)");
    set->callback([&ctx, a] {
        ctx.action = [&ctx, a] {
            auto& session = ctx.session();
            ShopSettings s = session.settings();
            if (a->shop_name) s.shop_name = *a->shop_name;
            if (a->shop_address) s.shop_address = *a->shop_address;
            if (a->region) s.default_region = *a->region;
            if (a->time_zone) s.time_zone = *a->time_zone;
            if (a->unsubscribe) s.unsubscribe_address = *a->unsubscribe;
            if (a->privacy_url) s.privacy_url = *a->privacy_url;
            if (a->double_opt_in) s.double_opt_in_required = *a->double_opt_in;
            if (a->expiry_months) s.expiry_months = *a->expiry_months;
            if (!a->staff.empty()) s.staff = a->staff;
            session.save_settings(s);
            std::cout << "settings saved\n";
            return kExitOk;
        };
    });
}

}  // namespace clientela::cli
