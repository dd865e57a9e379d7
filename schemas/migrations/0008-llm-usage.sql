-- 0008-llm-usage: the tokens a turn cost with a language model
-- (model.backend: openai), as the server counted them; NULL for the
-- offline models and for servers that do not say.
ALTER TABLE performance_metrics ADD COLUMN prompt_tokens INTEGER;
ALTER TABLE performance_metrics ADD COLUMN completion_tokens INTEGER;
