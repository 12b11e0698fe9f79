#pragma once

#include "DatabaseUrl.h"

#include <QString>

// `base` with another database name, written out as a `scheme`:// URL and parsed again: DatabaseUrl has no
// setters for its parts.
DatabaseUrl urlWithDatabase(const DatabaseUrl &base, const QString &scheme, const QString &name);
