#pragma once

#include <QString>

// The demo database (profile-admin --demo): a SQLite file in the user's data folder with the exact tables
// Django 3.2's migrate makes for auth.User + account.Profile, and a few hundred users of whom some lack a
// profile.
class DemoDatabase
{
public:
    // Path of the demo file, created (schema + users) on first use. Empty and `error` set on failure.
    static QString ensure(QString *error);
    // Creates a fresh demo database at `path` (which must not exist yet).
    static bool create(const QString &path, int users, int withProfile, QString *error);
};
