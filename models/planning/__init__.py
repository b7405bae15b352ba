"""Planning (2): appointments, absences, free slots and the iCalendar export."""
