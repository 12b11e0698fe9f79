#include "StateColors.h"

namespace {

// `accent` laid over the base colour at `strength` (0..1): a tint that keeps the text's contrast.
QColor tint(const QPalette &palette, const QColor &accent, double strength)
{
    const QColor base = palette.color(QPalette::Base);
    return QColor::fromRgbF(float(base.redF() + (accent.redF() - base.redF()) * strength),
                            float(base.greenF() + (accent.greenF() - base.greenF()) * strength),
                            float(base.blueF() + (accent.blueF() - base.blueF()) * strength));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

} // namespace

namespace StateColors {

QColor missingProfileBackground(const QPalette &palette)
{
    // Amber: a warning, not an error.
    return tint(palette, QColor(0xf5, 0x9e, 0x0b), isDark(palette) ? 0.35 : 0.25);
}

QColor editedBackground(const QPalette &palette)
{
    return tint(palette, palette.color(QPalette::Highlight), isDark(palette) ? 0.30 : 0.18);
}

QColor editedMarker(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

QColor nullText(const QPalette &palette)
{
    return palette.color(QPalette::Disabled, QPalette::Text);
}

QColor invalidBackground(const QPalette &palette)
{
    // Red: an error, unlike the amber of a warning.
    return tint(palette, QColor(0xdc, 0x26, 0x26), isDark(palette) ? 0.40 : 0.25);
}

QColor invalidText(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xfc, 0xa5, 0xa5) : QColor(0x99, 0x1b, 0x1b);
}

} // namespace StateColors
