"""People: who is talking and what their roles allow, joining, members' CSV files, the demo
association."""
