"""User-facing texts, in Dutch and English. Placeholders use str.format."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "welcome": (
            "Welkom! Ik help nieuwe raads- en Statenleden op weg met <b>Dutch TechZone</b> (DTZ), de samenwerking "
            "van bedrijfsleven, onderwijs en overheden voor de maakindustrie in Zuidoost-Drenthe.\n\n"
            "<b>Wat ik doe</b>: stel je vraag gewoon in een bericht. Ik antwoord met de letterlijke tekst uit de "
            "DTZ-documenten (jaarverslagen, jaarplannen, begrotingen, raads- en Statenbrieven). Ik verzin zelf niets; "
            "staat het er niet in, dan zeg ik dat.\n\n"
            "<b>Zo lees je een bron</b>: onder elk citaat staat 📄 <i>titel (soort, datum), blz. of onderdeel</i>. "
            "Met 📄 Bron krijg je het document, met 🖼 Blz. de pagina zelf.\n\n"
            "<b>Handig</b>: /begrippen (afkortingen), /bronnen (alle documenten), /nieuw (wat er bij kwam), "
            "/help (alle commando's). Een vervolgvraag als <i>En in 2024?</i> mag gewoon.\n\nProbeer bijvoorbeeld:"
        ),
        "help": (
            "<b>Zo werkt het</b>\n"
            "• Stuur een vraag, bijvoorbeeld: <i>Wat doet het programmabureau?</i>\n"
            "• In een groep: <code>/vraag je vraag</code>, noem mij, of antwoord op een bericht van mij.\n"
            "• Onder een antwoord: <b>Meer resultaten</b>, het <b>brondocument</b>, en 👍/👎 om te laten weten of het hielp.\n\n"
            "<b>Commando's</b>\n/start – welkom en voorbeeldvragen\n/bronnen – de documenten die ik ken\n"
            "/over – versie en stand van de index\n/jaar 2024, /type jaarplan, /bron NAAM – antwoord alleen uit die documenten; "
            "/alles – weer uit alle\n/begrippen – afkortingen en begrippen; /begrip DTZ – één begrip\n/privacy – wat ik bewaar en hoe lang\n/opnieuw – vergeet het gesprek; een vervolgvraag als <i>En in 2024?</i> "
            "gaat anders over je vorige vraag\n/help – deze uitleg"
        ),
        "admin_help": "\n\n<b>Beheer</b>\n/status – index, overgeslagen bestanden, model\n/reindex – documenten opnieuw inlezen\n/uitnodiging [uren] – een uitnodiging voor een nieuwe gebruiker\n/gebruikers – wie toegang heeft; /verwijder ID – toegang intrekken\n/overzicht [dagen] – onbeantwoorde vragen en 👎-antwoorden\nStuur een PDF, DOCX, ODT, MD, TXT of HTML om een document toe te voegen.",
        "answer_header": "📚 <b>Uit de DTZ-documenten</b>",
        "understood_as": "💬 <i>Begrepen als: {question}</i>",
        "forgotten": "Ik begin opnieuw: je volgende vraag staat op zichzelf.",
        "what_missed": "Wat miste je in dit antwoord? Antwoord op dit bericht als je wilt; het programmabureau leest mee (zonder je naam).",
        "missed_hint": "Wat miste je?",
        "missed_thanks": "Dank je, dat is doorgegeven aan het programmabureau.",
        "privacy": (
            "<b>Wat ik bewaar</b>\n• je vragen en of ik ze kon beantwoorden, zonder wie ze stelde;\n"
            "• je 👍/👎 en wat je miste, met een versleutelde code in plaats van je gebruikers-id;\n"
            "• als je /abonneer gebruikt: dit gesprek, om je bericht te sturen.\n"
            "Vragen en feedback worden na {days} dagen verwijderd. Je naam en gebruikers-id bewaar ik niet "
            "(behalve als je via een uitnodiging toegang kreeg: dan weet de beheerder wie je bent)."
        ),
        "digest_header": "<b>Overzicht van de laatste {days} dagen</b>\nVragen: {asked}, beantwoord: {answered}; 👍 {up}, 👎 {down}",
        "digest_topics": "\n<b>Meest geciteerde documenten</b>",
        "digest_refused": "\n<b>Niet beantwoord</b> (hier ontbreekt mogelijk een document)",
        "digest_down": "\n<b>👎 bij deze vragen</b>",
        "digest_quiet": "\nGeen vragen of feedback in deze periode.",
        "new_header": "<b>Nieuw en bijgewerkt</b>",
        "new_added": "toegevoegd {when}",
        "new_changed": "bijgewerkt {when}",
        "new_subscribe_hint": "\nMet /abonneer krijg je een bericht als er een document bijkomt.",
        "new_documents": "📬 <b>Nieuw in de DTZ-documenten</b>",
        "subscribed": "Je krijgt voortaan een kort bericht als het programmabureau een document toevoegt of bijwerkt. /opzeggen stopt dat.",
        "already_subscribed": "Je krijgt al bericht over nieuwe documenten. /opzeggen stopt dat.",
        "unsubscribed": "Je krijgt geen berichten meer over nieuwe documenten.",
        "not_subscribed": "Je kreeg geen berichten over nieuwe documenten. /abonneer zet ze aan.",
        "definition": "📖 <b>{term}</b>: {meaning} {where}",
        "glossary_given": "<i>(begrippenlijst van het programmabureau)</i>",
        "abbreviations": "ℹ️ <i>{items}</i>",
        "glossary_header": "<b>Begrippen</b> ({count})",
        "glossary_empty": "Er staan nog geen begrippen in de lijst.",
        "glossary_unknown": "<b>{term}</b> staat niet in de begrippenlijst en geen document schrijft het voluit. /begrippen laat zien welke er zijn.",
        "glossary_usage": "Geef een begrip, bijvoorbeeld <code>/begrip DTZ</code>. /begrippen laat de hele lijst zien.",
        "filtered_by": "🔎 <i>Alleen uit: {filter}</i> (/alles voor alle documenten)",
        "filter_set": "🔎 Ik antwoord nu alleen uit documenten met {filter} ({count}). /alles heft dat op.",
        "filter_cleared": "Ik antwoord weer uit alle documenten.",
        "filter_now": "🔎 Nu ingesteld: {filter}. /alles heft dat op.",
        "filter_none": "Er is geen filter ingesteld: ik antwoord uit alle documenten. Bijvoorbeeld: <code>/jaar 2024</code>, <code>/type jaarplan</code>, <code>/bron Coevorden</code>.",
        "filter_empty": "Geen documenten met {filter}. Er zijn jaren {years} en typen {types}. /alles heft het filter op.",
        "filter_year_usage": "Geef een jaar, bijvoorbeeld <code>/jaar 2024</code>. Er zijn documenten uit {years}.",
        "filter_type_usage": "Geef een documenttype, bijvoorbeeld <code>/type jaarplan</code>. Er zijn: {types}.",
        "filter_source_usage": "Geef een deel van de titel, bijvoorbeeld <code>/bron Coevorden</code>.",
        "more_header": "📚 <b>Meer uit de DTZ-documenten</b> (resultaat {start}–{end})",
        "no_more": "Er zijn geen verdere passages.",
        "not_found": "Ik vind het antwoord op deze vraag niet in de DTZ-documenten.",
        "nearest": "Deze bronnen komen er het dichtst bij:",
        "closest": "Dit beantwoordt je vraag mogelijk niet; het dichtst in de buurt komt:",
        "more_closest_header": "🔎 <b>Meer tekst die in de buurt komt</b> (geen antwoord op je vraag; resultaat {start}–{end})",
        "ask_contact": "Voor deze vraag kun je het beste terecht bij {contact}.",
        "empty_index": "Er staan nog geen documenten in de index. Vraag de beheerder om documenten toe te voegen.",
        "more_button": "➕ Meer resultaten",
        "source_button": "📄 Bron {n}",
        "page_button": "🖼 Blz. {page}",
        "page_missing": "Deze pagina kan ik niet tonen; het document zelf staat onder 📄 Bron.",
        "page_not_marked": "<i>(de passage zelf kon ik op deze pagina niet aanwijzen)</i>",
        "up": "👍",
        "down": "👎",
        "thanks": "Dank voor je feedback!",
        "vote_changed": "Je oordeel is aangepast.",
        "vote_same": "Je oordeel stond al zo genoteerd.",
        "vote_not_yours": "Alleen wie de vraag stelde kan dit antwoord beoordelen.",
        "you_are_welcome": "Graag gedaan! Stel gerust nog een vraag over Dutch TechZone.",
        "expired": "Deze vraag is verlopen; stel hem opnieuw.",
        "source_missing": "Dit document is niet meer beschikbaar.",
        "no_access": "Je hebt (nog) geen toegang tot deze bot. Je Telegram-gebruikers-id is <code>{user_id}</code>; geef dit door aan de beheerder.",
        "no_access_group": "Je hebt (nog) geen toegang tot deze bot. Stuur mij een privébericht met /start voor je gebruikers-id, of vraag de beheerder om een uitnodiging.",
        "invite_joined": "✅ Welkom! Met deze uitnodiging heb je nu toegang.",
        "invite_unknown": "Deze uitnodigingscode ken ik niet. Vraag de beheerder om een nieuwe.",
        "invite_used": "Deze uitnodiging is al gebruikt. Vraag de beheerder om een nieuwe.",
        "invite_expired": "Deze uitnodiging is verlopen. Vraag de beheerder om een nieuwe.",
        "invite_made": "Uitnodiging (één keer te gebruiken, geldig tot {until}):\n{link}\nOf laat de nieuwe gebruiker sturen: <code>/start {code}</code>",
        "invite_usage": "Gebruik: <code>/uitnodiging</code> of <code>/uitnodiging 24</code> (geldig voor 24 uur).",
        "users_header": "<b>Gebruikers</b> (toegang: {mode})\nIn config.yaml: {config}; via een uitnodiging: {members}",
        "users_open_invitations": "Openstaande uitnodigingen: {count}",
        "remove_usage": "Gebruik: <code>/verwijder GEBRUIKERS-ID</code> (zie /gebruikers).",
        "removed": "Gebruiker <code>{user_id}</code> heeft geen toegang meer.",
        "remove_in_config": "Gebruiker <code>{user_id}</code> staat in config.yaml (telegram.allow_users); haal het id daar weg en herstart de bot.",
        "remove_unknown": "Gebruiker <code>{user_id}</code> is geen lid via een uitnodiging.",
        "admin_only": "Dit kan alleen een beheerder. Je gebruikers-id is <code>{user_id}</code>.",
        "rate_limited": "Je stelt veel vragen kort na elkaar. Probeer het over {seconds} seconden nog eens.",
        "ask_what": "Wat wil je weten? Bijvoorbeeld: <code>/vraag Wat is Dutch TechZone?</code>",
        "unknown_command": "Dat commando ken ik niet. /help laat zien wat ik kan; een vraag mag je gewoon typen.",
        "text_only": "Ik lees alleen tekst. Typ je vraag, bijvoorbeeld: <i>Wat is Dutch TechZone?</i>",
        "error": "Er ging iets mis bij het beantwoorden. Probeer het later nog eens.",
        "unavailable": "De documenten zijn tijdelijk niet bereikbaar. Probeer het over een paar minuten nog eens.",
        "sources_header": "<b>Documenten in de index</b> ({count})",
        "about": "<b>DTZ-raadsbot</b> {version}\nIndex gebouwd: {built_at}\nDocumenten: {documents}\nPassages: {passages}",
        "status": (
            "<b>Status</b>\nDocumenten: {documents}\nPassages: {passages}\nLaatst gebouwd: {built_at} ({seconds:.1f} s)\n"
            "Model: {engine} / {model}"
        ),
        "skipped_line": "Overgeslagen: {source}: {reason}",
        "reindex_started": "Ik lees de documenten opnieuw in; je krijgt bericht als het klaar is.",
        "reindex_busy": "Er loopt al een herindexering.",
        "upload_queued": "Er loopt al een herindexering; het bestand wordt bij de volgende meegenomen (vanzelf als de kennismap bewaakt wordt, anders met /reindex).",
        "reindex_done": "<b>Index bijgewerkt</b>\n{summary}",
        "reindex_failed": "Herindexering mislukt: {error}\nDe vorige index blijft in gebruik.",
        "upload_type": "Dit bestandstype kan ik niet opnemen ({suffix}). Toegestaan: {allowed}.",
        "upload_size": "Dit bestand is te groot ({size_mb:.1f} MB; maximaal {max_mb} MB).",
        "upload_too_large": "Dit bestand is groter dan {max_mb} MB; het is niet opgeslagen.",
        "upload_saved": "Opgeslagen als <code>{name}</code>.",
        "upload_renamed": "Er bestaat al een bestand <code>{existing}</code>; het nieuwe is opgeslagen als <code>{name}</code>. Stuur het opnieuw met als onderschrift <i>vervang</i> om het bestaande te vervangen.",
        "upload_replaced": "Het bestaande bestand <code>{name}</code> is vervangen.",
        "watch_changes": "<b>Kennismap bijgewerkt</b>\n{summary}",
        "watch_error": "<b>Fout bij het bijhouden van de kennismap</b> (de bot gaat door):\n{error}",
    },
    "en": {
        "welcome": (
            "Welcome! I help new council members get to know <b>Dutch TechZone</b> (DTZ), the cooperation of business, "
            "education and government for the manufacturing industry in south-east Drenthe.\n\n"
            "<b>What I do</b>: just send your question. I answer with the literal text of the DTZ documents (annual "
            "reports, annual plans, budgets, council letters). I never make text up; when they do not say, I tell you.\n\n"
            "<b>How to read a source</b>: under each quote is 📄 <i>title (kind, date), page or section</i>. "
            "📄 Source sends the document, 🖼 P. the page itself.\n\n"
            "<b>Useful</b>: /begrippen (abbreviations), /bronnen (all documents), /nieuw (what was added), "
            "/help (all commands). A follow-up such as <i>And in 2024?</i> is fine.\n\nTry for example:"
        ),
        "help": (
            "<b>How it works</b>\n"
            "• Send a question, e.g. <i>What does the programme bureau do?</i>\n"
            "• In a group: <code>/vraag your question</code>, mention me, or reply to one of my messages.\n"
            "• Below an answer: <b>More results</b>, the <b>source document</b>, and 👍/👎 to tell whether it helped.\n\n"
            "<b>Commands</b>\n/start – welcome and example questions\n/bronnen – the documents I know\n"
            "/over – version and index state\n/jaar 2024, /type jaarplan, /bron NAME – answer only from those documents; "
            "/alles – from all again\n/begrippen – abbreviations and terms; /begrip DTZ – one term\n/privacy – what I keep and for how long\n/opnieuw – forget the conversation; otherwise a follow-up such as "
            "<i>And in 2024?</i> is about your previous question\n/help – this help"
        ),
        "admin_help": "\n\n<b>Admin</b>\n/status – index, skipped files, model\n/reindex – re-read the documents\n/uitnodiging [hours] – an invitation for a new user\n/gebruikers – who has access; /verwijder ID – take access away\n/overzicht [days] – unanswered questions and 👎 answers\nSend a PDF, DOCX, ODT, MD, TXT or HTML file to add a document.",
        "answer_header": "📚 <b>From the DTZ documents</b>",
        "understood_as": "💬 <i>Understood as: {question}</i>",
        "forgotten": "Starting afresh: your next question stands on its own.",
        "what_missed": "What did you miss in this answer? Reply to this message if you like; the programme bureau reads it (without your name).",
        "missed_hint": "What did you miss?",
        "missed_thanks": "Thank you, that has been passed on to the programme bureau.",
        "privacy": (
            "<b>What I keep</b>\n• your questions and whether I could answer them, without who asked;\n"
            "• your 👍/👎 and what you missed, with a keyed code instead of your user id;\n"
            "• if you use /abonneer: this chat, to send you the message.\n"
            "Questions and feedback are deleted after {days} days. I do not keep your name or user id "
            "(except when you joined by invitation: then the admin knows who you are)."
        ),
        "digest_header": "<b>Digest of the last {days} days</b>\nQuestions: {asked}, answered: {answered}; 👍 {up}, 👎 {down}",
        "digest_topics": "\n<b>Documents cited most</b>",
        "digest_refused": "\n<b>Not answered</b> (a document may be missing here)",
        "digest_down": "\n<b>👎 on these questions</b>",
        "digest_quiet": "\nNo questions or feedback in this period.",
        "new_header": "<b>New and updated</b>",
        "new_added": "added {when}",
        "new_changed": "updated {when}",
        "new_subscribe_hint": "\nWith /abonneer you get a message when a document is added.",
        "new_documents": "📬 <b>New in the DTZ documents</b>",
        "subscribed": "From now on you get a short message when the programme bureau adds or updates a document. /opzeggen stops it.",
        "already_subscribed": "You already get messages about new documents. /opzeggen stops them.",
        "unsubscribed": "You no longer get messages about new documents.",
        "not_subscribed": "You were not getting messages about new documents. /abonneer turns them on.",
        "definition": "📖 <b>{term}</b>: {meaning} {where}",
        "glossary_given": "<i>(glossary of the programme bureau)</i>",
        "abbreviations": "ℹ️ <i>{items}</i>",
        "glossary_header": "<b>Glossary</b> ({count})",
        "glossary_empty": "The glossary has no entries yet.",
        "glossary_unknown": "<b>{term}</b> is not in the glossary and no document spells it out. /begrippen shows what there is.",
        "glossary_usage": "Give a term, for example <code>/begrip DTZ</code>. /begrippen shows the whole list.",
        "filtered_by": "🔎 <i>Only from: {filter}</i> (/alles for all documents)",
        "filter_set": "🔎 I now answer only from documents with {filter} ({count}). /alles lifts it.",
        "filter_cleared": "I answer from all documents again.",
        "filter_now": "🔎 Set now: {filter}. /alles lifts it.",
        "filter_none": "No filter is set: I answer from all documents. For example: <code>/jaar 2024</code>, <code>/type jaarplan</code>, <code>/bron Coevorden</code>.",
        "filter_empty": "No documents with {filter}. There are years {years} and types {types}. /alles lifts the filter.",
        "filter_year_usage": "Give a year, for example <code>/jaar 2024</code>. There are documents from {years}.",
        "filter_type_usage": "Give a document type, for example <code>/type jaarplan</code>. There are: {types}.",
        "filter_source_usage": "Give part of the title, for example <code>/bron Coevorden</code>.",
        "more_header": "📚 <b>More from the DTZ documents</b> (results {start}–{end})",
        "no_more": "There are no further passages.",
        "not_found": "I cannot find the answer to this question in the DTZ documents.",
        "nearest": "These sources come closest:",
        "closest": "This may not answer your question; the closest text is:",
        "more_closest_header": "🔎 <b>More text that comes close</b> (not an answer to your question; results {start}–{end})",
        "ask_contact": "For this question, please contact {contact}.",
        "empty_index": "The index holds no documents yet. Ask the admin to add documents.",
        "more_button": "➕ More results",
        "source_button": "📄 Source {n}",
        "page_button": "🖼 P. {page}",
        "page_missing": "I cannot show this page; the document itself is under 📄 Source.",
        "page_not_marked": "<i>(I could not point out the passage itself on this page)</i>",
        "up": "👍",
        "down": "👎",
        "thanks": "Thanks for your feedback!",
        "vote_changed": "Your vote has been changed.",
        "vote_same": "Your vote was already recorded.",
        "vote_not_yours": "Only the person who asked can rate this answer.",
        "you_are_welcome": "You're welcome! Feel free to ask another question about Dutch TechZone.",
        "expired": "This question has expired; please ask it again.",
        "source_missing": "This document is no longer available.",
        "no_access": "You do not have access to this bot (yet). Your Telegram user id is <code>{user_id}</code>; please pass it on to the admin.",
        "no_access_group": "You do not have access to this bot (yet). Send me a private message with /start for your user id, or ask the admin for an invitation.",
        "invite_joined": "✅ Welcome! With this invitation you now have access.",
        "invite_unknown": "I do not know this invitation code. Ask the admin for a new one.",
        "invite_used": "This invitation has been used already. Ask the admin for a new one.",
        "invite_expired": "This invitation has expired. Ask the admin for a new one.",
        "invite_made": "Invitation (for one use, valid until {until}):\n{link}\nOr have the new user send: <code>/start {code}</code>",
        "invite_usage": "Use: <code>/uitnodiging</code> or <code>/uitnodiging 24</code> (valid for 24 hours).",
        "users_header": "<b>Users</b> (access: {mode})\nIn config.yaml: {config}; by invitation: {members}",
        "users_open_invitations": "Open invitations: {count}",
        "remove_usage": "Use: <code>/verwijder USER-ID</code> (see /gebruikers).",
        "removed": "User <code>{user_id}</code> no longer has access.",
        "remove_in_config": "User <code>{user_id}</code> is in config.yaml (telegram.allow_users); remove the id there and restart the bot.",
        "remove_unknown": "User <code>{user_id}</code> is no member by invitation.",
        "admin_only": "Only an admin can do this. Your user id is <code>{user_id}</code>.",
        "rate_limited": "You are asking many questions in a short time. Please try again in {seconds} seconds.",
        "ask_what": "What would you like to know? For example: <code>/vraag What is Dutch TechZone?</code>",
        "unknown_command": "I don't know that command. /help shows what I can do; you can also just type a question.",
        "text_only": "I only read text. Type your question, for example: <i>What is Dutch TechZone?</i>",
        "error": "Something went wrong while answering. Please try again later.",
        "unavailable": "The documents are temporarily unavailable. Please try again in a few minutes.",
        "sources_header": "<b>Documents in the index</b> ({count})",
        "about": "<b>DTZ council bot</b> {version}\nIndex built: {built_at}\nDocuments: {documents}\nPassages: {passages}",
        "status": (
            "<b>Status</b>\nDocuments: {documents}\nPassages: {passages}\nLast built: {built_at} ({seconds:.1f} s)\n"
            "Model: {engine} / {model}"
        ),
        "skipped_line": "Skipped: {source}: {reason}",
        "reindex_started": "Re-reading the documents; I will report when done.",
        "reindex_busy": "A re-index is already running.",
        "upload_queued": "A re-index is already running; the file is taken in by the next one (automatically when the folder is watched, else with /reindex).",
        "reindex_done": "<b>Index updated</b>\n{summary}",
        "reindex_failed": "Re-index failed: {error}\nThe previous index stays in use.",
        "upload_type": "I cannot add this file type ({suffix}). Allowed: {allowed}.",
        "upload_size": "This file is too large ({size_mb:.1f} MB; at most {max_mb} MB).",
        "upload_too_large": "This file is larger than {max_mb} MB; it was not saved.",
        "upload_saved": "Saved as <code>{name}</code>.",
        "upload_renamed": "A file <code>{existing}</code> exists already; the new one is saved as <code>{name}</code>. Send it again with the caption <i>replace</i> to replace the existing one.",
        "upload_replaced": "The existing file <code>{name}</code> has been replaced.",
        "watch_changes": "<b>Knowledge folder updated</b>\n{summary}",
        "watch_error": "<b>Error while watching the knowledge folder</b> (the bot goes on):\n{error}",
    },
}


def language(code: str | None) -> str:
    """ "en" for English-speaking Telegram users, Dutch otherwise."""
    return "en" if code and code.lower().startswith("en") else "nl"


def t(lang: str, key: str, **values: object) -> str:
    """A text in the user's language, with placeholders filled in."""
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**values)
