-- 0013-kb-terms: the knowledge base indexed by language.  Each chunk's
-- words are stop-worded and stemmed with its own language's Snowball
-- stemmer before FTS5 sees them (kb_terms: the stems named with their
-- language, "de_versand", one space apart,
-- and those of the question a chunk begins with, a FAQ's or a heading's,
-- in head), so that a German page is searched with German stems; the words of
-- each client's chunks as written, in a trigram index, find what a
-- misspelt word of a question meant.  A chunk's row in kb_terms has the
-- chunk's id for rowid.  Documents indexed before this (analysis 0) are
-- indexed again by the next `wa-agent kb add` or `wa-agent build`; the
-- index of words as written (kb_fts) is no longer read, and goes.
DROP TABLE kb_fts;
ALTER TABLE kb_documents ADD COLUMN analysis INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kb_chunks ADD COLUMN lang TEXT;
CREATE VIRTUAL TABLE kb_terms USING fts5 (terms, head, client UNINDEXED, chunk UNINDEXED,
    lang UNINDEXED, tokenize = 'unicode61 remove_diacritics 2 tokenchars ''_''');
CREATE VIRTUAL TABLE kb_terms_vocab USING fts5vocab (kb_terms, 'row');
CREATE TABLE kb_words (
    client      TEXT NOT NULL,
    word        TEXT NOT NULL,      -- lower case, as written
    lang        TEXT NOT NULL,      -- the language of the chunk it was first seen in
    PRIMARY KEY (client, word)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE kb_words_grams USING fts5 (word, client UNINDEXED, tokenize = 'trigram');
CREATE INDEX kb_chunks_client ON kb_chunks (client, lang);
