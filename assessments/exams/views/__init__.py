"""Exam pages: thin views that check role and scope, call a service or selector, render.

`taking` is the examinee's side; `dashboards`, `people` and `launching` the oversight side.
"""
