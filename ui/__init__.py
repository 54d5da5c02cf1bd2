"""The browser front end. Each tab is built by its own module with Gradio (chat_tab.py,
lookup_tab.py, documents_tab.py; app.py only assembles them); everything else here is
plain: HTML rendering, chat behaviour, lookup and API records, testable without Gradio."""
