"""Pictures: incident maps and daily charts drawn with Pillow (see render.py, chart.py)."""
