"""Transports translate between a chat network and the handlers and delivery."""
