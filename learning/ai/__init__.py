"""The AI feedback loop: health per action, prompt and model versions, automatic rollback,
training data, the weekly AI report and its page. The AI calls themselves are made by
``profiles.ai``."""
