#pragma once

#include <QColor>
#include <QPalette>

// Colours with a meaning (a user without a profile, an edited cell), derived from the current palette so
// that they read well in light and dark themes alike. Never the only sign: icons, markers and tooltips go
// with them. Each background comes with the text colour to draw on it, which keeps a WCAG contrast of at
// least 4.5:1; each background differs visibly from the palette's Base.
namespace StateColors {

QColor missingProfileBackground(const QPalette &palette);
QColor missingProfileText(const QPalette &palette);
QColor editedBackground(const QPalette &palette);
QColor editedText(const QPalette &palette);
QColor editedMarker(const QPalette &palette);
QColor nullText(const QPalette &palette);
// A cell holding text that cannot be saved.
QColor invalidBackground(const QPalette &palette);
QColor invalidText(const QPalette &palette);

// The WCAG 2 contrast ratio of two colours, from 1 (the same luminance) to 21 (black on white).
double contrastRatio(const QColor &first, const QColor &second);

} // namespace StateColors
