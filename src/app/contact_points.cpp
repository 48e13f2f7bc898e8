#include "app/contact_points.hpp"

#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace clientela::app {

namespace {

ContactPoint make_point(const Session& session, PointKind kind, const std::string& value, const std::string& label) {
    const std::string text = trim_spaces(value);
    if (text.empty()) throw ValidationError("the value is empty", "point.empty");
    if (text.size() > 1000) throw ValidationError("the value is longer than 1000 characters", "point.too_long", {"1000"});
    if (kind == PointKind::phone) return session.make_phone_point(text, trim_spaces(label));
    ContactPoint p;
    p.kind = kind;
    p.label = trim_spaces(label);
    if (kind == PointKind::email) {
        const EmailInfo info = normalize_email(text);
        if (!info.valid) {
            throw ValidationError("email '" + info.raw + "': " + info.problem, "email.invalid", {info.raw, info.problem});
        }
        p.raw = info.raw;
        p.normalized = info.normalized;
        p.is_valid = true;
    } else {
        p.raw = text;  // postal addresses are kept as written
    }
    return p;
}

// The same value, or the same identity (an email in another case is the same mailbox).
bool same_value(const ContactPoint& a, const ContactPoint& b) {
    const std::string key = identity_key(a);
    if (!key.empty() && key == identity_key(b)) return true;
    return a.kind == b.kind && (a.is_valid && b.is_valid ? a.normalized == b.normalized : a.raw == b.raw);
}

// Writes the new list of points in one transaction and reads the contact back.
Contact save_points(Session& session, const Contact& c, std::vector<ContactPoint> points) {
    auto tx = session.database().begin_write();
    session.contacts_repo().replace_points(c.id, points);
    tx.commit();
    return session.contact(c.uuid);
}

std::vector<ContactPoint>::iterator find_point(std::vector<ContactPoint>& points, std::int64_t point_id) {
    auto it = std::find_if(points.begin(), points.end(), [&](const ContactPoint& p) { return p.id == point_id; });
    if (it == points.end()) throw ValidationError("this customer has no contact point " + std::to_string(point_id));
    return it;
}

}  // namespace

Contact add_contact_point(Session& session, const std::string& contact_ref, PointKind kind, const std::string& value,
                          const std::string& label) {
    const Contact c = session.contact(contact_ref);
    const ContactPoint p = make_point(session, kind, value, label);
    if (std::any_of(c.points.begin(), c.points.end(), [&](const ContactPoint& q) { return same_value(p, q); })) {
        throw ValidationError("the customer already has " + (p.is_valid ? p.normalized : p.raw), "point.already_has",
                              {p.is_valid ? p.normalized : p.raw});
    }
    std::vector<ContactPoint> points = c.points;
    points.push_back(p);
    return save_points(session, c, std::move(points));
}

Contact change_contact_point(Session& session, const std::string& contact_ref, std::int64_t point_id,
                             const std::string& value, const std::string& label) {
    const Contact c = session.contact(contact_ref);
    std::vector<ContactPoint> points = c.points;
    auto it = find_point(points, point_id);
    const ContactPoint p = make_point(session, it->kind, value, label);
    for (auto other = points.begin(); other != points.end(); ++other) {
        if (other != it && same_value(p, *other)) {
            throw ValidationError("the customer already has " + (p.is_valid ? p.normalized : p.raw), "point.already_has",
                              {p.is_valid ? p.normalized : p.raw});
        }
    }
    *it = p;
    return save_points(session, c, std::move(points));
}

Contact remove_contact_point(Session& session, const std::string& contact_ref, std::int64_t point_id) {
    const Contact c = session.contact(contact_ref);
    std::vector<ContactPoint> points = c.points;
    points.erase(find_point(points, point_id));
    return save_points(session, c, std::move(points));
}

}  // namespace clientela::app
