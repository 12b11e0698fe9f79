#include "StateColors.h"

#include <QtMath>

namespace {

// WCAG's minimum for body text, and how far a mark's background stands apart from Base so that it shows.
constexpr double ReadableContrast = 4.5;
constexpr double VisibleContrast = 1.2;

double relativeLuminance(const QColor &colour)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : qPow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor blend(const QColor &base, const QColor &accent, double strength)
{
    return QColor::fromRgbF(float(base.redF() + (accent.redF() - base.redF()) * strength),
                            float(base.greenF() + (accent.greenF() - base.greenF()) * strength),
                            float(base.blueF() + (accent.blueF() - base.blueF()) * strength));
}

// `accent` laid over the base colour at `strength` (0..1), strengthened where the theme's own colours would
// make the tint too faint to see (a pale highlight on white, a dark one on black).
QColor tint(const QPalette &palette, const QColor &accent, double strength)
{
    const QColor base = palette.color(QPalette::Base);
    QColor tinted = blend(base, accent, strength);
    while (StateColors::contrastRatio(tinted, base) < VisibleContrast && strength < 0.8) {
        strength += 0.05;
        tinted = blend(base, accent, strength);
    }
    return tinted;
}

// `preferred` where it reads on `background`, else black or white, whichever reads better.
QColor readableOn(const QColor &background, const QColor &preferred)
{
    if (StateColors::contrastRatio(preferred, background) >= ReadableContrast)
        return preferred;
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    return StateColors::contrastRatio(black, background) >= StateColors::contrastRatio(white, background)
               ? black
               : white;
}

} // namespace

namespace StateColors {

double contrastRatio(const QColor &first, const QColor &second)
{
    const double a = relativeLuminance(first);
    const double b = relativeLuminance(second);
    return (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
}

QColor missingProfileBackground(const QPalette &palette)
{
    // Amber: a warning, not an error.
    return tint(palette, QColor(0xf5, 0x9e, 0x0b), isDark(palette) ? 0.35 : 0.25);
}

QColor missingProfileText(const QPalette &palette)
{
    return readableOn(missingProfileBackground(palette), palette.color(QPalette::Text));
}

QColor editedBackground(const QPalette &palette)
{
    return tint(palette, palette.color(QPalette::Highlight), isDark(palette) ? 0.30 : 0.18);
}

QColor editedText(const QPalette &palette)
{
    return readableOn(editedBackground(palette), palette.color(QPalette::Text));
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
    const QColor background = invalidBackground(palette);
    const QColor red = isDark(palette) ? QColor(0xfc, 0xa5, 0xa5) : QColor(0x99, 0x1b, 0x1b);
    return readableOn(
        background, contrastRatio(red, background) >= ReadableContrast ? red : palette.color(QPalette::Text));
}

} // namespace StateColors
