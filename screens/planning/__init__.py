"""Planning (2): the team week, one worker's day, the appointment and absence forms."""
