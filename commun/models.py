"""Models shared by every app (abstract bases and the rows of the sends)."""
