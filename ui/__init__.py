"""The browser front end. Each tab is built by its own module with Gradio (chat_tab.py,
lookup_tab.py, documents_tab.py; app.py only assembles them, once per language); everything
else here is plain: HTML rendering, chat behaviour, lookup and API records, and words.py, the
pages' wording in the reader's language, all testable without Gradio."""
