"""Vandaag (1): one worker's morning — the day, handovers, actions due, who is where."""
