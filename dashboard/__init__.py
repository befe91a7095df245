"""The page's views, one module each; `streamlit_app.py` is only the frame that calls them.

Everything here renders: rules, numbers and words come from `assessment/`.
"""
