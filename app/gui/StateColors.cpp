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

} // namespace StateColors
