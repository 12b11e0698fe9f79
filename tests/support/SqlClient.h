#pragma once

#include <QString>

class TestDatabase;

// Runs the SQL file `script` with the engine's own command-line client (psql -1 with ON_ERROR_STOP, sqlite3
// -bail, mariadb reading it on its standard input), as an administrator would, in a locale that is not
// UTF-8: the script must say how it is encoded.
// True when the client exited 0; `output` gets what it printed.
bool runWithClient(const TestDatabase &db, const QString &script, QString *output);
