"""The screens that stand between the keyboard and the data: sign-in and the idle lock."""
