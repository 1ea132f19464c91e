"""Thin Panel views over the state in tradepulse.ui.state."""
