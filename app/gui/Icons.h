#pragma once

#include <QIcon>
#include <QString>

class QAction;

// The application's own icons (resources/icons/*.svg), fetched by name through this one place. Where Qt
// cannot draw SVG (its SVG plugins are not installed), the style's built-in icons stand in, so no button
// turns into a blank square.
namespace Icons {

// `name` is the file name without ".svg", e.g. "no-profile".
QIcon icon(const QString &name);
// True when Qt can draw the SVG icons on this system.
bool svgAvailable();
// Gives `action` the icon `name`.
void apply(QAction *action, const QString &name);

} // namespace Icons
