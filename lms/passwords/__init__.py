"""Passwords: 账号安全 (a user changes their own), a password set by someone else
chosen anew at the next login, the rules a password must meet, and a cadre's
reset to a one-time initial password by an administrator or their township
supervisor."""
