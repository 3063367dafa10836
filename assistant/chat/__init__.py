"""The chat wing: one manager's conversation (`session`), what the chat says about a plan
(`replies`), how a message is read (`extract`), the chat's model client (`model`) and the
words for a model that cannot answer (`unavailable`). Nothing here knows about Gradio."""
