from streamlit.testing.v1 import AppTest

at = AppTest.from_file("streamlit_app.py", default_timeout=60)
at.query_params["sample"] = "songhe-fasteners"
at.run()
print(
    [at.session_state[k] for k in ("out_0", "out_1", "out_2")],
    at.session_state["current_ind"].output_by_year,
)
at.session_state["main_tab_zh"] = "情景对比"
at.run()
print(
    [at.session_state[k] for k in ("out_0", "out_1", "out_2")],
    at.session_state["current_ind"].output_by_year,
)
at.button(key="keep_a").click().run()
at.session_state["main_tab_zh"] = "集群评估"
at.run()
print(
    [at.session_state[k] for k in ("out_0", "out_1", "out_2")],
    at.session_state["current_ind"].output_by_year,
)
