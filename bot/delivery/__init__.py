"""Delivery: who gets an alert (match), how it looks (render), and the loop that sends it (sender)."""
