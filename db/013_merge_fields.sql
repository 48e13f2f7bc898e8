-- {nombre} in a campaign now means the customer's first name (the given name, or the first
-- word of the name) and {nombre_completo} the whole name, which is what {nombre} meant until
-- now. Campaigns stored before keep reading as they did: their {nombre} becomes
-- {nombre_completo} in the subject, both bodies and the WhatsApp template parameters (a JSON
-- array of strings: the replacement needs no escaping there).
UPDATE campaigns SET
    subject       = replace(subject, '{nombre}', '{nombre_completo}'),
    body_text     = replace(body_text, '{nombre}', '{nombre_completo}'),
    body_html     = replace(body_html, '{nombre}', '{nombre_completo}'),
    wa_parameters = replace(wa_parameters, '{nombre}', '{nombre_completo}')
WHERE instr(subject || body_text || body_html || wa_parameters, '{nombre}') > 0;
