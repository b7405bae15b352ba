"""Who is at the keyboard: passphrases (argon2), sign-in with slowed-down failures, the first
coordinator of a new database. Plain functions over a Session, like the rest of models/."""
