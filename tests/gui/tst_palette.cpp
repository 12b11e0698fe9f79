// The window in light and dark themes, and its icons on high-DPI screens: the missing-profile highlight, the
// edited-cell mark and the invalid-cell mark keep their text readable (WCAG contrast of 4.5:1 or more) and
// stand apart from the plain background in every palette below, as drawn by the real delegate; the bar above
// the views follows a switch of theme; every action icon is drawn from its SVG at twice the pixel density.
// It touches no database.
#include "CellDelegate.h"
#include "GuiTest.h"
#include "Icons.h"
#include "MainWindow.h"
#include "MissingProfilesBar.h"
#include "ProfilesModel.h"
#include "UsersHighlightProxy.h"
#include "UsersModel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QStandardItemModel>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>
#include <QtMath>

using namespace GuiTest;

namespace {

// Written out here rather than taken from StateColors, so that the test does not check the code with itself.
double luminance(const QColor &colour)
{
    const auto linear = [](double c) {
        return c <= 0.03928 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QPalette fusionLight()
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette palette = fusion->standardPalette();
    delete fusion;
    return palette;
}

QPalette themed(const QColor &window, const QColor &base, const QColor &text, const QColor &highlight)
{
    QPalette palette = fusionLight();
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::Window, window);
        palette.setColor(group, QPalette::WindowText, text);
        palette.setColor(group, QPalette::Base, base);
        palette.setColor(group, QPalette::AlternateBase, window);
        palette.setColor(group, QPalette::Text, text);
        palette.setColor(group, QPalette::ButtonText, text);
        palette.setColor(group, QPalette::Button, window);
        palette.setColor(group, QPalette::Highlight, highlight);
        palette.setColor(group, QPalette::HighlightedText, Qt::white);
    }
    palette.setColor(QPalette::Disabled, QPalette::Text, text.darker(150));
    return palette;
}

QPalette dark()
{
    return themed(QColor(0x2d, 0x2d, 0x2d), QColor(0x1e, 0x1e, 0x1e), QColor(0xe0, 0xe0, 0xe0),
                  QColor(0x2a, 0x82, 0xda));
}

QColor pixelAt(const QImage &image, QPoint point)
{
    return image.pixelColor(point);
}

// The colour in `area` of `image` that stands out most from `background`: a full-coverage pixel of the text.
QColor strongestInk(const QImage &image, const QRect &area, const QColor &background)
{
    QColor strongest = background;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (contrast(pixel, background) > contrast(strongest, background))
                strongest = pixel;
        }
    }
    return strongest;
}

} // namespace

Q_DECLARE_METATYPE(QPalette)

class TestPalette : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void highlightsReadInEveryTheme_data();
    void highlightsReadInEveryTheme();
    void missingProfilesBarFollowsAThemeSwitch();
    void actionIconsAreSharpAtTwiceThePixelDensity();
};

void TestPalette::cleanup()
{
    QApplication::setPalette(fusionLight());
}

void TestPalette::highlightsReadInEveryTheme_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << fusionLight();
    QTest::newRow("dark") << dark();
    // A light theme whose highlight is pale (KDE's Breeze).
    QTest::newRow("pale highlight") << themed(QColor(0xef, 0xf0, 0xf1), QColor(0xfc, 0xfc, 0xfc),
                                              QColor(0x23, 0x26, 0x27), QColor(0x3d, 0xae, 0xe9));
    // A dark theme whose text is dimmed (as in JetBrains' Darcula).
    QTest::newRow("dim dark") << themed(QColor(0x3c, 0x3f, 0x41), QColor(0x2b, 0x2b, 0x2b),
                                        QColor(0xa9, 0xb7, 0xc6), QColor(0x2f, 0x65, 0xca));
    // A dark theme whose highlight is hardly lighter than its base.
    QTest::newRow("navy highlight") << themed(QColor(0x2d, 0x2d, 0x2d), QColor(0x1e, 0x1e, 0x1e),
                                              QColor(0xe0, 0xe0, 0xe0), QColor(0x0e, 0x3a, 0x5f));
}

void TestPalette::highlightsReadInEveryTheme()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    const QColor base = palette.color(QPalette::Base);

    // The Users view's highlight, as its model gives it.
    QStandardItemModel users(2, 1);
    users.setData(users.index(0, 0), QStringLiteral("ana"));
    users.setData(users.index(0, 0), true, UsersModel::MissingProfileRole);
    users.setData(users.index(1, 0), QStringLiteral("ben"));
    users.setData(users.index(1, 0), false, UsersModel::MissingProfileRole);
    UsersHighlightProxy highlighted;
    highlighted.setSourceModel(&users);
    QVERIFY(!highlighted.index(1, 0).data(Qt::BackgroundRole).isValid());
    const QVariant background = highlighted.index(0, 0).data(Qt::BackgroundRole);
    QVERIFY(background.canConvert<QColor>());
    const QVariant foreground = highlighted.index(0, 0).data(Qt::ForegroundRole);
    const QColor missingText =
        foreground.isValid() ? foreground.value<QColor>() : palette.color(QPalette::Text);
    const QColor missing = background.value<QColor>();
    QVERIFY2(contrast(missingText, missing) >= 4.5,
             qPrintable(QStringLiteral("missing-profile text %1 on %2: %3")
                            .arg(missingText.name(), missing.name())
                            .arg(contrast(missingText, missing))));
    QVERIFY2(contrast(missing, base) >= 1.1, qPrintable(QStringLiteral("missing-profile %1 on base %2: %3")
                                                            .arg(missing.name(), base.name())
                                                            .arg(contrast(missing, base))));

    // The Profiles grid's marks, as the delegate draws them: a plain cell, an edited one, a refused one.
    QStandardItemModel profiles(1, 3);
    for (int column = 0; column < 3; ++column)
        profiles.setData(profiles.index(0, column), QStringLiteral("HHHH"));
    profiles.setData(profiles.index(0, 1), true, ProfilesModel::DirtyRole);
    profiles.setData(profiles.index(0, 2), QStringLiteral("Not a number"), ProfilesModel::InvalidReasonRole);
    QTableView view;
    view.setModel(&profiles);
    CellDelegate::setUpView(&view);
    view.setShowGrid(false);
    // No current cell and no selection: each cell shows its own background only.
    view.setFocusPolicy(Qt::NoFocus);
    view.setSelectionMode(QAbstractItemView::NoSelection);
    view.resize(480, 160);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage image = view.viewport()->grab().toImage();
    const auto cellRect = [&](int column) {
        return view.visualRect(profiles.index(0, column));
    };
    // Below the text and right of the corner marker, left of the warning icon: only the background.
    const auto backgroundOf = [&](int column) {
        const QRect rect = cellRect(column);
        return pixelAt(image, QPoint(rect.center().x(), rect.bottom() - 1));
    };
    const QColor plain = backgroundOf(0);
    QCOMPARE(plain, base);
    const struct
    {
        const char *name;
        int column;
    } marks[] = {{"edited", 1}, {"invalid", 2}};
    for (const auto &mark : marks) {
        const QColor fill = backgroundOf(mark.column);
        const QRect textArea = cellRect(mark.column).adjusted(10, 2, -cellRect(mark.column).width() / 2, -2);
        const QColor ink = strongestInk(image, textArea, fill);
        QVERIFY2(contrast(ink, fill) >= 4.5,
                 qPrintable(QStringLiteral("%1 text %2 on %3: %4")
                                .arg(QLatin1String(mark.name), ink.name(), fill.name())
                                .arg(contrast(ink, fill))));
        QVERIFY2(contrast(fill, plain) >= 1.1, qPrintable(QStringLiteral("%1 mark %2 on base %3: %4")
                                                              .arg(QLatin1String(mark.name), fill.name())
                                                              .arg(plain.name())
                                                              .arg(contrast(fill, plain))));
    }
}

void TestPalette::missingProfilesBarFollowsAThemeSwitch()
{
    QApplication::setPalette(fusionLight());
    MissingProfilesBar bar;
    const QColor lightAmber = bar.palette().color(QPalette::Window);
    QVERIFY(contrast(lightAmber, fusionLight().color(QPalette::Base)) >= 1.1);

    QApplication::setPalette(dark());
    // Qt tells widgets of a new application palette through the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(bar.palette().color(QPalette::Window) != lightAmber, Timeout);
    const QColor darkAmber = bar.palette().color(QPalette::Window);
    QVERIFY2(darkAmber.lightnessF() < 0.5, qPrintable(darkAmber.name()));
    const QColor text = bar.palette().color(QPalette::WindowText);
    QVERIFY2(contrast(text, darkAmber) >= 4.5,
             qPrintable(QStringLiteral("bar text %1 on %2").arg(text.name(), darkAmber.name())));
}

void TestPalette::actionIconsAreSharpAtTwiceThePixelDensity()
{
    // Qt 6 passes fractional scale factors through (150 % stays 1.5, not 2): nothing here changes that.
    QCOMPARE(QGuiApplication::highDpiScaleFactorRoundingPolicy(),
             Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QVERIFY(Icons::svgAvailable());
    QList<QPair<QString, QIcon>> icons;
    MainWindow window{GuiOptions()};
    const auto actions = window.findChildren<QAction *>();
    for (const QAction *action : actions) {
        // Qt's own line-edit clear button brings the style's bitmap: not ours to draw.
        if (!action->icon().isNull() && !action->objectName().startsWith(QLatin1String("_q_")))
            icons.append({action->text() + QLatin1Char('/') + action->objectName(), action->icon()});
    }
    QVERIFY(icons.size() >= 5);
    // The ones the views draw in cells, and every other icon shipped.
    const QStringList files = QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")});
    QVERIFY(files.contains(QStringLiteral("invalid-value.svg")));
    for (const QString &file : files)
        icons.append({file, Icons::icon(QFileInfo(file).completeBaseName())});
    for (const auto &[name, icon] : icons) {
        // A scalable icon has no fixed sizes; its pixmaps are drawn at the size asked for.
        QVERIFY2(icon.availableSizes().isEmpty(), qPrintable(name));
        const QPixmap doubled = icon.pixmap(QSize(16, 16), 2.0);
        QCOMPARE(doubled.size(), QSize(32, 32));
        QCOMPARE(doubled.devicePixelRatio(), 2.0);
        // Not 16 pixels blown up: the same pixels as the icon drawn at 32.
        const QImage sharp = icon.pixmap(QSize(32, 32), 1.0).toImage().convertToFormat(QImage::Format_ARGB32);
        QImage atTwice = doubled.toImage().convertToFormat(QImage::Format_ARGB32);
        atTwice.setDevicePixelRatio(1.0);
        QVERIFY2(atTwice == sharp, qPrintable(name));
    }
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestPalette>(argc, argv);
}

#include "tst_palette.moc"
