#pragma once

#include <QIcon>
#include <QString>

// The application's own icons (resources/icons/*.svg), fetched by name through this one place.
namespace Icons {

// `name` is the file name without ".svg", e.g. "no-profile".
QIcon icon(const QString &name);

} // namespace Icons
