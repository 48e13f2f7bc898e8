-- 007: a random id for this database, created once (for new and for existing databases) and
-- carried by its backups. The anchor log outside the file (src/app/anchor_log.hpp) names the
-- database by it, so anchors of one shop's ledger are never checked against another's.
INSERT OR IGNORE INTO settings (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
