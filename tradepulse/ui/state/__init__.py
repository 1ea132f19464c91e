"""The GUI's state and logic as param classes. Nothing here imports Panel."""
