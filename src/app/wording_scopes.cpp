#include "app/wording_scopes.hpp"

#include "core/errors.hpp"
#include "store/ledger_repo.hpp"
#include "store/wording_scope_repo.hpp"

#include <algorithm>

namespace clientela::app {

std::vector<ScopedWording> list_scoped_wordings(Session& session) {
    auto& ledger = session.ledger();
    store::WordingScopeRepo scopes(session.database());
    std::vector<ScopedWording> out;
    for (auto& w : ledger.wordings()) {
        ScopedWording s;
        s.name = ledger.wording_name(w.id);
        s.scope = scopes.scope(w.id).value_or(WordingScope{});
        s.wording = std::move(w);
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(),
              [](const ScopedWording& a, const ScopedWording& b) { return a.wording.id < b.wording.id; });
    return out;
}

WordingScope wording_scope(Session& session, std::int64_t wording_id) {
    auto s = store::WordingScopeRepo(session.database()).scope(wording_id);
    if (!s) throw NotFoundError("there is no wording with id " + std::to_string(wording_id));
    return *s;
}

WordingScope set_wording_scope(Session& session, std::int64_t wording_id, WordingScope scope, const std::string& by) {
    scope = normalised(std::move(scope));
    scope.proposed = false;
    scope.updated_at = now_utc();
    std::string who = by;
    if (who.empty()) who = session.settings().staff.empty() ? std::string("owner") : session.settings().staff.front();
    auto tx = session.database().begin_write();
    store::WordingScopeRepo(session.database()).set(wording_id, scope, who);
    tx.commit();
    return scope;
}

std::optional<ScopeProblem> check_grant_wording(Session& session, std::int64_t wording_id, Channel channel,
                                                Purpose purpose, LegalBasis basis) {
    const auto w = session.ledger().wording(wording_id);
    if (!w) throw NotFoundError("there is no wording with id " + std::to_string(wording_id));
    return check_wording_for(w->text, wording_scope(session, wording_id), channel, purpose, basis,
                             session.settings().shop_name);
}

std::vector<ScopedWording> wordings_for(Session& session, Channel channel, Purpose purpose, LegalBasis basis) {
    std::vector<ScopedWording> out;
    const std::string shop = session.settings().shop_name;
    auto all = list_scoped_wordings(session);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (!check_wording_for(it->wording.text, it->scope, channel, purpose, basis, shop)) out.push_back(*it);
    }
    return out;
}

}  // namespace clientela::app
