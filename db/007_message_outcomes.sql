-- 007: what became of a message, as precisely as the provider told us.
-- `unknown`: the message was handed over (SMTP DATA terminator or WhatsApp POST sent) but
-- the reply was lost, so it may have been delivered: never resent without --retry-unknown.
-- `skipped`: consent was re-checked at the moment of sending and no longer allowed it
-- (withdrawn during the run); `error` says why and nothing left the shop.
-- reply_command / reply: the provider's last reply and the command it answered
-- (SMTP MAIL, RCPT or DATA; WhatsApp POST), kept whole for the owner and the provider's support.
-- The columns are added first: ALTER TABLE places them by the stored definition's original
-- length, so the CHECK is widened after, in place as in 005 (a wider CHECK holds for every row).
ALTER TABLE messages ADD COLUMN reply_command TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN reply TEXT NOT NULL DEFAULT '';
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (status = ''queued'' OR status = ''sent'' OR status = ''failed'' OR status = ''exported'')',
                     'CHECK (status = ''queued'' OR status = ''sent'' OR status = ''failed'' OR status = ''exported'' OR status = ''unknown'' OR status = ''skipped'')')
 WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = OFF;
