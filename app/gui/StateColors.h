#pragma once

#include <QColor>
#include <QPalette>

// Colours with a meaning (a user without a profile, an edited cell), derived from the current palette so
// that they read well in light and dark themes alike. Never the only sign: icons, markers and tooltips go
// with them.
namespace StateColors {

QColor missingProfileBackground(const QPalette &palette);
QColor editedBackground(const QPalette &palette);
QColor editedMarker(const QPalette &palette);
QColor nullText(const QPalette &palette);
// A cell holding text that cannot be saved.
QColor invalidBackground(const QPalette &palette);
QColor invalidText(const QPalette &palette);

} // namespace StateColors
